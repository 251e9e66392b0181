package source

import "encoding/json"

// Value is a tri-state: a known value with provenance, or an unknown with a
// reason. The zero Value is unknown with reason "not read", so a field that a
// source forgot to fill can never pass as false or empty.
type Value[T any] struct {
	v      T
	known  bool
	reason string
	prov   Prov
}

// Known makes a known value.
func Known[T any](v T, p Prov) Value[T] { return Value[T]{v: v, known: true, prov: p} }

// Unknown makes an unknown value with the reason it could not be read.
func Unknown[T any](reason string, p Prov) Value[T] {
	if reason == "" {
		reason = "unknown"
	}
	return Value[T]{reason: reason, prov: p}
}

// Get is the only way to read the value: ok is false when it is unknown.
func (x Value[T]) Get() (T, bool) { return x.v, x.known }

// Known reports whether the value is known.
func (x Value[T]) Known() bool { return x.known }

// Reason says why the value is unknown; empty for known values.
func (x Value[T]) Reason() string {
	if x.known {
		return ""
	}
	if x.reason == "" {
		return "not read by this source"
	}
	return x.reason
}

// Prov is where the value (or the attempt to read it) came from.
func (x Value[T]) Prov() Prov { return x.prov }

// Map converts a known value, keeping provenance; unknown stays unknown.
func Map[T, U any](x Value[T], f func(T) U) Value[U] {
	if !x.known {
		return Value[U]{reason: x.Reason(), prov: x.prov}
	}
	return Value[U]{v: f(x.v), known: true, prov: x.prov}
}

type wireValue[T any] struct {
	Value  *T     `json:"value,omitempty"`
	Known  bool   `json:"known"`
	Reason string `json:"reason,omitempty"`
	Prov   *Prov  `json:"prov,omitempty"`
}

// MarshalJSON writes {"known":true,"value":…} or {"known":false,"reason":…},
// so snapshots keep unknowns distinct from empty values.
func (x Value[T]) MarshalJSON() ([]byte, error) {
	w := wireValue[T]{Known: x.known}
	if x.known {
		v := x.v
		w.Value = &v
	} else {
		w.Reason = x.Reason()
	}
	if x.prov != (Prov{}) {
		p := x.prov
		w.Prov = &p
	}
	return json.Marshal(w)
}

// UnmarshalJSON is the inverse of MarshalJSON.
func (x *Value[T]) UnmarshalJSON(b []byte) error {
	var w wireValue[T]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*x = Value[T]{known: w.Known, reason: w.Reason}
	if w.Known && w.Value != nil {
		x.v = *w.Value
	}
	if w.Prov != nil {
		x.prov = *w.Prov
	}
	return nil
}

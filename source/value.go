package source

import (
	"encoding/json"
	"math"
)

// Value is a tri-state: a known value with provenance, or an unknown with a
// reason. The zero Value is unknown with reason "not read", so a field that a
// source forgot to fill can never pass as false or empty.
//
// Every field of every model struct is a Value, so its size is the model's
// size: the reason and provenance live behind one pointer (nil when both are
// empty), shared by the values Map derives, with int32 positions and the live
// Origin behind a further pointer that code sources never set.
type Value[T any] struct {
	v     T
	known bool
	m     *meta
}

// meta is a Value's reason and provenance.
type meta struct {
	reason string
	file   string
	pos    [4]int32 // start line, start column, end line, end column
	origin *Origin
	// wide keeps a provenance whose positions do not fit in int32.
	wide *Prov
}

func newMeta(reason string, p Prov) *meta {
	if reason == "" && p == (Prov{}) {
		return nil
	}
	m := &meta{reason: reason}
	l := p.Loc
	if fits(l.Start.Line) && fits(l.Start.Column) && fits(l.End.Line) && fits(l.End.Column) {
		m.file = l.File
		m.pos = [4]int32{int32(l.Start.Line), int32(l.Start.Column), int32(l.End.Line), int32(l.End.Column)}
		if !p.Origin.IsZero() {
			o := p.Origin
			m.origin = &o
		}
	} else {
		w := p
		m.wide = &w
	}
	return m
}

func fits(n int) bool { return n >= math.MinInt32 && n <= math.MaxInt32 }

func (m *meta) prov() Prov {
	if m == nil {
		return Prov{}
	}
	if m.wide != nil {
		return *m.wide
	}
	p := Prov{Loc: Loc{File: m.file,
		Start: Pos{Line: int(m.pos[0]), Column: int(m.pos[1])},
		End:   Pos{Line: int(m.pos[2]), Column: int(m.pos[3])}}}
	if m.origin != nil {
		p.Origin = *m.origin
	}
	return p
}

// Known makes a known value.
func Known[T any](v T, p Prov) Value[T] { return Value[T]{v: v, known: true, m: newMeta("", p)} }

// Site is one provenance shared by many known values. A reader that gives
// a resource's absent attributes their service defaults, all located at the
// resource block, records that location once instead of once per value:
// on a large estate that is a third of the model's memory.
type Site struct{ m *meta }

// NewSite records p for sharing.
func NewSite(p Prov) Site { return Site{m: newMeta("", p)} }

// KnownAt makes a known value whose provenance is s (shared, immutable).
func KnownAt[T any](v T, s Site) Value[T] { return Value[T]{v: v, known: true, m: s.m} }

// Unknown makes an unknown value with the reason it could not be read.
func Unknown[T any](reason string, p Prov) Value[T] {
	if reason == "" {
		reason = "unknown"
	}
	return Value[T]{m: newMeta(reason, p)}
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
	if x.m == nil || x.m.reason == "" {
		return "not read by this source"
	}
	return x.m.reason
}

// Prov is where the value (or the attempt to read it) came from.
func (x Value[T]) Prov() Prov { return x.m.prov() }

// Map converts a known value, keeping provenance; unknown stays unknown.
func Map[T, U any](x Value[T], f func(T) U) Value[U] {
	if !x.known {
		if x.m != nil && x.m.reason != "" {
			return Value[U]{m: x.m}
		}
		return Value[U]{m: newMeta(x.Reason(), x.Prov())}
	}
	if x.m != nil && x.m.reason != "" {
		// A known value carries no reason (only a snapshot could hold one).
		return Value[U]{v: f(x.v), known: true, m: newMeta("", x.Prov())}
	}
	return Value[U]{v: f(x.v), known: true, m: x.m}
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
	if p := x.Prov(); p != (Prov{}) {
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
	var p Prov
	if w.Prov != nil {
		p = *w.Prov
	}
	*x = Value[T]{known: w.Known, m: newMeta(w.Reason, p)}
	if w.Known && w.Value != nil {
		x.v = *w.Value
	}
	return nil
}

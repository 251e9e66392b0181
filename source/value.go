package source

import (
	"encoding/json"
	"math"
	"unsafe"
)

// Value is a tri-state: a known value with provenance, or an unknown with a
// reason. The zero Value is unknown with reason "not read", so a field that a
// source forgot to fill can never pass as false or empty.
//
// Every field of every model struct is a Value, so its size is the model's
// size: the reason and provenance live behind one pointer (nil when both are
// empty), shared by the values Map derives (see meta).
type Value[T any] struct {
	v     T
	known bool
	m     *meta
}

// meta is a Value's reason and provenance, in 32 bytes: one is made per
// model value, so on a large estate it is the largest single cost. The
// file name is kept as its bytes' address and length (every value of a
// file shares the one string), positions as int32 lines and uint16
// columns; a reason, a live Origin, or positions that do not fit go to ext.
type meta struct {
	file    *byte
	fileLen int32
	line    int32
	endLine int32
	col     uint16
	endCol  uint16
	ext     *metaExt
}

// metaExt is 24 bytes: code sources set only reasons (an unknown's, a
// default's note), and an estate has tens of thousands of them.
type metaExt struct {
	reason string
	more   *metaMore
}

// metaMore is what code sources never set: a live Origin, or a provenance
// whose positions do not fit.
type metaMore struct {
	origin Origin
	wide   *Prov
}

func newMeta(reason string, p Prov) *meta {
	if reason == "" && p == (Prov{}) {
		return nil
	}
	m := &meta{}
	m.set(reason, p, nil)
	return m
}

// set fills m with reason and p; ext, when not nil, is unused memory for
// m.ext (a Batch carves it from a chunk).
func (m *meta) set(reason string, p Prov, ext *metaExt) {
	if ext == nil && (reason != "" || !p.Origin.IsZero() || !fits(p.Loc)) {
		ext = &metaExt{}
	}
	if reason != "" {
		ext.reason = reason
		m.ext = ext
	}
	if !p.Origin.IsZero() {
		ext.more = &metaMore{origin: p.Origin}
		m.ext = ext
	}
	l := p.Loc
	if fits(l) {
		m.file, m.fileLen = unsafe.StringData(l.File), int32(len(l.File))
		m.line, m.endLine = int32(l.Start.Line), int32(l.End.Line)
		m.col, m.endCol = uint16(l.Start.Column), uint16(l.End.Column)
		return
	}
	if ext.more == nil {
		ext.more = &metaMore{}
	}
	w := p
	ext.more.wide = &w
	m.ext = ext
}

// fits reports whether l fits meta's compact fields.
func fits(l Loc) bool {
	return fits32(l.Start.Line) && fits32(l.End.Line) && fits16(l.Start.Column) && fits16(l.End.Column) && fits32(len(l.File))
}

func fits32(n int) bool { return n >= 0 && n <= math.MaxInt32 }
func fits16(n int) bool { return n >= 0 && n <= math.MaxUint16 }

func (m *meta) reason() string {
	if m == nil || m.ext == nil {
		return ""
	}
	return m.ext.reason
}

func (m *meta) prov() Prov {
	if m == nil {
		return Prov{}
	}
	var more *metaMore
	if m.ext != nil {
		more = m.ext.more
	}
	if more != nil && more.wide != nil {
		return *more.wide
	}
	p := Prov{Loc: Loc{File: unsafe.String(m.file, int(m.fileLen)),
		Start: Pos{Line: int(m.line), Column: int(m.col)},
		End:   Pos{Line: int(m.endLine), Column: int(m.endCol)}}}
	if more != nil {
		p.Origin = more.origin
	}
	return p
}

// Known makes a known value.
func Known[T any](v T, p Prov) Value[T] { return Value[T]{v: v, known: true, m: newMeta("", p)} }

// Defaulted makes a known value the code did not state, whose default is
// decided outside the code (the AMI, the account's settings): note says
// so, and a FAIL's reason quotes it, so "encryption is false" on a volume
// that never mentions encryption reads as what it is.
func Defaulted[T any](v T, p Prov, note string) Value[T] {
	return Value[T]{v: v, known: true, m: newMeta(note, p)}
}

// Note is the note of a Defaulted value; empty otherwise.
func (x Value[T]) Note() string {
	if !x.known {
		return ""
	}
	return x.m.reason()
}

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
	if x.m.reason() == "" {
		return "not read by this source"
	}
	return x.m.reason()
}

// Prov is where the value (or the attempt to read it) came from.
func (x Value[T]) Prov() Prov { return x.m.prov() }

// Map converts a known value, keeping provenance; unknown stays unknown.
func Map[T, U any](x Value[T], f func(T) U) Value[U] {
	if !x.known {
		if x.m.reason() != "" {
			return Value[U]{m: x.m}
		}
		return Value[U]{m: newMeta(x.Reason(), x.Prov())}
	}
	// A known value's meta holds at most a note, which carries over.
	return Value[U]{v: f(x.v), known: true, m: x.m}
}

type wireValue[T any] struct {
	Value  *T     `json:"value,omitempty"`
	Known  bool   `json:"known"`
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
	Prov   *Prov  `json:"prov,omitempty"`
}

// MarshalJSON writes {"known":true,"value":…} or {"known":false,"reason":…},
// so snapshots keep unknowns distinct from empty values.
func (x Value[T]) MarshalJSON() ([]byte, error) {
	w := wireValue[T]{Known: x.known}
	if x.known {
		v := x.v
		w.Value = &v
		w.Note = x.Note()
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
	why := w.Reason
	if w.Known {
		why = w.Note
	}
	*x = Value[T]{known: w.Known, m: newMeta(why, p)}
	if w.Known && w.Value != nil {
		x.v = *w.Value
	}
	return nil
}

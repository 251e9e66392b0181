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
// empty), shared by the values Map derives (see meta), and whether the
// value is known is that pointer's low bit (a record is 8-aligned), so a
// Value is its T and one word: Value[bool] and Value[int] 16 bytes,
// Value[string] 24.
type Value[T any] struct {
	v T
	// p is the record (*meta), plus one when the value is known. A known
	// value without a record points at knownNoProv. The zero p is an
	// unknown value without a record ("not read").
	p unsafe.Pointer
}

// knownNoProv is the record of known values that have neither provenance
// nor note: a known value needs a pointer to tag. Never written.
var knownNoProv meta

// knownPtr is m tagged as a known value's record.
func knownPtr(m *meta) unsafe.Pointer {
	if m == nil {
		m = &knownNoProv
	}
	return unsafe.Add(unsafe.Pointer(m), 1)
}

// isKnown reports whether x is known.
func (x Value[T]) isKnown() bool { return uintptr(x.p)&1 != 0 }

// rec is x's record, nil when x has neither provenance nor reason.
func (x Value[T]) rec() *meta {
	if uintptr(x.p)&1 == 0 {
		return (*meta)(x.p)
	}
	if m := (*meta)(unsafe.Add(x.p, -1)); m != &knownNoProv {
		return m
	}
	return nil
}

// meta is a Value's reason and provenance, in 24 bytes: one is made per
// model value, so on a large estate it is the largest single cost. The
// file name is kept as its bytes' address and length (every value of a
// file shares the one string), positions as int32 lines and uint16
// columns. A record with a reason, a live Origin, or positions that do
// not fit is the first part of a metaX, which the top bit of fileLen marks.
type meta struct {
	file    *byte
	fileLen uint32
	line    int32
	endLine int32
	col     uint16
	endCol  uint16
}

// extBit in meta.fileLen marks a record that is a metaX, compactBit one
// that is a metaC.
const (
	extBit     = 1 << 31
	compactBit = 1 << 30
)

// metaC is the 16-byte record a Batch makes for a located value without
// reason when the range is short (at most 1023 lines, columns up to 1023),
// as nearly every property of a template is: the file string is shared
// by the batch, and the range is packed into bits. Its fields lie where
// meta's file, fileLen and line do; compactBit (in bits) marks it, and
// nothing reads a meta's later fields before checking that bit.
type metaC struct {
	file *string
	// bits: compactBit, the end line's distance from line (10 bits), the
	// start column (10), the end column (10).
	bits uint32
	line int32
}

// compactSpan is the largest line distance and column a metaC packs.
const compactSpan = 1<<10 - 1

// fitsC reports whether l fits a metaC (l fits a meta).
func fitsC(l Loc) bool {
	d := l.End.Line - l.Start.Line
	return d >= 0 && d <= compactSpan && l.Start.Column <= compactSpan && l.End.Column <= compactSpan && l.File != ""
}

// setC packs l (fitsC) into c, whose file string is f (== l.File).
func (c *metaC) setC(l Loc, f *string) {
	c.file, c.line = f, int32(l.Start.Line)
	c.bits = compactBit | uint32(l.End.Line-l.Start.Line) | uint32(l.Start.Column)<<10 | uint32(l.End.Column)<<20
}

// c is the metaC m is, or nil.
func (m *meta) c() *metaC {
	if m.fileLen&compactBit == 0 {
		return nil
	}
	return (*metaC)(unsafe.Pointer(m))
}

// loc unpacks c.
func (c *metaC) loc() Loc {
	return Loc{File: *c.file,
		Start: Pos{Line: int(c.line), Column: int(c.bits >> 10 & compactSpan)},
		End:   Pos{Line: int(c.line) + int(c.bits&compactSpan), Column: int(c.bits >> 20 & compactSpan)}}
}

// metaX is a meta with what code sources set only for unknowns and
// defaults (a reason or note), and what they never set (metaMore).
type metaX struct {
	meta
	reason string
	more   *metaMore
}

// metaMore is what code sources never set: a live Origin, or a provenance
// whose positions do not fit.
type metaMore struct {
	origin Origin
	wide   *Prov
}

// needsX reports whether a record of reason and p must be a metaX.
func needsX(reason string, p Prov) bool {
	return reason != "" || !p.Origin.IsZero() || !fits(p.Loc)
}

func newMeta(reason string, p Prov) *meta {
	if reason == "" && p == (Prov{}) {
		return nil
	}
	if needsX(reason, p) {
		x := &metaX{}
		x.set(reason, p)
		return &x.meta
	}
	m := &meta{}
	m.setLoc(p.Loc)
	return m
}

// setLoc fills m's positions from l, which fits.
func (m *meta) setLoc(l Loc) {
	m.file, m.fileLen = unsafe.StringData(l.File), uint32(len(l.File))
	m.line, m.endLine = int32(l.Start.Line), int32(l.End.Line)
	m.col, m.endCol = uint16(l.Start.Column), uint16(l.End.Column)
}

// set fills x with reason and p.
func (x *metaX) set(reason string, p Prov) {
	x.reason = reason
	if !p.Origin.IsZero() {
		x.more = &metaMore{origin: p.Origin}
	}
	if fits(p.Loc) {
		x.setLoc(p.Loc)
	} else {
		if x.more == nil {
			x.more = &metaMore{}
		}
		w := p
		x.more.wide = &w
	}
	x.fileLen |= extBit
}

// fits reports whether l fits meta's compact fields.
func fits(l Loc) bool {
	return fits32(l.Start.Line) && fits32(l.End.Line) && fits16(l.Start.Column) && fits16(l.End.Column) && len(l.File) < compactBit
}

func fits32(n int) bool { return n >= 0 && n <= math.MaxInt32 }
func fits16(n int) bool { return n >= 0 && n <= math.MaxUint16 }

// x is the metaX m is the first part of, or nil.
func (m *meta) x() *metaX {
	if m == nil || m.fileLen&(extBit|compactBit) != extBit {
		return nil
	}
	return (*metaX)(unsafe.Pointer(m))
}

func (m *meta) reason() string {
	if x := m.x(); x != nil {
		return x.reason
	}
	return ""
}

func (m *meta) prov() Prov {
	if m == nil {
		return Prov{}
	}
	if c := m.c(); c != nil {
		return Prov{Loc: c.loc()}
	}
	var more *metaMore
	if x := m.x(); x != nil {
		more = x.more
	}
	if more != nil && more.wide != nil {
		return *more.wide
	}
	p := Prov{Loc: Loc{File: unsafe.String(m.file, int(m.fileLen&^extBit)),
		Start: Pos{Line: int(m.line), Column: int(m.col)},
		End:   Pos{Line: int(m.endLine), Column: int(m.endCol)}}}
	if more != nil {
		p.Origin = more.origin
	}
	return p
}

// Known makes a known value.
func Known[T any](v T, p Prov) Value[T] { return Value[T]{v: v, p: knownPtr(newMeta("", p))} }

// Defaulted makes a known value the code did not state, whose default is
// decided outside the code (the AMI, the account's settings): note says
// so, and a FAIL's reason quotes it, so "encryption is false" on a volume
// that never mentions encryption reads as what it is.
func Defaulted[T any](v T, p Prov, note string) Value[T] {
	return Value[T]{v: v, p: knownPtr(newMeta(note, p))}
}

// Note is the note of a Defaulted value; empty otherwise.
func (x Value[T]) Note() string {
	if !x.isKnown() {
		return ""
	}
	return x.rec().reason()
}

// Site is one provenance shared by many known values. A reader that gives
// a resource's absent attributes their service defaults, all located at the
// resource block, records that location once instead of once per value:
// on a large estate that is a third of the model's memory.
type Site struct{ m *meta }

// NewSite records p for sharing.
func NewSite(p Prov) Site { return Site{m: newMeta("", p)} }

// KnownAt makes a known value whose provenance is s (shared, immutable).
func KnownAt[T any](v T, s Site) Value[T] { return Value[T]{v: v, p: knownPtr(s.m)} }

// Unknown makes an unknown value with the reason it could not be read.
func Unknown[T any](reason string, p Prov) Value[T] {
	if reason == "" {
		reason = "unknown"
	}
	return Value[T]{p: unsafe.Pointer(newMeta(reason, p))}
}

// Get is the only way to read the value: ok is false when it is unknown.
func (x Value[T]) Get() (T, bool) { return x.v, x.isKnown() }

// Known reports whether the value is known.
func (x Value[T]) Known() bool { return x.isKnown() }

// Reason says why the value is unknown; empty for known values.
func (x Value[T]) Reason() string {
	if x.isKnown() {
		return ""
	}
	if r := x.rec().reason(); r != "" {
		return r
	}
	return "not read by this source"
}

// Prov is where the value (or the attempt to read it) came from.
func (x Value[T]) Prov() Prov { return x.rec().prov() }

// Map converts a known value, keeping provenance; unknown stays unknown.
func Map[T, U any](x Value[T], f func(T) U) Value[U] {
	if !x.isKnown() {
		if x.rec().reason() != "" {
			return Value[U]{p: x.p}
		}
		return Value[U]{p: unsafe.Pointer(newMeta(x.Reason(), x.Prov()))}
	}
	// A known value's record holds at most a note, which carries over.
	return Value[U]{v: f(x.v), p: x.p}
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
	w := wireValue[T]{Known: x.isKnown()}
	if w.Known {
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
	m := newMeta(why, p)
	*x = Value[T]{p: unsafe.Pointer(m)}
	if w.Known {
		x.p = knownPtr(m)
		if w.Value != nil {
			x.v = *w.Value
		}
	}
	return nil
}

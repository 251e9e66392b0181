package source

import "unsafe"

// Batch makes the provenance records of many values: a reader that builds
// a large estate (a value per property, hundreds of thousands) carves them
// out of chunks, one allocation per chunk instead of one per value, and
// values made one after another with the same provenance and reason (the
// fields a reader fills from one property or at one resource block) share
// one record. The Values a Batch makes are ordinary Values (immutable,
// safe to share and to use from any goroutine); the Batch itself is not
// safe for concurrent use. A nil *Batch makes every record on its own.
//
// A chunk lives as long as any value made from it: make through a Batch
// only values that are kept (model fields), not values read and dropped.
type Batch struct {
	cs    []metaC
	metas []meta
	xs    []metaX
	// file is the file string the last metaC shares.
	file *string
	// recent are the last records made (a ring), for sharing.
	recent [4]*meta
	next   int
}

// batchChunk records per chunk: 3 KiB of metas, 6 KiB of metaXs.
const batchChunk = 128

// cChunk metaCs per 4 KiB chunk; the last is never used, so that a metaC
// read as a meta (24 bytes) never reaches past its chunk.
const cChunk = 256

// KnownIn is Known with the provenance record made by b.
func KnownIn[T any](b *Batch, v T, p Prov) Value[T] {
	return Value[T]{v: v, p: knownPtr(b.meta("", p))}
}

// UnknownIn is Unknown with the record made by b.
func UnknownIn[T any](b *Batch, reason string, p Prov) Value[T] {
	if reason == "" {
		reason = "unknown"
	}
	return Value[T]{p: unsafe.Pointer(b.meta(reason, p))}
}

// Site is NewSite with the record made by b.
func (b *Batch) Site(p Prov) Site { return Site{m: b.meta("", p)} }

func (b *Batch) meta(reason string, p Prov) *meta {
	if b == nil || !p.Origin.IsZero() || !fits(p.Loc) {
		// Live origins and oversized positions are rare in the readers
		// that batch; they get records of their own.
		return newMeta(reason, p)
	}
	if reason == "" && p == (Prov{}) {
		return nil
	}
	for _, m := range b.recent {
		if m != nil && m.is(reason, p.Loc) {
			return m
		}
	}
	var m *meta
	switch {
	case reason == "" && fitsC(p.Loc):
		if len(b.cs) <= 1 {
			b.cs = make([]metaC, cChunk)
		}
		c := &b.cs[0]
		b.cs = b.cs[1:]
		if b.file == nil || *b.file != p.Loc.File {
			f := p.Loc.File
			b.file = &f
		}
		c.setC(p.Loc, b.file)
		m = (*meta)(unsafe.Pointer(c))
	case reason == "":
		if len(b.metas) == 0 {
			b.metas = make([]meta, batchChunk)
		}
		m = &b.metas[0]
		b.metas = b.metas[1:]
		m.setLoc(p.Loc)
	default:
		if len(b.xs) == 0 {
			b.xs = make([]metaX, batchChunk)
		}
		x := &b.xs[0]
		b.xs = b.xs[1:]
		x.set(reason, p)
		m = &x.meta
	}
	b.recent[b.next] = m
	b.next = (b.next + 1) % len(b.recent)
	return m
}

// is reports whether m records exactly reason at l (l fits, no origin).
func (m *meta) is(reason string, l Loc) bool {
	if c := m.c(); c != nil {
		return reason == "" && c.line == int32(l.Start.Line) && fitsC(l) && c.loc() == l
	}
	if m.line != int32(l.Start.Line) || m.col != uint16(l.Start.Column) ||
		m.endLine != int32(l.End.Line) || m.endCol != uint16(l.End.Column) ||
		m.fileLen&^extBit != uint32(len(l.File)) {
		return false
	}
	var r string
	if x := m.x(); x != nil {
		if x.more != nil {
			return false
		}
		r = x.reason
	}
	if r != reason {
		return false
	}
	if len(l.File) == 0 {
		return true
	}
	// The same file string (readers share one per file), or equal text.
	return m.file == unsafe.StringData(l.File) || unsafe.String(m.file, len(l.File)) == l.File
}

// Pack is source.Pack with the record made by b: a model sub-structure's
// provenance (a rule's, a policy's) shares the record of the value made
// at the same place just before or after it.
func (b *Batch) Pack(p Prov) PackedProv { return PackedProv{m: b.meta("", p)} }

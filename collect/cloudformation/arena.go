package cloudformation

import (
	"io"
	"os"
	"unsafe"

	"github.com/onus-sec/onus/source"

	"github.com/onus-sec/onus/collect/cloudformation/internal/fastyaml"
)

// scratch is one load worker's reusable memory. A template's parse tree and
// evaluated values are garbage as soon as its model is built (the model
// copies what it keeps), so the next template is parsed and evaluated in
// the same memory: on a thousand templates that is most of what the reader
// would otherwise hand to the garbage collector.
type scratch struct {
	parser fastyaml.Parser
	mem    arena
	buf    []byte // the file being read (nothing keeps a reference to it)
	// batch makes the provenance records of every template's model
	// values: unlike mem it is never reset, since the model keeps them.
	batch source.Batch
	// policies are the policy documents the worker has parsed.
	policies policyMemo
}

// read returns the contents of path in the worker's buffer, valid until
// the next read. Files larger than any template are read into their own
// memory, so one stray data file does not pin a large buffer.
func (sc *scratch) read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() > maxTemplateSize {
		return os.ReadFile(path)
	}
	buf := sc.buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	sc.buf = buf
	return buf, nil
}

// arena carves evaluated values and their child lists out of chunks reused
// from template to template. Nothing carved from it may outlive the
// template: tmpl.build must copy into the model, never point into it.
type arena struct {
	vals slab[val]
	ptrs slab[*val]
	strs slab[string]
}

func (a *arena) reset() {
	a.vals.reset()
	a.ptrs.reset()
	a.strs.reset()
}

// slab hands out sub-slices of fixed-size chunks, reusing the chunks after
// reset. Chunks stay below the runtime's 32 KiB large-object size.
type slab[T any] struct {
	chunks [][]T
	n      int // chunks in use
	cur    []T
}

const slabBytes = 16 << 10

func (s *slab[T]) reset() {
	s.n = 0
	s.cur = nil
}

// take returns an empty slice with capacity k. Appending beyond k moves
// the slice to the heap, so a grown slice never runs into its neighbour.
func (s *slab[T]) take(k int) []T {
	var zero T
	per := max(slabBytes/int(unsafe.Sizeof(zero)), 1)
	if k > per/4 {
		return make([]T, 0, k)
	}
	if cap(s.cur)-len(s.cur) < k {
		if s.n == len(s.chunks) {
			s.chunks = append(s.chunks, make([]T, 0, per))
		}
		s.cur = s.chunks[s.n][:0]
		s.n++
	}
	i := len(s.cur)
	s.cur = s.cur[:i+k]
	return s.cur[i : i : i+k]
}

// newVal stores x in the template's arena (or on the heap when the template
// has none, as in tests) and returns its address.
func (t *tmpl) newVal(x val) *val {
	if t.mem == nil {
		// Not &x: that would move x to the heap on every call.
		p := new(val)
		*p = x
		return p
	}
	v := t.mem.vals.take(1)[:1]
	v[0] = x
	return &v[0]
}

// valList and keyList return empty slices with room for n entries.
func (t *tmpl) valList(n int) []*val {
	if t.mem == nil {
		return make([]*val, 0, n)
	}
	return t.mem.ptrs.take(n)
}

func (t *tmpl) keyList(n int) []string {
	if t.mem == nil {
		return make([]string, 0, n)
	}
	return t.mem.strs.take(n)
}

// scalar, unknown and at are the package functions of the same name, with
// the value carved from the template's arena.
func (t *tmpl) scalar(s string, loc source.Loc) *val {
	return t.newVal(val{k: kScalar, tag: "!!str", s: s, loc: loc})
}

func (t *tmpl) unknown(reason string, loc source.Loc) *val {
	return t.newVal(val{k: kUnknown, s: reason, loc: loc})
}

func (t *tmpl) at(v *val, loc source.Loc) *val {
	if v == nil {
		return nil
	}
	c := t.newVal(*v)
	c.loc = loc
	return c
}

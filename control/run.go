package control

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
)

// Run evaluates every control on the estate and returns the results sorted
// by service, layer, control ID, resource and location. Checks are pure, so
// they run concurrently; a panic inside a check becomes an UNKNOWN result
// for that control rather than killing the scan.
func Run(ctx context.Context, e *model.Estate, controls []*Control) []Result {
	if e.PolicyMemos == nil {
		// The controls' policy memos share one group for this run; a
		// shallow copy carries it, so the caller's estate is not changed
		// and the group is garbage when the run ends.
		c := *e
		c.PolicyMemos = iampolicy.NewMemoGroup()
		e = &c
	}
	// Each control's results are checked and ordered in parallel, then
	// placed once, in parallel, into their span of the one result slice
	// (the controls' spans are in control order): that is the order Sort
	// gives (its first keys are the control's) without a sort over every
	// result or a second copy of them.
	type part struct {
		rs    []Result
		order []int32 // positions of rs in result order; nil when already sorted
		off   int
	}
	parts := make([]part, len(controls))
	parallel(ctx, len(controls), func(i int) {
		rs := runOne(e, controls[i])
		fillRefs(rs)
		parts[i] = part{rs: rs, order: orderWithin(rs)}
	})
	order := make([]int, len(controls))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareControls(controls[a], controls[b]) })
	n := 0
	for _, i := range order {
		parts[i].off = n
		n += len(parts[i].rs)
	}
	all := make([]Result, n)
	parallel(context.Background(), len(parts), func(i int) {
		pt := &parts[i]
		dst := all[pt.off : pt.off+len(pt.rs)]
		if pt.order == nil {
			copy(dst, pt.rs)
		} else {
			for k, j := range pt.order {
				dst[k] = pt.rs[j]
			}
		}
		pt.rs, pt.order = nil, nil
	})
	if defs := e.UnusedDefaults(); len(defs) > 0 {
		for i := range all {
			if defs[all[i].Resource.Address] {
				all[i].Resource.DefaultResource = true
			}
		}
	}
	return all
}

// parallel calls f(0..n-1) on GOMAXPROCS goroutines and waits; it starts
// no new call once ctx is done.
func parallel(ctx context.Context, n int, f func(i int)) {
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= n || ctx.Err() != nil {
					return
				}
				f(j)
			}
		})
	}
	wg.Wait()
}

func runOne(e *model.Estate, c *Control) (rs []Result) {
	defer func() {
		if p := recover(); p != nil {
			rs = []Result{{Control: c, Outcome: Unknown, Resource: &Ref{Type: "onus:internal"},
				Reason: "control check failed internally; please report this bug"}}
		}
	}()
	if c.Check == nil {
		return nil
	}
	rs = c.Check(e)
	var custom []Evidence
	for _, p := range c.Params {
		if ev, ok := p.Evidence(e); ok {
			custom = append(custom, ev)
		}
	}
	for i := range rs {
		rs[i].Control = c
		// A result judged against the user's threshold cites it, so a FAIL
		// stricter than the catalogue's default explains itself. The copy
		// keeps a check's shared evidence slice unchanged.
		if len(custom) > 0 && (rs[i].Outcome == Pass || rs[i].Outcome == Fail) {
			rs[i].Evidence = append(rs[i].Evidence[:len(rs[i].Evidence):len(rs[i].Evidence)], custom...)
		}
	}
	return rs
}

// fillRefs gives results that name no resource an empty Ref, so readers
// never meet a nil Resource. Results about one resource share its one Ref
// already: On takes it from Meta.SharedRef.
func fillRefs(rs []Result) {
	for i := range rs {
		if rs[i].Resource == nil {
			rs[i].Resource = &Ref{}
		}
	}
}

// Sort orders results deterministically.
func Sort(rs []Result) {
	slices.SortStableFunc(rs, func(a, b Result) int {
		if c := compareControls(a.Control, b.Control); c != 0 {
			return c
		}
		return compareWithin(&a, &b)
	})
}

// Less is the deterministic result order.
func Less(a, b *Result) bool {
	if c := compareControls(a.Control, b.Control); c != 0 {
		return c < 0
	}
	return compareWithin(a, b) < 0
}

// compareControls orders by service, layer and control ID.
func compareControls(a, b *Control) int {
	if a == b {
		return 0
	}
	if c := strings.Compare(a.Service, b.Service); c != 0 {
		return c
	}
	if c := cmp.Compare(layerIndex(a.Layer), layerIndex(b.Layer)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// orderWithin returns the positions of one control's results in
// compareWithin order (stable), or nil when they are in order already.
// Addresses, regions and files repeat (one address per resource, a few
// files), so each distinct one is ranked once and the sort compares
// integers read out side by side (no pointer chasing per comparison):
// the same order, at a fraction of the string comparisons. Positions are
// sorted rather than the 72-byte results, which a stable sort would move
// O(n log² n) times behind write barriers.
func orderWithin(rs []Result) []int32 {
	if withinSorted(rs) {
		return nil
	}
	ents := make([]withinEntry, len(rs))
	var addr, region, file ranker
	var prevRef *Ref
	var a, rg int32
	for i := range rs {
		r := &rs[i]
		// Results about one resource usually follow each other, and share
		// one interned Ref.
		if r.Resource != prevRef || i == 0 {
			prevRef = r.Resource
			a, rg = addr.id(r.Resource.Address), region.id(r.Resource.Region)
		}
		l := r.Location()
		ents[i] = withinEntry{addr: a, region: rg, file: file.id(l.File), line: l.Start.Line, idx: int32(i)}
	}
	addr.rank(ents, func(e *withinEntry) *int32 { return &e.addr })
	region.rank(ents, func(e *withinEntry) *int32 { return &e.region })
	file.rank(ents, func(e *withinEntry) *int32 { return &e.file })
	slices.SortFunc(ents, func(x, y withinEntry) int {
		if c := cmp.Compare(x.addr, y.addr); c != 0 {
			return c
		}
		if c := cmp.Compare(x.region, y.region); c != 0 {
			return c
		}
		if c := cmp.Compare(x.file, y.file); c != 0 {
			return c
		}
		if c := cmp.Compare(x.line, y.line); c != 0 {
			return c
		}
		if c := strings.Compare(rs[x.idx].Reason, rs[y.idx].Reason); c != 0 {
			return c
		}
		return cmp.Compare(x.idx, y.idx)
	})
	idx := make([]int32, len(rs))
	for i := range ents {
		idx[i] = ents[i].idx
	}
	return idx
}

// withinSorted reports whether rs is in compareWithin order already.
func withinSorted(rs []Result) bool {
	if len(rs) < 2 {
		return true
	}
	prev := keyWithin(&rs[0])
	for i := 1; i < len(rs); i++ {
		k := keyWithin(&rs[i])
		if prev.compare(&k) > 0 {
			return false
		}
		prev = k
	}
	return true
}

// withinEntry is one result's sort key: ranks of its address, region and
// file among the control's distinct ones, then line, then (read from the
// result on a tie) reason, then position.
type withinEntry struct {
	addr, region, file int32
	idx                int32
	line               int
}

// ranker numbers distinct strings in order of first sight, then turns the
// numbers into ranks in string order.
type ranker struct {
	ids      map[string]int32
	distinct []string
	last     string
	lastID   int32
}

func (k *ranker) id(s string) int32 {
	if len(k.distinct) > 0 && s == k.last {
		return k.lastID
	}
	id, ok := k.ids[s]
	if !ok {
		if k.ids == nil {
			k.ids = map[string]int32{}
		}
		id = int32(len(k.distinct))
		k.ids[s] = id
		k.distinct = append(k.distinct, s)
	}
	k.last, k.lastID = s, id
	return id
}

// rank replaces the number field(e) holds with its string's rank.
func (k *ranker) rank(ents []withinEntry, field func(*withinEntry) *int32) {
	if len(k.distinct) < 2 {
		return // every number is 0, and so every rank
	}
	order := make([]int32, len(k.distinct))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(k.distinct[a], k.distinct[b]) })
	rank := make([]int32, len(order))
	for r, id := range order {
		rank[id] = int32(r)
	}
	for i := range ents {
		f := field(&ents[i])
		*f = rank[*f]
	}
}

// withinKey is what compareWithin compares, read out of a result.
type withinKey struct {
	addr, region, file string
	line               int
	reason             string
}

func (a *withinKey) compare(b *withinKey) int {
	if c := strings.Compare(a.addr, b.addr); c != 0 {
		return c
	}
	if c := strings.Compare(a.region, b.region); c != 0 {
		return c
	}
	if c := strings.Compare(a.file, b.file); c != 0 {
		return c
	}
	if c := cmp.Compare(a.line, b.line); c != 0 {
		return c
	}
	return strings.Compare(a.reason, b.reason)
}

// compareWithin orders results of one control: by resource address,
// region, location and reason.
func compareWithin(a, b *Result) int {
	ka, kb := keyWithin(a), keyWithin(b)
	return ka.compare(&kb)
}

func keyWithin(r *Result) withinKey {
	l := r.Location()
	return withinKey{addr: r.Resource.Address, region: r.Resource.Region, file: l.File, line: l.Start.Line, reason: r.Reason}
}

func layerIndex(l string) int {
	for i, x := range Layers {
		if x == l {
			return i
		}
	}
	return len(Layers)
}

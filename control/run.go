package control

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
)

// Run evaluates every control on the estate and returns the results sorted
// by service, layer, control ID, resource and location. Checks are pure, so
// they run concurrently; a panic inside a check becomes an UNKNOWN result
// for that control rather than killing the scan.
func Run(ctx context.Context, e *model.Estate, controls []*Control) Results {
	if e.PolicyMemos == nil {
		// The controls' policy memos share one group for this run; a
		// shallow copy carries it, so the caller's estate is not changed
		// and the group is garbage when the run ends.
		c := *e
		c.PolicyMemos = iampolicy.NewMemoGroup()
		e = &c
	}
	// Each control's results are checked and put in order (compareWithin)
	// in parallel; the controls' slices then become the parts of the
	// run's Results in control order. That is the order Sort gives (its
	// first keys are the control's) without a sort over every result, and
	// without copying every result into one array while the controls'
	// slices are still alive.
	order := make([]int, len(controls))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareControls(controls[a], controls[b]) })
	parts := make([][]Result, len(controls))
	seen := make([]map[string]string, runtime.GOMAXPROCS(0))
	sorters := make([]sorter, runtime.GOMAXPROCS(0))
	parallel(ctx, len(controls), func(w, i int) {
		rs := runOne(e, controls[i])
		fillRefs(rs)
		if seen[w] == nil {
			seen[w] = map[string]string{}
		}
		shareStrings(rs, seen[w])
		sorters[w].sort(rs)
		parts[i] = rs
	})
	sorters, seen = nil, nil
	defs := e.UnusedDefaults()
	var out Results
	for _, i := range order {
		rs := parts[i]
		if len(defs) > 0 {
			for j := range rs {
				if defs[rs[j].Resource.Address] {
					rs[j].Resource.DefaultResource = true
				}
			}
		}
		out.adopt(rs)
	}
	return out
}

// parallel calls f(w, 0..n-1) on GOMAXPROCS goroutines and waits; w is
// the calling goroutine's number (below GOMAXPROCS), for per-goroutine
// scratch space. It starts no new call once ctx is done.
func parallel(ctx context.Context, n int, f func(w, i int)) {
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for w := range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= n || ctx.Err() != nil {
					return
				}
				f(w, j)
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

// shareStrings makes the results of one control that say the same thing
// share one copy of the words: a check formats its reason and evidence
// summary per resource ("retention is 7 days (below 365)"), so one control
// holds thousands of equal strings, a few MiB over a large scan. seen is
// scratch space. The evidence slices written are the check's own: checks
// share none with other controls, which run on other goroutines.
func shareStrings(rs []Result, seen map[string]string) {
	clear(seen)
	last := ""
	share := func(s *string) {
		// Equal strings usually follow each other (a reason and its
		// evidence), and == on one backing array compares no bytes.
		c := last
		if *s != last {
			var ok bool
			if c, ok = seen[*s]; !ok {
				c = *s
				seen[c] = c
			}
			last = c
		}
		// Only a copy is replaced: a string already shared is not
		// written again.
		if unsafe.StringData(*s) != unsafe.StringData(c) {
			*s = c
		}
	}
	for i := range rs {
		r := &rs[i]
		share(&r.Reason)
		for j := range r.Evidence {
			share(&r.Evidence[j].Summary)
		}
	}
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

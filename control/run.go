package control

import (
	"context"
	"runtime"
	"sort"
	"sync"

	"github.com/onus-sec/onus/model"
)

// Run evaluates every control on the estate and returns the results sorted
// by service, layer, control ID, resource and location. Checks are pure, so
// they run concurrently; a panic inside a check becomes an UNKNOWN result
// for that control rather than killing the scan.
func Run(ctx context.Context, e *model.Estate, controls []*Control) []Result {
	out := make([][]Result, len(controls))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range controls {
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = runOne(e, c)
		}()
	}
	wg.Wait()
	n := 0
	for _, rs := range out {
		n += len(rs)
	}
	all := make([]Result, 0, n)
	for _, rs := range out {
		all = append(all, rs...)
	}
	if defs := e.UnusedDefaults(); len(defs) > 0 {
		for i := range all {
			if defs[all[i].Resource.Address] {
				all[i].Resource.DefaultResource = true
			}
		}
	}
	Sort(all)
	return all
}

func runOne(e *model.Estate, c *Control) (rs []Result) {
	defer func() {
		if p := recover(); p != nil {
			rs = []Result{{Control: c, Outcome: Unknown, Resource: Ref{Type: "onus:internal"},
				Reason: "control check failed internally; please report this bug"}}
		}
	}()
	if c.Check == nil {
		return nil
	}
	rs = c.Check(e)
	for i := range rs {
		rs[i].Control = c
	}
	return rs
}

// Sort orders results deterministically.
func Sort(rs []Result) {
	sort.SliceStable(rs, func(i, j int) bool { return Less(&rs[i], &rs[j]) })
}

// Less is the deterministic result order.
func Less(a, b *Result) bool {
	if a.Control.Service != b.Control.Service {
		return a.Control.Service < b.Control.Service
	}
	if la, lb := layerIndex(a.Control.Layer), layerIndex(b.Control.Layer); la != lb {
		return la < lb
	}
	if a.Control.ID != b.Control.ID {
		return a.Control.ID < b.Control.ID
	}
	if a.Resource.Address != b.Resource.Address {
		return a.Resource.Address < b.Resource.Address
	}
	if a.Resource.Region != b.Resource.Region {
		return a.Resource.Region < b.Resource.Region
	}
	la, lb := a.Location(), b.Location()
	if la.File != lb.File {
		return la.File < lb.File
	}
	if la.Start.Line != lb.Start.Line {
		return la.Start.Line < lb.Start.Line
	}
	return a.Reason < b.Reason
}

func layerIndex(l string) int {
	for i, x := range Layers {
		if x == l {
			return i
		}
	}
	return len(Layers)
}

package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
)

// TestWriteParallel: a report large enough for many entry batches renders
// the same on one CPU and on several, whether or not it is marked sorted,
// and an unsorted one is put in order first.
func TestWriteParallel(t *testing.T) {
	r := benchReport(150)
	if r.Results.Len() < 10*entryBatch {
		t.Fatalf("only %d results: too few for many batches", r.Results.Len())
	}
	r.Suppressed = map[int]report.Suppression{}
	for i := 0; i < r.Results.Len(); i += 97 {
		r.Suppressed[i] = report.Suppression{Reason: "accepted\nrisk", Source: "config", Where: "onus.yaml:3", Expires: "2030-01-01"}
	}
	shuffled := *r
	perm := rand.New(rand.NewPCG(1, 2)).Perm(r.Results.Len())
	shuffled.Results = control.Results{}
	shuffled.Suppressed = map[int]report.Suppression{}
	for to, from := range perm {
		shuffled.Results.Append(*r.Results.At(from))
		if s, ok := r.Suppressed[from]; ok {
			shuffled.Suppressed[to] = s
		}
	}
	sorted := *r
	sorted.Sorted = true
	for _, opts := range []Options{{}, {Colour: true, ShowSuppressed: true}, {Quiet: true}, {ShowNotApplicable: true}} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			write := func(r *report.Report, procs int) []byte {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				var b bytes.Buffer
				if err := Write(&b, r, opts); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}
			want := write(r, 1)
			for _, c := range []struct {
				name string
				r    *report.Report
			}{{"unmarked", r}, {"marked sorted", &sorted}, {"shuffled", &shuffled}} {
				for _, procs := range []int{1, 2, 4} {
					if got := write(c.r, procs); !bytes.Equal(got, want) {
						t.Errorf("%s on %d CPUs differs from one CPU", c.name, procs)
					}
				}
			}
		})
	}
}

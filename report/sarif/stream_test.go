package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
)

// wholeEncoding is the log as one encoding of every result writes it: what
// Write's spliced, batched output must equal byte for byte.
func wholeEncoding(t *testing.T, r *report.Report) []byte {
	t.Helper()
	out, ruleIndex, idx := shellOf(r)
	for _, i := range idx {
		out.Runs[0].Results = append(out.Runs[0].Results, resultOf(r, i, ruleIndex[r.Results.At(i).Control.ID]))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestStreamedEqualsWhole: the fixture, the fixture repeated over many
// batches with awkward text (HTML characters, quotes, a fake results key,
// non-ASCII), and a report with nothing to list, on one CPU and on several.
func TestStreamedEqualsWhole(t *testing.T) {
	big := fixture.Repeated(40, func(k int) string { return fmt.Sprintf(`<b>&"results": []</b> %d é`, k) }, 7)
	base := fixture.Report().Results.Slice()
	none := fixture.Report()
	none.Results = control.ResultsOf(control.Result{Control: base[0].Control, Resource: base[0].Resource, Outcome: control.Pass, Reason: "fine"})
	none.Suppressed = nil
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for name, r := range map[string]*report.Report{"fixture": fixture.Report(), "big": big, "none": none} {
			var got bytes.Buffer
			if err := Write(&got, r, Options{}); err != nil {
				t.Fatal(err)
			}
			if want := wholeEncoding(t, r); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s on %d CPUs: streamed log differs from the whole encoding (%d vs %d bytes)", name, procs, got.Len(), len(want))
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"runtime"
	"sort"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
)

// wholeEncoding builds every case into the document and encodes it once:
// what Write's spliced, batched output must equal byte for byte.
func wholeEncoding(t *testing.T, r *report.Report) []byte {
	t.Helper()
	suites := map[string]*testSuite{}
	var names []string
	for i, res := range r.Results.All() {
		c := res.Control
		if c == nil {
			continue
		}
		s, ok := suites[c.Service]
		if !ok {
			s = &testSuite{Name: "onus." + c.Service, Time: "0"}
			suites[c.Service] = s
			names = append(names, c.Service)
		}
		tc := caseOf(r, i)
		s.Cases = append(s.Cases, tc)
		s.Tests++
		if tc.Failure != nil {
			s.Failures++
		}
		if tc.Skipped != nil {
			s.Skipped++
		}
	}
	sort.Strings(names)
	doc := testSuites{Name: "onus " + r.Target, Time: "0"}
	for _, n := range names {
		s := suites[n]
		doc.Suites = append(doc.Suites, *s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}
	if r.Incomplete {
		doc.Suites = append(doc.Suites, inputSuite(r))
		doc.Tests++
		doc.Errors++
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n")
	return b.Bytes()
}

// TestStreamedEqualsWhole: the fixture (incomplete, with suppressions),
// the fixture over many batches with awkward text (markup characters, a
// fake end of suite, a CDATA end, non-ASCII), a complete report, and one
// with no results, on one CPU and on several.
func TestStreamedEqualsWhole(t *testing.T) {
	big := fixture.Repeated(40, func(k int) string { return fmt.Sprintf(`<x a="1">&'></testsuite>]]> %d é`, k) }, 5)
	complete := fixture.Report()
	complete.Incomplete = false
	empty := fixture.Report()
	empty.Results = control.Results{}
	empty.Suppressed = nil
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for name, r := range map[string]*report.Report{"fixture": fixture.Report(), "big": big, "complete": complete, "empty": empty} {
			var got bytes.Buffer
			if err := Write(&got, r, Options{}); err != nil {
				t.Fatal(err)
			}
			if want := wholeEncoding(t, r); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s on %d CPUs: streamed document differs from the whole encoding (%d vs %d bytes)", name, procs, got.Len(), len(want))
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

package junit

import (
	"bytes"
	"encoding/xml"
	"flag"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Report(), Options{}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/report.golden.xml", b.Bytes(), *update)
}

func TestCounts(t *testing.T) {
	r := fixture.Report()
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc testSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	// 6 results + the incomplete-input case.
	if doc.Tests != 7 || doc.Failures != 2 || doc.Errors != 1 || doc.Skipped != 3 {
		t.Errorf("tests=%d failures=%d errors=%d skipped=%d, want 7 2 1 3", doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Skipped != nil && c.Skipped.Message == "" {
				t.Errorf("%s skipped without reason", c.Name)
			}
			if strings.HasPrefix(c.Name, "ONUS-LAMBDA-002") && (c.Skipped == nil || !strings.Contains(c.Skipped.Message, "suppressed")) {
				t.Errorf("suppressed result not skipped: %+v", c)
			}
		}
	}
	r.Incomplete = false
	b.Reset()
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "onus.input") {
		t.Error("complete scan reports an input failure")
	}
}

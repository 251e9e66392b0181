package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"flag"
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
	golden.Check(t, "testdata/report.golden.csv", b.Bytes(), *update)
}

func TestRows(t *testing.T) {
	r := fixture.Report()
	r.Results.At(0).Resource.Address = "=HYPERLINK(\"http://x\")"
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := stdcsv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != r.Results.Len()+1 {
		t.Fatalf("%d rows for %d results", len(rows), r.Results.Len())
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for _, row := range rows[1:] {
		if len(row) != len(Columns) {
			t.Fatalf("row has %d columns, want %d", len(row), len(Columns))
		}
	}
	if got := rows[1][col["resource"]]; got != `'=HYPERLINK("http://x")` {
		t.Errorf("formula not defused: %q", got)
	}
	suppressed := 0
	for _, row := range rows[1:] {
		if row[col["suppressed"]] == "true" {
			suppressed++
			if row[col["suppression_reason"]] == "" {
				t.Error("suppressed row without reason")
			}
		}
		if row[col["source"]] == "aws" && (row[col["api_call"]] == "" || row[col["file"]] != "") {
			t.Errorf("live row location wrong: %v", row)
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed rows, want 1", suppressed)
	}
}

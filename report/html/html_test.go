package html

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
	"github.com/onus-sec/onus/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t testing.TB, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	golden.Check(t, "testdata/report.golden.html", []byte(render(t, fixture.Report())), *update)
}

// TestSelfContained: no external fetch is possible (CSP default-src 'none')
// and none is written.
func TestSelfContained(t *testing.T) {
	out := render(t, fixture.Report())
	if !strings.Contains(out, `default-src 'none'`) {
		t.Error("no restrictive Content-Security-Policy")
	}
	for _, bad := range []string{"<link", "src=\"http", "src='http", "@import", "url(http", "<iframe"} {
		if strings.Contains(out, bad) {
			t.Errorf("page references external content: %q", bad)
		}
	}
}

func TestEscaping(t *testing.T) {
	r := fixture.Report()
	r.Results.At(0).Reason = `<script>alert(1)</script>`
	r.Results.At(0).Resource.Address = `aws_instance.x"><img src=x onerror=alert(1)>`
	out := render(t, r)
	if strings.Contains(out, "<script>alert(1)") || strings.Contains(out, "<img src=x") {
		t.Error("user-controlled text is not escaped")
	}
}

func TestNaturalLess(t *testing.T) {
	ids := []string{"2.10", "2.9", "1.1", "10.1", "2.1.4", "S3.8", "S3.10"}
	want := []string{"1.1", "2.1.4", "2.9", "2.10", "10.1", "S3.8", "S3.10"}
	for i := range ids {
		for j := range ids {
			if (index(want, ids[i]) < index(want, ids[j])) != naturalLess(ids[i], ids[j]) {
				t.Errorf("naturalLess(%s, %s) wrong", ids[i], ids[j])
			}
		}
	}
}

func index(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// TestBaselineSection: a scan compared with a baseline says so, with the
// counts and the (escaped) file name; one without has no such section.
func TestBaselineSection(t *testing.T) {
	r := fixture.Report()
	r.Baseline = &report.BaselineSummary{File: "base<1>.json", Findings: 5, Matched: 3, NoLongerFailing: 2}
	out := render(t, r)
	if !strings.Contains(out, `id="baseline"`) || !strings.Contains(out, "3 result(s) already failing there") ||
		!strings.Contains(out, "2 of its 5 finding(s) no longer fail") || !strings.Contains(out, "base&lt;1&gt;.json") {
		t.Errorf("baseline section missing or wrong:\n%s", out)
	}
	if strings.Contains(render(t, fixture.Report()), `id="baseline"`) {
		t.Error("a report without a baseline has a baseline section")
	}
}

// TestParametersSection: thresholds the user changed are listed with their
// defaults and where they were set; a report without any has no section.
func TestParametersSection(t *testing.T) {
	r := fixture.Report()
	r.Parameters = []report.Parameter{{Control: "ONUS-RDS-002", Name: "min_backup_retention_days", Values: []int{14}, Defaults: []int{7}, Unit: "days",
		Loc: source.Loc{File: "cfg/.onus.yaml", Start: source.Pos{Line: 4, Column: 5}}}}
	out := render(t, r)
	for _, want := range []string{`id="parameters"`, "<code>min_backup_retention_days</code>", "<td>14 days</td><td>7 days</td>", "cfg/.onus.yaml:4"} {
		if !strings.Contains(out, want) {
			t.Errorf("parameters section lacks %q", want)
		}
	}
	if strings.Contains(render(t, fixture.Report()), `id="parameters"`) {
		t.Error("a report without parameters has a parameters section")
	}
}

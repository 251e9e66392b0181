package html

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
	"github.com/onus-sec/onus/source"
)

// reference renders v through the page as an html/template, the way onus
// rendered it before the page was written by code; html/template's
// contextual escaping is the specification page() must meet byte for byte.
func reference(t testing.TB, v *view) string {
	t.Helper()
	src, err := os.ReadFile("testdata/reference.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	tm, err := template.New("report").Funcs(template.FuncMap{"join": strings.Join, "nums": control.Join}).Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func written(t testing.TB, v *view) string {
	t.Helper()
	var b bytes.Buffer
	if err := page(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func sameAsReference(t testing.TB, name string, v *view) {
	t.Helper()
	want, got := reference(t, v), written(t, v)
	if got == want {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-120)
	t.Errorf("%s: page differs from the template at byte %d:\n got: %q\nwant: %q", name, i, got[lo:min(len(got), i+120)], want[lo:min(len(want), i+120)])
}

// TestPageMatchesTemplate covers every optional section, present and
// absent.
func TestPageMatchesTemplate(t *testing.T) {
	full := fixture.Report()
	full.Baseline = &report.BaselineSummary{File: "base<1>.json", Findings: 5, Matched: 3, NoLongerFailing: 2}
	full.Parameters = []report.Parameter{{Control: "ONUS-RDS-002", Name: "min_backup_retention_days", Values: []int{14, 30}, Defaults: []int{7}, Unit: "days",
		Loc: source.Loc{File: "cfg/.onus.yaml", Start: source.Pos{Line: 4, Column: 5}}}, {Control: "ONUS-VPC-003", Name: "ports", List: true}}
	full.Framework = "cis-aws-7.0.0"
	full.Suppressed = map[int]report.Suppression{0: {Reason: "accepted <risk>", Source: "config", Expires: "2030-01-01", Where: ".onus.yaml:3"}, 1: {Reason: "r", Source: "inline"}}
	bare := &report.Report{}
	noMatrix := fixture.Report()
	noMatrix.Matrix, noMatrix.Expired, noMatrix.Diagnostics, noMatrix.Incomplete = nil, nil, nil, false
	for name, r := range map[string]*report.Report{"fixture": fixture.Report(), "full": full, "bare": bare, "no matrix": noMatrix} {
		v, err := build(r)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, name, v)
	}
}

// FuzzPageMatchesTemplate puts one string in every field the page
// prints, so any difference in escaping (text, attributes, the href) from
// html/template shows up.
func FuzzPageMatchesTemplate(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert(1)</script>`, `"'&+<>`, "a\x00b", "javascript:alert(1)", "JavaScript:x",
		"https://example.com/a b?c=d&e=\"f\"#g", "mailto:x@y", "/rel/path:x", "data:text/html,<b>", "%zz %41 é ☃ \xff\xfe", "\ufdd0\ufffe", "line\nbreak\ttab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := &view{Target: s, Started: s, Finished: s, Framework: s, Tool: report.Tool{Name: s, Version: s}, Sources: []string{s, s},
			Incomplete: s != "", Summary: report.Summary{Total: len(s)}, FailSeverities: s,
			Matrix: &matrixView{CatalogueDate: s, Layers: []string{s}, Rows: []rowView{{Service: s, Name: s, Model: s, Resources: 2,
				Cells: []cellView{{Layer: s, Owner: s, Class: s, Text: s, Title: s}}}},
				Manual: []manualView{{Service: s, Layer: s, Item: s, Status: s, Owner: s, EvidenceURL: s, Expires: s}}},
			Services: []string{s}, LayersUsed: []string{s}, Severities: []string{s},
			Findings: []finding{{ID: s, Title: s, Severity: s, Service: s, Layer: s, Outcome: s, Reason: s, Resource: s, Source: s, Where: s, Frameworks: s,
				Suppressed: &report.Suppression{Reason: s, Source: s, Expires: s, Where: s}, Evidence: []evidenceView{{Summary: s, Where: s}},
				Remediation: control.Remediation{Summary: s, Terraform: s, CloudFormation: s, CLI: s}, ShowRemediation: true}, {ID: s}},
			Frameworks:  []frameworkView{{Name: s, Requirements: []requirementView{{ID: s, Controls: []string{s}, Fail: len(s)}}}},
			Diagnostics: []diagView{{Severity: s, Text: s}},
			Expired:     []report.ExpiredSuppression{{Control: s, Resource: s, Reason: s, Expires: s, Where: s}},
			Baseline:    &report.BaselineSummary{File: s},
			Parameters:  []report.Parameter{{Control: s, Name: s, Unit: s, Values: []int{len(s)}, Loc: source.Loc{File: s, Start: source.Pos{Line: 3}}}},
		}
		sameAsReference(t, "fuzz", v)
	})
}

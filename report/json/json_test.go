package json

import (
	"bytes"
	stdjson "encoding/json"
	"flag"
	"github.com/onus-sec/onus/control"
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
	"github.com/onus-sec/onus/report/internal/schematest"
	"github.com/onus-sec/onus/responsibility"
)

var update = flag.Bool("update", false, "rewrite golden files")

const schemaPath = "../../docs/schema/results.schema.json"

func render(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	golden.Check(t, "testdata/report.golden.json", render(t, fixture.Report()), *update)
}

func TestSchema(t *testing.T) {
	s, err := schematest.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		r    *report.Report
	}{
		{"fixture", fixture.Report()},
		{"empty", &report.Report{Tool: report.Tool{Name: "onus", Version: "dev"}, Target: "."}},
		{"default resource", withDefault()},
		{"baseline", withBaseline()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := schematest.Validate(s, render(t, c.r)); err != nil {
				t.Fatalf("output does not match %s: %v", schemaPath, err)
			}
		})
	}
}

// withBaseline is the fixture compared with a baseline: one result
// suppressed by it and the document's baseline summary.
func withBaseline() *report.Report {
	r := fixture.Report()
	for i := range r.Results.Len() {
		if _, ok := r.Suppressed[i]; !ok && r.Results.At(i).Outcome == control.Fail {
			r.Suppressed[i] = report.Suppression{Reason: "already failing in the baseline b.json", Source: "baseline"}
			break
		}
	}
	r.Baseline = &report.BaselineSummary{File: "b.json", Findings: 3, Matched: 1, NoLongerFailing: 2}
	return r
}

// withDefault is the fixture with its live bucket result marked as being
// about an unused default resource.
func withDefault() *report.Report {
	r := fixture.Report()
	for i := range r.Results.Len() {
		if r.Results.At(i).Resource.Source == "aws" && r.Results.At(i).Control.ID == "ONUS-S3-001" {
			r.Results.At(i).Resource.DefaultResource = true
		}
	}
	return r
}

// TestDefaultResourceMarker: a result on an unused default resource carries
// default_resource: true; others omit the key (so filters need not care).
func TestDefaultResourceMarker(t *testing.T) {
	var doc Document
	out := render(t, withDefault())
	if err := stdjson.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range doc.Results {
		if r.DefaultResource {
			n++
			if r.Control.ID != "ONUS-S3-001" {
				t.Errorf("%s marked as default resource", r.Control.ID)
			}
		}
	}
	if n != 1 || strings.Count(string(out), `"default_resource"`) != 1 {
		t.Fatalf("want exactly one marked result, got %d:\n%s", n, out)
	}
	s, err := schematest.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(out), `"default_resource": true`, `"default_resource": "yes"`, 1)
	if err := schematest.Validate(s, []byte(bad)); err == nil {
		t.Error("schema accepted a non-boolean default_resource")
	}
}

// TestSchemaRejects proves the schema is strict enough to catch drift.
func TestSchemaRejects(t *testing.T) {
	s, err := schematest.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	good := string(render(t, fixture.Report()))
	cases := []struct{ name, from, to string }{
		{"bad outcome", `"outcome": "FAIL"`, `"outcome": "BROKEN"`},
		{"bad severity", `"severity": "high"`, `"severity": "urgent"`},
		{"unknown field", `"schema_version"`, `"extra": 1, "schema_version"`},
		{"bad version", `"schema_version": "` + report.SchemaVersion + `"`, `"schema_version": "2.0"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatalf("fixture output lacks %q", c.from)
			}
			if err := schematest.Validate(s, []byte(bad)); err == nil {
				t.Error("schema accepted invalid document")
			}
		})
	}
}

func TestFields(t *testing.T) {
	var doc Document
	if err := stdjson.Unmarshal(render(t, fixture.Report()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != report.SchemaVersion {
		t.Errorf("schema_version %q", doc.SchemaVersion)
	}
	var code, live, sup int
	for _, r := range doc.Results {
		if r.Location != nil {
			code++
			if r.Origin != nil {
				t.Errorf("%s: both location and origin", r.Control.ID)
			}
		}
		if r.Origin != nil {
			live++
			if r.Origin.ARN == "" || r.Origin.APICall == "" {
				t.Errorf("%s: live origin lacks arn or api_call: %+v", r.Control.ID, r.Origin)
			}
		}
		if r.Suppressed != nil {
			sup++
		}
		if r.Outcome == "FAIL" && (r.Remediation == nil || r.Remediation.Summary == "") {
			t.Errorf("%s: FAIL without remediation", r.Control.ID)
		}
		if r.Source == "cloudformation" && r.Resource.LogicalID == "" {
			t.Errorf("%s: cloudformation result without logical_id", r.Control.ID)
		}
	}
	if code != 3 || live != 3 || sup != 1 {
		t.Errorf("code=%d live=%d suppressed=%d, want 3 3 1", code, live, sup)
	}
	if doc.Summary.Fail != 2 || doc.Summary.FailBySeverity["high"] != 1 || doc.Summary.Suppressed != 1 {
		t.Errorf("summary %+v", doc.Summary)
	}
}

// TestBuiltMatrix renders a matrix made by the real builder, so a change of
// its shape breaks this test rather than users' parsers.
func TestBuiltMatrix(t *testing.T) {
	s, err := schematest.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	r := fixture.Report()
	m := responsibility.Build(responsibility.Input{Results: r.Results, Skip: r.IsSuppressed,
		Attestations: []responsibility.Attestation{{Item: "guest-os", Owner: "ops", Expires: "2030-01-01"}},
		Now:          time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	for _, v := range []any{m, &m} {
		r.Matrix = v
		out := render(t, r)
		if err := schematest.Validate(s, out); err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		var doc Document
		if err := stdjson.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Matrix == nil || len(doc.Matrix.Rows) != len(m.Rows) || len(m.Rows) == 0 {
			t.Fatalf("%T: matrix rows lost", v)
		}
	}
	r.Matrix = struct{ Foo int }{1}
	if _, err := Build(r); err == nil {
		t.Error("a matrix of another shape must be an error, not silently dropped")
	}
}

package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	jsonfmt "github.com/onus-sec/onus/report/json"
	"github.com/onus-sec/onus/source"
)

func ctl(id string) *control.Control {
	return &control.Control{ID: id, Title: id, Severity: control.High, Service: "s3", Layer: "data-protection"}
}

func res(c *control.Control, addr string, o control.Outcome) control.Result {
	ref := base.RefOf(&base.Meta{Type: "aws_s3_bucket", Address: addr, Source: source.Terraform,
		Loc: source.Loc{File: "infra/main.tf", Start: source.Pos{Line: 3}}})
	return control.Result{Control: c, Resource: &ref, Outcome: o, Reason: "r"}
}

// write renders a report the way onus scan --format json does.
func write(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jsonfmt.Write(&b, r, jsonfmt.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestApply(t *testing.T) {
	enc, tls := ctl("ONUS-S3-001"), ctl("ONUS-S3-002")
	old := &report.Report{Results: control.ResultsOf(
		res(enc, "aws_s3_bucket.a", control.Fail),
		res(enc, "aws_s3_bucket.b", control.Fail),
		res(tls, "aws_s3_bucket.a", control.Unknown),
		res(tls, "aws_s3_bucket.b", control.Pass),
		res(enc, "aws_s3_bucket.fixed", control.Fail),
	)}
	b, err := Read(bytes.NewReader(write(t, old)), "base.json")
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 4 {
		t.Fatalf("baseline holds %d findings, want 4 (FAIL and UNKNOWN only)", b.Len())
	}
	now := &report.Report{Results: control.ResultsOf(
		res(enc, "aws_s3_bucket.a", control.Fail),     // 0: known
		res(enc, "aws_s3_bucket.b", control.Fail),     // 1: known, but the user suppressed it
		res(tls, "aws_s3_bucket.a", control.Fail),     // 2: UNKNOWN then, FAIL now: still known
		res(tls, "aws_s3_bucket.b", control.Fail),     // 3: PASS then, FAIL now: new
		res(enc, "aws_s3_bucket.new", control.Fail),   // 4: new resource
		res(enc, "aws_s3_bucket.fixed", control.Pass), // 5: fixed
	), Suppressed: map[int]report.Suppression{1: {Reason: "accepted", Source: "config"}}}
	Apply(now, b)
	want := map[int]string{0: "baseline", 1: "config", 2: "baseline"}
	for i := range now.Results.Len() {
		got := now.Suppressed[i].Source
		if got != want[i] {
			t.Errorf("result %d suppressed by %q, want %q", i, got, want[i])
		}
	}
	if r := now.Suppressed[0].Reason; !strings.Contains(r, "base.json") {
		t.Errorf("reason %q does not name the baseline", r)
	}
	got := *now.Baseline
	wantSum := report.BaselineSummary{File: "base.json", Findings: 4, Matched: 2, NoLongerFailing: 1}
	if got != wantSum {
		t.Errorf("summary %+v, want %+v", got, wantSum)
	}
	if len(now.Diagnostics) != 0 {
		t.Errorf("diagnostics on a matching baseline: %v", now.Diagnostics)
	}
	// A baseline recorded with other paths matches nothing: say why.
	elsewhere := res(enc, "aws_s3_bucket.a", control.Fail)
	elsewhere.Resource.Loc.File = "/home/ci/repo/infra/main.tf"
	other := &report.Report{Results: control.ResultsOf(elsewhere)}
	Apply(other, b)
	if len(other.Diagnostics) != 1 || !strings.Contains(other.Diagnostics[0].Summary, "same PATH arguments") {
		t.Errorf("no warning when nothing matches: %v", other.Diagnostics)
	}
	// Moving the code keeps the finding: line numbers are not part of it.
	moved := res(enc, "aws_s3_bucket.a", control.Fail)
	moved.Resource.Loc.Start.Line = 40
	later := &report.Report{Results: control.ResultsOf(moved)}
	Apply(later, b)
	if later.Suppressed[0].Source != "baseline" {
		t.Error("a finding whose resource moved within its file is not recognised")
	}
}

func TestReadErrors(t *testing.T) {
	good := string(write(t, &report.Report{Results: control.ResultsOf(res(ctl("ONUS-S3-001"), "aws_s3_bucket.a", control.Fail))}))
	tests := []struct{ name, doc, want string }{
		{"not JSON", "results:\n  - x\n", "b.json:1:1: not an onus JSON report"},
		{"broken JSON names the line", "{\n  \"schema_version\": \"1.0\",\n  \"results\": [}\n", "b.json:3:"},
		{"wrong type names the line", "{\n\"schema_version\": \"1.0\",\n\"results\": 7}", "b.json:3:"},
		{"other JSON", `{"Resources": {}}`, "no schema_version"},
		{"future schema", strings.Replace(good, `"schema_version": "`+report.SchemaVersion+`"`, `"schema_version": "2.0"`, 1), "schema_version 2.0"},
		{"no fingerprints", strings.Replace(good, `"fingerprint"`, `"fingerprint_old"`, 1), "no fingerprint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.doc == good {
				t.Fatal("test case did not change the document")
			}
			_, err := Read(strings.NewReader(tc.doc), "b.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// FuzzRead: no input makes Read panic; what it accepts it accepts whole.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"schema_version":"1.0","results":[{"control":{"id":"X"},"outcome":"FAIL","fingerprint":"ab"}]}`))
	f.Add([]byte(`{"schema_version":"1.0","results":null}`))
	f.Add([]byte(`{"schema_version":1}`))
	f.Add([]byte("\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read(bytes.NewReader(data), "f.json")
		if err == nil && b == nil {
			t.Fatal("nil baseline without an error")
		}
	})
}

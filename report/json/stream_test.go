package json

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
	"github.com/onus-sec/onus/source"
)

// oddReport has what the fixture lacks: strings that need escaping, tags
// (escaped keys too), results without a control, a control without
// frameworks or remediation, origins without a location, evidence with both.
func oddReport() *report.Report {
	odd := "quote\" back\\ nl\n cr\r tab\t bell\a bs\b ff\f <html>&amp; \u2028\u2029 é 🙂 bad\xff\xfe end\x00\x1f"
	bare := &control.Control{ID: "ONUS-X-001", Title: odd, Severity: control.Info, Service: "x", Layer: "secrets"}
	empty := &control.Control{ID: "ONUS-X-002", Title: "t", Severity: control.Low, Service: "x", Layer: "secrets",
		Frameworks: map[string][]string{"fsbp": nil, "cis": {"2", "1"}}, Remediation: control.Remediation{CLI: odd}}
	tf := &base.Meta{Type: "aws_s3_bucket", Address: odd, Source: source.Terraform, Module: "module.m",
		Tags:    source.Known(map[string]string{"b": odd, odd: "x", "a": ""}, source.Prov{}),
		Account: "1", Region: "r"}
	cfn := &base.Meta{Type: "AWS::S3::Bucket", Address: "Bucket", Source: source.CloudFormation}
	live := &base.Meta{Type: "AWS::S3::Bucket", Address: "arn:x", ARN: "arn:x", Source: source.AWS,
		Origin: base.LiveOrigin(source.Origin{APICall: "s3:ListBuckets"})}
	both := source.Prov{Loc: source.Loc{File: odd, Start: source.Pos{Line: 1}}, Origin: source.Origin{Region: "eu"}}
	with := func(r control.Result, c *control.Control) control.Result { r.Control = c; return r }
	rs := []control.Result{
		with(control.On(tf).Fail(odd, control.Ev(odd, both), control.Ev("", source.Prov{})), bare),
		{Outcome: control.Unknown, Reason: "no control"},
		with(control.On(cfn).Pass("ok"), empty),
		with(control.On(live).Unknown("denied"), bare),
		with(control.On(live).NA("na", control.Ev("o", source.From(source.Origin{ARN: "arn:y", Account: "2"}))), empty),
	}
	return &report.Report{
		Tool: report.Tool{Name: "onus"}, Target: odd, Results: control.ResultsOf(rs...),
		Suppressed:  map[int]report.Suppression{0: {Reason: odd, Source: "config", Expires: "2030-01-01"}, 4: {Reason: "r", Source: "inline", Where: "w"}},
		Diagnostics: diag.List{{Severity: diag.Warning, Summary: odd}},
	}
}

func TestStreamedMatchesEncodingJSON(t *testing.T) {
	cases := []struct {
		name string
		r    *report.Report
	}{
		{"fixture", fixture.Report()},
		{"odd", oddReport()},
		{"default resource", withDefault()},
		{"empty", &report.Report{Tool: report.Tool{Name: "onus"}, Target: "."}},
		{"only nil controls", &report.Report{Results: control.ResultsOf(control.Result{Outcome: control.Pass})}},
	}
	for _, c := range cases {
		for _, compact := range []bool{false, true} {
			var want, got bytes.Buffer
			if err := writeDocument(&want, c.r, Options{Compact: compact}); err != nil {
				t.Fatal(err)
			}
			if err := Write(&got, c.r, Options{Compact: compact}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("%s (compact %v): streamed output differs from encoding/json\nwant:\n%s\ngot:\n%s", c.name, compact, want.Bytes(), got.Bytes())
			}
		}
	}
}

func FuzzStreamedString(f *testing.F) {
	f.Add("plain", "k")
	f.Add("\x00\xff\u2028\"\\<>&", "\n")
	f.Fuzz(func(t *testing.T, s, k string) {
		r := oddReport()
		r.Results.At(0).Reason = s
		r.Results.At(0).Resource.Tags = source.Known(map[string]string{k: s}, source.Prov{})
		var want, got bytes.Buffer
		if err := writeDocument(&want, r, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := Write(&got, r, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			t.Fatalf("differs for %q / %q", s, k)
		}
	})
}

// TestStreamedManyBatches: a report of many result batches, with results
// without a control among them (and first), is encoded as encoding/json
// does on one CPU and on several.
func TestStreamedManyBatches(t *testing.T) {
	r := oddReport()
	base := r.Results.Slice()
	r.Results = control.ResultsOf(control.Result{Outcome: control.Pass})
	for r.Results.Len() < 20*resultBatch {
		r.Results.Append(base...)
	}
	var want bytes.Buffer
	if err := writeDocument(&want, r, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, procs := range []int{1, 2, 4} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			var got bytes.Buffer
			if err := Write(&got, r, Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("%d CPUs: streamed output differs from encoding/json", procs)
			}
		}()
	}
}

package scan

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/formats"
	"github.com/onus-sec/onus/responsibility"
	"github.com/onus-sec/onus/source"
)

// fakeControls: one high control failing on buckets named "bad", one low
// control failing everywhere, one reporting UNKNOWN.
func fakeControls() []*control.Control {
	each := func(f func(b *s3.Bucket) control.Result) func(*model.Estate) []control.Result {
		return func(e *model.Estate) []control.Result {
			var rs []control.Result
			for _, b := range e.S3Buckets {
				rs = append(rs, f(b))
			}
			return rs
		}
	}
	return []*control.Control{
		{ID: "T-S3-001", Title: "not bad", Severity: control.High, Service: "s3", Layer: "data-protection",
			Remediation: control.Remediation{Summary: "rename it"},
			Check: each(func(b *s3.Bucket) control.Result {
				if b.Address == "aws_s3_bucket.bad" {
					return control.On(&b.Meta).Fail("bucket is bad")
				}
				return control.On(&b.Meta).Pass("bucket is fine")
			})},
		{ID: "T-S3-002", Title: "low", Severity: control.Low, Service: "s3", Layer: "logging-monitoring",
			Check: each(func(b *s3.Bucket) control.Result { return control.On(&b.Meta).Fail("no logs") })},
		{ID: "T-S3-003", Title: "unknown", Severity: control.Critical, Service: "s3", Layer: "identity-access",
			Check: each(func(b *s3.Bucket) control.Result { return control.On(&b.Meta).Unknown("policy has var.x") })},
	}
}

// fakeTerraform reads each "*.bucket" file name in dir as a bucket; a file
// called broken.bucket yields an error diagnostic instead.
func fakeTerraform(_ context.Context, dir string, _ load.Vars) (*model.Estate, diag.List) {
	e := &model.Estate{}
	var ds diag.List
	ents, _ := os.ReadDir(dir)
	for _, f := range ents {
		name, ok := strings.CutSuffix(f.Name(), ".bucket")
		if !ok {
			continue
		}
		file := filepath.Join(dir, f.Name())
		if name == "broken" {
			ds.Errorf(source.Loc{File: file, Start: source.Pos{Line: 3, Column: 7}}, "syntax error")
			continue
		}
		e.S3Buckets = append(e.S3Buckets, &s3.Bucket{Meta: base.Meta{Type: "aws_s3_bucket",
			Address: "aws_s3_bucket." + name, Source: source.Terraform,
			Loc: source.Loc{File: file, Start: source.Pos{Line: 1, Column: 1}, End: source.Pos{Line: 4, Column: 2}}}})
	}
	return e, ds
}

func dir(t *testing.T, files ...string) string {
	t.Helper()
	d := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(d, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func deps() Deps {
	return Deps{Version: "test", Catalog: fakeControls, Loaders: load.Loaders{Terraform: fakeTerraform}}
}

// execute runs `onus scan args...` through the cobra command.
func execute(t *testing.T, d Deps, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	streams, _, out, errOut := iostreams.Test()
	cmd := NewCmd(streams, d, nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err = cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func TestBuildReport(t *testing.T) {
	d := dir(t, "good.bucket", "bad.bucket")
	opts := &Options{IO: nil, Deps: deps(), Paths: []string{d}, Matrix: true}
	r, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tool.Name != "onus" || r.Tool.Version != "test" || r.Target != d {
		t.Errorf("header: %+v %q", r.Tool, r.Target)
	}
	if diff := cmp.Diff([]source.Kind{source.Terraform}, r.Sources); diff != "" {
		t.Errorf("sources: %s", diff)
	}
	if got := r.Count(); got != (report.Counts{Pass: 1, Fail: 3, Unknown: 2}) {
		t.Errorf("counts: %+v", got)
	}
	if r.Incomplete {
		t.Error("complete scan marked incomplete")
	}
	m, ok := r.Matrix.(*responsibility.Matrix)
	if !ok || len(m.Rows) != 1 || m.Rows[0].Service != "s3" || m.Rows[0].Resources != 2 {
		t.Fatalf("matrix: %#v", r.Matrix)
	}
}

func TestExitKinds(t *testing.T) {
	good := dir(t, "good.bucket")
	bad := dir(t, "good.bucket", "bad.bucket")
	broken := dir(t, "good.bucket", "broken.bucket")
	cases := []struct {
		name string
		args []string
		want error // nil, or a pointer to the wanted kind
	}{
		{"clean", []string{good}, nil},
		{"high fail", []string{bad}, &cmdutil.FindingsError{}},
		{"fail-on none", []string{bad, "--fail-on", "none"}, nil},
		{"fail-on critical", []string{bad, "--fail-on", "critical"}, nil},
		{"fail-on low catches low", []string{good, "--fail-on", "low"}, &cmdutil.FindingsError{}},
		{"broken without strict", []string{broken}, nil},
		{"broken with strict", []string{broken, "--strict"}, &cmdutil.IncompleteError{}},
		{"strict wins over findings", []string{broken, bad, "--strict"}, &cmdutil.IncompleteError{}},
		{"missing path", []string{filepath.Join(good, "nope")}, &cmdutil.InputError{}},
		{"no path", nil, &cmdutil.UsageError{}},
		{"bad fail-on", []string{good, "--fail-on", "urgent"}, &cmdutil.UsageError{}},
		{"bad format", []string{good, "--format", "yaml"}, errors.New("any")},
		{"two stdout formats", []string{good, "--format", "json", "--format", "table"}, &cmdutil.UsageError{}},
		{"asff account not 12 digits", []string{good, "--format", "asff", "--asff-account", "12345", "--asff-region", "eu-west-1"}, &cmdutil.UsageError{}},
		{"asff region malformed", []string{good, "--format", "asff", "--asff-account", "123456789012", "--asff-region", "Europe"}, &cmdutil.UsageError{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := execute(t, deps(), c.args...)
			switch want := c.want.(type) {
			case nil:
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
			case *cmdutil.FindingsError:
				if !errors.As(err, &want) {
					t.Fatalf("want findings, got %v", err)
				}
			case *cmdutil.IncompleteError:
				if !errors.As(err, &want) {
					t.Fatalf("want incomplete, got %v", err)
				}
			case *cmdutil.InputError:
				if !errors.As(err, &want) {
					t.Fatalf("want input error, got %v", err)
				}
			case *cmdutil.UsageError:
				if !errors.As(err, &want) {
					t.Fatalf("want usage error, got %v", err)
				}
			default:
				if err == nil {
					t.Fatal("want an error")
				}
			}
		})
	}
}

func TestOutputs(t *testing.T) {
	d := dir(t, "bad.bucket")
	jsonFile := filepath.Join(t.TempDir(), "out.json")
	out, errOut, err := execute(t, deps(), d, "--format", "json", "--output", jsonFile, "--format", "table", "--fail-on", "none")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "T-S3-001") || !strings.Contains(out, "FAIL") {
		t.Errorf("table on stdout missing results:\n%s", out)
	}
	if errOut != "" {
		t.Errorf("stderr with table on stdout and no diagnostics: %q", errOut)
	}
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion string `json:"schema_version"`
		Results       []struct {
			Outcome string `json:"outcome"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("json output: %v", err)
	}
	if doc.SchemaVersion == "" || len(doc.Results) != 3 {
		t.Errorf("json doc: %+v", doc)
	}
}

func TestDiagnosticsOnStderr(t *testing.T) {
	d := dir(t, "good.bucket", "broken.bucket")
	out, errOut, err := execute(t, deps(), d, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	want := "error: " + filepath.Join(d, "broken.bucket") + ":3:7: syntax error"
	if strings.TrimSpace(errOut) != want {
		t.Errorf("stderr = %q, want %q", errOut, want)
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("stdout is not JSON: %s", out)
	}
}

func TestDeterministic(t *testing.T) {
	d := dir(t, "a.bucket", "bad.bucket", "c.bucket", "broken.bucket")
	var prev string
	for i := range 3 {
		out, _, _ := execute(t, deps(), d, "--format", "json", "--matrix")
		if i > 0 && out != prev {
			t.Fatalf("run %d differs:\n%s", i, cmp.Diff(prev, out))
		}
		prev = out
	}
}

func TestPairs(t *testing.T) {
	ev := func(pairs ...string) *outputSpec {
		s := &outputSpec{}
		for i := 0; i < len(pairs); i += 2 {
			s.events = append(s.events, outputEvent{format: pairs[i] == "f", value: pairs[i+1]})
		}
		return s
	}
	cases := []struct {
		name string
		spec *outputSpec
		want []formats.Output
		err  bool
	}{
		{"default", ev(), []formats.Output{{Format: "table"}}, false},
		{"json stdout", ev("f", "json"), []formats.Output{{Format: "json"}}, false},
		{"paired", ev("f", "json", "o", "a.json", "f", "table"),
			[]formats.Output{{Format: "json", Path: "a.json"}, {Format: "table"}}, false},
		{"table first then file", ev("f", "table", "f", "json", "o", "x"),
			[]formats.Output{{Format: "table"}, {Format: "json", Path: "x"}}, false},
		{"inferred", ev("o", "r.json"), []formats.Output{{Format: "json", Path: "r.json"}}, false},
		{"uninferable", ev("o", "r.bin"), nil, true},
		{"two stdout", ev("f", "json", "f", "table"), nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.spec.pairs()
			if (err != nil) != c.err {
				t.Fatalf("err = %v", err)
			}
			if !c.err {
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Error(diff)
				}
			}
		})
	}
}

type fakeCollector struct{ on bool }

func (f *fakeCollector) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&f.on, "fake", false, "collect the fake account")
}
func (f *fakeCollector) Enabled() bool     { return f.on }
func (f *fakeCollector) Target() string    { return "fake:123" }
func (f *fakeCollector) Kind() source.Kind { return source.AWS }
func (f *fakeCollector) Collect(context.Context, *iostreams.IOStreams) (*model.Estate, diag.List, error) {
	b := &s3.Bucket{Meta: base.Meta{Type: "AWS::S3::Bucket", Address: "aws_s3_bucket.bad", Source: source.AWS,
		Origin: base.LiveOrigin(source.Origin{APICall: "s3:ListBuckets"})}}
	var ds diag.List
	ds = append(ds, diag.Diagnostic{Severity: diag.Error, Summary: "AccessDenied", Origin: source.Origin{APICall: "s3:GetBucketPolicy"}})
	return &model.Estate{S3Buckets: []*s3.Bucket{b}}, ds, nil
}

func TestCollectorHook(t *testing.T) {
	d := deps()
	d.Collectors = []func() Collector{func() Collector { return &fakeCollector{} }}
	var got *Options
	streams, _, _, _ := iostreams.Test()
	cmd := NewCmd(streams, d, func(_ context.Context, o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--fake"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("scan --fake without PATH: %v", err)
	}
	r, err := Build(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	if r.Target != "fake:123" || len(r.Sources) != 1 || r.Sources[0] != source.AWS || !r.Incomplete {
		t.Errorf("report: target %q sources %v incomplete %v", r.Target, r.Sources, r.Incomplete)
	}
	if r.Count().Fail != 2 {
		t.Errorf("collected resources not judged: %+v", r.Count())
	}
	// Without the flag and without a PATH it is a usage error naming --aws.
	_, _, err = execute(t, d)
	var u *cmdutil.UsageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "--aws") {
		t.Errorf("got %v", err)
	}
}

func TestFailOnCountsOnlyUnsuppressed(t *testing.T) {
	c := fakeControls()[0]
	r := &report.Report{Results: control.ResultsOf(control.Result{Control: c, Outcome: control.Fail}),
		Suppressed: map[int]report.Suppression{0: {Reason: "accepted"}}}
	if err := Verdict(r, "high", false); err != nil {
		t.Errorf("suppressed FAIL failed the run: %v", err)
	}
	r.Suppressed = nil
	var f *cmdutil.FindingsError
	if err := Verdict(r, "high", false); !errors.As(err, &f) || f.Failed != 1 {
		t.Errorf("got %v", err)
	}
}

func TestVarFlags(t *testing.T) {
	var got *Options
	streams, _, _, _ := iostreams.Test()
	cmd := NewCmd(streams, deps(), func(_ context.Context, o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{".", "--var", "cidrs=10.0.0.0/8,192.168.0.0/16", "--var", "x = 1=2", "--param", "Env=prod", "--var-file", "a.tfvars"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := load.Vars{TFVars: map[string]string{"cidrs": "10.0.0.0/8,192.168.0.0/16", "x": " 1=2"},
		TFVarFiles: []string{"a.tfvars"}, CFNParams: map[string]string{"Env": "prod"}}
	if diff := cmp.Diff(want, got.Vars); diff != "" {
		t.Error(diff)
	}
	_, _, err := execute(t, deps(), ".", "--var", "novalue")
	if err == nil || !strings.Contains(err.Error(), "not NAME=VALUE") {
		t.Errorf("got %v", err)
	}
}

func TestConfig(t *testing.T) {
	d := dir(t, "good.bucket", "bad.bucket")
	conf := "suppressions:\n  - control: T-S3-001\n    resource: aws_s3_bucket.bad\n    reason: accepted risk\n" +
		"attestations:\n  - item: s3/secrets\n    owner: sec-team\n    expires: 2099-01-01\n"
	if err := os.WriteFile(filepath.Join(d, ".onus.yaml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	// The only high FAIL is suppressed by the .onus.yaml found in PATH.
	if _, _, err := execute(t, deps(), d); err != nil {
		t.Errorf("suppressed FAIL still fails the run: %v", err)
	}
	r, err := Build(context.Background(), &Options{Deps: deps(), Paths: []string{d}, Matrix: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Count(); c.Suppressed != 1 || c.Fail != 2 {
		t.Errorf("counts %+v", c)
	}
	m := r.Matrix.(*responsibility.Matrix)
	for _, c := range m.Rows[0].Cells {
		if c.Layer == "secrets" && (len(c.Manual) != 1 || c.Manual[0].Status != responsibility.StatusAttested || c.Manual[0].Owner != "sec-team") {
			t.Errorf("attestation not in the matrix: %+v", c)
		}
	}
	// --config elsewhere replaces the default, and a malformed one is an
	// input error naming the line.
	bad := filepath.Join(t.TempDir(), "onus.yaml")
	if err := os.WriteFile(bad, []byte("suppressions:\n  - reason: no control\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = execute(t, deps(), d, "--config", bad)
	var in *cmdutil.InputError
	if !errors.As(err, &in) || !strings.Contains(err.Error(), "onus.yaml:2") {
		t.Errorf("malformed config: %v", err)
	}
}

// Code results carry no account or region; ASFF needs both on every
// finding, so they come from flags, and their absence is a clear error.
func TestASFFForCode(t *testing.T) {
	d := dir(t, "bad.bucket")
	dp := deps()
	dp.Now = func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	out, _, err := execute(t, dp, d, "--format", "asff", "--asff-account", "123456789012", "--asff-region", "eu-west-1", "--fail-on", "none")
	if err != nil {
		t.Fatal(err)
	}
	var req struct {
		Findings []struct {
			AwsAccountID string `json:"AwsAccountId"`
			Region       string `json:"Region"`
			ProductArn   string `json:"ProductArn"`
		} `json:"Findings"`
	}
	if err := json.Unmarshal([]byte(out), &req); err != nil {
		t.Fatalf("asff output: %v\n%s", err, out)
	}
	if len(req.Findings) != 3 {
		t.Fatalf("%d findings, want 3", len(req.Findings))
	}
	for _, f := range req.Findings {
		if f.AwsAccountID != "123456789012" || f.Region != "eu-west-1" ||
			f.ProductArn != "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default" {
			t.Errorf("finding %+v", f)
		}
	}
	_, _, err = execute(t, dp, d, "--format", "asff", "--fail-on", "none")
	if err == nil || !strings.Contains(err.Error(), "--asff-account") {
		t.Errorf("without flags: want an error naming --asff-account, got %v", err)
	}
}

// TestShowNA: the table folds NOT_APPLICABLE results unless --show-na;
// JSON lists them either way.
func TestShowNA(t *testing.T) {
	d := deps()
	d.Catalog = func() []*control.Control {
		return append(fakeControls(), &control.Control{ID: "T-S3-004", Title: "only for some buckets", Severity: control.Medium,
			Service: "s3", Layer: "data-protection",
			Check: func(e *model.Estate) []control.Result {
				var rs []control.Result
				for _, b := range e.S3Buckets {
					rs = append(rs, control.On(&b.Meta).NA("the bucket is not a log bucket"))
				}
				return rs
			}})
	}
	dd := dir(t, "a.bucket", "b.bucket")
	cases := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"folded by default", nil,
			[]string{"N/A      2 results not applicable: T-S3-004", "the bucket is not a log bucket", "2 NOT_APPLICABLE"},
			[]string{"only for some buckets"}},
		{"--show-na lists each", []string{"--show-na"},
			[]string{"N/A      medium    T-S3-004  only for some buckets", "aws_s3_bucket.a", "2 NOT_APPLICABLE"},
			[]string{"not applicable"}},
		{"json keeps every result", []string{"--format", "json"},
			[]string{`"id": "T-S3-004"`, `"reason": "the bucket is not a log bucket"`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := execute(t, d, append([]string{dd, "--fail-on", "none"}, c.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
			if c.args != nil && c.args[0] == "--format" && strings.Count(out, `"id": "T-S3-004"`) != 2 {
				t.Errorf("json does not list both N/A results:\n%s", out)
			}
		})
	}
}

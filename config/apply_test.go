package config

import (
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/source"
)

func results() []control.Result {
	s3 := &control.Control{ID: "ONUS-S3-001", Severity: control.High}
	kms := &control.Control{ID: "ONUS-KMS-001", Severity: control.Low}
	tfLoc := source.Loc{File: "main.tf", Start: source.Pos{Line: 3, Column: 1}}
	return []control.Result{
		{Control: s3, Outcome: control.Fail, Resource: &control.Ref{Type: "aws_s3_bucket", Address: "aws_s3_bucket.public_site", Source: source.Terraform}},
		{Control: s3, Outcome: control.Fail, Resource: &control.Ref{Type: "aws_s3_bucket", Address: "aws_s3_bucket.data", Source: source.Terraform,
			Ignores: []base.Ignore{{Control: "ONUS-S3-001", Reason: "replicated from a public dataset", Loc: tfLoc}}}},
		{Control: s3, Outcome: control.Fail, Resource: &control.Ref{Type: "aws_s3_bucket", Address: "aws_s3_bucket.logs", Source: source.Terraform,
			Ignores: []base.Ignore{{Control: "ONUS-S3-001", Loc: tfLoc}}}},
		{Control: kms, Outcome: control.Unknown, Resource: &control.Ref{Type: "AWS::KMS::Key", Address: "arn:aws:kms:eu-west-1:123456789012:key/abc",
			ARN: "arn:aws:kms:eu-west-1:123456789012:key/abc", Account: "123456789012", Region: "eu-west-1", Source: source.AWS,
			Tags: source.Known(map[string]string{"env": "dev-1"}, source.Prov{})}},
		{Control: kms, Outcome: control.Fail, Resource: &control.Ref{Type: "AWS::KMS::Key", Address: "arn:aws:kms:eu-west-1:123456789012:key/def",
			ARN: "arn:aws:kms:eu-west-1:123456789012:key/def", Account: "123456789012", Region: "eu-west-1", Source: source.AWS,
			Tags: source.Known(map[string]string{"env": "prod"}, source.Prov{})}},
		{Control: kms, Outcome: control.Fail, Resource: &control.Ref{Type: "AWS::KMS::Key", Address: "arn:aws:kms:us-east-1:123456789012:key/ghi",
			ARN: "arn:aws:kms:us-east-1:123456789012:key/ghi", Account: "123456789012", Region: "us-east-1", Source: source.AWS,
			Tags: source.Known(map[string]string{"env": "dev"}, source.Prov{})}},
	}
}

func TestApply(t *testing.T) {
	c, err := Parse("/repo/.onus.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		now     time.Time
		want    map[int]string // index -> suppression source
		expired int
	}{
		{"before expiry", time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC),
			map[int]string{0: "config", 1: "inline", 3: "config"}, 0},
		{"after expiry", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			map[int]string{0: "config", 1: "inline"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &report.Report{Results: control.ResultsOf(results()...)}
			Apply(r, c, tc.now)
			if len(r.Suppressed) != len(tc.want) {
				t.Errorf("suppressed %v, want %v", r.Suppressed, tc.want)
			}
			for i, src := range tc.want {
				s, ok := r.Suppressed[i]
				if !ok || s.Source != src || s.Reason == "" {
					t.Errorf("result %d: %+v, want source %s", i, s, src)
				}
			}
			if len(r.Expired) != tc.expired {
				t.Errorf("expired %v", r.Expired)
			}
			if tc.expired > 0 {
				e := r.Expired[0]
				if e.Control != "ONUS-KMS-*" || e.Expires != "2026-03-31" || e.Where != ".onus.yaml:7" {
					t.Errorf("expired entry %+v", e)
				}
			}
			if s := r.Suppressed[0]; s.Where != ".onus.yaml:4" {
				t.Errorf("where %q", s.Where)
			}
			// The inline ignore without a reason is not applied and warned about, once.
			n := 0
			for _, d := range r.Diagnostics {
				if strings.Contains(d.Summary, "no reason") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d warnings for the reasonless ignore: %v", n, r.Diagnostics)
			}
			if report.ExitCode(r, report.FailOnSeverity(control.Low), false) != report.ExitFindings {
				t.Error("unsuppressed fails must still fail the run")
			}
		})
	}
}

func TestApplyNoConfig(t *testing.T) {
	r := &report.Report{Results: control.ResultsOf(results()...)}
	Apply(r, nil, time.Now())
	if len(r.Suppressed) != 1 || r.Suppressed[1].Source != "inline" {
		t.Errorf("%v", r.Suppressed)
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		p, s string
		ok   bool
	}{
		{"ONUS-S3-001", "ONUS-S3-001", true},
		{"ONUS-S3-*", "ONUS-S3-012", true},
		{"ONUS-S3-*", "ONUS-EC2-001", false},
		{"arn:aws:s3:::*", "arn:aws:s3:::logs/x", true},
		{"*logs*", "aws_s3_bucket.access_logs", true},
		{"aws_s3_bucket.?", "aws_s3_bucket.a", true},
		{"aws_s3_bucket.?", "aws_s3_bucket.ab", false},
		{"*", "", true},
		{"", "x", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
	}
	for _, c := range cases {
		if got := glob(c.p, c.s); got != c.ok {
			t.Errorf("glob(%q, %q) = %v", c.p, c.s, got)
		}
	}
}

func TestApplyInlineExpiry(t *testing.T) {
	s3 := &control.Control{ID: "ONUS-S3-001", Severity: control.High}
	loc := func(line int) source.Loc {
		return source.Loc{File: "main.tf", Start: source.Pos{Line: line, Column: 1}}
	}
	ref := func(addr string, igs ...base.Ignore) control.Result {
		return control.Result{Control: s3, Outcome: control.Fail,
			Resource: &control.Ref{Type: "aws_s3_bucket", Address: addr, Source: source.Terraform, Ignores: igs}}
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	r := &report.Report{Results: control.ResultsOf(
		ref("aws_s3_bucket.live", base.Ignore{Control: "ONUS-S3-001", Reason: "until migration", Expires: "2026-11-26", Loc: loc(1)}),
		ref("aws_s3_bucket.old", base.Ignore{Control: "ONUS-S3-001", Reason: "temporary", Expires: "2026-11-25", Loc: loc(5)}),
		ref("aws_s3_bucket.bad", base.Ignore{Control: "ONUS-S3-001", Reason: "typo", Expires: "next week", Loc: loc(9)}),
		ref("aws_s3_bucket.exact", base.Ignore{Control: "ONUS-S3-001", Reason: "rfc3339", Expires: "2026-11-26T12:00:00Z", Loc: loc(13)}),
	)}
	Apply(r, nil, now)
	if s, ok := r.Suppressed[0]; !ok || s.Expires != "2026-11-26" || s.Source != "inline" {
		t.Errorf("an ignore expiring today still applies today: %+v", r.Suppressed)
	}
	for _, i := range []int{1, 2, 3} {
		if _, ok := r.Suppressed[i]; ok {
			t.Errorf("result %d must not be suppressed", i)
		}
	}
	if len(r.Expired) != 2 || r.Expired[0].Where != "main.tf:5" || r.Expired[0].Source != "inline" ||
		r.Expired[0].Resource != "aws_s3_bucket.old" || r.Expired[1].Where != "main.tf:13" {
		t.Errorf("expired: %+v", r.Expired)
	}
	if len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Summary, `"next week" is not a date`) ||
		r.Diagnostics[0].Subject.Start.Line != 9 {
		t.Errorf("diagnostics: %+v", r.Diagnostics)
	}
}

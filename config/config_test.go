package config

import (
	"errors"
	"github.com/onus-sec/onus/model"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-sec/onus/control"
)

const good = `# onus config
version: 1
suppressions:
  - control: ONUS-S3-001
    resource: "aws_s3_bucket.public_site"
    reason: static website, public by design
  - control: ONUS-KMS-*
    resource: "arn:aws:kms:eu-west-1:*:key/*"
    account: "123456789012"
    region: eu-west-*
    tags:
      env: dev*
    reason: dev keys are throwaway
    expires: 2026-03-31
attestations:
  - item: guest-os
    owner: platform-team
    evidence_url: https://wiki.example.com/patching
    expires: 2026-06-30
ami_allow_list:
  - ami-0123456789abcdef0
  - ami-12345678
  - ami-0fed*
trusted_accounts:
  - "012345678901"
  - "444455556666"
`

func TestParse(t *testing.T) {
	c, err := Parse(".onus.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path: ".onus.yaml",
		Suppressions: []Suppression{
			{Control: "ONUS-S3-001", Resource: "aws_s3_bucket.public_site", Reason: "static website, public by design", Line: 4},
			{Control: "ONUS-KMS-*", Resource: "arn:aws:kms:eu-west-1:*:key/*", Account: "123456789012", Region: "eu-west-*",
				Tags: map[string]string{"env": "dev*"}, Reason: "dev keys are throwaway", Expires: "2026-03-31",
				Until: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Line: 7},
		},
		Attestations: []Attestation{{Item: "guest-os", Owner: "platform-team", EvidenceURL: "https://wiki.example.com/patching", Expires: "2026-06-30", Line: 16}},
		AMIAllowList: []string{"ami-0123456789abcdef0", "ami-12345678", "ami-0fed*"}, AMIAllowListLine: 20,
		TrustedAccounts: []string{"012345678901", "444455556666"}, TrustedAccountsLine: 24,
	}
	if d := cmp.Diff(want, c); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	v := c.AMIAllowListValue()
	if list, ok := v.Get(); !ok || len(list) != 3 || v.Prov().Loc.Start.Line != 20 {
		t.Errorf("AMI allow list value %+v", v)
	}
	if ta, ok := c.TrustedAccountsValue().Get(); !ok || len(ta) != 2 || c.TrustedAccountsValue().Prov().Loc.Start.Line != 24 {
		t.Errorf("trusted accounts value %+v", c.TrustedAccountsValue())
	}
	empty, _ := Parse("x", []byte("suppressions: []\n"))
	if !model.Unset(empty.TrustedAccountsValue()) {
		t.Error("absent trusted_accounts must be the zero (unset) value")
	}
	if _, ok := empty.AMIAllowListValue().Get(); ok || empty.AMIAllowListValue().Reason() != "not read by this source" {
		t.Error("absent allow list must be the zero (unset) value")
	}
	ra := c.ResponsibilityAttestations()
	if len(ra) != 1 || ra[0].Owner != "platform-team" || ra[0].Expires != "2026-06-30" {
		t.Errorf("attestations %+v", ra)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, s := range []string{"", "# nothing\n", "---\n", "suppressions:\n"} {
		c, err := Parse("x", []byte(s))
		if err != nil || c == nil || len(c.Suppressions) != 0 {
			t.Errorf("%q: %v %+v", s, err, c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"no reason", "suppressions:\n  - control: ONUS-S3-001\n", 2, "needs a reason"},
		{"empty reason", "suppressions:\n  - control: ONUS-S3-001\n    reason: \"\"\n", 2, "needs a reason"},
		{"no control", "suppressions:\n  - reason: x\n", 2, "needs a control"},
		{"typo key", "suppressions:\n  - control: ONUS-S3-001\n    reson: x\n", 3, `unknown suppression key "reson"`},
		{"bad date", "suppressions:\n  - control: A\n    reason: r\n    expires: next week\n", 4, "not a date"},
		{"bad control", "suppressions:\n  - control: \"ONUS S3\"\n    reason: r\n", 2, "not a control ID"},
		{"not a list", "suppressions: yes\n", 1, "must be a list"},
		{"top-level typo", "supressions: []\n", 1, `unknown key "supressions"`},
		{"bad yaml", "suppressions:\n  - control: [\n", 2, "invalid YAML"},
		{"tab indent", "suppressions:\n\t- control: x\n", 2, "invalid YAML"},
		{"bad ami", "ami_allow_list:\n  - ami-XYZ\n", 2, "not an AMI id"},
		{"account with 11 digits", "trusted_accounts:\n  - \"12345678901\"\n", 2, "not an AWS account id"},
		{"account as ARN", "trusted_accounts:\n  - arn:aws:iam::123456789012:root\n", 2, "not an AWS account id"},
		{"accounts not a list", "trusted_accounts: \"123456789012\"\n", 1, "must be a list"},
		{"ami not a string", "ami_allow_list:\n  - {a: b}\n", 2, "single value"},
		{"attestation without owner", "attestations:\n  - item: guest-os\n", 2, "needs an item and an owner"},
		{"attestation bad url", "attestations:\n  - item: x\n    owner: y\n    evidence_url: wiki\n", 4, "not a URL"},
		{"attestation rfc3339", "attestations:\n  - item: x\n    owner: y\n    expires: 2026-01-01T00:00:00Z\n", 4, "not a date"},
		{"version", "version: 2\n", 1, "not supported"},
		{"duplicate", "suppressions: []\nsuppressions: []\n", 2, "duplicate key"},
		{"root list", "- a\n", 1, "must be a mapping"},
		{"tags not map", "suppressions:\n  - control: A\n    reason: r\n    tags: [a]\n", 4, "tags must be a mapping"},
		{"parameters not map", "parameters: [a]\n", 1, "parameters must be a mapping"},
		{"parameter body not map", "parameters:\n  ONUS-EC2-014: 10\n", 2, "parameters of ONUS-EC2-014 must be a mapping"},
		{"parameter not a number", "parameters:\n  ONUS-EC2-014:\n    max_stopped_days: ten\n", 3, `must be a whole number, not "ten"`},
		{"parameter a fraction", "parameters:\n  ONUS-EC2-014:\n    max_stopped_days: 7.5\n", 3, "whole number"},
		{"parameter a mapping", "parameters:\n  ONUS-EC2-014:\n    max_stopped_days: {a: 1}\n", 3, "single value"},
		{"parameter list item not a number", "parameters:\n  ONUS-VPC-003:\n    authorized_tcp_ports: [80, https]\n", 3, `not "https"`},
		{"parameter range backwards", "parameters:\n  ONUS-VPC-003:\n    authorized_tcp_ports: [1025-1020]\n", 3, `whole number or a range (1020-1025), not "1025-1020"`},
		{"range in a one-number parameter", "parameters:\n  ONUS-EC2-014:\n    max_stopped_days: 1-5\n", 3, `must be a whole number, not "1-5"`},
		{"parameter twice", "parameters:\n  ONUS-EC2-014:\n    max_stopped_days: 1\n    max_stopped_days: 2\n", 4, "duplicate key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("cfg.yaml", []byte(c.in))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("want *Error, got %v", err)
			}
			if ce.Line != c.line || !strings.Contains(ce.Msg, c.msg) || ce.File != "cfg.yaml" {
				t.Errorf("got %q (line %d), want line %d containing %q", err, ce.Line, c.line, c.msg)
			}
			if !strings.HasPrefix(err.Error(), "cfg.yaml:") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestFindLoad(t *testing.T) {
	dir := t.TempDir()
	if _, ok := Find(dir); ok {
		t.Fatal("found a config in an empty dir")
	}
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "main.tf")
	os.WriteFile(tf, nil, 0o644)
	for _, root := range []string{dir, tf} {
		got, ok := Find(root)
		if !ok || got != p {
			t.Errorf("Find(%s) = %s %v", root, got, ok)
		}
	}
	c, err := Load(p)
	if err != nil || len(c.Suppressions) != 2 {
		t.Fatalf("Load: %v", err)
	}
	var ce *Error
	if _, err := Load(filepath.Join(dir, "nope.yaml")); !errors.As(err, &ce) {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{good, "", "suppressions:\n  - control: [\n", "a: &x [*x]\n", "attestations: {}\n",
		"suppressions:\n  - {control: A, reason: r, tags: {a: b}}\n", "ami_allow_list: [ami-12345678]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse("f.yaml", b)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
		var ce *Error
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}

func TestParams(t *testing.T) {
	c, err := Parse("cfg.yaml", []byte("version: 1\nparameters:\n  ONUS-X-001:\n    max_days: 14\n    min_len: \"20\"\n  ONUS-Y-002: {limit: 3}\n  ONUS-P-004:\n    ports: [80, 443, 1020-1022]\n    none: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"ONUS-X-001", "max_days", []int{14}, false, 4, 15}, {"ONUS-X-001", "min_len", []int{20}, false, 5, 14},
		{"ONUS-Y-002", "limit", []int{3}, false, 6, 23}, {"ONUS-P-004", "ports", []int{80, 443, 1020, 1021, 1022}, true, 8, 12}, {"ONUS-P-004", "none", []int{}, true, 9, 11}}
	if d := cmp.Diff(want, c.Params); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	v := c.ParamsValue()["ONUS-X-001"]["max_days"]
	if n, ok := v.Get(); !ok || len(n) != 1 || n[0] != 14 || v.Prov().Loc.File != "cfg.yaml" || v.Prov().Loc.Start.Line != 4 {
		t.Errorf("setting %+v", v)
	}
	var none *Config
	if none.ParamsValue() != nil || none.CheckParams(nil) != nil {
		t.Error("a missing config sets and checks nothing")
	}

	cat := []*control.Control{
		{ID: "ONUS-X-001", Params: []control.Param{
			{Control: "ONUS-X-001", Name: "max_days", Unit: "days", Default: 30, Min: 1, Max: 365},
			{Control: "ONUS-X-001", Name: "min_len", Unit: "characters", Default: 14, Min: 6, Max: 128}}},
		{ID: "ONUS-Y-002", Params: []control.Param{{Control: "ONUS-Y-002", Name: "limit", Unit: "days", Default: 5, Min: 1, Max: 10}}},
		{ID: "ONUS-Z-003"},
		{ID: "ONUS-P-004", Params: []control.Param{
			{Control: "ONUS-P-004", Name: "ports", Unit: "port", List: true, DefaultList: []int{80, 443}, Min: 1, Max: 65535},
			{Control: "ONUS-P-004", Name: "none", Unit: "port", List: true, Min: 1, Max: 65535}}},
	}
	if err := c.CheckParams(cat); err != nil {
		t.Fatalf("valid parameters rejected: %v", err)
	}
	bad := []struct {
		in   string
		line int
		msg  string
	}{
		{"parameters:\n  ONUS-NOPE-001:\n    max_days: 1\n", 3, "ONUS-NOPE-001 is not a control"},
		{"parameters:\n  ONUS-Z-003:\n    max_days: 1\n", 3, "ONUS-Z-003 has no parameters"},
		{"parameters:\n  ONUS-X-001:\n    max_day: 1\n", 3, `no parameter "max_day" (it has max_days, min_len)`},
		{"parameters:\n  ONUS-X-001:\n    max_days: 0\n", 3, "between 1 and 365 days, not 0"},
		{"parameters:\n  ONUS-Y-002:\n    limit: 11\n", 3, "between 1 and 10 days, not 11"},
		{"parameters:\n  ONUS-Y-002:\n    limit: -1\n", 3, "not -1"},
		{"parameters:\n  ONUS-Y-002:\n    limit: [1, 2]\n", 3, "takes one number, not a list"},
		{"parameters:\n  ONUS-P-004:\n    ports: [80, 70000]\n", 3, "between 1 and 65535, not 70000"},
	}
	for _, b := range bad {
		c, err := Parse("cfg.yaml", []byte(b.in))
		if err != nil {
			t.Fatalf("%q: %v", b.in, err)
		}
		err = c.CheckParams(cat)
		var ce *Error
		if !errors.As(err, &ce) || ce.Line != b.line || !strings.Contains(ce.Msg, b.msg) || !strings.HasPrefix(err.Error(), "cfg.yaml:") {
			t.Errorf("%q: got %v, want line %d with %q", b.in, err, b.line, b.msg)
		}
	}
}

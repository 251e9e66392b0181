package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rjson "github.com/onus-sec/onus/report/json"
)

// TestE2EBaseline is the adoption workflow: record today's findings, then
// fail only on new ones. Adding an insecure bucket to a copy of the mixed
// example must fail the run with exactly that bucket's findings, while the
// recorded ones are reported as suppressed by the baseline.
func TestE2EBaseline(t *testing.T) {
	chdirRoot(t)
	dir := filepath.Join(t.TempDir(), "estate")
	copyDir(t, "examples/terraform/web-app", dir)
	base := filepath.Join(t.TempDir(), "onus-baseline.json")
	if code, _, errOut := e2e(t, "scan", dir, "--format", "json", "--output", base); code != 1 {
		t.Fatalf("recording the baseline: exit %d, want 1 (the example fails): %s", code, errOut)
	}

	code, out, errOut := e2e(t, "scan", dir, "--baseline", base)
	if code != 0 {
		t.Errorf("unchanged estate against its baseline: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "baseline "+base+": ") || !strings.Contains(out, "0 of its") {
		t.Errorf("table does not summarise the baseline:\n%s", out)
	}

	extra := "resource \"aws_s3_bucket\" \"added_later\" {\n  bucket = \"added-later-bucket\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "added.tf"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = e2e(t, "scan", dir, "--baseline", base, "--format", "json")
	if code != 1 {
		t.Fatalf("new insecure bucket: exit %d, want 1", code)
	}
	d := parse(t, out)
	newFails := 0
	for _, r := range d.Results {
		if r.Outcome != "FAIL" {
			continue
		}
		if r.Suppressed == nil {
			newFails++
			if r.Resource.Address != "aws_s3_bucket.added_later" {
				t.Errorf("%s on %s fails as new, but the baseline had it", r.Control.ID, r.Resource.Address)
			}
		} else if r.Resource.Address == "aws_s3_bucket.added_later" {
			t.Errorf("%s on the new bucket is suppressed (%s)", r.Control.ID, r.Suppressed.Reason)
		}
	}
	if newFails == 0 {
		t.Error("the new bucket has no unsuppressed FAIL")
	}

	for _, bad := range []struct{ file, content, want string }{
		{"missing.json", "", "no such file"},
		{"table.txt", "onus dev · target x\n", "table.txt:1:1: not an onus JSON report"},
	} {
		p := filepath.Join(t.TempDir(), bad.file)
		if bad.content != "" {
			if err := os.WriteFile(p, []byte(bad.content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, _, errOut := e2e(t, "scan", dir, "--baseline", p)
		if code != 2 || !strings.Contains(errOut, bad.want) {
			t.Errorf("--baseline %s: exit %d, stderr %q; want exit 2 naming %q", bad.file, code, errOut, bad.want)
		}
	}
}

// TestE2ETrustedAccounts: trusted_accounts in .onus.yaml reaches
// ONUS-IAM-026 through the real wiring. A deploy role trusted by the
// organisation's tooling account is UNKNOWN without the setting (Terraform
// does not say which account the role is in, so it may be a third party's)
// and passes, naming the setting, with it.
func TestE2ETrustedAccounts(t *testing.T) {
	dir := t.TempDir()
	tf := `resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:role/ci" }
    }]
  })
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	outcome := func() (string, string) {
		_, out, errOut := e2e(t, "scan", dir, "--format", "json", "--fail-on", "none")
		for _, r := range parse(t, out).Results {
			if r.Control.ID == "ONUS-IAM-026" {
				return r.Outcome, r.Reason
			}
		}
		t.Fatalf("no ONUS-IAM-026 result: %s", errOut)
		return "", ""
	}
	if o, reason := outcome(); o != "UNKNOWN" {
		t.Errorf("without trusted_accounts: %s (%s), want UNKNOWN", o, reason)
	}
	cfg := "trusted_accounts:\n  - \"444455556666\"\n"
	if err := os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if o, reason := outcome(); o != "PASS" || !strings.Contains(reason, "trusted_accounts") {
		t.Errorf("with trusted_accounts: %s (%s), want PASS naming the setting", o, reason)
	}
	if err := os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte("trusted_accounts:\n  - 44445555666\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := e2e(t, "scan", dir); code != 2 || !strings.Contains(errOut, ".onus.yaml:2") {
		t.Errorf("malformed account: exit %d, stderr %q; want exit 2 naming .onus.yaml:2", code, errOut)
	}
}

// TestE2EParams: a control parameter in .onus.yaml reaches the check
// through the real wiring, is listed by the table and the JSON document,
// and is cited by the result; a typo or an out-of-range value stops the
// scan (exit 2) naming the line instead of leaving the default in force.
func TestE2EParams(t *testing.T) {
	dir := t.TempDir()
	tf := `resource "aws_db_instance" "db" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 10
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	result := func() (rjson.Result, rjson.Document) {
		_, out, errOut := e2e(t, "scan", dir, "--format", "json", "--fail-on", "none")
		var d rjson.Document
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		for _, r := range d.Results {
			if r.Control.ID == "ONUS-RDS-002" {
				return r, d
			}
		}
		t.Fatalf("no ONUS-RDS-002 result: %s", errOut)
		return rjson.Result{}, d
	}
	if r, d := result(); r.Outcome != "PASS" || len(d.Parameters) != 0 || r.Control.Title != "RDS automated backups are kept for at least 7 days" {
		t.Errorf("default 7 days: %s (%s), title %q, parameters %v; want PASS, the default in the title and none listed", r.Outcome, r.Reason, r.Control.Title, d.Parameters)
	}
	cfg := "version: 1\nparameters:\n  ONUS-RDS-002:\n    min_backup_retention_days: 14\n"
	if err := os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	r, d := result()
	if r.Outcome != "FAIL" || !strings.Contains(r.Reason, "below 14 days, min_backup_retention_days set in") {
		t.Errorf("with 14 days: %s (%s), want FAIL naming the setting", r.Outcome, r.Reason)
	}
	// The title and the fix say 14 too: a FAIL under "at least 7 days"
	// on a 10-day retention would contradict itself.
	if r.Control.Title != "RDS automated backups are kept for at least 14 days" || r.Remediation == nil || !strings.Contains(r.Remediation.Terraform, "backup_retention_period = 14") {
		t.Errorf("with 14 days: title %q, remediation %+v", r.Control.Title, r.Remediation)
	}
	if len(d.Parameters) != 1 || fmt.Sprint(d.Parameters[0].Value) != "14" || fmt.Sprint(d.Parameters[0].Default) != "7" || d.Parameters[0].Location.StartLine != 4 {
		t.Errorf("JSON parameters %+v", d.Parameters)
	}
	if _, out, _ := e2e(t, "scan", dir, "--fail-on", "none"); !strings.Contains(out, "parameter ONUS-RDS-002 min_backup_retention_days = 14 days (default 7 days)") {
		t.Errorf("the table does not list the parameter:\n%s", out)
	}
	for _, bad := range []string{
		"parameters:\n  ONUS-RDS-002:\n    min_backup_retention: 14\n",
		"parameters:\n  ONUS-RDS-002:\n    min_backup_retention_days: 36\n",
		"parameters:\n  ONUS-RDS-999:\n    min_backup_retention_days: 14\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := e2e(t, "scan", dir); code != 2 || !strings.Contains(errOut, ".onus.yaml:3") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 naming .onus.yaml:3", bad, code, errOut)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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

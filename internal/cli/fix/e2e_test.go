package fix

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
)

func tfLoad(ctx context.Context, dir string, v load.Vars) (*model.Estate, diag.List) {
	return terraform.Load(ctx, dir, terraform.Options{Vars: v.TFVars, VarFiles: v.TFVarFiles})
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

type key struct{ control, resource string }

func scanOutcomes(t *testing.T, deps scan.Deps, dir string) map[key]control.Outcome {
	t.Helper()
	res, err := deps.Loaders.Paths(context.Background(), []string{dir}, load.Vars{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[key]control.Outcome{}
	for _, r := range control.Run(context.Background(), res.Estate, deps.Catalog()).Slice() {
		out[key{r.Control.ID, stripKey(r.Resource.Address)}] = r.Outcome
	}
	return out
}

// TestFixExample applies onus fix to a copy of the bundled web-app example
// and scans it again: every control it fixed now passes on that resource.
func TestFixExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "web-app")
	copyDir(t, "../../../examples/terraform/web-app", dir)
	deps := scan.Deps{Catalog: catalog.All, Loaders: load.Loaders{Terraform: tfLoad}}

	before := scanOutcomes(t, deps, dir)
	io, _, out, errOut := iostreams.Test()
	if err := Run(context.Background(), &Options{IO: io, Deps: deps, Paths: []string{dir}, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	diff := out.String()
	t.Logf("dry run:\n%s\n%s", diff, errOut.String())

	io, _, out, _ = iostreams.Test()
	if err := Run(context.Background(), &Options{IO: io, Deps: deps, Paths: []string{dir}}); err != nil {
		t.Fatal(err)
	}
	after := scanOutcomes(t, deps, dir)
	var fixed []string
	for _, k := range fixedKeys(out.String()) {
		fixed = append(fixed, k.control)
		if before[k] != control.Fail {
			t.Errorf("%v was %s before the fix, want FAIL", k, before[k])
		}
		if after[k] != control.Pass {
			t.Errorf("%v is %s after the fix, want PASS", k, after[k])
		}
	}
	for _, want := range []string{"ONUS-RDS-002", "ONUS-EC2-001", "ONUS-CT-002"} {
		found := false
		for _, f := range fixed {
			found = found || f == want
		}
		if !found {
			t.Errorf("%s was not fixed on the example; fixed: %v", want, fixed)
		}
	}
	if !strings.Contains(diff, `+    http_tokens = "required"`) || !strings.Contains(diff, "+  enable_log_file_validation = true") {
		t.Errorf("dry-run diff lacks the expected edits:\n%s", diff)
	}
	// Nothing else changed: every control that passed before still passes.
	for k, o := range before {
		if o == control.Pass && after[k] != control.Pass {
			t.Errorf("%v passed before the fix and is %s after", k, after[k])
		}
	}
}

const everyFix = `resource "aws_db_instance" "a" {
  engine                     = "postgres"
  instance_class             = "db.t3.micro"
  storage_encrypted          = false
  publicly_accessible        = true
  auto_minor_version_upgrade = false
  backup_retention_period    = 0
}

resource "aws_rds_cluster" "c" {
  engine            = "aurora-postgresql"
  storage_encrypted = false
}

resource "aws_cloudtrail" "t" {
  name                          = "t"
  s3_bucket_name                = "b"
  is_multi_region_trail         = true
  include_global_service_events = false
  enable_logging                = false
}

resource "aws_subnet" "s" {
  vpc_id                  = "vpc-1"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.12"
  handler       = "h"
  filename      = "f.zip"
}

resource "aws_instance" "i" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 1
}
`

// TestEveryFix checks the whole fix table against the real Terraform source
// and controls: each entry turns a FAIL into a PASS.
func TestEveryFix(t *testing.T) {
	deps := scan.Deps{Catalog: catalog.All, Loaders: load.Loaders{Terraform: tfLoad}}
	covered, stderr := fixAll(t, deps, "main.tf", everyFix)
	for _, fx := range Fixes() {
		if !covered[fx.Control] {
			t.Errorf("fix for %s was not exercised (stderr: %s)", fx.Control, stderr)
		}
	}
}

// fixAll writes src to a fresh directory, runs onus fix on it and checks
// that every fix it reports turned a FAIL into a PASS; it returns the
// controls fixed and the command's standard error.
func fixAll(t *testing.T, deps scan.Deps, name, src string) (map[string]bool, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	before := scanOutcomes(t, deps, dir)
	io, _, out, errOut := iostreams.Test()
	if err := Run(context.Background(), &Options{IO: io, Deps: deps, Paths: []string{dir}}); err != nil {
		t.Fatal(err)
	}
	after := scanOutcomes(t, deps, dir)
	covered := map[string]bool{}
	for _, k := range fixedKeys(out.String()) {
		if before[k] != control.Fail || after[k] != control.Pass {
			t.Errorf("%v: %s before, %s after; want FAIL then PASS", k, before[k], after[k])
		}
		covered[k.control] = true
	}
	return covered, errOut.String()
}

// fixedKeys parses onus fix's "fixed CONTROL RESOURCE: ..." lines.
func fixedKeys(out string) []key {
	var ks []key
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "fixed" {
			continue
		}
		ks = append(ks, key{f[1], strings.TrimSuffix(f[2], ":")})
	}
	return ks
}

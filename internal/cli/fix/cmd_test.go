package fix

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// miniLoad reads aws_db_instance blocks' storage_encrypted (absent = false),
// enough for the verb test to re-scan what it fixed. The real Terraform
// source is tested on the bundled examples in e2e_test.go.
func miniLoad(_ context.Context, dir string, _ load.Vars) (*model.Estate, diag.List) {
	e := &model.Estate{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		file, d := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if d.HasErrors() {
			return e, diag.List{{Severity: diag.Error, Summary: d.Error()}}
		}
		for _, b := range file.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" || b.Labels[0] != "aws_db_instance" {
				continue
			}
			r := b.Range()
			loc := source.Loc{File: f, Start: source.Pos{Line: r.Start.Line, Column: r.Start.Column}, End: source.Pos{Line: r.End.Line}}
			enc := source.Known(false, source.At(loc))
			if a, ok := b.Body.Attributes["storage_encrypted"]; ok {
				v, _ := a.Expr.Value(nil)
				enc = source.Known(v.True(), source.At(loc))
			}
			e.RDSInstances = append(e.RDSInstances, &rds.Instance{
				Meta:             base.Meta{Type: "aws_db_instance", Address: "aws_db_instance." + b.Labels[1], Source: source.Terraform, Loc: loc},
				StorageEncrypted: enc,
			})
		}
	}
	return e, nil
}

func testCatalog() []*control.Control {
	return []*control.Control{{ID: "ONUS-RDS-001", Title: "encrypted", Severity: control.High, Service: "rds", Layer: "data-protection",
		Check: func(e *model.Estate) []control.Result {
			var out []control.Result
			for _, i := range e.RDSInstances {
				out = append(out, control.On(&i.Meta).Bool(i.StorageEncrypted, true, "storage_encrypted"))
			}
			return out
		}}}
}

func outcomes(t *testing.T, deps scan.Deps, dir string) map[string]control.Outcome {
	t.Helper()
	res, err := deps.Loaders.Paths(context.Background(), []string{dir}, load.Vars{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]control.Outcome{}
	for _, r := range control.Run(context.Background(), res.Estate, deps.Catalog()).Slice() {
		out[r.Resource.Address] = r.Outcome
	}
	return out
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "db.tf")
	src := "resource \"aws_db_instance\" \"a\" {\n  engine = \"postgres\" # pg\n}\n\nresource \"aws_db_instance\" \"b\" {\n  storage_encrypted = false\n}\n"
	os.WriteFile(tf, []byte(src), 0o644)
	os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte("suppressions:\n  - control: ONUS-RDS-001\n    resource: aws_db_instance.b\n    reason: scratch database\n"), 0o644)
	deps := scan.Deps{Catalog: testCatalog, Loaders: load.Loaders{Terraform: miniLoad}}

	// Dry run: a diff on stdout, nothing written.
	io, _, out, errOut := iostreams.Test()
	cmd := NewCmd(io, deps, nil)
	cmd.SetArgs([]string{"--dry-run", dir})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "+  storage_encrypted = true") || !strings.Contains(out.String(), "--- ") {
		t.Errorf("dry-run diff:\n%s", out.String())
	}
	if b, _ := os.ReadFile(tf); string(b) != src {
		t.Error("dry run changed the file")
	}
	if !strings.Contains(errOut.String(), "1 change(s) in 1 file(s) would be made") {
		t.Errorf("stderr: %s", errOut.String())
	}

	// Apply, then re-scan: the fixed resource passes, the suppressed one is untouched.
	io, _, out, _ = iostreams.Test()
	cmd = NewCmd(io, deps, nil)
	cmd.SetArgs([]string{dir})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "fixed ONUS-RDS-001 aws_db_instance.a: storage_encrypted = true") {
		t.Errorf("stdout: %s", out.String())
	}
	got := outcomes(t, deps, dir)
	if got["aws_db_instance.a"] != control.Pass || got["aws_db_instance.b"] != control.Fail {
		t.Errorf("after fix: %v", got)
	}
	if b, _ := os.ReadFile(tf); !strings.Contains(string(b), "  engine = \"postgres\" # pg\n  storage_encrypted = true\n") {
		t.Errorf("comment or alignment lost:\n%s", b)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "db.tf"), []byte("resource \"aws_db_instance\" \"a\" {}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte("suppressions:\n  - control: ONUS-RDS-001\n"), 0o644)
	deps := scan.Deps{Catalog: testCatalog, Loaders: load.Loaders{Terraform: miniLoad}}
	cases := []struct {
		name string
		args []string
		want any
	}{
		{"no path", nil, &cmdutil.UsageError{}},
		{"bad config", []string{dir}, &cmdutil.InputError{}},
		{"missing path", []string{filepath.Join(dir, "nope")}, &cmdutil.InputError{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			io, _, _, _ := iostreams.Test()
			cmd := NewCmd(io, deps, nil)
			cmd.SetArgs(c.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			switch c.want.(type) {
			case *cmdutil.UsageError:
				var ue *cmdutil.UsageError
				if !errors.As(err, &ue) {
					t.Errorf("got %v", err)
				}
			case *cmdutil.InputError:
				var ie *cmdutil.InputError
				if !errors.As(err, &ie) {
					t.Errorf("got %T %v", err, err)
				}
			}
		})
	}
}

// TestRunParams: with a parameter in .onus.yaml, fix judges and edits to
// the user's threshold (14 days, not the default 7), so the re-scan with
// the same configuration passes; a bad parameter stops it like scan.
func TestRunParams(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "db.tf")
	os.WriteFile(tf, []byte("resource \"aws_db_instance\" \"a\" {\n  engine                  = \"postgres\"\n  instance_class          = \"db.t3.micro\"\n  backup_retention_period = 7\n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte("parameters:\n  ONUS-RDS-002:\n    min_backup_retention_days: 14\n"), 0o644)
	rds2 := func() []*control.Control {
		for _, c := range catalog.All() {
			if c.ID == "ONUS-RDS-002" {
				return []*control.Control{c}
			}
		}
		t.Fatal("no ONUS-RDS-002")
		return nil
	}
	tfLoad := func(ctx context.Context, dir string, _ load.Vars) (*model.Estate, diag.List) {
		return terraform.Load(ctx, dir, terraform.Options{})
	}
	deps := scan.Deps{Catalog: rds2, Loaders: load.Loaders{Terraform: tfLoad}}
	io, _, out, errOut := iostreams.Test()
	cmd := NewCmd(io, deps, nil)
	cmd.SetArgs([]string{dir})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), "fixed ONUS-RDS-002 aws_db_instance.a: backup_retention_period = 14") {
		t.Fatalf("stdout: %s\nstderr: %s", out.String(), errOut.String())
	}
	if b, _ := os.ReadFile(tf); !strings.Contains(string(b), "backup_retention_period = 14") {
		t.Errorf("file:\n%s", b)
	}
	os.WriteFile(filepath.Join(dir, ".onus.yaml"), []byte("parameters:\n  ONUS-RDS-002:\n    min_backup_retention_days: 99\n"), 0o644)
	cmd = NewCmd(io, deps, nil)
	cmd.SetArgs([]string{dir})
	var in *cmdutil.InputError
	if err := cmd.Execute(); !errors.As(err, &in) || !strings.Contains(err.Error(), ".onus.yaml:3") {
		t.Errorf("out-of-range parameter: %v", err)
	}
}

package fix

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

const mainTF = `# Database for the shop.
resource "aws_db_instance" "main" {
  identifier              = "shop" # keep this name
  engine                  = "postgres"
  storage_encrypted       = false
  backup_retention_period = 1
}

resource "aws_instance" "app" {
  count         = 2
  ami           = "ami-12345678"
  instance_type = "t3.small" // small is enough
}

resource "aws_cloudtrail" "main" {
  name = "trail"
  enable_log_file_validation = var.validate
}

resource "aws_db_instance" "replica" {
  backup_retention_period = 14
}
`

func fail(id, typ, addr, file string) control.Result {
	return control.Result{Control: &control.Control{ID: id}, Outcome: control.Fail,
		Resource: &control.Ref{Type: typ, Address: addr, Source: source.Terraform, Loc: source.Loc{File: file, Start: source.Pos{Line: 1}}}}
}

func TestPlan(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(file, []byte(mainTF), 0o600); err != nil {
		t.Fatal(err)
	}
	rs := []control.Result{
		fail("ONUS-RDS-001", "aws_db_instance", "aws_db_instance.main", file),
		fail("ONUS-RDS-002", "aws_db_instance", "aws_db_instance.main", file),
		fail("ONUS-RDS-005", "aws_db_instance", "aws_db_instance.main", file),
		fail("ONUS-EC2-001", "aws_instance", "aws_instance.app[0]", file),
		fail("ONUS-EC2-001", "aws_instance", "aws_instance.app[1]", file),
		fail("ONUS-CT-002", "aws_cloudtrail", "aws_cloudtrail.main", file),
		fail("ONUS-RDS-002", "aws_db_instance", "aws_db_instance.replica", file),
		fail("ONUS-S3-005", "aws_s3_bucket", "aws_s3_bucket.b", file), // no single-attribute fix
		fail("ONUS-RDS-003", "aws_db_instance", "module.db.aws_db_instance.this", file),
		{Control: &control.Control{ID: "ONUS-RDS-001"}, Outcome: control.Fail,
			Resource: &control.Ref{Type: "AWS::RDS::DBInstance", Address: "Db", Source: source.CloudFormation}},
		{Control: &control.Control{ID: "ONUS-RDS-009"}, Outcome: control.Pass,
			Resource: &control.Ref{Type: "aws_db_instance", Address: "aws_db_instance.main", Source: source.Terraform, Loc: source.Loc{File: file}}},
		fail("ONUS-RDS-006", "aws_db_instance", "aws_db_instance.main", file), // suppressed below
	}
	skip := func(i int) bool { return i == len(rs)-1 }
	p, err := Make(control.ResultsOf(rs...), skip, Fixes(), ReadFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 {
		t.Fatalf("%d files", len(p.Files))
	}
	got := string(p.Files[0].New)
	golden.Check(t, "testdata/main.tf.fixed", []byte(got), *update)
	diff := strings.ReplaceAll(p.Diff(), filepath.ToSlash(dir), "DIR")
	golden.Check(t, "testdata/main.tf.diff", []byte(diff), *update)

	for _, want := range []string{
		"# Database for the shop.", `identifier              = "shop" # keep this name`, "// small is enough",
		"storage_encrypted       = true", "backup_retention_period = 7", "deletion_protection     = true",
		"metadata_options {\n    http_tokens = \"required\"\n  }",
		"enable_log_file_validation = var.validate", "backup_retention_period = 14",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("fixed file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "auto_minor_version_upgrade") {
		t.Error("a suppressed result was fixed")
	}
	if strings.Count(got, "metadata_options") != 1 {
		t.Error("count instances fixed twice")
	}
	skipped := map[string]string{}
	for _, s := range p.Skipped {
		skipped[s.Control+" "+s.Resource] = s.Reason
	}
	for k, frag := range map[string]string{
		"ONUS-CT-002 aws_cloudtrail.main":             "expression (var.validate)",
		"ONUS-RDS-002 aws_db_instance.replica":        "already 14",
		"ONUS-RDS-003 module.db.aws_db_instance.this": "module",
	} {
		if !strings.Contains(skipped[k], frag) {
			t.Errorf("skip %s: %q, want it to mention %q", k, skipped[k], frag)
		}
	}
	if len(p.Changes) != 4 {
		t.Errorf("changes %+v", p.Changes)
	}
	// Apply writes the file and keeps its mode.
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	fi, _ := os.Stat(file)
	if string(b) != got || fi.Mode().Perm() != 0o600 {
		t.Errorf("applied file differs or mode changed (%v)", fi.Mode())
	}
	// A second plan on the fixed file has nothing left to do.
	p2, err := Make(control.ResultsOf(rs[:3]...), nil, Fixes(), ReadFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Files) != 0 {
		t.Errorf("fix is not idempotent:\n%s", p2.Diff())
	}
}

func TestPlanBadFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.tf")
	os.WriteFile(file, []byte("resource \"aws_db_instance\" \"x\" {\n  a = \n"), 0o644)
	p, err := Make(control.ResultsOf(fail("ONUS-RDS-001", "aws_db_instance", "aws_db_instance.x", file)), nil, Fixes(), ReadFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 0 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Reason, "does not parse") {
		t.Errorf("%+v", p)
	}
	if _, err := Make(control.ResultsOf(fail("ONUS-RDS-001", "aws_db_instance", "aws_db_instance.x", filepath.Join(dir, "gone.tf"))), nil, Fixes(), ReadFS); err == nil {
		t.Error("missing file: want error")
	}
}

func TestFixTable(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Fixes() {
		for _, typ := range f.Types {
			k := f.Control + " " + typ
			if seen[k] {
				t.Errorf("duplicate fix %s", k)
			}
			seen[k] = true
		}
		if f.Attr == "" || f.Value.IsNull() || !f.Value.IsKnown() {
			t.Errorf("%s: incomplete fix", f.Control)
		}
	}
}

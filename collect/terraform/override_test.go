package terraform

import (
	"strings"
	"testing"
)

func TestIsOverrideFile(t *testing.T) {
	for name, want := range map[string]bool{
		"override.tf": true, "override.tf.json": true, "dev_override.tf": true, "x/a_override.tf.json": true,
		"main.tf": false, "overrides.tf": false, "override_main.tf": false, "myoverride.tf": false,
	} {
		if got := isOverrideFile(name); got != want {
			t.Errorf("isOverrideFile(%q) = %v", name, got)
		}
	}
}

// Override files merge into the original blocks instead of declaring
// duplicates: arguments replace, nested blocks of a type replace all of
// that type, locals replace by name; the original's other arguments stay.
func TestOverrideFiles(t *testing.T) {
	e, ds := load(t, map[string]string{
		"main.tf": `locals { n = "base" }
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  monitoring    = false
  metadata_options {
    http_tokens = "optional"
  }
}
resource "aws_s3_bucket" "b" { bucket = "${local.n}-x" }
`,
		"override.tf": `locals { n = "over" }`,
		"hardening_override.tf": `resource "aws_instance" "web" {
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}
resource "aws_s3_bucket" "b" { bucket = "${local.n}-y" }
`,
		"z_override.tf.json": `{"resource": {"aws_instance": {"web": {"monitoring": true}}}}`,
		"bad_override.tf":    `resource "aws_s3_bucket" "missing" { bucket = "m" }`,
	}, Options{})
	if len(e.EC2Instances) != 1 || len(e.S3Buckets) != 1 {
		t.Fatalf("instances %d, buckets %d (diags %v)", len(e.EC2Instances), len(e.S3Buckets), ds)
	}
	in := e.EC2Instances[0]
	if got := known(t, "http_tokens", in.HTTPTokens); got != "required" {
		t.Errorf("http_tokens %q", got)
	}
	if l := in.HTTPTokens.Prov().Loc; !strings.HasSuffix(l.File, "hardening_override.tf") {
		t.Errorf("http_tokens provenance %v, want the override file", l)
	}
	if got := known(t, "monitoring", in.Monitoring); !got {
		t.Error("monitoring from the JSON override not applied")
	}
	if got := known(t, "ami", in.ImageID); got != "ami-12345678" {
		t.Errorf("ami %q: the original's other arguments must stay", got)
	}
	if got := known(t, "bucket", e.S3Buckets[0].Name); got != "over-y" {
		t.Errorf("bucket %q, want over-y", got)
	}
	var dup, orphan int
	for _, d := range ds {
		if strings.Contains(d.Summary, "duplicate") {
			dup++
		}
		if strings.Contains(d.Summary, "has no original") && d.Subject.Start.Line == 1 && strings.HasSuffix(d.Subject.File, "bad_override.tf") {
			orphan++
		}
	}
	if dup != 0 || orphan != 1 {
		t.Errorf("diagnostics %v: want no duplicate and one orphan override at bad_override.tf:1", ds)
	}
}

package terraform

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
)

// Values the configuration cannot determine stay UNKNOWN with a reason
// that names the cause; they never fall back to a default.
func TestUnknownsStayUnknown(t *testing.T) {
	t.Run("variable without value", func(t *testing.T) {
		e, _ := load(t, tf(`
variable "encrypt" { type = bool }
resource "aws_db_instance" "d" {
  identifier        = "d"
  engine            = "postgres"
  storage_encrypted = var.encrypt
}`), Options{})
		unknown(t, "storage_encrypted", e.RDSInstances[0].StorageEncrypted, `variable "encrypt"`)
	})
	t.Run("variable flows through locals and functions", func(t *testing.T) {
		e, _ := load(t, tf(`
variable "cidr" {}
locals { cidrs = [cidrsubnet(var.cidr, 8, 0)] }
resource "aws_security_group" "g" {
  name = "g"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = local.cidrs
  }
}`), Options{})
		in := known(t, "ingress", e.SecurityGroups[0].Ingress)
		unknown(t, "cidrs", in[0].CIDRs, `variable "cidr"`)
		if p := known(t, "ports", in[0].Ports); p.From != 22 {
			t.Fatal("the known parts of the rule stay known")
		}
	})
	t.Run("data source", func(t *testing.T) {
		e, _ := load(t, tf(`
data "aws_kms_alias" "k" { name = "alias/x" }
resource "aws_ebs_volume" "v" {
  availability_zone = "a"
  encrypted         = data.aws_kms_alias.k.id != ""
}`), Options{})
		unknown(t, "encrypted", e.EBSVolumes[0].Encrypted, "data source")
	})
	t.Run("remote module output", func(t *testing.T) {
		e, d := load(t, tf(`
module "vpc" { source = "terraform-aws-modules/vpc/aws" }
resource "aws_instance" "i" {
  ami       = "ami-1"
  subnet_id = module.vpc.private_subnets[0]
}`), Options{})
		unknown(t, "subnet", e.EC2Instances[0].SubnetID, "module source not local")
		if !hasDiag(d, "not local") {
			t.Fatalf("want a diagnostic for the remote module, got %v", d)
		}
	})
	t.Run("unknown for_each", func(t *testing.T) {
		e, d := load(t, tf(`
variable "names" { type = set(string) }
resource "aws_s3_bucket" "b" {
  for_each = var.names
  bucket   = each.key
}`), Options{})
		if len(e.S3Buckets) != 1 {
			t.Fatalf("want one instance checked, got %d", len(e.S3Buckets))
		}
		unknown(t, "name", e.S3Buckets[0].Name, `variable "names"`)
		if !hasDiag(d, "for_each") {
			t.Fatalf("want a diagnostic, got %v", d)
		}
	})
	t.Run("dynamic block with unknown for_each", func(t *testing.T) {
		e, _ := load(t, tf(`
variable "rules" {}
resource "aws_security_group" "g" {
  name = "g"
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value
      to_port   = ingress.value
      protocol  = "tcp"
    }
  }
}`), Options{})
		unknown(t, "ingress", e.SecurityGroups[0].Ingress, `variable "rules"`)
	})
	t.Run("split resource with unknown target", func(t *testing.T) {
		e, _ := load(t, tf(`
variable "bucket" {}
resource "aws_s3_bucket" "b" { bucket = "mine" }
resource "aws_s3_bucket_public_access_block" "p" {
  bucket            = var.bucket
  block_public_acls = true
}`), Options{})
		unknown(t, "public access block", e.S3Buckets[0].PublicAccessBlock, `variable "bucket"`)
	})
	t.Run("computed attribute", func(t *testing.T) {
		e, _ := load(t, tf(`
resource "aws_s3_bucket" "b" { bucket_prefix = "x-" }`), Options{})
		unknown(t, "name", e.S3Buckets[0].Name, "bucket_prefix")
	})
	t.Run("policy with a variable principal", func(t *testing.T) {
		e, _ := load(t, tf(`
variable "who" {}
resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.who }, Action = "s3:GetObject", Resource = "*" }] })
}`), Options{})
		unknown(t, "policy", e.S3Buckets[0].Policy, `variable "who"`)
	})
	t.Run("timestamp is known only at apply", func(t *testing.T) {
		e, _ := load(t, tf(`resource "aws_s3_bucket" "b" { bucket = "b-${timestamp()}" }`), Options{})
		unknown(t, "name", e.S3Buckets[0].Name, "apply time")
	})
}

func hasDiag(d diag.List, s string) bool {
	for _, x := range d {
		if strings.Contains(x.String(), s) {
			return true
		}
	}
	return false
}

// A syntax error names file:line:col and the rest of the directory is
// still read.
func TestSyntaxErrorKeepsScanning(t *testing.T) {
	e, d := load(t, map[string]string{
		"bad.tf":  "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n",
		"good.tf": `resource "aws_s3_bucket" "ok" { bucket = "ok" }`,
	}, Options{})
	if len(e.S3Buckets) != 1 || e.S3Buckets[0].Address != "aws_s3_bucket.ok" {
		t.Fatalf("good file not scanned: %+v", e.S3Buckets)
	}
	if !d.HasErrors() {
		t.Fatal("want an error diagnostic")
	}
	s := d[0].String()
	if !strings.Contains(s, "bad.tf:2:") && !strings.Contains(s, "bad.tf:3:") {
		t.Fatalf("diagnostic %q lacks file:line:col", s)
	}
}

func TestEvaluationErrorIsUnknownWithDiagnostic(t *testing.T) {
	e, d := load(t, tf(`resource "aws_s3_bucket" "b" { bucket = nosuchfunc("x") }`), Options{})
	unknown(t, "name", e.S3Buckets[0].Name, "could not be evaluated")
	if !d.HasErrors() || d[0].Subject.Start.Line != 1 {
		t.Fatalf("want an error at line 1, got %v", d)
	}
}

func TestInlineIgnores(t *testing.T) {
	e, _ := load(t, tf(`
# onus:ignore:ONUS-S3-001 public website, no data
resource "aws_s3_bucket" "site" {
  bucket = "site"
  # onus:ignore:ONUS-S3-009 logs go to CloudFront
  acl = "public-read"
}

resource "aws_s3_bucket" "other" { bucket = "other" }

module "m" {
  source = "./m"
  # onus:ignore:ONUS-S3-010 scratch space
  name = "scratch"
}`+"\n"), Options{})
	got := map[string][]string{}
	for _, b := range e.S3Buckets {
		for _, ig := range b.Ignores {
			got[b.Address] = append(got[b.Address], ig.Control+":"+ig.Reason)
		}
	}
	if len(got["aws_s3_bucket.site"]) != 2 || got["aws_s3_bucket.site"][0] != "ONUS-S3-001:public website, no data" {
		t.Fatalf("site ignores %v", got)
	}
	if len(got["aws_s3_bucket.other"]) != 0 {
		t.Fatalf("other has ignores %v", got["aws_s3_bucket.other"])
	}
}

func TestInlineIgnoresOnModuleCall(t *testing.T) {
	e, _ := load(t, map[string]string{
		"main.tf": `
module "m" {
  source = "./m"
  # onus:ignore:ONUS-S3-010 scratch space
  name = "scratch"
}`,
		"m/main.tf": `variable "name" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = var.name }`,
	}, Options{})
	if len(e.S3Buckets) != 1 || len(e.S3Buckets[0].Ignores) != 1 || e.S3Buckets[0].Ignores[0].Control != "ONUS-S3-010" {
		t.Fatalf("module call ignore not applied: %+v", e.S3Buckets)
	}
}

func TestLiterals(t *testing.T) {
	e, _ := load(t, tf(`
variable "db_password" {
  default   = "hunter2hunter2"
  sensitive = true
}
locals { api_token = "tok-123" }
provider "aws" {
  region     = "eu-west-1"
  secret_key = "AKIAEXAMPLESECRET"
}`), Options{})
	got := map[string]string{}
	for _, l := range e.Literals {
		got[l.Context+"/"+l.Key] = l.Value
		if l.Key == "db_password" && !l.Sensitive {
			t.Error("sensitive flag lost")
		}
		if l.Prov.Loc().Start.Line == 0 {
			t.Errorf("%s has no location", l.Key)
		}
	}
	for k, v := range map[string]string{
		"terraform variable default/db_password": "hunter2hunter2",
		"terraform local/api_token":              "tok-123",
		"terraform provider/secret_key":          "AKIAEXAMPLESECRET",
	} {
		if got[k] != v {
			t.Errorf("%s: got %q", k, got[k])
		}
	}
}

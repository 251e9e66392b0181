package terraform

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
)

// Terraform JSON syntax (.tf.json) reads into the same model as native
// syntax, with provenance at the JSON value.
func TestJSONConfiguration(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, e *model.Estate, d diag.List)
	}{
		{"templates, comments, literal variable defaults", map[string]string{"main.tf.json": `{
  "//": "generated",
  "variable": {
    "env": { "default": "dev" },
    "raw": { "default": "${not-a-template}" }
  },
  "locals": { "prefix": "app-${var.env}" },
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "//": "comment key, ignored",
        "bucket": "${local.prefix}-data",
        "tags": { "Env": "${var.env}", "Raw": "${var.raw}" }
      }
    }
  }
}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			b := e.S3Buckets[0]
			if n := known(t, "name", b.Name); n != "app-dev-data" {
				t.Fatalf("name %q", n)
			}
			if l := b.Name.Prov().Loc; l.File == "" || !strings.HasSuffix(l.File, "main.tf.json") || l.Start.Line != 12 {
				t.Fatalf("name provenance %v, want main.tf.json:12", l)
			}
			if b.Loc.Start.Line != 10 {
				t.Fatalf("resource line %d, want 10 (the \"b\" key)", b.Loc.Start.Line)
			}
			tags := known(t, "tags", b.Tags)
			if tags["Env"] != "dev" || tags["Raw"] != "${not-a-template}" {
				t.Fatalf("tags %v", tags)
			}
		}},
		{"mixed directory merges into one module", map[string]string{
			"main.tf": `variable "name" { default = "mixed" }
resource "aws_s3_bucket" "b" { bucket = var.name }`,
			"extra.tf.json": `{"resource": {"aws_s3_bucket_server_side_encryption_configuration": {"b": {
  "bucket": "${aws_s3_bucket.b.id}",
  "rule": [{
    "apply_server_side_encryption_by_default": {
      "sse_algorithm": "aws:kms"
    }
  }]
}}}}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			if len(e.S3Buckets) != 1 {
				t.Fatalf("%d buckets", len(e.S3Buckets))
			}
			enc := known(t, "encryption", e.S3Buckets[0].Encryption)
			if enc == nil || enc.Algorithm != "aws:kms" {
				t.Fatalf("encryption %+v", enc)
			}
			if l := e.S3Buckets[0].Encryption.Prov().Loc; !strings.HasSuffix(l.File, "extra.tf.json") {
				t.Fatalf("provenance %v", l)
			}
		}},
		{"nested object keeps the line of its JSON value", map[string]string{"main.tf.json": `{
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "v3",
        "versioning": {
          "enabled": true
        }
      }
    }
  }
}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			v := e.S3Buckets[0].Versioning
			if known(t, "versioning", v).Status != "Enabled" {
				t.Fatalf("versioning %+v", v)
			}
			if l := v.Prov().Loc; l.Start.Line != 6 {
				t.Fatalf("versioning provenance %v, want line 6", l)
			}
		}},
		{"count, for_each, provider alias and module", map[string]string{
			"main.tf.json": `{
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
  "variable": {"names": {"type": "set(string)", "default": ["a", "b"]}},
  "resource": {"aws_s3_bucket": {
    "each": {"for_each": "${var.names}", "bucket": "e-${each.key}", "provider": "aws.west"},
    "counted": [{"count": 2, "bucket": "c-${count.index}"}]
  }},
  "module": {"child": {"source": "./child", "name": "from-json"}}
}`,
			"child/main.tf": `variable "name" {}
resource "aws_s3_bucket" "m" { bucket = var.name }`,
		}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			got := map[string]string{}
			for _, b := range e.S3Buckets {
				got[b.Address] = known(t, b.Address, b.Name) + "@" + b.Region
			}
			want := map[string]string{`aws_s3_bucket.each["a"]`: "e-a@us-west-2", `aws_s3_bucket.each["b"]`: "e-b@us-west-2",
				"aws_s3_bucket.counted[0]": "c-0@us-east-1", "aws_s3_bucket.counted[1]": "c-1@us-east-1",
				"module.child.aws_s3_bucket.m": "from-json@us-east-1"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
				}
			}
		}},
		{"dynamic block", map[string]string{"main.tf.json": `{"resource": {"aws_security_group": {"g": {
  "dynamic": {"ingress": {
    "for_each": "${[22, 443]}",
    "content": {"from_port": "${ingress.value}", "to_port": "${ingress.value}", "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
  }}
}}}}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			in := known(t, "ingress", e.SecurityGroups[0].Ingress)
			if len(in) != 2 {
				t.Fatalf("%d rules", len(in))
			}
			if p := known(t, "ports", in[1].Ports); p.From != 443 {
				t.Fatalf("ports %+v", p)
			}
		}},
		{"policy document with statement arrays", map[string]string{"main.tf.json": `{
  "data": {"aws_iam_policy_document": {"d": {"statement": [{
    "effect": "Allow", "actions": ["s3:GetObject"], "resources": ["*"],
    "principals": [{"type": "*", "identifiers": ["*"]}]
  }]}}},
  "resource": {
    "aws_s3_bucket": {"b": {"bucket": "p"}},
    "aws_s3_bucket_policy": {"p": {"bucket": "${aws_s3_bucket.b.id}", "policy": "${data.aws_iam_policy_document.d.json}"}}
  }
}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			p := known(t, "policy", e.S3Buckets[0].Policy)
			if p == nil || len(p.Statements) != 1 || !p.Statements[0].Principal.All {
				t.Fatalf("policy %+v", p)
			}
		}},
		{"syntax error names file and line, other files still read", map[string]string{
			"main.tf":       `resource "aws_s3_bucket" "ok" { bucket = "ok" }`,
			"bad.tf.json":   "{\n  \"resource\": {\n    \"aws_s3_bucket\": {,\n  }\n}",
			"shape.tf.json": `{"resource": {"aws_s3_bucket": {"s": "not an object"}}}`,
		}, func(t *testing.T, e *model.Estate, d diag.List) {
			if len(e.S3Buckets) != 1 || e.S3Buckets[0].Address != "aws_s3_bucket.ok" {
				t.Fatalf("buckets %v", len(e.S3Buckets))
			}
			var bad, shape bool
			for _, x := range d {
				if x.Severity != diag.Error {
					continue
				}
				if strings.HasSuffix(x.Subject.File, "bad.tf.json") && x.Subject.Start.Line == 3 {
					bad = true
				}
				if strings.HasSuffix(x.Subject.File, "shape.tf.json") && x.Subject.Start.Line == 1 {
					shape = true
				}
			}
			if !bad || !shape {
				t.Fatalf("want errors at bad.tf.json:3 and shape.tf.json:1, got %v", d)
			}
		}},
		{"unresolved variable stays unknown", map[string]string{"main.tf.json": `{
  "variable": {"name": {}},
  "resource": {"aws_s3_bucket": {"b": {"bucket": "${var.name}"}}}
}`}, func(t *testing.T, e *model.Estate, d diag.List) {
			noErrors(t, d)
			unknown(t, "name", e.S3Buckets[0].Name, `variable "name" has no value`)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, c.files, Options{})
			c.check(t, e, d)
		})
	}
}

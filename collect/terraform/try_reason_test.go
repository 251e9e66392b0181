package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TestTryUnknownReasons: an unknown made by try or can says why (the
// variable, the apply-time function, the function onus does not have),
// never "unresolved expression"; a call to a function onus does not have
// is unknown, never the fallback argument.
func TestTryUnknownReasons(t *testing.T) {
	const head = `variable "cfg" {}
variable "arn" {}
resource "aws_kms_key" "k" {}
data "aws_canonical_user_id" "me" {}
locals {
  o = { enc = try(var.cfg.enc, false), arn = aws_kms_key.k.arn }
  l = [try(var.cfg.enc, false), aws_kms_key.k.arn != ""]
}
resource "aws_rds_cluster" "c" {
  engine            = "aurora-mysql"
  storage_encrypted = %s
}
`
	tests := []struct{ expr, reason string }{
		{`local.o.enc`, `variable "cfg" has no value`},
		{`local.l[0]`, `variable "cfg" has no value`},
		{`lookup(local.o, "enc", false)`, `variable "cfg" has no value`},
		{`try(timestamp() != "", false)`, `timestamp() is known only at apply time`},
		{`try(provider::aws::arn_parse(var.arn).region != "", false)`, `function provider::aws::arn_parse (at `},
		{`can(provider::aws::arn_parse(var.arn))`, `is not evaluated by onus`},
		{`data.aws_canonical_user_id.me.id != ""`, `data source: data.aws_canonical_user_id.me is the canonical user ID of the AWS account whose credentials Terraform runs with`},
	}
	for _, tc := range tests {
		e, _ := load(t, tf(strings.Replace(head, "%s", tc.expr, 1)), Options{})
		unknown(t, tc.expr, e.RDSClusters[0].StorageEncrypted, tc.reason)
	}
}

// TestUnknownMarksNamesExpression: an unknown argument that carries no
// reason is named by its first reference and line.
func TestUnknownMarksNamesExpression(t *testing.T) {
	expr, ds := hclsyntax.ParseExpression([]byte("\n\nvar.cfg[\"a\"].enc && local.x"), "main.tf", hcl.InitialPos)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	v := cty.UnknownVal(cty.Bool).WithMarks(unknownMarks(expr, cty.UnknownVal(cty.Bool)))
	if got, want := reasonOf(v), `var.cfg["a"].enc at main.tf:3 is unknown`; got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
}

package terraform

import (
	"strings"
	"testing"
)

// try() over an alternative known only at apply answered with an unknown
// that dropped what the value carried: the reference it names (joins follow
// it) and a policy document's structure. terraform-aws-vpc reads its VPC id
// as try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id,
// aws_vpc.this[0].id, ""), so its flow log joined no VPC (ONUS-VPC-007
// UNKNOWN on every VPC of the configuration); terraform-aws-iam's
// assumable role takes its trust policy as try(data...[0].json, ...).
func TestTryKeepsMarks(t *testing.T) {
	e, d := load(t, tf(`
data "aws_caller_identity" "current" {}
resource "aws_vpc" "this" {
  count      = 1
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc_ipv4_cidr_block_association" "this" {
  count      = 0
  vpc_id     = aws_vpc.this[0].id
  cidr_block = "10.1.0.0/16"
}
locals {
  vpc_id = try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, "")
}
resource "aws_flow_log" "this" {
  vpc_id               = local.vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}
data "aws_iam_policy_document" "trust" {
  count = 1
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = try(data.aws_iam_policy_document.trust[0].json, "")
}
resource "aws_s3_bucket" "b" {
  bucket = try(data.aws_caller_identity.current.account_id, "x")
}
`), Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	if len(e.VPCs) != 1 {
		t.Fatalf("%d VPCs", len(e.VPCs))
	}
	if fl := known(t, "flow logs", e.VPCs[0].FlowLogs); len(fl) != 1 {
		t.Errorf("%d flow logs, want the one try() names the VPC of", len(fl))
	}
	if len(e.IAMRoles) != 1 {
		t.Fatalf("%d roles", len(e.IAMRoles))
	}
	if p := known(t, "trust policy", e.IAMRoles[0].TrustPolicy); p == nil || len(p.Statements) != 1 {
		t.Errorf("trust policy %+v, want its one statement", p)
	}
	if len(e.S3Buckets) != 1 {
		t.Fatalf("%d buckets", len(e.S3Buckets))
	}
	if n := e.S3Buckets[0].Name; !strings.Contains(n.Reason(), "data.aws_caller_identity.current") {
		t.Errorf("bucket name reason %q does not name the data source", n.Reason())
	}
}

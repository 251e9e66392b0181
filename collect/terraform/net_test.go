package terraform

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// outcomesOf runs the catalogue on a Terraform source and indexes the
// results by "control address".
func outcomesOf(t *testing.T, src string) map[string]control.Result {
	t.Helper()
	e, _ := load(t, tf(src), Options{})
	out := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		out[r.Control.ID+" "+r.Resource.Address] = r
	}
	return out
}

type want struct {
	control, address string
	outcome          control.Outcome
	reason           string
}

func checkOutcomes(t *testing.T, got map[string]control.Result, wants []want) {
	t.Helper()
	for _, w := range wants {
		r, ok := got[w.control+" "+w.address]
		switch {
		case !ok:
			t.Errorf("%s on %s: no result", w.control, w.address)
		case r.Outcome != w.outcome:
			t.Errorf("%s on %s = %s (%s), want %s", w.control, w.address, r.Outcome, r.Reason, w.outcome)
		case w.reason != "" && !strings.Contains(r.Reason, w.reason):
			t.Errorf("%s on %s: reason %q lacks %q", w.control, w.address, r.Reason, w.reason)
		}
	}
}

// VPC endpoints join onto their VPC by reference or literal id; one whose
// VPC is unknown makes every VPC's answer UNKNOWN rather than PASS.
func TestVPCEndpoints(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "eu-west-1" }
variable "other_vpc" {}
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc_endpoint" "ec2" {
  vpc_id            = aws_vpc.a.id
  service_name      = "com.amazonaws.eu-west-1.ec2"
  vpc_endpoint_type = "Interface"
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id       = aws_vpc.b.id
  service_name = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type = "Interface"
}
resource "aws_vpc_endpoint" "unknown_vpc" {
  vpc_id       = var.other_vpc
  service_name = "com.amazonaws.eu-west-1.ecr.api"
  vpc_endpoint_type = "Interface"
}
resource "aws_vpc_endpoint" "regional" {
  vpc_id       = aws_vpc.a.id
  service_name = "com.amazonaws.${data.aws_region.current.name}.ecr.dkr"
  vpc_endpoint_type = "Interface"
}
data "aws_region" "current" {}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-VPC-011", "aws_vpc.a", control.Pass, "aws_vpc_endpoint.ec2"},
		{"ONUS-VPC-011", "aws_vpc.b", control.Fail, "com.amazonaws.eu-west-1.ec2"},
		{"ONUS-VPC-014", "aws_vpc.b", control.Pass, ""},
		{"ONUS-VPC-014", "aws_vpc.a", control.Fail, ""},
		{"ONUS-VPC-012", "aws_vpc.a", control.Unknown, "may belong to another VPC"},
		{"ONUS-VPC-012", "aws_vpc.b", control.Unknown, "other_vpc"},
		{"ONUS-VPC-015", "aws_vpc.a", control.Fail, ""},
		{"ONUS-VPC-013", "aws_vpc.a", control.Pass, ""},
	})
}

// REST API stages: access logging, client certificate and the WAF
// association by the stage's ARN; an association whose target is unknown
// makes the web ACL of unassociated stages UNKNOWN.
func TestAPIGatewayStages(t *testing.T) {
	const api = `
provider "aws" { region = "eu-west-1" }
resource "aws_api_gateway_rest_api" "shop" { name = "shop" }
resource "aws_api_gateway_client_certificate" "backend" {}
resource "aws_wafv2_web_acl" "api" {
  name  = "api"
  scope = "REGIONAL"
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id           = aws_api_gateway_rest_api.shop.id
  deployment_id         = "d1"
  stage_name            = "prod"
  client_certificate_id = aws_api_gateway_client_certificate.backend.id
  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api"
    format          = "$context.requestId"
  }
}
resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "d1"
  stage_name    = "dev"
}
resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
`
	got := outcomesOf(t, api)
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-001", "aws_api_gateway_stage.prod", control.Pass, ""},
		{"ONUS-APIGW-001", "aws_api_gateway_stage.dev", control.Fail, ""},
		{"ONUS-APIGW-002", "aws_api_gateway_stage.prod", control.Pass, ""},
		{"ONUS-APIGW-002", "aws_api_gateway_stage.dev", control.Fail, ""},
		{"ONUS-APIGW-003", "aws_api_gateway_stage.prod", control.Pass, ""},
		{"ONUS-APIGW-003", "aws_api_gateway_stage.dev", control.Fail, ""},
	})
	got = outcomesOf(t, api+`
variable "stage_arn" {}
resource "aws_wafv2_web_acl_association" "other" {
  resource_arn = var.stage_arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-001", "aws_api_gateway_stage.prod", control.Pass, ""},
		{"ONUS-APIGW-001", "aws_api_gateway_stage.dev", control.Unknown, "stage_arn"},
	})
}

// Classic load balancer listeners name their certificate.
func TestClassicCertificates(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "eu-west-1" }
variable "cert" {}
resource "aws_acm_certificate" "web" {
  domain_name       = "example.com"
  validation_method = "DNS"
}
resource "aws_iam_server_certificate" "old" {
  name             = "old"
  certificate_body = "x"
  private_key      = "y"
}
resource "aws_elb" "acm" {
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 80
    instance_protocol  = "http"
    ssl_certificate_id = aws_acm_certificate.web.arn
  }
}
resource "aws_elb" "iam" {
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "ssl"
    instance_port      = 80
    instance_protocol  = "tcp"
    ssl_certificate_id = aws_iam_server_certificate.old.arn
  }
}
resource "aws_elb" "var" {
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 80
    instance_protocol  = "http"
    ssl_certificate_id = var.cert
  }
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-011", "aws_elb.acm", control.Pass, "aws_acm_certificate.web"},
		{"ONUS-ELB-011", "aws_elb.iam", control.Fail, "aws_iam_server_certificate.old"},
		{"ONUS-ELB-011", "aws_elb.var", control.Unknown, "cert"},
	})
}

// Multi-Region Access Points default to blocking everything; directory
// buckets get their lifecycle from the lifecycle configuration resource.
func TestS3Express(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "us-east-1" }
variable "target" {}
resource "aws_s3control_multi_region_access_point" "default" {
  details {
    name = "default"
    region { bucket = "a" }
  }
}
resource "aws_s3control_multi_region_access_point" "open" {
  details {
    name = "open"
    public_access_block {
      block_public_policy = false
    }
    region { bucket = "a" }
  }
}
resource "aws_s3_directory_bucket" "kept" {
  bucket = "kept--use1-az4--x-s3"
  location { name = "use1-az4" }
}
resource "aws_s3_directory_bucket" "bare" {
  bucket = "bare--use1-az4--x-s3"
  location { name = "use1-az4" }
}
resource "aws_s3_bucket_lifecycle_configuration" "kept" {
  bucket = aws_s3_directory_bucket.kept.bucket
  rule {
    id     = "expire"
    status = "Enabled"
    expiration { days = 7 }
  }
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-S3-021", "aws_s3control_multi_region_access_point.default", control.Pass, ""},
		{"ONUS-S3-021", "aws_s3control_multi_region_access_point.open", control.Fail, "BlockPublicPolicy"},
		{"ONUS-S3-022", "aws_s3_directory_bucket.kept", control.Pass, ""},
		{"ONUS-S3-022", "aws_s3_directory_bucket.bare", control.Fail, ""},
	})
	got = outcomesOf(t, `
variable "target" {}
resource "aws_s3_directory_bucket" "bare" {
  bucket = "bare--use1-az4--x-s3"
  location { name = "use1-az4" }
}
resource "aws_s3_bucket_lifecycle_configuration" "x" {
  bucket = var.target
  rule {
    id     = "expire"
    status = "Enabled"
  }
}
`)
	checkOutcomes(t, got, []want{{"ONUS-S3-022", "aws_s3_directory_bucket.bare", control.Unknown, "target"}})
}

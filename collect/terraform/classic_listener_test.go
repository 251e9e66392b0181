package terraform

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
)

// TestClassicListenerUnknownProtocol: one listener whose protocol is a
// variable without value leaves the others judged; only it is UNKNOWN.
func TestClassicListenerUnknownProtocol(t *testing.T) {
	const tpl = `variable "proto" {}
resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "%s"
    instance_port      = 80
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/x"
  }
  listener {
    lb_port           = 8443
    lb_protocol       = var.proto
    instance_port     = 80
    instance_protocol = "http"
  }
}
`
	got := outcomesOf(t, strings.Replace(tpl, "%s", "http", 1))
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "aws_elb.web", control.Fail, "listener HTTP:443 serves plain HTTP"},
		{"ONUS-ELB-011", "aws_elb.web", control.Unknown, "listener on port 8443 (protocol unresolved) may be HTTPS or SSL: its protocol is unknown (listener lb_protocol is unknown at "},
		{"ONUS-ELB-011", "aws_elb.web", control.Unknown, "main.tf:14 (variable \"proto\" has no value"},
	})
	got = outcomesOf(t, strings.Replace(tpl, "%s", "https", 1))
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "aws_elb.web", control.Unknown, "listener on port 8443 (protocol unresolved) may be plain or TLS"},
		{"ONUS-ELB-002", "aws_elb.web", control.Fail, "listener HTTPS:443 has no SSL negotiation policy attached"},
	})
}

// TestServerlessV1Cluster: Aurora Serverless v1 has no IAM database
// authentication and no backtracking, so those controls do not apply.
func TestServerlessV1Cluster(t *testing.T) {
	const src = `resource "aws_rds_cluster" "v1" {
  cluster_identifier = "v1"
  engine             = "aurora-mysql"
  engine_mode        = "%s"
  master_username    = "app"
  manage_master_user_password = true
}
`
	got := outcomesOf(t, strings.Replace(src, "%s", "serverless", 1))
	checkOutcomes(t, got, []want{
		{"ONUS-RDS-007", "aws_rds_cluster.v1", control.NotApplicable, "Aurora Serverless v1"},
		{"ONUS-RDS-018", "aws_rds_cluster.v1", control.NotApplicable, "does not support backtracking"},
	})
	got = outcomesOf(t, strings.Replace(src, "%s", "provisioned", 1))
	checkOutcomes(t, got, []want{
		{"ONUS-RDS-007", "aws_rds_cluster.v1", control.Fail, ""},
		{"ONUS-RDS-018", "aws_rds_cluster.v1", control.Fail, ""},
	})
}

// TestListenerWithoutProtocol: the provider sends HTTP for an application
// load balancer's listener without protocol; AWS rejects a network load
// balancer's, which is then of unknown protocol (it was taken for TCP).
func TestListenerWithoutProtocol(t *testing.T) {
	const tpl = `resource "aws_lb" "lb" {
  load_balancer_type = "%s"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.lb.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
`
	tests := []struct {
		typ     string
		outcome control.Outcome
		reason  string
	}{
		{"application", control.Fail, "listener HTTP:80 serves plain HTTP"},
		{"network", control.Unknown, "protocol is not set, which AWS rejects for a listener of aws_lb.lb, a load balancer of type network"},
		{"gateway", control.NotApplicable, ""},
	}
	for _, tc := range tests {
		got := outcomesOf(t, strings.Replace(tpl, "%s", tc.typ, 1))
		checkOutcomes(t, got, []want{{"ONUS-ELB-001", "aws_lb.lb", tc.outcome, tc.reason}})
	}
}

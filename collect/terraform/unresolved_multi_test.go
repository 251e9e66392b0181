package terraform

import (
	"testing"

	"github.com/onus-sec/onus/model"
)

// TestUnresolvedMultiJoins: a listener, permission or rule whose target is
// unknown may be one more of a resource that already has known ones (found
// by the unknown-injection test in internal/nofalsepass): the resource's
// collection is unknown, never judged without it.
func TestUnresolvedMultiJoins(t *testing.T) {
	const head = `variable "x" {}
`
	cases := []struct {
		name, src string
		known     func(e *model.Estate) bool
	}{
		{"listener on an unknown load balancer next to a known one", `
resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
resource "aws_lb_listener" "plain" {
  load_balancer_arn = var.x
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
`, func(e *model.Estate) bool { return e.LoadBalancers[0].Listeners.Known() }},
		{"permission on an unknown function next to a known one", `
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "a.b"
  filename      = "f.zip"
}
resource "aws_lambda_permission" "s3" {
  function_name = aws_lambda_function.f.function_name
  action        = "lambda:InvokeFunction"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::b"
}
resource "aws_lambda_permission" "anyone" {
  function_name = var.x
  action        = "lambda:InvokeFunction"
  principal     = "*"
}
`, func(e *model.Estate) bool { return e.LambdaFunctions[0].Policy.Known() }},
		{"ingress rule on an unknown group next to a known one", `
resource "aws_security_group" "g" {
  name = "g"
}
resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = aws_security_group.g.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/16"]
}
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = var.x
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
`, func(e *model.Estate) bool { return e.SecurityGroups[0].Ingress.Known() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, map[string]string{"main.tf": head + c.src}, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			if c.known(e) {
				t.Error("known, want UNKNOWN: the resource with the unknown target may be one more of it")
			}
		})
	}
}

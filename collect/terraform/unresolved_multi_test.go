package terraform

import (
	"fmt"
	"testing"

	"github.com/onus-sec/onus/model"
)

// TestUnresolvedMultiJoins: a listener, permission, rule, policy or route
// whose target or gateway is
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
		{"policy attachment on an unknown role next to a known one", `
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "lambda.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = var.x
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`, func(e *model.Estate) bool { return e.IAMRoles[0].Attached.Known() }},
		{"inline route with an unknown gateway", `
resource "aws_route_table" "public" {
  vpc_id = "vpc-1"
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = var.x
  }
}
`, func(e *model.Estate) bool { return e.RouteTables[0].Routes.Known() }},
		{"route in an unknown table", `
resource "aws_route_table" "public" {
  vpc_id = "vpc-1"
}
resource "aws_route" "internet" {
  route_table_id         = var.x
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = "igw-1"
}
`, func(e *model.Estate) bool { return e.RouteTables[0].Routes.Known() }},
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

// TestBucketLifecycleAndNotification: a lifecycle configuration counts by
// its Enabled rules and a notification by its destinations, so an unknown
// status or flag is UNKNOWN, not PASS.
func TestBucketLifecycleAndNotification(t *testing.T) {
	const head = `variable "x" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`
	lifecycle := func(status string) string {
		return `resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "expire"
    status = ` + status + `
    expiration {
      days = 30
    }
  }
}
`
	}
	notification := func(body string) string {
		return "resource \"aws_s3_bucket_notification\" \"n\" {\n  bucket = aws_s3_bucket.b.id\n" + body + "}\n"
	}
	cases := []struct {
		name, src string
		got       func(e *model.Estate) (bool, bool)
		want      string
	}{
		{"lifecycle rule status unknown", lifecycle("var.x"), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].Lifecycle.Get() }, "UNKNOWN"},
		{"lifecycle rule disabled", lifecycle(`"Disabled"`), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].Lifecycle.Get() }, "false"},
		{"lifecycle rule enabled", lifecycle(`"Enabled"`), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].Lifecycle.Get() }, "true"},
		{"EventBridge flag unknown", notification("  eventbridge = var.x\n"), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].EventNotifications.Get() }, "UNKNOWN"},
		{"EventBridge off and no destination", notification("  eventbridge = false\n"), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].EventNotifications.Get() }, "false"},
		{"EventBridge on", notification("  eventbridge = true\n"), func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].EventNotifications.Get() }, "true"},
		{"topic destination", notification("  topic {\n    topic_arn = \"arn:aws:sns:eu-west-1:123456789012:t\"\n    events    = [\"s3:ObjectCreated:*\"]\n  }\n"),
			func(e *model.Estate) (bool, bool) { return e.S3Buckets[0].EventNotifications.Get() }, "true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, map[string]string{"main.tf": head + c.src}, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			got := "UNKNOWN"
			if v, ok := c.got(e); ok {
				got = fmt.Sprint(v)
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

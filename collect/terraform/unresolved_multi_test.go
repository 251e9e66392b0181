package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/sqs"
	"github.com/onus-sec/onus/source"
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

// TestUnresolvedReplacingJoins: a resource that sets a primary's one
// configuration (a bucket, queue, topic or secret policy, a public access
// block, a function URL) whose target is unknown may be the one that
// replaces a known one, as CloudFormation's reader treats a BucketPolicy
// whose Bucket is unresolved: the primary's value is unknown, and the
// reason names the unresolved resource, its attribute and its line.
func TestUnresolvedReplacingJoins(t *testing.T) {
	const head = `variable "x" {}
`
	const (
		policyDeny  = `jsonencode({Version = "2012-10-17", Statement = [{Effect = "Deny", Principal = "*", Action = "*", Resource = "*", Condition = {Bool = {"aws:SecureTransport" = "false"}}}]})`
		policyOpen  = `jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = "*", Action = "*", Resource = "*"}]})`
		unknownLine = ":" // the unresolved resource's file:line follows its address
	)
	cases := []struct {
		name, src, addr string
		value           func(e *model.Estate) valueState
	}{
		{"bucket policy", `
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_policy" "known" {
  bucket = aws_s3_bucket.b.id
  policy = ` + policyDeny + `
}
resource "aws_s3_bucket_policy" "other" {
  bucket = var.x
  policy = ` + policyOpen + `
}
`, "aws_s3_bucket_policy.other.bucket is unknown at ", func(e *model.Estate) valueState { return stateOf(e.S3Buckets[0].Policy) }},
		{"bucket public access block", `
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_public_access_block" "known" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_public_access_block" "other" {
  bucket = var.x
}
`, "aws_s3_bucket_public_access_block.other.bucket is unknown at ", func(e *model.Estate) valueState { return stateOf(e.S3Buckets[0].PublicAccessBlock) }},
		{"queue policy", `
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_sqs_queue_policy" "known" {
  queue_url = aws_sqs_queue.q.id
  policy    = ` + policyDeny + `
}
resource "aws_sqs_queue_policy" "other" {
  queue_url = var.x
  policy    = ` + policyOpen + `
}
`, "aws_sqs_queue_policy.other.queue_url is unknown at ", func(e *model.Estate) valueState { return stateOf(e.SQSQueues[0].Policy) }},
		{"topic policy", `
resource "aws_sns_topic" "t" {
  name = "t"
}
resource "aws_sns_topic_policy" "known" {
  arn    = aws_sns_topic.t.arn
  policy = ` + policyDeny + `
}
resource "aws_sns_topic_policy" "other" {
  arn    = var.x
  policy = ` + policyOpen + `
}
`, "aws_sns_topic_policy.other.arn is unknown at ", func(e *model.Estate) valueState { return stateOf(e.SNSTopics[0].Policy) }},
		{"secret policy", `
resource "aws_secretsmanager_secret" "s" {
  name = "s"
}
resource "aws_secretsmanager_secret_policy" "known" {
  secret_arn = aws_secretsmanager_secret.s.arn
  policy     = ` + policyDeny + `
}
resource "aws_secretsmanager_secret_policy" "other" {
  secret_arn = var.x
  policy     = ` + policyOpen + `
}
`, "aws_secretsmanager_secret_policy.other.secret_arn is unknown at ", func(e *model.Estate) valueState { return stateOf(e.Secrets[0].Policy) }},
		{"function URL", `
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "python3.13"
  handler       = "a.b"
  filename      = "f.zip"
}
resource "aws_lambda_function_url" "known" {
  function_name      = aws_lambda_function.f.function_name
  authorization_type = "AWS_IAM"
}
resource "aws_lambda_function_url" "other" {
  function_name      = var.x
  qualifier          = "live"
  authorization_type = "NONE"
}
`, "aws_lambda_function_url.other.function_name is unknown at ", func(e *model.Estate) valueState { return stateOf(e.LambdaFunctions[0].URLAuthType) }},
		{"network interface attachment", `
resource "aws_instance" "i" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_network_interface_attachment" "other" {
  instance_id          = var.x
  network_interface_id = "eni-2"
  device_index         = 1
}
`, "aws_network_interface_attachment.other.instance_id is unknown at ", func(e *model.Estate) valueState { return stateOf(e.EC2Instances[0].NetworkInterfaces) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, map[string]string{"main.tf": head + c.src}, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			v := c.value(e)
			if v.known {
				t.Fatal("known, want UNKNOWN: the resource with the unknown target may replace the known configuration")
			}
			if !strings.Contains(v.reason, c.addr) || !strings.Contains(v.reason, "main.tf"+unknownLine) || !strings.Contains(v.reason, `variable "x"`) {
				t.Errorf("reason %q does not name the unresolved %s, its file:line and the variable", v.reason, c.addr)
			}
		})
	}
}

// TestUnresolvedAdditiveJoinSparesKnown: a second flow log can only add
// to a known one, so a VPC that has one keeps it when a flow log's VPC is
// unknown; a VPC without one is unknown.
func TestUnresolvedAdditiveJoinSparesKnown(t *testing.T) {
	e, d := load(t, tf(`variable "x" {}
resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "b" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_flow_log" "a" {
  vpc_id          = aws_vpc.a.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::logs"
}
resource "aws_flow_log" "other" {
  vpc_id          = var.x
  traffic_type    = "REJECT"
  log_destination = "arn:aws:s3:::logs"
}
`), Options{})
	noErrors(t, d)
	if len(e.VPCs) != 2 {
		t.Fatalf("%d VPCs, want 2", len(e.VPCs))
	}
	if l := known(t, "flow logs of the VPC with a known one", e.VPCs[0].FlowLogs); len(l) != 1 {
		t.Errorf("%d flow logs, want 1", len(l))
	}
	unknown(t, "flow logs of the VPC without one", e.VPCs[1].FlowLogs, "aws_flow_log.other.vpc_id is unknown at ")
}

type valueState struct {
	known  bool
	reason string
}

func stateOf[T any](v source.Value[T]) valueState {
	_, ok := v.Get()
	return valueState{ok, v.Reason()}
}

// TestSecretPolicyBySecretARN: aws_secretsmanager_secret_policy names its
// secret by secret_arn; the policy it sets is the secret's.
func TestSecretPolicyBySecretARN(t *testing.T) {
	e, d := load(t, tf(`resource "aws_secretsmanager_secret" "s" {
  name = "s"
}
resource "aws_secretsmanager_secret_policy" "p" {
  secret_arn = aws_secretsmanager_secret.s.arn
  policy     = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*"}]})
}
`), Options{})
	noErrors(t, d)
	p := known(t, "secret policy", e.Secrets[0].Policy)
	if p == nil || len(p.Statements) != 1 {
		t.Fatalf("policy %+v, want the one statement of aws_secretsmanager_secret_policy.p", p)
	}
}

// TestListenerUnknownProtocol: a listener whose protocol is unknown is
// modelled with an unknown protocol, so the TLS controls are UNKNOWN for
// it and a known plain listener next to it still fails.
func TestListenerUnknownProtocol(t *testing.T) {
	const src = `variable "p" {}
resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "known" {
  load_balancer_arn = aws_lb.web.arn
  port              = %d
  protocol          = "%s"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
resource "aws_lb_listener" "other" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = var.p
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
`
	got := outcomesOf(t, fmt.Sprintf(src, 443, "HTTPS"))
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "aws_lb.web", control.Unknown, `listener on port 8443 (protocol unresolved) may be plain or TLS: its protocol is unknown (aws_lb_listener.other.protocol is unknown at `},
		{"ONUS-ELB-001", "aws_lb.web", control.Unknown, `variable "p" has no value`},
		{"ONUS-ELB-002", "aws_lb.web", control.Unknown, "listener on port 8443 (protocol unresolved) may be HTTPS or TLS"},
	})
	got = outcomesOf(t, fmt.Sprintf(src, 80, "HTTP"))
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "aws_lb.web", control.Fail, "listener HTTP:80 serves plain HTTP"},
	})
}

// TestLiteralTargets: a secondary that names its target by a literal joins
// a primary whose name ends the literal (an ARN or a queue URL); one that
// matches no known name may mean a primary whose name is known only at
// apply, which is then unknown, and only that one.
func TestLiteralTargets(t *testing.T) {
	const open = `jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = "*", Action = "*", Resource = "*"}]})`
	e, d := load(t, tf(`variable "name" {}
resource "aws_sqs_queue" "unnamed" {
  name = var.name
}
resource "aws_sqs_queue" "orders" {
  name = "orders"
}
resource "aws_sqs_queue" "audit" {
  name = "audit"
}
resource "aws_sqs_queue_policy" "by_url" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
  policy    = `+open+`
}
resource "aws_sqs_queue_policy" "elsewhere" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/payments"
  policy    = `+open+`
}
resource "aws_s3_bucket" "unnamed" {
  bucket = var.name
}
resource "aws_s3_bucket" "generated" {
}
resource "aws_s3_bucket_policy" "by_name" {
  bucket = "prod-data"
  policy = `+open+`
}
`), Options{})
	noErrors(t, d)
	q := map[string]*sqs.Queue{}
	for _, x := range e.SQSQueues {
		q[x.Address] = x
	}
	if p := known(t, "orders policy", q["aws_sqs_queue.orders"].Policy); p == nil {
		t.Error("aws_sqs_queue.orders: no policy, want the one aws_sqs_queue_policy.by_url names by its URL")
	}
	if p := known(t, "audit policy", q["aws_sqs_queue.audit"].Policy); p != nil {
		t.Error("aws_sqs_queue.audit: a policy, want none (no literal can name it)")
	}
	unknown(t, "unnamed queue policy", q["aws_sqs_queue.unnamed"].Policy, `aws_sqs_queue_policy.elsewhere.queue_url at `)
	unknown(t, "unnamed queue policy", q["aws_sqs_queue.unnamed"].Policy, `which may be the name of aws_sqs_queue.unnamed, unknown (variable "name" has no value`)
	for _, b := range e.S3Buckets {
		switch b.Address {
		case "aws_s3_bucket.unnamed":
			unknown(t, "unnamed bucket policy", b.Policy, `aws_s3_bucket_policy.by_name.bucket at `)
		case "aws_s3_bucket.generated":
			// Terraform generates the name: no literal means it.
			if p := known(t, "generated bucket policy", b.Policy); p != nil {
				t.Error("aws_s3_bucket.generated: a policy, want none")
			}
		}
	}
}

// TestListenerUnknownPort: no control judges a listener's port; one known
// only at apply leaves the listener in, named as of unresolved port, as
// the CloudFormation reader does.
func TestListenerUnknownPort(t *testing.T) {
	got := outcomesOf(t, `variable "p" {}
resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "plain" {
  load_balancer_arn = aws_lb.web.arn
  port              = var.p
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"
  }
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "aws_lb.web", control.Fail, "listener HTTP (port unresolved) serves plain HTTP"},
	})
}

package terraform

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model/elb"
)

// classicELB is an aws_elb "web" with an HTTPS listener on 443 (line 8,
// marked "# l443") and a plain HTTP listener on 80; extra is appended.
func classicELB(extra string) string {
	return `provider "aws" { region = "eu-west-1" }
variable "policy" {}
variable "port" {}
variable "lb" {}
resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener { # l443
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 80
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/x"
  }
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 80
    instance_protocol = "http"
  }
}
` + extra
}

// policy is an aws_load_balancer_policy "p" named name on aws_elb.web with
// the given name = value attributes, each block marked "# <name>".
func policy(name string, attrs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"aws_load_balancer_policy\" \"p\" { # policy\n  load_balancer_name = aws_elb.web.name\n  policy_name        = %q\n  policy_type_name   = \"SSLNegotiationPolicyType\"\n", name)
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&b, "  policy_attribute { # %s\n    name  = %q\n    value = %q\n  }\n", attrs[i], attrs[i], attrs[i+1])
	}
	return b.String() + "}\n"
}

const attach443 = `resource "aws_load_balancer_listener_policy" "web443" { # attach
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.p.policy_name]
}
`

// lineOf is the 1-based line of the first line of src containing marker.
func lineOf(src, marker string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	return 0
}

// The SSL negotiation policy of a classic load balancer's HTTPS listener
// comes from aws_load_balancer_listener_policy (+ aws_load_balancer_policy)
// or aws_lb_ssl_negotiation_policy; without one AWS's default applies. The
// evidence of ONUS-ELB-002 names the line that decided.
func TestClassicListenerPolicies(t *testing.T) {
	cases := []struct {
		name    string
		extra   string
		outcome control.Outcome
		reason  string
		at      []string // markers of the evidence lines
		policy  string   // the listener's SSLPolicy as read ("" = unknown)
	}{
		{name: "not attached: AWS default", outcome: control.Fail,
			reason: "no SSL negotiation policy attached, so AWS applies its default ELBSecurityPolicy-2016-08", at: []string{"# l443"}, policy: "ELBSecurityPolicy-2016-08"},
		{name: "reference policy", extra: policy("tls12", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01") + attach443,
			outcome: control.Pass, reason: "uses ELBSecurityPolicy-TLS-1-2-2017-01", at: []string{"# Reference-Security-Policy"}, policy: "ELBSecurityPolicy-TLS-1-2-2017-01"},
		{name: "outdated reference by literal names", extra: policy("old", "Reference-Security-Policy", "ELBSecurityPolicy-2016-08") + `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = "web"
  load_balancer_port = 443
  policy_names       = ["old"]
}
`, outcome: control.Fail, reason: "outdated policy ELBSecurityPolicy-2016-08", at: []string{"# Reference-Security-Policy"}, policy: "ELBSecurityPolicy-2016-08"},
		{name: "custom TLS 1.2 only", extra: policy("strict", "Protocol-TLSv1", "false", "Protocol-TLSv1.1", "false", "Protocol-TLSv1.2", "true",
			"Server-Defined-Cipher-Order", "true", "ECDHE-RSA-AES128-GCM-SHA256", "true", "AES256-GCM-SHA384", "true", "DES-CBC3-SHA", "false") + attach443,
			outcome: control.Pass, reason: "enables only TLSv1.2 with ciphers all from ELBSecurityPolicy-TLS-1-2-2017-01", at: []string{"# policy"}, policy: "strict"},
		{name: "custom with TLSv1", extra: policy("legacy", "Protocol-TLSv1", "true", "Protocol-TLSv1.2", "true", "ECDHE-RSA-AES128-GCM-SHA256", "true") + attach443,
			outcome: control.Fail, reason: "custom policy legacy, which enables TLSv1", at: []string{"# Protocol-TLSv1\n"}, policy: "legacy"},
		{name: "custom TLS 1.2 with a legacy cipher from a dynamic block", extra: `
resource "aws_load_balancer_policy" "p" { # policy
  load_balancer_name = aws_elb.web.name
  policy_name        = "dyn"
  policy_type_name   = "SSLNegotiationPolicyType"
  dynamic "policy_attribute" {
    for_each = ["Protocol-TLSv1.2", "ECDHE-RSA-AES128-SHA"]
    content { # dynamic
      name  = policy_attribute.value
      value = "true"
    }
  }
}
` + attach443, outcome: control.Fail, reason: "cipher ECDHE-RSA-AES128-SHA, which ELBSecurityPolicy-TLS-1-2-2017-01 does not include", policy: "dyn"},
		{name: "ssl negotiation policy resource", extra: `
resource "aws_lb_ssl_negotiation_policy" "neg" {
  name          = "neg"
  load_balancer = aws_elb.web.id
  lb_port       = 443
  attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }
  attribute { # tls11
    name  = "Protocol-TLSv1.1"
    value = "true"
  }
  attribute {
    name  = "AES128-GCM-SHA256"
    value = "true"
  }
}
`, outcome: control.Fail, reason: "enables TLSv1.1", at: []string{"# tls11"}, policy: "neg"},
		{name: "predefined policy named directly", extra: `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 443
  policy_names       = ["ELBSecurityPolicy-TLS-1-2-2017-01"] # names
}
`, outcome: control.Pass, at: []string{"# names"}, policy: "ELBSecurityPolicy-TLS-1-2-2017-01"},
		{name: "stickiness policy on port 80 leaves the default", extra: `
resource "aws_lb_cookie_stickiness_policy" "sticky" {
  name          = "sticky"
  load_balancer = aws_elb.web.id
  lb_port       = 80
}
resource "aws_load_balancer_listener_policy" "web80" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 80
  policy_names       = [aws_lb_cookie_stickiness_policy.sticky.name]
}
`, outcome: control.Fail, reason: "AWS applies its default", policy: "ELBSecurityPolicy-2016-08"},
		{name: "only a non-SSL policy on the port", extra: `
resource "aws_load_balancer_policy" "p" {
  load_balancer_name = aws_elb.web.name
  policy_name        = "proxy"
  policy_type_name   = "ProxyProtocolPolicyType"
  policy_attribute {
    name  = "ProxyProtocol"
    value = "true"
  }
}
` + attach443, outcome: control.Fail, reason: "AWS applies its default", at: []string{"# l443"}, policy: "ELBSecurityPolicy-2016-08"},
		{name: "policy name from an unknown variable", extra: policy("tls12", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01") + `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 443
  policy_names       = [var.policy]
}
`, outcome: control.Unknown, reason: `policy_names: variable "policy" has no value`},
		{name: "attribute value from an unknown variable", extra: `
resource "aws_load_balancer_policy" "p" {
  load_balancer_name = aws_elb.web.name
  policy_name        = "v"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Protocol-TLSv1"
    value = var.policy
  }
}
` + attach443, outcome: control.Unknown, reason: "Protocol-TLSv1"},
		{name: "port from an unknown variable", extra: policy("tls12", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01") + `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = var.port
  policy_names       = [aws_load_balancer_policy.p.policy_name]
}
`, outcome: control.Unknown, reason: "load_balancer_port is unknown"},
		{name: "load balancer from an unknown variable", extra: policy("tls12", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01") + `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = var.lb
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.p.policy_name]
}
`, outcome: control.Unknown, reason: "load_balancer_name is unknown"},
		{name: "port matching no listener", extra: policy("tls12", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01") + `
resource "aws_load_balancer_listener_policy" "web8443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 8443
  policy_names       = [aws_load_balancer_policy.p.policy_name]
}
`, outcome: control.Unknown, reason: "port 8443, which no listener of aws_elb.web has"},
		{name: "unknown policy name", extra: `
resource "aws_load_balancer_listener_policy" "web443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 443
  policy_names       = ["mystery"]
}
`, outcome: control.Unknown, reason: "mystery is not an aws_load_balancer_policy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := classicELB(tc.extra)
			e, _ := load(t, tf(src), Options{})
			var lb *elb.LoadBalancer
			for _, x := range e.LoadBalancers {
				if x.Address == "aws_elb.web" {
					lb = x
				}
			}
			if lb == nil {
				t.Fatal("aws_elb.web not mapped")
			}
			ls := known(t, "listeners", lb.Listeners)
			if len(ls) != 2 || ls[1].SSLPolicy != "" || ls[1].SSLPolicyUnknown != "" {
				t.Fatalf("listeners = %+v, want the HTTPS one and a plain HTTP one without policy", ls)
			}
			if ls[0].SSLPolicy != tc.policy {
				t.Errorf("SSLPolicy = %q (unknown: %q), want %q", ls[0].SSLPolicy, ls[0].SSLPolicyUnknown, tc.policy)
			}
			if tc.policy == "" && ls[0].SSLPolicyUnknown == "" {
				t.Error("policy unknown without a reason")
			}
			var got *control.Result
			for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
				if r.Control.ID == "ONUS-ELB-002" && r.Resource.Address == "aws_elb.web" {
					got = &r
				}
			}
			if got == nil {
				t.Fatal("no ONUS-ELB-002 result")
			}
			if got.Outcome != tc.outcome || !strings.Contains(got.Reason, tc.reason) {
				t.Fatalf("ONUS-ELB-002 = %s (%s), want %s mentioning %q", got.Outcome, got.Reason, tc.outcome, tc.reason)
			}
			var lines, want []string
			for _, ev := range got.Evidence {
				lines = append(lines, fmt.Sprintf("%s:%d", filepath.Base(ev.Prov().Loc.File), ev.Prov().Loc.Start.Line))
			}
			for _, m := range tc.at {
				want = append(want, fmt.Sprintf("main.tf:%d", lineOf(src, strings.TrimSuffix(m, "\n"))))
			}
			if len(want) > 0 && !slices.Equal(lines, want) {
				t.Errorf("evidence at %v, want %v", lines, want)
			}
		})
	}
}

// An application load balancer's HTTPS listener without ssl_policy gets
// AWS's API default; an unknown ssl_policy and a network load balancer's
// TLS listener without one stay UNKNOWN with why.
func TestV2ListenerPolicyDefault(t *testing.T) {
	src := `
provider "aws" { region = "eu-west-1" }
variable "policy" {}
resource "aws_lb" "alb" {
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "alb" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/x"
}
resource "aws_lb" "var" {
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "var" {
  load_balancer_arn = aws_lb.var.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.policy
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  subnets            = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "nlb" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 443
  protocol          = "TLS"
}
resource "aws_lb" "set" {
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "set" {
  load_balancer_arn = aws_lb.set.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}
`
	got := outcomesOf(t, src)
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-002", "aws_lb.alb", control.Fail, "AWS applies its default ELBSecurityPolicy-2016-08"},
		{"ONUS-ELB-002", "aws_lb.var", control.Unknown, `ssl_policy: variable "policy" has no value`},
		{"ONUS-ELB-002", "aws_lb.nlb", control.Unknown, "ssl_policy is not set"},
		{"ONUS-ELB-002", "aws_lb.set", control.Pass, "ELBSecurityPolicy-TLS13-1-2-2021-06"},
	})
	line := lineOf(src, "ELBSecurityPolicy-TLS13-1-2-2021-06")
	if ev := got["ONUS-ELB-002 aws_lb.set"].Evidence; len(ev) != 1 || ev[0].Prov().Loc.Start.Line != line {
		t.Errorf("evidence %+v, want the ssl_policy line %d", ev, line)
	}
}

// A listener policy naming a load balancer by a literal that matches none
// here may still configure an aws_elb whose name is an unknown value, but
// not one whose name Terraform generates.
func TestClassicListenerPolicyLiteralName(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "eu-west-1" }
variable "name" {}
resource "aws_elb" "named_by_var" {
  name               = var.name
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port           = 443
    lb_protocol       = "ssl"
    instance_port     = 80
    instance_protocol = "tcp"
  }
}
resource "aws_elb" "generated" {
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port           = 443
    lb_protocol       = "ssl"
    instance_port     = 80
    instance_protocol = "tcp"
  }
}
resource "aws_load_balancer_listener_policy" "elsewhere" {
  load_balancer_name = "legacy-prod"
  load_balancer_port = 443
  policy_names       = ["ELBSecurityPolicy-TLS-1-2-2017-01"]
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-002", "aws_elb.named_by_var", control.Unknown, `names "legacy-prod" and the load balancer's name is unknown`},
		{"ONUS-ELB-002", "aws_elb.generated", control.Fail, "AWS applies its default ELBSecurityPolicy-2016-08"},
	})
}

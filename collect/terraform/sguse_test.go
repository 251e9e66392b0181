package terraform

import (
	"strings"
	"testing"
)

// A security group is in use when something other than a security group
// rule or another group refers to it. terraform-aws-security-group's
// examples/complete creates groups whose only references are their own
// aws_security_group_rule resources (security_group_id) and other groups'
// rules (source_security_group_id): that is no use (ONUS-VPC-005 passed
// with "the group is used"). A group the root module outputs may be used by
// a configuration that reads this state: its use is unknown.
func TestSecurityGroupUseIgnoresRules(t *testing.T) {
	e, d := load(t, map[string]string{
		"main.tf": `
resource "aws_security_group" "rules_only" { name = "rules-only" }
resource "aws_security_group" "peer" { name = "peer" }
resource "aws_security_group" "attached" { name = "attached" }
resource "aws_security_group" "shown" { name = "shown" }
resource "aws_security_group_rule" "in" {
  type                     = "ingress"
  security_group_id        = aws_security_group.rules_only.id
  source_security_group_id = aws_security_group.peer.id
  from_port                = 443
  to_port                  = 443
  protocol                 = "tcp"
}
resource "aws_vpc_security_group_ingress_rule" "in2" {
  security_group_id            = aws_security_group.rules_only.id
  referenced_security_group_id = aws_security_group.peer.id
  ip_protocol                  = "-1"
}
resource "aws_instance" "web" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.attached.id]
}
module "child" {
  source = "./child"
  sg     = aws_security_group.attached.id
}
`,
		"outputs.tf": `
output "shown_id" { value = aws_security_group.shown.id }
`,
		"child/main.tf": `
variable "sg" { type = string }
resource "aws_security_group" "inner" { name = "inner" }
output "inner_id" { value = aws_security_group.inner.id }
`,
	}, Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	got := map[string]string{}
	for _, sg := range e.SecurityGroups {
		v, ok := sg.InUse.Get()
		switch {
		case !ok:
			got[sg.Address] = "UNKNOWN"
			if sg.Address == "aws_security_group.shown" && !strings.Contains(sg.InUse.Reason(), `output "shown_id"`) {
				t.Errorf("shown: reason %q does not name the output", sg.InUse.Reason())
			}
		case v:
			got[sg.Address] = "true"
		default:
			got[sg.Address] = "false"
		}
	}
	want := map[string]string{
		"aws_security_group.rules_only": "false",
		"aws_security_group.peer":       "false",
		"aws_security_group.attached":   "true",
		"aws_security_group.shown":      "UNKNOWN",
		// A child module's output that its caller does not use is no use.
		"module.child.aws_security_group.inner": "false",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s in use: %s, want %s", k, got[k], w)
		}
	}
}

// A VPC is in use when a resource declared after it refers to it: every
// reference is recorded before the VPC (mapped early) is read.
func TestVPCUsedByLaterResource(t *testing.T) {
	e, d := load(t, tf(`
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
`), Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	if len(e.VPCs) != 1 {
		t.Fatalf("%d VPCs", len(e.VPCs))
	}
	if !known(t, "in use", e.VPCs[0].InUse) {
		t.Error("the VPC a subnet refers to is not in use")
	}
}

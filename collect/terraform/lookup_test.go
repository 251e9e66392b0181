package terraform

import "testing"

// lookup(map, key, null) is how terraform-aws-vpc reads optional keys of
// its network ACL rules. A literal null is of no type, and cty answers a
// call with such an argument with an unknown of no reason unless the
// parameter accepts it: every rule's source read as "unresolved
// expression" (ONUS-VPC-006 UNKNOWN on the module's default allow-all
// ACL). An unknown default must not hide a key the map has, and an unknown
// map keeps the reason it is unknown.
func TestLookupDefaults(t *testing.T) {
	e, d := load(t, tf(`
variable "rules" {
  type = list(map(string))
  default = [
    { rule_number = 100, rule_action = "allow", from_port = 0, to_port = 0, protocol = "-1", cidr_block = "0.0.0.0/0" },
  ]
}
variable "nothing" { type = string }
variable "unset_map" { type = map(string) }
resource "aws_network_acl" "a" { vpc_id = "vpc-1" }
resource "aws_network_acl_rule" "r" {
  count           = length(var.rules)
  network_acl_id  = aws_network_acl.a.id
  rule_number     = var.rules[count.index]["rule_number"]
  rule_action     = var.rules[count.index]["rule_action"]
  protocol        = var.rules[count.index]["protocol"]
  from_port       = lookup(var.rules[count.index], "from_port", null)
  to_port         = lookup(var.rules[count.index], "to_port", null)
  cidr_block      = lookup(var.rules[count.index], "cidr_block", null)
  ipv6_cidr_block = lookup(var.rules[count.index], "ipv6_cidr_block", null)
}
resource "aws_network_acl_rule" "unknown_default" {
  network_acl_id = aws_network_acl.a.id
  rule_number    = 200
  protocol       = "tcp"
  cidr_block     = lookup({ cidr = "10.0.0.0/8" }, "cidr", var.nothing)
}
resource "aws_network_acl_rule" "unknown_map" {
  network_acl_id = aws_network_acl.a.id
  rule_number    = 300
  protocol       = "tcp"
  cidr_block     = lookup(var.unset_map, "cidr", null)
}
`), Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	if len(e.NetworkACLs) != 1 {
		t.Fatalf("%d ACLs", len(e.NetworkACLs))
	}
	entries := known(t, "entries", e.NetworkACLs[0].Entries)
	byNum := map[int]int{}
	for i, x := range entries {
		byNum[x.RuleNumber] = i
	}
	r := entries[byNum[100]]
	if got := known(t, "rule 100 cidr", r.CIDR); got != "0.0.0.0/0" {
		t.Errorf("rule 100 cidr %q", got)
	}
	if got := known(t, "rule 100 ipv6 cidr", r.IPv6CIDR); got != "" {
		t.Errorf("rule 100 ipv6 cidr %q, want none", got)
	}
	known(t, "rule 100 ports", r.Ports)
	if got := known(t, "rule 200 cidr", entries[byNum[200]].CIDR); got != "10.0.0.0/8" {
		t.Errorf("rule 200 cidr %q", got)
	}
	unknown(t, "rule 300 cidr", entries[byNum[300]].CIDR, `variable "unset_map"`)
}

package vpc

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
	na   = control.NotApplicable
)

func rule(proto string, from, to int, v4 []string, v6 []string) ec2.Rule {
	return ec2.Rule{Protocol: ctest.K(proto), Ports: ctest.K(base.PortRange{From: from, To: to}),
		CIDRs: ctest.K(v4), IPv6CIDRs: ctest.K(v6)}
}

func sg(rules ...ec2.Rule) *model.Estate {
	g := &ec2.SecurityGroup{Meta: ctest.TF("aws_security_group", "app"), IsDefault: ctest.K(false),
		Ingress: ctest.K(rules), Egress: ctest.K([]ec2.Rule{}), InUse: ctest.K(true)}
	return &model.Estate{SecurityGroups: []*ec2.SecurityGroup{g}}
}

func sgWith(f func(*ec2.SecurityGroup)) *model.Estate {
	e := sg()
	f(e.SecurityGroups[0])
	return e
}

var (
	world  = []string{"0.0.0.0/0"}
	world6 = []string{"::/0"}
	office = []string{"203.0.113.0/24"}
	none   = []string{}
)

func acl(entries ...ec2.ACLEntry) *model.Estate {
	return &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_network_acl", "a"), Entries: ctest.K(entries)}}}
}

func entry(n int, action, proto, cidr string, from, to int) ec2.ACLEntry {
	return ec2.ACLEntry{RuleNumber: n, Action: ctest.K(action), Protocol: ctest.K(proto), CIDR: ctest.K(cidr),
		IPv6CIDR: ctest.K(""), Ports: ctest.K(base.PortRange{From: from, To: to})}
}

func TestIsWorld(t *testing.T) {
	for c, want := range map[string]bool{"0.0.0.0/0": true, "::/0": true, " 0.0.0.0/0 ": true,
		"0.0.0.0/8": false, "0.0.0.0/1": false, "10.0.0.0/8": false, "::/1": false, "": false, "garbage": false} {
		e := sg(rule("tcp", 22, 22, []string{c}, none))
		rs := control.Run(t.Context(), e, []*control.Control{sgAdminPorts()}).Slice()
		if got := rs[0].Outcome == fail; got != want {
			t.Errorf("%q: world=%v want %v (%s)", c, got, want, rs[0].Reason)
		}
	}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	unknownCIDR := rule("tcp", 22, 22, nil, none)
	unknownCIDR.CIDRs = ctest.U[[]string]("var.admin_cidrs has no value")
	unknownPorts := rule("tcp", 0, 0, world, none)
	unknownPorts.Ports = ctest.U[base.PortRange]("var.port has no value")

	defaultVPC := func(declared bool, rules ...ec2.Rule) *model.Estate {
		e := &model.Estate{VPCs: []*ec2.VPC{{Meta: ctest.TF("aws_vpc", "main"), IsDefault: ctest.K(false), VPCID: ctest.U[string]("known after apply")}}}
		if declared {
			e.SecurityGroups = []*ec2.SecurityGroup{{Meta: ctest.TF("aws_default_security_group", "d"), IsDefault: ctest.K(true),
				VPCID: ctest.K("aws_vpc.main.id"), Ingress: ctest.K(rules), Egress: ctest.K([]ec2.Rule{})}}
		}
		return e
	}

	cases := []ctest.Case{
		{Name: "ssh from office", Control: "ONUS-VPC-001", Estate: sg(rule("tcp", 22, 22, office, none)), Want: pass},
		{Name: "https from world", Control: "ONUS-VPC-001", Estate: sg(rule("tcp", 443, 443, world, world6)), Want: pass},
		{Name: "no rules", Control: "ONUS-VPC-001", Estate: sg(), Want: pass},
		{Name: "ssh from world", Control: "ONUS-VPC-001", Estate: sg(rule("tcp", 22, 22, world, none)), Want: fail, Reason: "0.0.0.0/0"},
		{Name: "rdp from ::/0", Control: "ONUS-VPC-001", Estate: sg(rule("tcp", 3389, 3389, none, world6)), Want: fail, Reason: "::/0"},
		{Name: "rdp udp from world", Control: "ONUS-VPC-001", Estate: sg(rule("udp", 3389, 3389, world, none)), Want: fail},
		{Name: "ssh udp is not ssh", Control: "ONUS-VPC-001", Estate: sg(rule("udp", 22, 22, world, none)), Want: pass},
		{Name: "all traffic from world", Control: "ONUS-VPC-001", Estate: sg(rule("-1", 0, 0, world, none)), Want: fail},
		{Name: "range covers 22", Control: "ONUS-VPC-001", Estate: sg(rule("6", 0, 1024, world, none)), Want: fail},
		{Name: "0.0.0.0/8 is not the world", Control: "ONUS-VPC-001", Estate: sg(rule("tcp", 22, 22, []string{"0.0.0.0/8"}, none)), Want: pass},
		{Name: "source unknown", Control: "ONUS-VPC-001", Estate: sg(unknownCIDR), Want: unk, Reason: "var.admin_cidrs"},
		{Name: "ports unknown", Control: "ONUS-VPC-001", Estate: sg(unknownPorts), Want: unk},
		{Name: "rules unknown", Control: "ONUS-VPC-001", Estate: sgWith(func(g *ec2.SecurityGroup) { g.Ingress = ctest.U[[]ec2.Rule]("AccessDenied") }), Want: unk},
		{Name: "fail beats unknown", Control: "ONUS-VPC-001", Estate: sg(unknownCIDR, rule("tcp", 3389, 3389, world, none)), Want: fail},
		{Name: "icmp protocol alone decides", Control: "ONUS-VPC-001", Estate: sg(ec2.Rule{Protocol: ctest.K("icmp"), CIDRs: ctest.K(world), IPv6CIDRs: ctest.K(none)}), Want: pass},

		{Name: "postgres from vpc", Control: "ONUS-VPC-002", Estate: sg(rule("tcp", 5432, 5432, []string{"10.0.0.0/16"}, none)), Want: pass},
		{Name: "mysql from world", Control: "ONUS-VPC-002", Estate: sg(rule("tcp", 3306, 3306, world, none)), Want: fail, Reason: "3306"},
		{Name: "cifs from world", Control: "ONUS-VPC-002", Estate: sg(rule("tcp", 445, 445, none, world6)), Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-002", Estate: sg(unknownCIDR), Want: pass},
		{Name: "unknown source on db port", Control: "ONUS-VPC-002", Estate: sg(func() ec2.Rule {
			r := rule("tcp", 5432, 5432, nil, none)
			r.CIDRs = ctest.U[[]string]("var.cidrs has no value")
			return r
		}()), Want: unk},

		{Name: "web only", Control: "ONUS-VPC-003", Estate: sg(rule("tcp", 443, 443, world, world6), rule("tcp", 80, 80, world, none)), Want: pass},
		{Name: "8443 from world", Control: "ONUS-VPC-003", Estate: sg(rule("tcp", 8443, 8443, world, none)), Want: fail},
		{Name: "range 80-443", Control: "ONUS-VPC-003", Estate: sg(rule("tcp", 80, 443, world, none)), Want: fail, Reason: "tcp 81-442"},
		{Name: "esp without ports", Control: "ONUS-VPC-003", Estate: sg(ec2.Rule{Protocol: ctest.K("50"), CIDRs: ctest.K(world), IPv6CIDRs: ctest.K(none),
			Ports: ctest.U[base.PortRange]("no ports for this protocol")}), Want: fail, Reason: "protocol 50"},
		{Name: "all", Control: "ONUS-VPC-003", Estate: sg(rule("-1", 0, 0, none, world6)), Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-003", Estate: sg(unknownPorts), Want: unk},

		{Name: "empty default", Control: "ONUS-VPC-004", Estate: defaultVPC(true), Want: pass},
		{Name: "default with rules", Control: "ONUS-VPC-004", Estate: defaultVPC(true, rule("-1", 0, 0, none, none)), Want: fail},
		{Name: "undeclared in code", Control: "ONUS-VPC-004", Estate: defaultVPC(false), Want: fail, Reason: "not declared"},
		{Name: "live default rules unknown", Control: "ONUS-VPC-004", Estate: &model.Estate{SecurityGroups: []*ec2.SecurityGroup{{
			Meta: ctest.Live("AWS::EC2::SecurityGroup", "sg-1"), IsDefault: ctest.K(true), Ingress: ctest.U[[]ec2.Rule]("throttled"), Egress: ctest.K([]ec2.Rule{})}}}, Want: unk},
		{Name: "non-default ignored", Control: "ONUS-VPC-004", Estate: sg(rule("-1", 0, 0, world, none)), Want: pass, N: -1},

		{Name: "used", Control: "ONUS-VPC-005", Estate: sg(), Want: pass},
		{Name: "unused", Control: "ONUS-VPC-005", Estate: sgWith(func(g *ec2.SecurityGroup) { g.InUse = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-005", Estate: sgWith(func(g *ec2.SecurityGroup) { g.InUse = ctest.U[bool]("not read") }), Want: unk},
		{Name: "default", Control: "ONUS-VPC-005", Estate: sgWith(func(g *ec2.SecurityGroup) { g.IsDefault = ctest.K(true) }), Want: na},

		{Name: "allow all", Control: "ONUS-VPC-006", Estate: acl(entry(100, "allow", "-1", "0.0.0.0/0", 0, 0)), Want: fail},
		{Name: "deny ssh first", Control: "ONUS-VPC-006", Estate: acl(entry(100, "allow", "-1", "0.0.0.0/0", 0, 0),
			entry(50, "deny", "tcp", "0.0.0.0/0", 22, 22), entry(60, "deny", "-1", "0.0.0.0/0", 3389, 3389)), Want: pass},
		{Name: "only https", Control: "ONUS-VPC-006", Estate: acl(entry(100, "allow", "tcp", "0.0.0.0/0", 443, 443)), Want: pass},
		{Name: "narrow deny does not block the world", Control: "ONUS-VPC-006", Estate: acl(entry(10, "deny", "tcp", "10.0.0.0/8", 22, 22),
			entry(100, "allow", "tcp", "0.0.0.0/0", 0, 65535)), Want: fail},
		{Name: "ipv6 allow", Control: "ONUS-VPC-006", Estate: acl(ec2.ACLEntry{RuleNumber: 101, Action: ctest.K("allow"), Protocol: ctest.K("-1"),
			CIDR: ctest.K(""), IPv6CIDR: ctest.K("::/0"), Ports: ctest.K(base.PortRange{})}), Want: fail},
		{Name: "egress ignored", Control: "ONUS-VPC-006", Estate: acl(func() ec2.ACLEntry {
			x := entry(100, "allow", "-1", "0.0.0.0/0", 0, 0)
			x.Egress = true
			return x
		}()), Want: pass},
		{Name: "unknown cidr", Control: "ONUS-VPC-006", Estate: acl(ec2.ACLEntry{RuleNumber: 1, Action: ctest.K("allow"), Protocol: ctest.K("-1"),
			CIDR: ctest.U[string]("var.cidr"), IPv6CIDR: ctest.K("")}), Want: unk},
		{Name: "entries unknown", Control: "ONUS-VPC-006", Estate: &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_network_acl", "a")}}}, Want: unk},

		{Name: "flow log", Control: "ONUS-VPC-007", Estate: &model.Estate{VPCs: []*ec2.VPC{{Meta: ctest.TF("aws_vpc", "v"),
			FlowLogs: ctest.K([]ec2.FlowLog{{TrafficType: "ALL", Prov: source.Prov{}}})}}}, Want: pass},
		{Name: "none", Control: "ONUS-VPC-007", Estate: &model.Estate{VPCs: []*ec2.VPC{{Meta: ctest.TF("aws_vpc", "v"), FlowLogs: ctest.K([]ec2.FlowLog{})}}}, Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-007", Estate: &model.Estate{VPCs: []*ec2.VPC{{Meta: ctest.TF("aws_vpc", "v")}}}, Want: unk},

		{Name: "off", Control: "ONUS-VPC-008", Estate: &model.Estate{Subnets: []*ec2.Subnet{{Meta: ctest.TF("aws_subnet", "s"), MapPublicIPOnLaunch: ctest.K(false)}}}, Want: pass},
		{Name: "on", Control: "ONUS-VPC-008", Estate: &model.Estate{Subnets: []*ec2.Subnet{{Meta: ctest.TF("aws_subnet", "s"), MapPublicIPOnLaunch: ctest.K(true)}}}, Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-008", Estate: &model.Estate{Subnets: []*ec2.Subnet{{Meta: ctest.TF("aws_subnet", "s")}}}, Want: unk},

		{Name: "associated", Control: "ONUS-VPC-009", Estate: &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_network_acl", "a"), IsDefault: ctest.K(false), Subnets: ctest.K([]string{"s"})}}}, Want: pass},
		{Name: "orphan", Control: "ONUS-VPC-009", Estate: &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_network_acl", "a"), IsDefault: ctest.K(false), Subnets: ctest.K([]string{})}}}, Want: fail},
		{Name: "unknown", Control: "ONUS-VPC-009", Estate: &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_network_acl", "a")}}}, Want: unk},
		{Name: "default", Control: "ONUS-VPC-009", Estate: &model.Estate{NetworkACLs: []*ec2.NetworkACL{{Meta: ctest.TF("aws_default_network_acl", "a"), IsDefault: ctest.K(true)}}}, Want: na},
	}
	tgw := func(meta base.Meta, v source.Value[bool]) *model.Estate {
		return &model.Estate{TransitGateways: []*ec2.TransitGateway{{Meta: meta, AutoAcceptSharedAttachments: v}}}
	}
	cases = append(cases,
		ctest.Case{Name: "disable", Control: "ONUS-VPC-010", Estate: tgw(ctest.TF("aws_ec2_transit_gateway", "hub"), ctest.K(false)), Want: pass},
		ctest.Case{Name: "enable", Control: "ONUS-VPC-010", Estate: tgw(ctest.CFN("AWS::EC2::TransitGateway", "Hub"), ctest.K(true)), Want: fail},
		ctest.Case{Name: "live enable", Control: "ONUS-VPC-010", Estate: tgw(ctest.Live("AWS::EC2::TransitGateway", "arn:aws:ec2:eu-west-1:111122223333:transit-gateway/tgw-1"), ctest.K(true)), Want: fail},
		ctest.Case{Name: "var", Control: "ONUS-VPC-010", Estate: tgw(ctest.TF("aws_ec2_transit_gateway", "hub"), ctest.U[bool]("var.accept has no value")), Want: unk},
	)
	cases = append(cases, endpointCases()...)
	cases = append(cases, vpnCases()...)
	ctest.Run(t, Controls(), cases)
}

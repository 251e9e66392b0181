package vpc

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/netx"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// Controls returns the VPC controls.
func Controls() []*control.Control {
	return append([]*control.Control{
		sgAdminPorts(), sgHighRiskPorts(), sgOnlyWeb(), defaultSG(), unusedSG(), naclAdminPorts(),
		flowLogs(), subnetPublicIP(), unusedNACL(), tgwAutoAccept(),
	}, append(endpointControls(), vpnControls()...)...)
}

func sgRules(e *model.Estate, off netx.Offending, pass string) []control.Result {
	return ck.Per(e.SecurityGroups, func(sg *ec2.SecurityGroup) control.Verdict {
		return netx.Rules(sg.Ingress, "ingress rules", off, pass)
	})
}

func portNames(ps []netx.Port) string {
	var s []string
	for _, p := range ps {
		s = append(s, fmt.Sprintf("%d (%s)", p.Number, p.Name))
	}
	return strings.Join(s, ", ")
}

const sgTF = `resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.0.0.0/16" # a trusted range, never 0.0.0.0/0 or ::/0
}`

const sgCFN = `SshIngress:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: !Ref AppSecurityGroup
    IpProtocol: tcp
    FromPort: 22
    ToPort: 22
    CidrIp: 10.0.0.0/16 # a trusted range, never 0.0.0.0/0 or ::/0`

func sgAdminPorts() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-001", Title: "Security groups do not allow SSH or RDP from the internet", Severity: control.Critical,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.CIS("6.3", "6.4"), fw.FSBP("EC2.19"), fw.Network()),
		Rationale: "Security groups are the customer's firewall; SSH and RDP open to 0.0.0.0/0 or ::/0 invite " +
			"brute force and exploitation of remote administration services from anywhere. Use SSM Session " +
			"Manager, a bastion or a VPN with a narrow source range.",
		Checked: "Every ingress rule of every security group: a rule whose IPv4 or IPv6 source is the whole " +
			"internet (a /0 prefix: 0.0.0.0/0 or ::/0 — 0.0.0.0/8 is not) and whose protocol and port range " +
			"cover TCP 22 or TCP/UDP 3389 fails. Rules from other groups or prefix lists pass.",
		Remediation: control.Remediation{
			Summary:        "Restrict SSH/RDP ingress to a trusted range or use SSM Session Manager.",
			Terraform:      sgTF,
			CloudFormation: sgCFN,
			CLI:            "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0\naws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'",
		},
		Check: func(e *model.Estate) []control.Result {
			return sgRules(e, netx.ForbidPorts(netx.AdminPorts), "no ingress rule admits 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389)")
		},
	}
}

func sgHighRiskPorts() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-002", Title: "Security groups do not expose database and administration ports to the internet", Severity: control.High,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.CIS("6.1.2"), fw.FSBP("EC2.19"), fw.Network()),
		Rationale: "Database, file sharing (CIFS/SMB), remote management and cache ports are not meant for the " +
			"internet; exposed, they are found by scanners within minutes.",
		Checked: "Every ingress rule of every security group: a rule from 0.0.0.0/0 or ::/0 whose protocol and " +
			"port range cover any of " + portNames(netx.HighRiskPorts) + " fails.",
		Remediation: control.Remediation{
			Summary:        "Allow database and admin ports only from the application's security group or a private range.",
			Terraform:      "resource \"aws_vpc_security_group_ingress_rule\" \"db\" {\n  security_group_id            = aws_security_group.db.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 5432\n  to_port                      = 5432\n  referenced_security_group_id = aws_security_group.app.id\n}",
			CloudFormation: "DbIngress:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref DbSecurityGroup\n    IpProtocol: tcp\n    FromPort: 5432\n    ToPort: 5432\n    SourceSecurityGroupId: !Ref AppSecurityGroup",
			CLI:            "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 5432 --cidr 0.0.0.0/0",
		},
		Check: func(e *model.Estate) []control.Result {
			return sgRules(e, netx.ForbidPorts(netx.HighRiskPorts), "no ingress rule admits 0.0.0.0/0 or ::/0 to a database or administration port")
		},
	}
}

// tcpPorts and udpPorts are the ports ONUS-VPC-003 lets face the
// internet: Security Hub EC2.18's authorizedTcpPorts and
// authorizedUdpPorts. Literal data, never changed.
var (
	tcpPorts = control.Param{Control: "ONUS-VPC-003", Name: "authorized_tcp_ports", Unit: "ports", List: true,
		DefaultList: []int{80, 443}, Min: 0, Max: 65535,
		Summary: "TCP ports a security group may open to 0.0.0.0/0 or ::/0 (a list of port numbers or ranges such as 1020-1025; [] allows none). Security Hub EC2.18 authorizedTcpPorts."}
	udpPorts = control.Param{Control: "ONUS-VPC-003", Name: "authorized_udp_ports", Unit: "ports", List: true,
		DefaultList: []int{80, 443}, Min: 0, Max: 65535,
		Summary: "UDP ports a security group may open to 0.0.0.0/0 or ::/0 (443 carries HTTP/3). Security Hub EC2.18 authorizedUdpPorts."}
)

func sgOnlyWeb() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-003", Title: "Security groups open only authorized ports to the internet (TCP {{authorized_tcp_ports}}; UDP {{authorized_udp_ports}})", Severity: control.Medium,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.18"), fw.Network()),
		Rationale: "Defense in depth: the only services an ordinary workload exposes to everyone are web " +
			"listeners; every other open port widens the attack surface the customer is responsible for.",
		Checked: "Every ingress rule of every security group from 0.0.0.0/0 or ::/0: TCP ports other than " +
			"{{authorized_tcp_ports}} and UDP ports other than {{authorized_udp_ports}} (the parameters authorized_tcp_ports and authorized_udp_ports), or all protocols, fail; ICMP passes.",
		Params: []control.Param{tcpPorts, udpPorts},
		Remediation: control.Remediation{
			Summary:        "Limit internet-facing ingress to TCP {{authorized_tcp_ports}} and UDP {{authorized_udp_ports}}; put other services behind a load balancer or VPN.",
			Terraform:      "resource \"aws_vpc_security_group_ingress_rule\" \"https\" {\n  security_group_id = aws_security_group.alb.id\n  ip_protocol       = \"tcp\"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = \"0.0.0.0/0\"\n}",
			CloudFormation: "HttpsIngress:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: !Ref AlbSecurityGroup\n    IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    CidrIp: 0.0.0.0/0",
			CLI:            "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 8443 --cidr 0.0.0.0/0",
		},
		Check: func(e *model.Estate) []control.Result {
			tcp, tcpText := tcpPorts.ListLimit(e)
			udp, udpText := udpPorts.ListLimit(e)
			pass := "internet-facing ingress is limited to ports 80 and 443"
			if tcpText != udpText || tcpText != "80, 443" {
				pass = "internet-facing ingress is limited to TCP " + tcpText + " and UDP " + udpText
			}
			return sgRules(e, netx.AllowPorts(tcp, udp), pass)
		},
	}
}

// defaultGroupFor finds the default security group of a VPC in the estate.
func defaultGroupFor(e *model.Estate, v *ec2.VPC) bool {
	id, _ := v.VPCID.Get()
	var defaults []*ec2.SecurityGroup
	for _, sg := range e.SecurityGroups {
		if d, ok := sg.IsDefault.Get(); ok && d {
			defaults = append(defaults, sg)
		}
	}
	for _, sg := range defaults {
		sv, ok := sg.VPCID.Get()
		if !ok {
			continue
		}
		if (id != "" && sv == id) || sv == v.Address || strings.HasPrefix(sv, v.Address+".") {
			return true
		}
	}
	// One VPC and one default group whose VPC reference is unresolved: they belong together.
	if len(defaults) == 1 && len(e.VPCs) == 1 {
		if _, ok := defaults[0].VPCID.Get(); !ok {
			return true
		}
	}
	return false
}

func defaultSG() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-004", Title: "Default security groups restrict all traffic", Severity: control.High,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.CIS("6.5"), fw.FSBP("EC2.2"), fw.Network()),
		Rationale: "Every VPC gets a default security group that lets members talk to each other and reach " +
			"anything outbound; resources launched without an explicit group land in it. Emptying it forces " +
			"deliberate groups.",
		Checked: "Every default security group: no ingress and no egress rules passes. In code, a VPC the code " +
			"creates without declaring its default security group (aws_default_security_group) fails, because " +
			"AWS gives that group allow-all rules.",
		Remediation: control.Remediation{
			Summary:        "Remove every rule from the default security group.",
			Terraform:      "resource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n  # no ingress or egress blocks: all rules are removed\n}",
			CloudFormation: "# CloudFormation cannot manage the default group's rules; remove them with the CLI or a custom resource.",
			CLI:            "aws ec2 revoke-security-group-ingress --group-id sg-default --ip-permissions \"$(aws ec2 describe-security-groups --group-ids sg-default --query 'SecurityGroups[0].IpPermissions')\"\naws ec2 revoke-security-group-egress --group-id sg-default --ip-permissions \"$(aws ec2 describe-security-groups --group-ids sg-default --query 'SecurityGroups[0].IpPermissionsEgress')\"",
		},
		Check: func(e *model.Estate) []control.Result {
			var out []control.Result
			for _, sg := range e.SecurityGroups {
				b := control.On(&sg.Meta)
				d, ok := sg.IsDefault.Get()
				if !ok {
					out = append(out, b.Result(ck.Unknown(sg.IsDefault, "whether this is a default group")))
					continue
				}
				if !d {
					continue
				}
				in := ck.Judge(sg.Ingress, "ingress rules", func(r []ec2.Rule) (bool, string) {
					return len(r) == 0, fmt.Sprintf("%d ingress rules", len(r))
				})
				eg := ck.Judge(sg.Egress, "egress rules", func(r []ec2.Rule) (bool, string) {
					return len(r) == 0, fmt.Sprintf("%d egress rules", len(r))
				})
				v := control.Combine(in, eg)
				if v.Outcome == control.Pass {
					v.Reason = "the default group has no rules"
				} else if v.Outcome == control.Fail {
					v.Reason = "the default group still has rules: " + v.Reason
				}
				out = append(out, b.Result(v))
			}
			for _, v := range e.VPCs {
				if !ck.IsCode(&v.Meta) {
					continue
				}
				if d, ok := v.IsDefault.Get(); ok && d {
					continue
				}
				if !defaultGroupFor(e, v) {
					out = append(out, control.On(&v.Meta).Fail(
						"the VPC's default security group is not declared, so it keeps AWS's allow-all rules (members to each other, all egress)",
						control.Ev("VPC declared here", v.Meta.Prov())))
				}
			}
			return out
		},
	}
}

func unusedSG() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-005", Title: "Security groups are in use", Severity: control.Info,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.M{fw.NIST: {"CM-7"}}),
		Rationale: "Unused groups accumulate permissive rules that are later attached by mistake; removing them " +
			"keeps the firewall configuration reviewable.",
		Checked: "Whether any network interface (live) or resource (code) uses each non-default security " +
			"group: used passes, unused fails (informational). Default groups are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Delete security groups nothing uses.",
			Terraform:      "# remove the unused aws_security_group block",
			CloudFormation: "# remove the unused AWS::EC2::SecurityGroup resource",
			CLI:            "aws ec2 delete-security-group --group-id sg-0123456789abcdef0",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.SecurityGroups, func(sg *ec2.SecurityGroup, b control.Builder) control.Result {
				if d, ok := sg.IsDefault.Get(); ok && d {
					return b.NA("default security groups cannot be deleted")
				}
				return b.Result(ck.Judge(sg.InUse, "use of the group", func(u bool) (bool, string) {
					if u {
						return true, "the group is used"
					}
					return false, "nothing uses the group"
				}))
			})
		},
	}
}

func naclAdminPorts() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-006", Title: "Network ACLs do not allow SSH or RDP from the internet", Severity: control.Medium,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.CIS("6.2"), fw.FSBP("EC2.21"), fw.Network()),
		Rationale: "Network ACLs are the subnet-level layer of the customer's network defense; an allow rule " +
			"from the internet to administration ports leaves only security groups in the way.",
		Checked: "The ingress entries of every network ACL in rule-number order: if the first entry that matches " +
			"traffic from 0.0.0.0/0 (or ::/0) to TCP 22 or TCP/UDP 3389 allows it, the ACL fails; a deny first, " +
			"or no match (implicit deny), passes.",
		Remediation: control.Remediation{
			Summary:        "Add deny entries for 22/3389 from 0.0.0.0/0 and ::/0 before any allow-all entry, or narrow the allow.",
			Terraform:      "resource \"aws_network_acl_rule\" \"deny_ssh\" {\n  network_acl_id = aws_network_acl.main.id\n  rule_number    = 50\n  egress         = false\n  protocol       = \"tcp\"\n  rule_action    = \"deny\"\n  cidr_block     = \"0.0.0.0/0\"\n  from_port      = 22\n  to_port        = 22\n}",
			CloudFormation: "DenySsh:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref Acl\n    RuleNumber: 50\n    Protocol: 6\n    RuleAction: deny\n    CidrBlock: 0.0.0.0/0\n    PortRange: {From: 22, To: 22}",
			CLI:            "aws ec2 create-network-acl-entry --network-acl-id acl-0123 --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.NetworkACLs, func(a *ec2.NetworkACL, b control.Builder) control.Result {
				entries, ok := a.Entries.Get()
				if !ok {
					return b.Result(ck.Unknown(a.Entries, "ACL entries"))
				}
				var vs []control.Verdict
				for _, p := range netx.AdminPorts {
					vs = append(vs, netx.ACLVerdict(entries, p))
				}
				v := control.Combine(vs...)
				if v.Outcome == control.Pass {
					v.Reason = "no entry allows the internet to SSH (22) or RDP (3389)"
				}
				return b.Result(v)
			})
		},
	}
}

func flowLogs() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-007", Title: "VPC flow logs are enabled", Severity: control.Medium,
		Service: "vpc", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.CIS("4.7"), fw.FSBP("EC2.6"), fw.Logging()),
		Rationale: "Flow logs are the record of who talked to what inside the customer's network; without " +
			"them, incident responders cannot see exfiltration or lateral movement.",
		Checked: "The flow logs attached to every VPC: at least one passes (CIS asks for REJECT traffic at " +
			"minimum; any traffic type covers it); none fails.",
		Remediation: control.Remediation{
			Summary:        "Create a flow log for the VPC (ALL or REJECT traffic) to CloudWatch Logs or S3.",
			Terraform:      "resource \"aws_flow_log\" \"vpc\" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}",
			CloudFormation: "FlowLog:\n  Type: AWS::EC2::FlowLog\n  Properties:\n    ResourceId: !Ref Vpc\n    ResourceType: VPC\n    TrafficType: ALL\n    LogDestinationType: s3\n    LogDestination: !GetAtt FlowLogBucket.Arn",
			CLI:            "aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-0123 --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::flow-log-bucket",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.VPCs, func(v *ec2.VPC) control.Verdict {
				return ck.Judge(v.FlowLogs, "flow logs", func(l []ec2.FlowLog) (bool, string) {
					if len(l) == 0 {
						return false, "no flow log covers the VPC"
					}
					var t []string
					for _, f := range l {
						if f.TrafficType == "" {
							t = append(t, "(type unresolved)")
							continue
						}
						t = append(t, f.TrafficType)
					}
					return true, "flow logs capture " + strings.Join(t, ", ") + " traffic"
				})
			})
		},
	}
}

func subnetPublicIP() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-008", Title: "Subnets do not assign public IPv4 addresses automatically", Severity: control.Low,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.15"), fw.Network()),
		Rationale: "With auto-assign on, every instance launched into the subnet is reachable from the internet " +
			"unless its security group prevents it; public addresses should be a deliberate choice per resource.",
		Checked: "MapPublicIpOnLaunch of every subnet: false passes, true fails.",
		Remediation: control.Remediation{
			Summary:        "Turn off automatic public IPv4 assignment on the subnet.",
			Terraform:      "resource \"aws_subnet\" \"public\" {\n  map_public_ip_on_launch = false\n}",
			CloudFormation: "Subnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    MapPublicIpOnLaunch: false",
			CLI:            "aws ec2 modify-subnet-attribute --subnet-id subnet-0123 --no-map-public-ip-on-launch",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.Subnets, func(s *ec2.Subnet) control.Verdict {
				return ck.Bool(s.MapPublicIPOnLaunch, false, "automatic public IPv4 assignment")
			})
		},
	}
}

func unusedNACL() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-009", Title: "Network ACLs are associated with subnets", Severity: control.Low,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.16"), fw.M{fw.NIST: {"CM-7"}}),
		Rationale: "An unassociated network ACL protects nothing and invites the mistaken belief that it does; " +
			"removing it keeps the network configuration truthful.",
		Checked: "The subnet associations of every non-default network ACL: at least one passes; none fails. " +
			"Default ACLs are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Associate the ACL with its subnets or delete it.",
			Terraform:      "resource \"aws_network_acl\" \"private\" {\n  vpc_id     = aws_vpc.main.id\n  subnet_ids = aws_subnet.private[*].id\n}",
			CloudFormation: "AclAssociation:\n  Type: AWS::EC2::SubnetNetworkAclAssociation\n  Properties:\n    SubnetId: !Ref PrivateSubnet\n    NetworkAclId: !Ref PrivateAcl",
			CLI:            "aws ec2 delete-network-acl --network-acl-id acl-0123",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.NetworkACLs, func(a *ec2.NetworkACL, b control.Builder) control.Result {
				if d, ok := a.IsDefault.Get(); ok && d {
					return b.NA("default network ACLs cannot be deleted")
				}
				return b.Result(ck.Judge(a.Subnets, "subnet associations", func(s []string) (bool, string) {
					if len(s) == 0 {
						return false, "the ACL is associated with no subnet"
					}
					return true, fmt.Sprintf("the ACL covers %d subnets", len(s))
				}))
			})
		},
	}
}

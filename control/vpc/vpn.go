package vpc

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// vpnControls are the FSBP controls on VPN connections, Client VPN
// endpoints and VPC Block Public Access.
func vpnControls() []*control.Control {
	return []*control.Control{vpnTunnelsUp(), clientVPNLogging(), vpnLogging(), blockPublicAccess()}
}

func vpnTunnelsUp() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-017", Title: "Both tunnels of every Site-to-Site VPN connection are up", Severity: control.Medium,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.20"), fw.M{fw.NIST: {"CP-10", "SC-36"}}),
		Rationale: "AWS gives every Site-to-Site VPN connection two tunnels in different zones so that one can " +
			"fail or be serviced; configuring the customer gateway for both is the customer's part, and with one " +
			"tunnel down the link has no redundancy left.",
		Checked: "The telemetry of every VPN connection's tunnels (live scans): both UP passes; any tunnel DOWN " +
			"fails; telemetry for fewer than two tunnels is UNKNOWN. Code cannot show whether a tunnel is up, so " +
			"code sources are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Configure the customer gateway device for both tunnels (download its configuration) and check that both come up.",
			Terraform:      "resource \"aws_vpn_connection\" \"office\" {\n  vpn_gateway_id      = aws_vpn_gateway.main.id\n  customer_gateway_id = aws_customer_gateway.office.id\n  type                = \"ipsec.1\"\n}\n# Configure tunnel1_address and tunnel2_address on the customer gateway device.",
			CloudFormation: "Vpn:\n  Type: AWS::EC2::VPNConnection\n  Properties:\n    Type: ipsec.1\n    CustomerGatewayId: !Ref OfficeGateway\n    VpnGatewayId: !Ref VpnGateway\n# Configure both tunnels on the customer gateway device.",
			CLI:            "aws ec2 describe-vpn-connections --vpn-connection-ids vpn-0123 --query 'VpnConnections[].VgwTelemetry[].[OutsideIpAddress,Status,StatusMessage]'\naws ec2 get-vpn-connection-device-sample-configuration --vpn-connection-id vpn-0123 --vpn-connection-device-type-id <device-type>",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.VPNConnections, func(c *ec2.VPNConnection) control.Verdict {
				ts, ok := c.TunnelStatus.Get()
				switch {
				case !ok && ck.IsCode(&c.Meta):
					return ck.NA(fmt.Sprintf("tunnel status is not expressed in %s code; only a live scan can read it", c.Source))
				case !ok:
					return ck.Unknown(c.TunnelStatus, "tunnel status")
				}
				var down, all []string
				for _, t := range ts {
					s := t.OutsideIP + " " + t.Status
					if t.StatusMessage != "" {
						s += " (" + t.StatusMessage + ")"
					}
					all = append(all, s)
					if !strings.EqualFold(t.Status, "UP") {
						down = append(down, s)
					}
				}
				switch {
				case len(down) > 0:
					return ck.FailAt("tunnel not up: "+strings.Join(down, "; "), c.TunnelStatus.PackedProv())
				case len(ts) < 2:
					return control.Verdict{Outcome: control.Unknown,
						Reason:   fmt.Sprintf("telemetry reports %d of the connection's 2 tunnels", len(ts)),
						Evidence: []control.Evidence{ck.Ev("tunnel telemetry", c.TunnelStatus)}}
				}
				return ck.PassAt("both tunnels are up: "+strings.Join(all, "; "), c.TunnelStatus.PackedProv())
			})
		},
	}
}

func clientVPNLogging() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-018", Title: "Client VPN endpoints log client connections", Severity: control.Low,
		Service: "vpc", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("EC2.51"), fw.Logging()),
		Rationale: "A Client VPN endpoint lets people into the VPC from anywhere; without connection logs " +
			"there is no record of who connected, when and from where, which an investigation needs first.",
		Checked: "The connection log options of every Client VPN endpoint: enabled passes; disabled (or the " +
			"options absent) fails.",
		Remediation: control.Remediation{
			Summary:        "Enable client connection logging to a CloudWatch Logs log group.",
			Terraform:      "resource \"aws_ec2_client_vpn_endpoint\" \"staff\" {\n  connection_log_options {\n    enabled               = true\n    cloudwatch_log_group  = aws_cloudwatch_log_group.vpn.name\n    cloudwatch_log_stream = aws_cloudwatch_log_stream.vpn.name\n  }\n}",
			CloudFormation: "StaffVpn:\n  Type: AWS::EC2::ClientVpnEndpoint\n  Properties:\n    ConnectionLogOptions:\n      Enabled: true\n      CloudwatchLogGroup: !Ref VpnLogGroup",
			CLI:            "aws ec2 modify-client-vpn-endpoint --client-vpn-endpoint-id cvpn-endpoint-0123 --connection-log-options Enabled=true,CloudwatchLogGroup=client-vpn",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.ClientVPNEndpoints, func(c *ec2.ClientVPNEndpoint) control.Verdict {
				return ck.Flag(c.ConnectionLogging, true, "client connection logging",
					"client connections are logged", "client connection logging is off")
			})
		},
	}
}

func vpnLogging() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-019", Title: "Site-to-Site VPN tunnels log to CloudWatch Logs", Severity: control.Medium,
		Service: "vpc", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("EC2.171"), fw.Logging()),
		Rationale: "Tunnel logs record IKE negotiation, dead peer detection and BGP events; without them a " +
			"tunnel that flaps or a peer that negotiates weak parameters leaves no trace.",
		Checked: "The CloudWatch Logs options of both tunnels of every VPN connection: logging on for both passes; " +
			"off for either fails (off is the default when a tunnel's log options are not set).",
		Remediation: control.Remediation{
			Summary:        "Turn on CloudWatch Logs for both tunnels.",
			Terraform:      "resource \"aws_vpn_connection\" \"office\" {\n  tunnel1_log_options {\n    cloudwatch_log_options {\n      log_enabled   = true\n      log_group_arn = aws_cloudwatch_log_group.vpn.arn\n    }\n  }\n  tunnel2_log_options {\n    cloudwatch_log_options {\n      log_enabled   = true\n      log_group_arn = aws_cloudwatch_log_group.vpn.arn\n    }\n  }\n}",
			CloudFormation: "Vpn:\n  Type: AWS::EC2::VPNConnection\n  Properties:\n    VpnTunnelOptionsSpecifications:\n      - LogOptions:\n          CloudwatchLogOptions:\n            LogEnabled: true\n            LogGroupArn: !GetAtt VpnLogs.Arn\n      - LogOptions:\n          CloudwatchLogOptions:\n            LogEnabled: true\n            LogGroupArn: !GetAtt VpnLogs.Arn",
			CLI:            "for ip in <tunnel1-outside-ip> <tunnel2-outside-ip>; do\n  aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123 --vpn-tunnel-outside-ip-address $ip \\\n    --tunnel-options '{\"LogOptions\":{\"CloudWatchLogOptions\":{\"LogEnabled\":true,\"LogGroupArn\":\"arn:aws:logs:eu-west-1:111122223333:log-group:vpn\"}}}'\ndone",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.VPNConnections, func(c *ec2.VPNConnection) control.Verdict {
				l, ok := c.TunnelLogging.Get()
				if !ok {
					return ck.Unknown(c.TunnelLogging, "tunnel logging")
				}
				var off []string
				for i, on := range l {
					if !on {
						off = append(off, fmt.Sprintf("tunnel %d", i+1))
					}
				}
				switch {
				case len(off) > 0:
					return ck.FailAt(strings.Join(off, " and ")+" do not log to CloudWatch Logs", c.TunnelLogging.PackedProv())
				case len(l) < 2:
					return control.Verdict{Outcome: control.Unknown,
						Reason:   fmt.Sprintf("log options were read for %d of the connection's 2 tunnels", len(l)),
						Evidence: []control.Evidence{ck.Ev("tunnel log options", c.TunnelLogging)}}
				}
				return ck.PassAt("both tunnels log to CloudWatch Logs", c.TunnelLogging.PackedProv())
			})
		},
	}
}

func blockPublicAccess() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-020", Title: "VPC Block Public Access blocks internet gateway traffic", Severity: control.Medium,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.172"), fw.M{fw.NIST: {"SC-7"}}),
		Rationale: "VPC Block Public Access is a per-region switch that stops traffic through internet gateways " +
			"for every VPC the account owns there, whatever a route table or security group says; only VPCs " +
			"and subnets explicitly excluded stay reachable.",
		Checked: "The internet gateway block mode of every region a live scan covered (and every region code " +
			"declares it for): block-bidirectional or block-ingress passes; off fails; a region whose setting " +
			"was not read is UNKNOWN. Exclusions are not judged. Code that declares VPCs but not the setting is " +
			"not applicable: the setting is account-wide.",
		Remediation: control.Remediation{
			Summary:        "Turn on VPC Block Public Access (block-ingress or block-bidirectional) and exclude only the VPCs that must face the internet.",
			Terraform:      "resource \"aws_vpc_block_public_access_options\" \"this\" {\n  internet_gateway_block_mode = \"block-ingress\"\n}\nresource \"aws_vpc_block_public_access_exclusion\" \"edge\" {\n  vpc_id                          = aws_vpc.edge.id\n  internet_gateway_exclusion_mode = \"allow-bidirectional\"\n}",
			CloudFormation: "BlockPublicAccess:\n  Type: AWS::EC2::VPCBlockPublicAccessOptions\n  Properties:\n    InternetGatewayBlockMode: block-ingress",
			CLI:            "aws ec2 modify-vpc-block-public-access-options --internet-gateway-block-mode block-ingress --region eu-west-1",
		},
		Check: func(e *model.Estate) []control.Result {
			out := ck.Each(e.VPCBlockPublicAccess, func(o *ec2.VPCBlockPublicAccess, b control.Builder) control.Result {
				return b.Result(ck.Judge(o.InternetGatewayBlockMode, "internet gateway block mode", func(m string) (bool, string) {
					switch strings.ToLower(m) {
					case "block-bidirectional", "block-ingress":
						return true, "internet gateway traffic is blocked (" + m + ")"
					}
					return false, "VPC Block Public Access does not block internet gateway traffic (" + m + ")"
				}))
			})
			if e.AccountWide {
				have := make([]string, 0, len(e.VPCBlockPublicAccess))
				for _, o := range e.VPCBlockPublicAccess {
					have = append(have, o.Region)
				}
				return append(out, scope.UnreadRegions(e, have, "AWS::EC2::VPCBlockPublicAccessOptions", "the VPC Block Public Access setting")...)
			}
			if len(out) == 0 && (len(e.VPCs) > 0 || len(e.Subnets) > 0) {
				out = append(out, control.On(scope.Account(e)).NA(scope.CodeNA("VPC Block Public Access")))
			}
			return out
		},
	}
}

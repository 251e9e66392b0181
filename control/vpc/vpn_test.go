package vpc

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// vpnCases are the rows of ONUS-VPC-017..020, run with the package's others.
func vpnCases() []ctest.Case {
	na := control.NotApplicable
	liveVPN := ctest.Live("AWS::EC2::VPNConnection", "arn:aws:ec2:eu-west-1:111122223333:vpn-connection/vpn-1")
	tfVPN := ctest.TF("aws_vpn_connection", "office")
	cfnVPN := ctest.CFN("AWS::EC2::VPNConnection", "Vpn")
	status := func(meta base.Meta, s source.Value[[]ec2.VPNTunnelStatus]) *model.Estate {
		return &model.Estate{VPNConnections: []*ec2.VPNConnection{{Meta: meta, TunnelStatus: s}}}
	}
	up := func(ip string) ec2.VPNTunnelStatus { return ec2.VPNTunnelStatus{OutsideIP: ip, Status: "UP"} }
	logging := func(meta base.Meta, l source.Value[[]bool]) *model.Estate {
		return &model.Estate{VPNConnections: []*ec2.VPNConnection{{Meta: meta, TunnelLogging: l}}}
	}
	cvpn := func(meta base.Meta, v source.Value[bool]) *model.Estate {
		return &model.Estate{ClientVPNEndpoints: []*ec2.ClientVPNEndpoint{{Meta: meta, ConnectionLogging: v}}}
	}
	bpa := func(meta base.Meta, mode source.Value[string]) *model.Estate {
		return &model.Estate{VPCBlockPublicAccess: []*ec2.VPCBlockPublicAccess{{Meta: meta, InternetGatewayBlockMode: mode}}}
	}
	liveBPA := ctest.Live("AWS::EC2::VPCBlockPublicAccessOptions", "arn:aws:ec2:eu-west-1:111122223333:vpc-block-public-access-options")
	return []ctest.Case{
		{Name: "both up", Control: "ONUS-VPC-017", Estate: status(liveVPN, ctest.K([]ec2.VPNTunnelStatus{up("198.51.100.1"), up("198.51.100.2")})), Want: pass},
		{Name: "one down", Control: "ONUS-VPC-017", Estate: status(liveVPN, ctest.K([]ec2.VPNTunnelStatus{up("198.51.100.1"),
			{OutsideIP: "198.51.100.2", Status: "DOWN", StatusMessage: "IPSEC IS DOWN"}})), Want: fail, Reason: "198.51.100.2 DOWN"},
		{Name: "one tunnel reported", Control: "ONUS-VPC-017", Estate: status(liveVPN, ctest.K([]ec2.VPNTunnelStatus{up("198.51.100.1")})), Want: unk},
		{Name: "denied", Control: "ONUS-VPC-017", Estate: status(liveVPN, ctest.U[[]ec2.VPNTunnelStatus]("AccessDenied on ec2:DescribeVpnConnections")), Want: unk},
		{Name: "terraform", Control: "ONUS-VPC-017", Estate: status(tfVPN, source.Value[[]ec2.VPNTunnelStatus]{}), Want: na, Reason: "live scan"},
		{Name: "cloudformation", Control: "ONUS-VPC-017", Estate: status(cfnVPN, source.Value[[]ec2.VPNTunnelStatus]{}), Want: na},

		{Name: "on", Control: "ONUS-VPC-018", Estate: cvpn(ctest.TF("aws_ec2_client_vpn_endpoint", "staff"), ctest.K(true)), Want: pass},
		{Name: "off", Control: "ONUS-VPC-018", Estate: cvpn(ctest.CFN("AWS::EC2::ClientVpnEndpoint", "Staff"), ctest.K(false)), Want: fail},
		{Name: "live off", Control: "ONUS-VPC-018", Estate: cvpn(ctest.Live("AWS::EC2::ClientVpnEndpoint", "arn:aws:ec2:eu-west-1:111122223333:client-vpn-endpoint/cvpn-endpoint-1"), ctest.K(false)), Want: fail},
		{Name: "variable", Control: "ONUS-VPC-018", Estate: cvpn(ctest.TF("aws_ec2_client_vpn_endpoint", "staff"), ctest.U[bool]("var.log has no value")), Want: unk},

		{Name: "both log", Control: "ONUS-VPC-019", Estate: logging(tfVPN, ctest.K([]bool{true, true})), Want: pass},
		{Name: "tunnel 2 silent", Control: "ONUS-VPC-019", Estate: logging(cfnVPN, ctest.K([]bool{true, false})), Want: fail, Reason: "tunnel 2"},
		{Name: "live none", Control: "ONUS-VPC-019", Estate: logging(liveVPN, ctest.K([]bool{false, false})), Want: fail, Reason: "tunnel 1 and tunnel 2"},
		{Name: "one tunnel read", Control: "ONUS-VPC-019", Estate: logging(liveVPN, ctest.K([]bool{true})), Want: unk},
		{Name: "dynamic block", Control: "ONUS-VPC-019", Estate: logging(tfVPN, ctest.U[[]bool]("tunnel1_log_options: for_each unknown")), Want: unk},

		{Name: "block ingress", Control: "ONUS-VPC-020", Estate: bpa(ctest.TF("aws_vpc_block_public_access_options", "this"), ctest.K("block-ingress")), Want: pass},
		{Name: "bidirectional", Control: "ONUS-VPC-020", Estate: bpa(ctest.CFN("AWS::EC2::VPCBlockPublicAccessOptions", "Bpa"), ctest.K("block-bidirectional")), Want: pass},
		{Name: "live off", Control: "ONUS-VPC-020", Estate: bpa(liveBPA, ctest.K("off")), Want: fail},
		{Name: "variable", Control: "ONUS-VPC-020", Estate: bpa(ctest.TF("aws_vpc_block_public_access_options", "this"), ctest.U[string]("var.mode has no value")), Want: unk},
		{Name: "live region not read", Control: "ONUS-VPC-020", Estate: &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"},
			Gaps: []model.Gap{{Type: "AWS::EC2::VPCBlockPublicAccessOptions", Region: "us-east-1", APICall: "ec2:DescribeVpcBlockPublicAccessOptions", Reason: "AccessDenied"}}},
			Want: unk, Reason: "AccessDenied"},
		{Name: "code undeclared", Control: "ONUS-VPC-020", Estate: &model.Estate{VPCs: []*ec2.VPC{{Meta: ctest.TF("aws_vpc", "main")}}}, Want: na, Reason: "account-wide"},
		{Name: "code without vpcs", Control: "ONUS-VPC-020", Estate: &model.Estate{}, N: -1},
	}
}

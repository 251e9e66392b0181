package vpc

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

func tgwAutoAccept() *control.Control {
	return &control.Control{
		ID: "ONUS-VPC-010", Title: "Transit gateways do not accept shared VPC attachments automatically", Severity: control.High,
		Service: "vpc", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.23"), fw.Network()),
		Rationale: "With auto-accept on, any account the gateway is shared with can attach its VPC and route " +
			"into every network on the gateway without anyone reviewing the request.",
		Checked: "AutoAcceptSharedAttachments of every transit gateway: disable (the default) passes; enable fails.",
		Remediation: control.Remediation{
			Summary:        "Turn off auto-accept and accept attachments explicitly.",
			Terraform:      "resource \"aws_ec2_transit_gateway\" \"hub\" {\n  auto_accept_shared_attachments = \"disable\"\n}",
			CloudFormation: "Hub:\n  Type: AWS::EC2::TransitGateway\n  Properties:\n    AutoAcceptSharedAttachments: disable",
			CLI:            "aws ec2 modify-transit-gateway --transit-gateway-id tgw-0123 --options AutoAcceptSharedAttachments=disable",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.TransitGateways, func(g *ec2.TransitGateway) control.Verdict {
				return ck.Judge(g.AutoAcceptSharedAttachments, "auto-accept of shared attachments", func(on bool) (bool, string) {
					if on {
						return false, "the transit gateway accepts shared VPC attachments automatically"
					}
					return true, "shared VPC attachments need explicit acceptance"
				})
			})
		},
	}
}

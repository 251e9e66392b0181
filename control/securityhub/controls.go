package securityhub

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
)

// Controls returns the Security Hub controls.
func Controls() []*control.Control {
	return []*control.Control{{
		ID: "ONUS-SH-001", Title: "AWS Security Hub is enabled in every region", Severity: control.Medium, Service: "securityhub", Layer: "compliance-attestation",
		Frameworks: map[string][]string{control.CISAWS: {"5.16"}, control.PCIDSS: {"11.5.1"}, control.SOC2: {"CC7.1"}, control.NIST: {"CA-7", "SI-4"}},
		Rationale:  "Security Hub aggregates GuardDuty, Inspector, Macie and Config findings and runs the FSBP and CIS standards continuously; without it findings stay scattered per service and region.",
		Checked:    "Per scanned region (live: DescribeHub succeeds) or per region the code declares aws_securityhub_account / AWS::SecurityHub::Hub for.",
		Remediation: control.Remediation{
			Summary:        "Enable Security Hub in every region (organisation-wide from the delegated administrator) with the FSBP and CIS standards.",
			Terraform:      "resource \"aws_securityhub_account\" \"this\" {}\n\nresource \"aws_securityhub_standards_subscription\" \"fsbp\" {\n  standards_arn = \"arn:aws:securityhub:${var.region}::standards/aws-foundational-security-best-practices/v/1.0.0\"\n  depends_on    = [aws_securityhub_account.this]\n}",
			CloudFormation: "Hub:\n  Type: AWS::SecurityHub::Hub\n  Properties:\n    EnableDefaultStandards: true  # deploy to every region with StackSets",
			CLI:            "aws securityhub enable-security-hub --enable-default-standards --region REGION",
		},
		Check: func(e *model.Estate) []control.Result {
			return scope.PerRegion(e, "Security Hub", func(r *account.Region) control.Verdict {
				return scope.RegionBool(r, r.SecurityHub, "Security Hub")
			})
		},
	}}
}

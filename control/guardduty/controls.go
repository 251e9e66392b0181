package guardduty

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
)

// Controls returns the GuardDuty controls.
func Controls() []*control.Control {
	return append([]*control.Control{enabled()}, featureControls()...)
}

func enabled() *control.Control {
	return &control.Control{
		ID: "ONUS-GD-001", Title: "GuardDuty is enabled in every region", Severity: control.Medium, Service: "guardduty", Layer: "logging-monitoring",
		Frameworks: map[string][]string{control.FSBP: {"GuardDuty.1"}, control.PCIDSS: {"11.5.1"}, control.HIPAA: {"164.308(a)(1)(ii)(D)"},
			control.SOC2: {"CC7.2"}, control.ISO2022: {"8.16"}, control.NIST: {"SI-4", "IR-4"}},
		Rationale: "GuardDuty is the managed detector for credential misuse, crypto-mining and reconnaissance; attackers deliberately use regions you do not watch.",
		Checked:   "Per scanned region (live: ListDetectors + GetDetector status ENABLED) or per region the code declares a detector for (aws_guardduty_detector.enable / AWS::GuardDuty::Detector.Enable).",
		Remediation: control.Remediation{
			Summary:        "Enable a GuardDuty detector in every region (or organisation-wide from the delegated administrator).",
			Terraform:      "resource \"aws_guardduty_detector\" \"this\" {\n  enable = true\n}  # one per region (provider alias per region)",
			CloudFormation: "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n    Enable: true  # deploy to every region with StackSets",
			CLI:            "for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do aws guardduty create-detector --enable --region $r; done",
		},
		Check: func(e *model.Estate) []control.Result {
			return scope.PerRegion(e, "GuardDuty", func(r *account.Region) control.Verdict {
				return scope.RegionBool(r, r.GuardDuty, "GuardDuty")
			})
		},
	}
}

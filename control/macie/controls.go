package macie

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
)

// Controls returns the Macie controls.
func Controls() []*control.Control {
	return []*control.Control{{
		ID: "ONUS-MACIE-001", Title: "Amazon Macie is enabled for sensitive-data discovery", Severity: control.Info, Service: "macie", Layer: "data-protection",
		Frameworks: map[string][]string{control.CISAWS: {"3.1.3"}, control.NIST: {"RA-2", "SI-4"}},
		Rationale:  "You cannot protect data you have not found; Macie inventories S3 buckets and discovers personal and secret data in them. Classification and handling remain a manual duty.",
		Checked:    "Per scanned region (live: macie2 GetMacieSession status ENABLED) or per region the code declares aws_macie2_account / AWS::Macie::Session for. Only enablement is checked, not whether findings are acted on.",
		Remediation: control.Remediation{
			Summary:        "Enable Macie (automated sensitive data discovery) in the regions that hold S3 data.",
			Terraform:      "resource \"aws_macie2_account\" \"this\" {}\n\nresource \"aws_macie2_classification_export_configuration\" \"this\" {\n  depends_on = [aws_macie2_account.this]\n  # export findings to an S3 bucket encrypted with KMS\n}",
			CloudFormation: "MacieSession:\n  Type: AWS::Macie::Session\n  Properties:\n    Status: ENABLED",
			CLI:            "aws macie2 enable-macie --region REGION && aws macie2 update-automated-discovery-configuration --status ENABLED --region REGION",
		},
		Check: func(e *model.Estate) []control.Result {
			return scope.PerRegion(e, "Macie", func(r *account.Region) control.Verdict {
				return scope.RegionBool(r, r.Macie, "Macie")
			})
		},
	}}
}

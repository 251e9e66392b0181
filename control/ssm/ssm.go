package ssm

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ssm"
)

// Controls returns the Systems Manager controls.
func Controls() []*control.Control {
	cs := append([]*control.Control{documentsNotPublic()}, complianceControls()...)
	return append(cs, settingControls()...)
}

func documentsNotPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-SSM-001", Title: "SSM documents are not shared publicly", Severity: control.Critical,
		Service: "ssm", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("SSM.4"), fw.PublicAccess()),
		Rationale: "Documents often embed internal host names, scripts and parameters; a public document " +
			"hands them to every AWS account, and the sharing is the owner's choice.",
		Checked: "The share permissions of every SSM document the account owns (live: ssm:ListDocuments with Owner " +
			"Self, then every page of ssm:DescribeDocumentPermission; Terraform: the permissions of aws_ssm_document): " +
			"shared with \"All\" fails; private or shared with named accounts passes; sharing that could not be read " +
			"is unknown. CloudFormation cannot share a document, so a template's document is private as declared.",
		Remediation: control.Remediation{
			Summary:        "Remove the public share and share with named accounts only.",
			Terraform:      "resource \"aws_ssm_document\" \"runbook\" {\n  permissions = {\n    type        = \"Share\"\n    account_ids = \"111122223333\"\n  }\n}",
			CloudFormation: "Runbook:\n  Type: AWS::SSM::Document\n  Properties:\n    DocumentType: Command\n    Content: {...}  # AWS::SSM::Document has no sharing property: share with named accounts via the API",
			CLI:            "aws ssm modify-document-permission --name runbook --permission-type Share --account-ids-to-remove All",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.SSMDocuments, func(d *ssm.Document, b control.Builder) control.Result {
				return b.Result(ck.Judge(d.SharedWith, "document sharing", func(ids []string) (bool, string) {
					for _, id := range ids {
						if strings.EqualFold(id, "all") {
							return false, "the document is shared with all AWS accounts"
						}
					}
					if len(ids) == 0 {
						return true, "the document is private"
					}
					return true, "the document is shared with named accounts only: " + strings.Join(ids, ", ")
				}))
			})
		},
	}
}

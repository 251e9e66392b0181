package awscollect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
)

// ssmFixture is what provisionSSM created: documents the account owns, one
// shared publicly, one with a named account, one private.
type ssmFixture struct{ public, partner, private string }

func provisionSSM(ctx context.Context, cfg aws.Config, u string) ssmFixture {
	f := ssmFixture{public: "open-" + u, partner: "partner-" + u, private: "private-" + u}
	cl := ssm.NewFromConfig(cfg)
	content := `{"schemaVersion":"2.2","description":"hi","mainSteps":[{"action":"aws:runShellScript","name":"hi","inputs":{"runCommand":["echo hi"]}}]}`
	for _, n := range []string{f.public, f.partner, f.private} {
		must(cl.CreateDocument(ctx, &ssm.CreateDocumentInput{Name: aws.String(n), Content: aws.String(content), DocumentType: ssmtypes.DocumentTypeCommand}))
	}
	must(cl.ModifyDocumentPermission(ctx, &ssm.ModifyDocumentPermissionInput{Name: aws.String(f.public), PermissionType: ssmtypes.DocumentPermissionTypeShare, AccountIdsToAdd: []string{"all"}}))
	must(cl.ModifyDocumentPermission(ctx, &ssm.ModifyDocumentPermissionInput{Name: aws.String(f.partner), PermissionType: ssmtypes.DocumentPermissionTypeShare, AccountIdsToAdd: []string{"444455556666"}}))
	return f
}

// TestSSMMoto: owned documents and their sharing come from the emulator;
// it has no GetServiceSetting or ListResourceComplianceSummaries, so those
// are UNKNOWN (setting) and a gap (compliance), never PASS or "none".
func TestSSMMoto(t *testing.T) {
	w := sharedWorld(t)
	f := w.f.ssm
	doc := func(n string) string { return "arn:aws:ssm:us-east-1:123456789012:document/" + n }
	runChecks(t, w.baseline, []check{
		{"public", func(e *model.Estate) any { return val(get(e.SSMDocuments, doc(f.public)).SharedWith) }, []string{"all"}},
		{"partner", func(e *model.Estate) any { return val(get(e.SSMDocuments, doc(f.partner)).SharedWith) }, []string{"444455556666"}},
		{"private", func(e *model.Estate) any {
			d := get(e.SSMDocuments, doc(f.private))
			return [3]any{val(d.SharedWith), val(d.Name), d.Region}
		}, [3]any{[]string{}, f.private, "us-east-1"}},
		{"only owned documents", func(e *model.Estate) any {
			for _, d := range e.SSMDocuments {
				if n, _ := d.Name.Get(); len(n) > 4 && n[:4] == "AWS-" {
					return "AWS-owned " + n
				}
			}
			return "ok"
		}, "ok"},
		{"settings unknown", func(e *model.Estate) any {
			n := 0
			for _, s := range e.SSMServiceSettings {
				if _, ok := s.Value.Get(); !ok && s.Value.Reason() != "" {
					n++
				}
			}
			return [2]int{n, len(e.SSMServiceSettings)}
		}, [2]int{4, 4}},
	})
	outcomes(t, w.baseline, map[string]control.Outcome{
		"ONUS-SSM-001 " + doc(f.public):              control.Fail,
		"ONUS-SSM-001 " + doc(f.partner):             control.Pass,
		"ONUS-SSM-001 " + doc(f.private):             control.Pass,
		"ONUS-SSM-002 region/123456789012/us-east-1": control.Unknown,
		"ONUS-SSM-003 region/123456789012/eu-west-1": control.Unknown,
		"ONUS-SSM-004 arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination":  control.Unknown,
		"ONUS-SSM-005 arn:aws:ssm:eu-west-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission": control.Unknown,
	})
}

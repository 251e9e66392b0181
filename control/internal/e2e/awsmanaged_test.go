package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/iam"
	"github.com/onus-sec/onus/control/lambda"
	"github.com/onus-sec/onus/model"
)

// Roles with AWS managed policies attached by ARN are judged with the
// bundled copies (iampolicy/awsmanaged) instead of being UNKNOWN, and say so
// in their evidence; AdministratorAccess still fails the full-admin checks.
func TestAWSManagedPoliciesInCode(t *testing.T) {
	loadTFDir := func(t *testing.T) *model.Estate {
		e, d := terraform.Load(context.Background(), "testdata/awsmanaged/terraform", terraform.Options{})
		if e == nil || d.HasErrors() {
			t.Fatalf("load: %v", d)
		}
		return e
	}
	loadCFNFile := func(t *testing.T) *model.Estate {
		e, d := cloudformation.Load(context.Background(), "testdata/awsmanaged/cloudformation/template.yaml", cloudformation.Options{})
		if e == nil || d.HasErrors() {
			t.Fatalf("load: %v", d)
		}
		return e
	}
	type want struct {
		control, resource string
		outcome           control.Outcome
		// text must appear in the reason or an evidence summary.
		text string
	}
	const bundledBasic = "AWS managed policy AWSLambdaBasicExecutionRole (bundled copy v1, edited 2015-04-09)"
	const bundledIAM = "AWS managed policy IAMFullAccess (bundled copy v2, edited 2019-06-21)"
	tests := []struct {
		name  string
		load  func(*testing.T) *model.Estate
		names map[string]string // role/function label -> resource address
	}{
		{"terraform", loadTFDir, map[string]string{
			"basic": "aws_iam_role.basic", "admin": "aws_iam_role.admin", "iam_admin": "aws_iam_role.iam_admin",
			"fn_basic": "aws_lambda_function.basic", "fn_admin": "aws_lambda_function.admin"}},
		{"cloudformation", loadCFNFile, map[string]string{
			"basic": "BasicRole", "admin": "AdminRole", "iam_admin": "IamAdminRole",
			"fn_basic": "BasicFunction", "fn_admin": "AdminFunction"}},
	}
	wants := []want{
		{"ONUS-IAM-022", "basic", control.Pass, bundledBasic},
		{"ONUS-LAMBDA-009", "fn_basic", control.Pass, bundledBasic},
		{"ONUS-IAM-022", "admin", control.Fail, "full admin through AdministratorAccess"},
		{"ONUS-LAMBDA-009", "fn_admin", control.Fail, "AdministratorAccess"},
		{"ONUS-IAM-022", "iam_admin", control.Fail, bundledIAM},
	}
	ctls := append(iam.Controls(), lambda.Controls()...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := control.Run(context.Background(), tt.load(t), ctls).Slice()
			for _, w := range wants {
				addr := tt.names[w.resource]
				var got *control.Result
				for i := range res {
					if res[i].Control.ID == w.control && res[i].Resource.Address == addr {
						got = &res[i]
					}
				}
				if got == nil {
					t.Errorf("%s on %s: no result", w.control, addr)
					continue
				}
				text := got.Reason
				for _, ev := range got.Evidence {
					text += "\n" + ev.Summary
				}
				if got.Outcome != w.outcome || !strings.Contains(text, w.text) {
					t.Errorf("%s on %s = %v %q, want %v mentioning %q", w.control, addr, got.Outcome, text, w.outcome, w.text)
				}
			}
		})
	}
}

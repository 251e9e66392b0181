package lambda

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/lambda"
)

func notPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-007", Title: "Lambda function policies do not allow public invocation", Severity: control.Critical,
		Service: "lambda", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("2.21"), fw.FSBP("Lambda.1"), fw.PublicAccess()),
		Rationale: "A resource-based permission for Principal \"*\" (or a service principal without a source " +
			"account/ARN condition) lets anyone invoke or read the function.",
		Checked: "The resource-based policy of every function (built from its permissions), analysed by onus's " +
			"IAM engine with anonymous and foreign-account callers: any allowed invoke, read or change fails; " +
			"no policy passes.",
		Remediation: control.Remediation{
			Summary:        "Remove public permissions; grant invoke to specific principals with a source ARN/account condition.",
			Terraform:      "resource \"aws_lambda_permission\" \"s3\" {\n  action         = \"lambda:InvokeFunction\"\n  function_name  = aws_lambda_function.fn.function_name\n  principal      = \"s3.amazonaws.com\"\n  source_arn     = aws_s3_bucket.b.arn\n  source_account = data.aws_caller_identity.current.account_id\n}",
			CloudFormation: "S3Invoke:\n  Type: AWS::Lambda::Permission\n  Properties:\n    Action: lambda:InvokeFunction\n    FunctionName: !Ref Fn\n    Principal: s3.amazonaws.com\n    SourceArn: !GetAtt Bucket.Arn\n    SourceAccount: !Ref AWS::AccountId",
			CLI:            "aws lambda remove-permission --function-name fn --statement-id public-invoke",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				name, _ := f.Name.Get()
				arn := policyck.ARN(&f.Meta, "lambda", "function:"+name)
				return b.Result(policyck.NotPublicIn(memo, &f.Meta, f.Policy, arn, "function policy"))
			})
		},
	}
}

package lambda

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/lambda"
)

// narrowManaged are AWS managed policies for Lambda execution roles that
// grant only logging, tracing, ENI and event-source read actions: none of
// them can contribute to full administrative access, so their unread
// documents do not make the verdict unknown.
var narrowManaged = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true,
	"AWSXRayDaemonWriteAccess": true, "AWSXrayWriteOnlyAccess": true, "AWSLambdaSQSQueueExecutionRole": true,
	"AWSLambdaKinesisExecutionRole": true, "AWSLambdaDynamoDBExecutionRole": true,
	"CloudWatchLambdaInsightsExecutionRolePolicy": true, "AWSLambdaMSKExecutionRole": true,
}

func narrow(ref string) bool {
	for _, p := range []string{"arn:aws:iam::aws:policy/", "arn:aws:iam::aws:policy/service-role/"} {
		if strings.HasPrefix(ref, p) && narrowManaged[strings.TrimPrefix(ref, p)] {
			return true
		}
	}
	return false
}

// findRole finds the function's execution role in the estate.
func findRole(e *model.Estate, ref string) *iam.Role {
	for _, r := range e.IAMRoles {
		name, _ := r.Name.Get()
		if scope.SameRef(ref, &r.Meta, name) {
			return r
		}
	}
	return nil
}

// roleVerdict judges whether a role's identity policies add up to full
// administrative access. The memo answers the functions that share a role
// (or roles with the same policies) after the first.
func roleVerdict(memo *iampolicy.Memo, r *iam.Role) control.Verdict {
	var docs []*iampolicy.Policy
	var unknown []control.Verdict
	var bundled []control.Evidence // bundled AWS managed policy copies relied on
	for _, set := range []struct {
		what string
		v    func() ([]iam.NamedPolicy, bool, string)
	}{
		{"inline policies", func() ([]iam.NamedPolicy, bool, string) { l, ok := r.Inline.Get(); return l, ok, r.Inline.Reason() }},
		{"attached policies", func() ([]iam.NamedPolicy, bool, string) { l, ok := r.Attached.Get(); return l, ok, r.Attached.Reason() }},
	} {
		l, ok, reason := set.v()
		if !ok {
			unknown = append(unknown, control.Verdict{Outcome: control.Unknown, Reason: "the role's " + set.what + " are unknown: " + reason})
			continue
		}
		for _, np := range l {
			if strings.HasSuffix(np.Ref, ":policy/AdministratorAccess") {
				return ck.FailAt("the execution role has the AdministratorAccess managed policy", np.Prov)
			}
			d, ok := np.Document.Get()
			if !ok && narrow(np.Ref) {
				continue
			}
			if !ok {
				unknown = append(unknown, ck.VAt(control.Unknown, "policy "+policyName(np)+" is unknown: "+np.Document.Reason(), np.Prov))
				continue
			}
			if d != nil {
				docs = append(docs, d)
			}
			if d != nil && np.Bundled != "" {
				bundled = append(bundled, control.EvAt("judged with AWS managed policy "+np.Name+" ("+np.Bundled+")", np.Prov))
			}
		}
	}
	if g, admin := memo.FullAdmin(docs...); admin {
		reason := "the execution role's policies grant full administrative access"
		if len(g.Statements) > 0 {
			reason += " (" + strings.Join(g.Statements, ", ") + ")"
		}
		return ck.Fail(reason, r.Meta.Prov())
	} else if g.Incomplete {
		unknown = append(unknown, control.Verdict{Outcome: control.Unknown, Reason: "the admin analysis of the role's policies hit its search bound"})
	}
	if len(unknown) > 0 {
		return control.Combine(unknown...)
	}
	return control.Verdict{Outcome: control.Pass, Reason: "the execution role's policies do not grant full administrative access",
		Evidence: append([]control.Evidence{control.Ev("execution role", r.Meta.Prov())}, bundled...)}
}

func executionRole() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-009", Title: "Lambda execution roles are not administrators", Severity: control.High,
		Service: "lambda", Layer: "identity-access",
		Frameworks: fw.Of(fw.M{fw.NIST: {"AC-6"}, fw.PCI: {"7.2.1"}, fw.ISO: {"A.5.15", "A.8.2"}, fw.SOC2: {"CC6.3"}}),
		Rationale: "A function runs with its execution role's permissions; any code injection or dependency " +
			"compromise in a function with an administrator role takes over the account. Least privilege " +
			"for the role is the customer's duty.",
		Checked: "The inline and attached policies of every function's execution role (found in the scanned " +
			"estate), evaluated by onus's IAM engine: full administrative access (Action \"*\" on \"*\", or an " +
			"equivalent NotAction, or AdministratorAccess) fails; otherwise passes. A role outside the scanned " +
			"estate or with unreadable policies is unknown. Scope: full administrative access only; " +
			"privilege-escalation paths of the same role are ONUS-IAM-022. This control replaces the retired " +
			"ONUS-IAM-023, which judged both.",
		Remediation: control.Remediation{
			Summary:        "Give the function a role with only the actions and resources it uses.",
			Terraform:      "data \"aws_iam_policy_document\" \"fn\" {\n  statement {\n    actions   = [\"dynamodb:GetItem\", \"dynamodb:PutItem\"]\n    resources = [aws_dynamodb_table.orders.arn]\n  }\n}\nresource \"aws_iam_role_policy\" \"fn\" {\n  role   = aws_iam_role.fn.id\n  policy = data.aws_iam_policy_document.fn.json\n}",
			CloudFormation: "FnRole:\n  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n      - PolicyName: fn\n        PolicyDocument:\n          Version: \"2012-10-17\"\n          Statement:\n            - Effect: Allow\n              Action: [dynamodb:GetItem, dynamodb:PutItem]\n              Resource: !GetAtt Orders.Arn",
			CLI:            "aws iam detach-role-policy --role-name fn-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				ref, ok := f.Role.Get()
				if !ok {
					return b.Result(ck.Unknown(f.Role, "execution role"))
				}
				r := findRole(e, ref)
				if r == nil {
					return b.Unknown("the execution role " + ref + " is not in the scanned estate")
				}
				return b.Result(roleVerdict(memo, r))
			})
		},
	}
}

// policyName names a policy by its name and, when it has one too, its ARN
// or code address.
func policyName(np iam.NamedPolicy) string {
	switch {
	case np.Name == "":
		return np.Ref
	case np.Ref == "" || np.Ref == np.Name:
		return np.Name
	}
	return np.Name + " (" + np.Ref + ")"
}

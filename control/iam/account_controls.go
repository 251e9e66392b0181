package iam

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
)

func moreAccountControls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-IAM-016", Title: "A support role exists for incident handling with AWS Support", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.15"}, nist: {"IR-7"}},
			Rationale:  "During an incident you need to open and manage AWS Support cases without handing out broad rights; a role with AWSSupportAccess gives exactly that.",
			Checked:    "Some IAM role has the AWS managed policy AWSSupportAccess attached (live: ListEntitiesForPolicy; code: a declared attachment). Code estates without such a role: NOT_APPLICABLE.",
			Remediation: rem("Create a role that your incident responders can assume and attach AWSSupportAccess.",
				"resource \"aws_iam_role_policy_attachment\" \"support\" {\n  role       = aws_iam_role.support.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}",
				"SupportRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root' }, Action: sts:AssumeRole }] }\n    ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]",
				"aws iam attach-role-policy --role-name SupportRole --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess"),
			Check: checkSupportRole,
		},
		{
			ID: "ONUS-IAM-019", Title: "IAM Access Analyzer is enabled in every region", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.18"}, soc2: {"CC6.1"}, nist: {"AC-6", "CA-7"}},
			Rationale:  "Access Analyzer finds resources shared outside the account or organisation; it works per region, so an unwatched region hides public or cross-account exposure.",
			Checked:    "Per scanned region (live) or per region the code declares an analyzer in: at least one active analyzer (ListAnalyzers).",
			Remediation: rem("Create an account (or organisation) analyzer in every region.",
				"resource \"aws_accessanalyzer_analyzer\" \"this\" {\n  analyzer_name = \"account\"\n  type          = \"ACCOUNT\"\n}  # one per region (provider alias per region)",
				"Analyzer:\n  Type: AWS::AccessAnalyzer::Analyzer\n  Properties:\n    Type: ACCOUNT  # deploy with StackSets to every region",
				"for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT --region $r; done"),
			Check: func(e *model.Estate) []control.Result {
				return scope.PerRegion(e, "IAM Access Analyzer", func(r *account.Region) control.Verdict {
					as, ok := r.AccessAnalyzers.Get()
					switch {
					case !ok:
						return verdict(control.Unknown, "analyzers in "+r.Name+" are unknown: "+r.AccessAnalyzers.Reason(), control.EvAt("analyzers", r.AccessAnalyzers.PackedProv()))
					case len(as) == 0:
						return verdict(control.Fail, "no active Access Analyzer in "+r.Name, control.EvAt("no analyzer", r.AccessAnalyzers.PackedProv()))
					}
					return verdict(control.Pass, "analyzer "+strings.Join(as, ", ")+" is active", control.EvAt("analyzers: "+strings.Join(as, ", "), r.AccessAnalyzers.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-025", Title: "Security contact information is registered", Severity: control.Low, Service: "iam", Layer: "compliance-attestation",
			Frameworks: fw{cis: {"2.3"}, nist: {"IR-6"}},
			Rationale:  "AWS sends abuse and security notifications to the security alternate contact; without one they reach whoever owns the root mailbox, or nobody.",
			Checked:    "Account alternate contact of type SECURITY exists (GetAlternateContact). Code estates: NOT_APPLICABLE unless the code declares aws_account_alternate_contact.",
			Remediation: rem("Register a security alternate contact that reaches your security team.",
				"resource \"aws_account_alternate_contact\" \"security\" {\n  alternate_contact_type = \"SECURITY\"\n  name                   = \"Security team\"\n  title                  = \"Security\"\n  email_address          = \"security@example.com\"\n  phone_number           = \"+10000000000\"\n}",
				"# CloudFormation has no alternate contact resource; use Terraform or the CLI.",
				"aws account put-alternate-contact --alternate-contact-type SECURITY --name 'Security team' --title Security --email-address security@example.com --phone-number +10000000000"),
			Check: func(e *model.Estate) []control.Result {
				return perAccount(e, "the security contact", true, func(a *account.Account) control.Verdict {
					return boolAcct(a, a.ContactsSet, true, "security contact registered")
				})
			},
		},
	}
}

const supportPolicy = "arn:aws:iam::aws:policy/AWSSupportAccess"

func checkSupportRole(e *model.Estate) []control.Result {
	var unknowns []string
	for _, r := range e.IAMRoles {
		ps, ok := r.Attached.Get()
		if !ok {
			unknowns = append(unknowns, r.Address+": attached policies unknown ("+r.Attached.Reason()+")")
			continue
		}
		for _, p := range ps {
			if p.Ref == supportPolicy || p.Name == "AWSSupportAccess" {
				return []control.Result{control.On(&r.Meta).Pass("role "+r.Address+" has AWSSupportAccess", control.EvAt("AWSSupportAccess attached", p.Prov))}
			}
		}
	}
	return perAccount(e, "the support role", true, func(a *account.Account) control.Verdict {
		if v, ok := a.SupportRole.Get(); ok {
			if v {
				return verdict(control.Pass, "a role with AWSSupportAccess exists", control.EvAt("support role", a.SupportRole.PackedProv()))
			}
			if len(unknowns) == 0 {
				return verdict(control.Fail, "no role has AWSSupportAccess attached", control.EvAt("AWSSupportAccess not attached to a role", a.SupportRole.PackedProv()))
			}
		}
		if scope.Code(&a.Meta) {
			return verdict(control.NotApplicable, "the scanned code declares no role with AWSSupportAccess; the account may have one elsewhere")
		}
		if len(unknowns) > 0 {
			return verdict(control.Unknown, "no role is known to have AWSSupportAccess; "+join(unknowns))
		}
		return verdict(control.Unknown, "whether a support role exists is unknown: "+a.SupportRole.Reason())
	})
}

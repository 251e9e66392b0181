package iam

import (
	"regexp"
	"slices"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// principal is a user, group or role seen uniformly.
type principal struct {
	meta     *base.Meta
	kind     string
	inline   source.Value[[]iam.NamedPolicy]
	attached source.Value[[]iam.NamedPolicy]
	svcLink  bool
}

func principals(e *model.Estate) []principal {
	out := make([]principal, 0, len(e.IAMUsers)+len(e.IAMGroups)+len(e.IAMRoles))
	for _, u := range e.IAMUsers {
		out = append(out, principal{&u.Meta, "user", u.Inline, u.Attached, false})
	}
	for _, g := range e.IAMGroups {
		out = append(out, principal{&g.Meta, "group", g.Inline, g.Attached, false})
	}
	for _, r := range e.IAMRoles {
		out = append(out, principal{&r.Meta, "role", r.Inline, r.Attached, r.ServiceLinked})
	}
	return out
}

// M makes a principal a ck.Res, so perResource can walk principals too.
func (p principal) M() *base.Meta { return p.meta }

// eachPrincipal judges every user, group and role, in that order, so the
// per-principal controls cannot drift apart in order or in the empty case.
func eachPrincipal(e *model.Estate, judge func(principal) control.Verdict) []control.Result {
	return perResource(e, principals(e), "IAM users, groups or roles", judge)
}

// perPrincipal is eachPrincipal for duties on customer-written permissions:
// AWS writes and maintains the policies of service-linked roles, so those
// roles are NOT_APPLICABLE rather than judged.
func perPrincipal(e *model.Estate, judge func(principal) control.Verdict) []control.Result {
	return eachPrincipal(e, func(p principal) control.Verdict {
		if p.svcLink {
			return verdict(control.NotApplicable, "service-linked roles are managed by AWS")
		}
		return judge(p)
	})
}

// adminVerdict judges a set of documents for full admin.
// m and none say what a PASS with no document cites (see analysedEvidence).
func adminVerdict(memo *iampolicy.Memo, docs []doc, unknowns []string, subject string, m *base.Meta, none string) control.Verdict {
	if a := fullAdmin(memo, docs); a.admin {
		reason := "full administrative access (every action on every resource) is granted by " + subject + " through " + joinComma(a.where)
		if a.conditional {
			reason += " (under conditions, which do not make it least privilege)"
		}
		return verdict(control.Fail, reason, control.Ev("admin grant: "+joinComma(a.where), a.first.prov))
	} else if a.incomplete {
		unknowns = append(unknowns, undecided(docs))
	}
	if len(unknowns) > 0 {
		return verdict(control.Unknown, "no known policy grants full admin, but "+join(unknowns))
	}
	return verdict(control.Pass, "full administrative access (\"*\" on \"*\") is not granted by "+subject, analysedEvidence(docs, m, none)...)
}

var accountInARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}):`)

func policyControls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-IAM-013", Title: "Customer managed policies do not grant full \"*:*\" administrative privileges", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.14"}, fsbp: {"IAM.1"}, pci: {"7.2.1"}, hip: {"164.308(a)(4)"}, soc2: {"CC6.3"}, iso: {"8.2"}, nist: {"AC-6"}},
			Rationale:  "A policy that allows every action on every resource makes every principal it is attached to an administrator; least privilege starts by never writing one.",
			Checked:    "Per customer managed policy (default version): no Allow statement has Action \"*\" (or \"*:*\") with Resource \"*\". Conditions do not excuse it. AWS managed policies are NOT_APPLICABLE.",
			Remediation: rem("Replace the policy with one that lists the services and actions actually needed (IAM Access Analyzer policy generation helps).",
				"data \"aws_iam_policy_document\" \"app\" {\n  statement {\n    actions   = [\"s3:GetObject\"]\n    resources = [\"${aws_s3_bucket.app.arn}/*\"]\n  }\n}",
				"AppPolicy:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    PolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: !Sub '${AppBucket.Arn}/*'",
				"aws iam create-policy-version --policy-arn ARN --policy-document file://least-privilege.json --set-as-default"),
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return perPolicy(e, func(p *iam.ManagedPolicy, d *iampolicy.Policy) control.Verdict {
					v := adminVerdict(memo, []doc{{policyName(p), d, p.Document.Prov(), false, p.Document.PackedProv()}}, nil, "the policy", p.M(), "")
					if v.Outcome == control.Fail {
						if at, ok := p.AttachedTo.Get(); ok && len(at) > 0 {
							v.Reason += "; attached to " + joinComma(at)
						}
					}
					return v
				})
			},
		},
		{
			ID: "ONUS-IAM-014", Title: "Inline policies do not grant full administrative privileges", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.14"}, pci: {"7.2.1"}, soc2: {"CC6.3"}, nist: {"AC-6"}},
			Rationale:  "Inline \"*\" on \"*\" grants hide admin rights inside a user, group or role where policy reviews of managed policies miss them.",
			Checked:    "Per user, group and role (service-linked roles excepted): no inline policy has an Allow statement with Action \"*\" and Resource \"*\".",
			Remediation: rem("Replace the inline policy with a least-privilege managed policy.",
				"# Remove the aws_iam_*_policy with \"*\" actions; attach a scoped aws_iam_policy instead.",
				"# Remove the Policies entry with Action '*'; use a scoped AWS::IAM::ManagedPolicy.",
				"aws iam delete-role-policy --role-name ROLE --policy-name NAME"),
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return perPrincipal(e, func(p principal) control.Verdict {
					docs, unknowns := collect(p.inline)
					return adminVerdict(memo, docs, unknowns, "the "+p.kind+"'s inline policies", p.meta, "no inline policy")
				})
			},
		},
		{
			ID: "ONUS-IAM-015", Title: "IAM users are not full administrators", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.14"}, pci: {"7.2.2"}, soc2: {"CC6.3"}, nist: {"AC-6(5)"}},
			Rationale:  "Long-lived user credentials with admin rights are the most valuable thing to steal from a developer laptop; administrators should assume roles with MFA.",
			Checked:    "Per user: none of its inline, attached or group policies (including the AWS managed AdministratorAccess) allows \"*\" on \"*\".",
			Remediation: rem("Remove admin policies from the user and its groups; grant admin through a role assumed with MFA or IAM Identity Center.",
				"# Remove the AdministratorAccess attachment from aws_iam_user / aws_iam_group; grant an assumable admin role instead.",
				"# Remove arn:aws:iam::aws:policy/AdministratorAccess from the user's or group's ManagedPolicyArns.",
				"aws iam detach-user-policy --user-name USER --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"),
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return perUser(e, func(u *iam.User) control.Verdict {
					lists, unk := groupPolicies(e, u)
					docs, unknowns := collect(append([]source.Value[[]iam.NamedPolicy]{u.Inline, u.Attached}, lists...)...)
					return adminVerdict(memo, docs, append(unk, unknowns...), "the user", u.M(), "no inline, attached or group policy")
				})
			},
		},
		{
			ID: "ONUS-IAM-017", Title: "EC2 instances use an instance profile (role) for AWS access", Severity: control.Medium, Service: "ec2", Layer: "identity-access",
			Frameworks: fw{cis: {"2.16"}, pci: {"8.6.2"}, soc2: {"CC6.1"}, nist: {"IA-5(7)", "AC-6"}},
			Rationale:  "Without an instance role, software on the instance needs long-lived access keys on disk; a role gives rotating credentials that never leave the metadata service.",
			Checked:    "Per EC2 instance: an IAM instance profile is attached (iam_instance_profile / IamInstanceProfile / IamInstanceProfile.Arn). Terminated instances are NOT_APPLICABLE.",
			Remediation: rem("Attach an instance profile whose role has only the permissions the workload needs, and remove keys from the instance.",
				"resource \"aws_instance\" \"app\" {\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}",
				"Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    IamInstanceProfile: !Ref AppInstanceProfile",
				"aws ec2 associate-iam-instance-profile --instance-id i-XXXX --iam-instance-profile Name=app"),
			Check: func(e *model.Estate) []control.Result {
				return perResource(e, e.EC2Instances, "EC2 instances", func(i *ec2.Instance) control.Verdict {
					if st, ok := i.State.Get(); ok && (st == "terminated" || st == "shutting-down") {
						return verdict(control.NotApplicable, "the instance is "+st)
					}
					prof, ok := i.InstanceProfile.Get()
					switch {
					case !ok:
						return verdict(control.Unknown, "the instance profile is unknown: "+i.InstanceProfile.Reason())
					case prof == "":
						return verdict(control.Fail, "the instance has no instance profile", control.EvAt("no iam_instance_profile", i.InstanceProfile.PackedProv()))
					}
					return verdict(control.Pass, "the instance uses instance profile "+prof, control.EvAt("instance profile "+prof, i.InstanceProfile.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-020", Title: "AWSCloudShellFullAccess is not attached to any identity", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.20"}, nist: {"AC-6"}},
			Rationale:  "CloudShell full access lets a user upload and download files to a shell inside the account, a ready data-exfiltration channel that bypasses other controls.",
			Checked:    "Per user, group and role: the AWS managed policy AWSCloudShellFullAccess is not among its attached policies.",
			Remediation: rem("Detach AWSCloudShellFullAccess; grant a scoped CloudShell policy that denies file upload/download if needed.",
				"# Remove aws_iam_*_policy_attachment with policy_arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess.",
				"# Remove arn:aws:iam::aws:policy/AWSCloudShellFullAccess from ManagedPolicyArns.",
				"aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess"),
			Check: func(e *model.Estate) []control.Result {
				return eachPrincipal(e, func(p principal) control.Verdict {
					att, ok := p.attached.Get()
					if !ok {
						return verdict(control.Unknown, "attached policies are unknown: "+p.attached.Reason())
					}
					for _, np := range att {
						if strings.HasSuffix(np.Ref, "/AWSCloudShellFullAccess") || np.Name == "AWSCloudShellFullAccess" {
							return verdict(control.Fail, "the "+p.kind+" has AWSCloudShellFullAccess attached", control.EvAt("AWSCloudShellFullAccess attached", np.Prov))
						}
					}
					if len(att) == 0 {
						return verdict(control.Pass, "AWSCloudShellFullAccess is not attached", control.Ev("no managed policy attached", p.meta.Prov()))
					}
					return verdict(control.Pass, "AWSCloudShellFullAccess is not attached", control.EvAt("attached policies", p.attached.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-021", Title: "Role trust policies do not let any principal assume the role", Severity: control.Critical, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.21"}, pci: {"7.2.1"}, soc2: {"CC6.1"}, nist: {"AC-3", "AC-6"}},
			Rationale:  "A trust policy with Principal \"*\" and no narrowing condition lets any AWS account in the world assume the role and use its permissions.",
			Checked:    "Per role (service-linked excepted), evaluated by the iampolicy engine: no principal in an arbitrary account can sts:AssumeRole through Principal \"*\" / {\"AWS\": \"*\"}, and no public web identity provider can sts:AssumeRoleWithWebIdentity, unless a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, a non-world aws:SourceIp or sts:ExternalId (or a pinned token audience/subject) restricts it.",
			Remediation: rem("Name the trusted accounts or services explicitly, or add an aws:PrincipalOrgID condition.",
				"data \"aws_iam_policy_document\" \"trust\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::111122223333:root\"]\n    }\n  }\n}",
				"AssumeRolePolicyDocument:\n  Version: '2012-10-17'\n  Statement:\n    - Effect: Allow\n      Principal: { AWS: arn:aws:iam::111122223333:root }\n      Action: sts:AssumeRole",
				"aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json"),
			Check: func(e *model.Estate) []control.Result {
				return perRole(e, func(r *iam.Role, tp *iampolicy.Policy) control.Verdict {
					grants, complete := iampolicy.OpenTrust(tp)
					if len(grants) > 0 {
						var ws []string
						for _, g := range grants {
							ws = append(ws, g.Action+" by "+g.Principal+" ("+joinComma(g.Statements)+")")
						}
						return verdict(control.Fail, "the trust policy lets principals outside your accounts assume the role without a restricting condition: "+join(ws), control.EvAt("trust policy", r.TrustPolicy.PackedProv()))
					}
					if !complete {
						return verdict(control.Unknown, "the trust policy analysis could not finish its search, so an open grant is not ruled out")
					}
					return verdict(control.Pass, "no trust statement lets an arbitrary principal assume the role", control.EvAt("trust policy", r.TrustPolicy.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-022", Title: "Policies do not open privilege-escalation paths", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{pci: {"7.2.1"}, soc2: {"CC6.3"}, nist: {"AC-6", "AC-6(10)"}},
			Rationale:  "Permissions such as iam:AttachUserPolicy, iam:CreatePolicyVersion or iam:PassRole with lambda:CreateFunction let a principal grant itself any other permission, so its apparent scope is a fiction.",
			Checked: "Per user, group and role (service-linked excepted): its inline and attached policies, taken together and evaluated by the iampolicy engine, allow none of the documented " +
				"escalation paths (iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:Attach*Policy, iam:Put*Policy, iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile, " +
				"iam:UpdateAssumeRolePolicy, iam:AddUserToGroup, iam:PassRole with a service create such as lambda:CreateFunction or ec2:RunInstances, ...), on any resource. Full admin fails too. " +
				"In code scans, AWS managed policies attached by ARN are judged with onus's bundled copy when it has one (the evidence names its version and edited date); others make the result UNKNOWN.",
			Remediation: rem("Scope IAM write actions and iam:PassRole to specific resources (or remove them), and use permissions boundaries for delegated administration.",
				"data \"aws_iam_policy_document\" \"deployer\" {\n  statement {\n    actions   = [\"iam:PassRole\"]\n    resources = [aws_iam_role.lambda_exec.arn]\n  }\n}",
				"- Effect: Allow\n  Action: iam:PassRole\n  Resource: !GetAtt LambdaExecRole.Arn",
				"aws iam simulate-principal-policy --policy-source-arn ARN --action-names iam:AttachUserPolicy iam:PassRole lambda:CreateFunction"),
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return perPrincipal(e, func(p principal) control.Verdict {
					docs, unknowns := collect(p.inline, p.attached)
					if a := fullAdmin(memo, docs); a.admin {
						return verdict(control.Fail, "the "+p.kind+" has full admin through "+joinComma(a.where)+", which includes every escalation path",
							control.Ev("admin grant: "+joinComma(a.where), a.first.prov))
					}
					esc, escEv, complete := escalations(memo, docs)
					if !complete {
						unknowns = append(unknowns, undecided(docs))
					}
					switch {
					case len(esc) > 0:
						return verdict(control.Fail, "the "+p.kind+"'s policies allow privilege escalation: "+join(esc), escEv...)
					case len(unknowns) > 0:
						return verdict(control.Unknown, "no known policy opens an escalation path, but "+join(unknowns))
					}
					return verdict(control.Pass, "no privilege-escalation action is allowed on every resource", analysedEvidence(docs, p.meta, "no inline or attached policy")...)
				})
			},
		},
		{
			ID: "ONUS-IAM-023", Title: "Lambda execution roles do not grant administrative access (deprecated)", Severity: control.High, Service: "lambda", Layer: "identity-access",
			Rationale: "A function's role is what an attacker gets from a code injection or dependency compromise in that function. " +
				"This control judged the same duty twice: full admin on the execution role is ONUS-LAMBDA-009 (per function, which " +
				"also tolerates unread AWS managed Lambda execution policies that cannot add up to admin), and privilege-escalation " +
				"paths are ONUS-IAM-022, which judges every role including execution roles. Two results for one finding inflated " +
				"counts and could disagree, so it was retired.",
			Checked: "Nothing: deprecated. See ONUS-LAMBDA-009 (execution role is not an administrator) and ONUS-IAM-022 " +
				"(no privilege-escalation path on any user, group or role).",
			Deprecated: "duplicate of ONUS-LAMBDA-009 (full administrative access of Lambda execution roles) together with " +
				"ONUS-IAM-022 (privilege-escalation paths of every role, execution roles included); use those",
			Remediation: rem("Give each function its own role with only the actions and resources it uses (see ONUS-LAMBDA-009).",
				"resource \"aws_iam_role_policy\" \"fn\" {\n  role   = aws_iam_role.fn.id\n  policy = data.aws_iam_policy_document.fn.json  # specific actions/resources\n}",
				"FunctionRole:\n  Type: AWS::IAM::Role\n  Properties:\n    ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]\n    Policies: [ ... specific actions ... ]",
				"aws iam list-attached-role-policies --role-name ROLE; aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"),
			// Retired: the duty is judged by ONUS-LAMBDA-009 and ONUS-IAM-022.
			Check: func(*model.Estate) []control.Result { return nil },
		},
		{
			ID: "ONUS-IAM-024", Title: "Customer managed policies do not allow wildcard actions for a whole service", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{fsbp: {"IAM.21"}, pci: {"7.2.1"}, nist: {"AC-6"}},
			Rationale:  "\"s3:*\" or \"iam:*\" grants every present and future action of a service, including destructive and permission-changing ones nobody asked for.",
			Checked:    "Per customer managed policy: no Allow statement lists an action of the form \"service:*\" (or \"*\").",
			Remediation: rem("List the specific actions the workload needs instead of service:*.",
				"statement {\n  actions = [\"s3:GetObject\", \"s3:PutObject\"]  # not \"s3:*\"\n}",
				"Action: [s3:GetObject, s3:PutObject]  # not s3:*",
				"aws accessanalyzer start-policy-generation --policy-generation-details principalArn=ROLE_ARN"),
			Check: func(e *model.Estate) []control.Result {
				return perPolicy(e, func(p *iam.ManagedPolicy, d *iampolicy.Policy) control.Verdict {
					var bad []string
					for _, st := range d.Statements {
						if st.Effect != iampolicy.EffectAllow {
							continue
						}
						for _, a := range st.Action {
							if a == "*" || strings.HasSuffix(a, ":*") {
								bad = append(bad, a+" ("+st.Path+")")
							}
						}
					}
					if len(bad) > 0 {
						return verdict(control.Fail, "the policy allows wildcard service actions: "+joinComma(bad), control.EvAt("wildcard actions", p.Document.PackedProv()))
					}
					return verdict(control.Pass, "no Allow statement uses a service-wide wildcard action", control.EvAt("policy document", p.Document.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-026", Title: "Cross-account role trust requires an external ID or organisation condition", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{soc2: {"CC6.1"}, nist: {"AC-3", "AC-20"}},
			Rationale:  "A role trusted by another account without sts:ExternalId (or an organisation condition) is open to the confused-deputy problem: any customer of that third party can make it assume your role.",
			Checked: "Per role: every Allow sts:AssumeRole statement whose AWS principal is in another account (compared with the role's account) has a condition on sts:ExternalId, aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceAccount. " +
				"Accounts listed under trusted_accounts in .onus.yaml (your own organisation's, which are no confused-deputy risk) need no condition; the PASS names the setting. " +
				"Roles whose own account is unknown and that trust an account ARN outside that list are UNKNOWN.",
			Remediation: rem("Add an sts:ExternalId condition agreed with the third party (or aws:PrincipalOrgID for your own organisation).",
				"statement {\n  actions = [\"sts:AssumeRole\"]\n  principals {\n    type        = \"AWS\"\n    identifiers = [\"arn:aws:iam::999988887777:root\"]\n  }\n  condition {\n    test     = \"StringEquals\"\n    variable = \"sts:ExternalId\"\n    values   = [var.external_id]\n  }\n}",
				"Condition:\n  StringEquals:\n    sts:ExternalId: !Ref ExternalId",
				"aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust-with-external-id.json"),
			Check: func(e *model.Estate) []control.Result {
				own := ""
				if len(e.Accounts) > 0 {
					own = e.Accounts[0].ID
				}
				trusted, _ := e.Settings.TrustedAccounts.Get()
				return perRole(e, func(r *iam.Role, tp *iampolicy.Policy) control.Verdict {
					acct := r.Account
					if acct == "" {
						acct = own
					}
					var vs []control.Verdict
					var viaTrusted []string
					for _, st := range tp.Statements {
						if st.Effect != iampolicy.EffectAllow || st.Principal == nil || !assumeAction(st) || narrowed(st.Condition) {
							continue
						}
						for _, p := range st.Principal.AWS {
							id := p
							if m := accountInARN.FindStringSubmatch(p); m != nil {
								id = m[1]
							}
							if len(id) != 12 || strings.Trim(id, "0123456789") != "" {
								continue
							}
							if id != acct && slices.Contains(trusted, id) {
								viaTrusted = append(viaTrusted, id)
								continue
							}
							switch {
							case acct == "":
								vs = append(vs, verdict(control.Unknown, "the role trusts account "+id+" without an external ID, and the role's own account is unknown"))
							case id != acct:
								vs = append(vs, verdict(control.Fail, "the role trusts account "+id+" without sts:ExternalId or an organisation condition ("+st.Path+")", control.EvAt("trust "+st.Path, r.TrustPolicy.PackedProv())))
							}
						}
					}
					if len(vs) == 0 && len(viaTrusted) > 0 {
						slices.Sort(viaTrusted)
						viaTrusted = slices.Compact(viaTrusted)
						return verdict(control.Pass, "the role trusts only accounts listed in trusted_accounts without a condition ("+strings.Join(viaTrusted, ", ")+")",
							control.EvAt("trust policy", r.TrustPolicy.PackedProv()), control.EvAt("trusted_accounts", e.Settings.TrustedAccounts.PackedProv()))
					}
					if len(vs) == 0 {
						return verdict(control.Pass, "no unconditioned cross-account trust", control.EvAt("trust policy", r.TrustPolicy.PackedProv()))
					}
					return control.Combine(vs...)
				})
			},
		},
	}
}

func assumeAction(st iampolicy.Statement) bool {
	for _, a := range st.Action {
		if glob(a, "sts:AssumeRole") || glob(a, "sts:AssumeRoleWithWebIdentity") || glob(a, "sts:AssumeRoleWithSAML") {
			return true
		}
	}
	return st.NotAction != nil
}

// narrowingKeys limit who can use a trust statement.
var narrowingKeys = []string{"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount",
	"aws:sourcearn", "aws:sourceorgid", "sts:externalid", "aws:principalorgpaths"}

func narrowed(cs iampolicy.Conditions) bool {
	for _, c := range cs {
		for _, en := range c.Entries {
			if containsFold(narrowingKeys, en.Key) {
				for _, v := range en.Values {
					if v != "*" {
						return true
					}
				}
			}
		}
	}
	return false
}

// perResource judges every resource of one kind, or answers NOT_APPLICABLE
// once on the account when the estate has none of them ("the estate has no
// "+none), so an empty estate still says why nothing was judged.
func perResource[R ck.Res](e *model.Estate, rs []R, none string, judge func(R) control.Verdict) []control.Result {
	if len(rs) == 0 {
		return []control.Result{control.On(scope.Account(e)).NA("the estate has no " + none)}
	}
	out := make([]control.Result, 0, len(rs))
	for _, r := range rs {
		out = append(out, control.On(r.M()).Result(judge(r)))
	}
	return out
}

// perPolicy judges the document of every customer managed policy. AWS
// managed policies are AWS's to maintain (NOT_APPLICABLE), and a document
// that could not be read is UNKNOWN before any judge sees it.
func perPolicy(e *model.Estate, judge func(*iam.ManagedPolicy, *iampolicy.Policy) control.Verdict) []control.Result {
	return perResource(e, e.IAMPolicies, "managed policies", func(p *iam.ManagedPolicy) control.Verdict {
		if p.AWSManaged {
			return verdict(control.NotApplicable, "AWS managed policies are maintained by AWS")
		}
		d, ok := p.Document.Get()
		if !ok || d == nil {
			return verdict(control.Unknown, "the policy document is unknown: "+p.Document.Reason())
		}
		return judge(p, d)
	})
}

// perRole judges the trust policy of every customer role; service-linked
// roles are AWS's (NOT_APPLICABLE) and an unread trust policy is UNKNOWN.
func perRole(e *model.Estate, judge func(*iam.Role, *iampolicy.Policy) control.Verdict) []control.Result {
	return perResource(e, e.IAMRoles, "IAM roles", func(r *iam.Role) control.Verdict {
		if r.ServiceLinked {
			return verdict(control.NotApplicable, "service-linked roles are managed by AWS")
		}
		tp, ok := r.TrustPolicy.Get()
		if !ok || tp == nil {
			return verdict(control.Unknown, "the trust policy is unknown: "+r.TrustPolicy.Reason())
		}
		return judge(r, tp)
	})
}

func policyName(p *iam.ManagedPolicy) string {
	if n, ok := p.Name.Get(); ok && n != "" {
		return n
	}
	return p.Address
}

package iam

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

type fw = map[string][]string

const (
	cis  = control.CISAWS
	fsbp = control.FSBP
	pci  = control.PCIDSS
	hip  = control.HIPAA
	soc2 = control.SOC2
	iso  = control.ISO2022
	nist = control.NIST
)

func rem(summary, tf, cfn, cli string) control.Remediation {
	return control.Remediation{Summary: summary, Terraform: tf, CloudFormation: cfn, CLI: cli}
}

// Controls returns the IAM and account controls.
func Controls() []*control.Control {
	var out []*control.Control
	for _, l := range [][]*control.Control{accountControls(), moreAccountControls(), userControls(), policyControls(), kmsControls()} {
		out = append(out, l...)
	}
	return out
}

func accountControls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-IAM-001", Title: "The root user has no access keys", Severity: control.Critical, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.4"}, fsbp: {"IAM.4"}, pci: {"8.2.2"}, soc2: {"CC6.1"}, iso: {"8.2"}, nist: {"AC-6(9)", "IA-2"}},
			Rationale:  "Root access keys carry unrestricted, unscopable power over the account and cannot be limited by any policy; a leaked root key is a full compromise.",
			Checked:    "Account summary AccountAccessKeysPresent (live): 0 passes. Code cannot create root keys, so code estates are NOT_APPLICABLE.",
			Remediation: rem("Delete the root user's access keys (sign in as root, Security credentials, delete keys) and use IAM roles instead.",
				"# Root access keys cannot be managed by Terraform; delete them in the console as the root user.",
				"# Root access keys cannot be managed by CloudFormation; delete them in the console as the root user.",
				"aws iam get-account-summary --query SummaryMap.AccountAccessKeysPresent  # must be 0; delete keys as root in the console"),
			Check: func(e *model.Estate) []control.Result {
				return perAccount(e, "root access keys", false, func(a *account.Account) control.Verdict {
					return boolAcct(a, a.RootAccessKeys, false, "root access keys present")
				})
			},
		},
		{
			ID: "ONUS-IAM-002", Title: "MFA is enabled for the root user", Severity: control.Critical, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.5"}, pci: {"8.4.1"}, hip: {"164.312(d)"}, soc2: {"CC6.1"}, iso: {"8.5"}, nist: {"IA-2(1)"}},
			Rationale:  "A root password alone is one phishing page away from a total account takeover; MFA makes the password insufficient.",
			Checked:    "Account summary AccountMFAEnabled (live) is 1. Code estates: NOT_APPLICABLE (MFA is enrolled interactively).",
			Remediation: rem("Enable an MFA device for the root user (console: root user, Security credentials, Assign MFA device).",
				"# Root MFA cannot be managed by Terraform.", "# Root MFA cannot be managed by CloudFormation.",
				"aws iam get-account-summary --query SummaryMap.AccountMFAEnabled  # must be 1"),
			Check: func(e *model.Estate) []control.Result {
				return perAccount(e, "root MFA", false, func(a *account.Account) control.Verdict {
					return boolAcct(a, a.RootMFA, true, "root MFA enabled")
				})
			},
		},
		{
			ID: "ONUS-IAM-003", Title: "The root user uses a hardware MFA device", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.6"}, fsbp: {"IAM.6"}, pci: {"8.4.1"}, nist: {"IA-2(1)", "IA-2(6)"}},
			Rationale:  "A virtual MFA seed lives on a phone or laptop that can itself be compromised or cloned; a hardware key keeps the root factor off general-purpose devices.",
			Checked:    "Root MFA is enabled and the root user's device is not a virtual MFA device (ListVirtualMFADevices has no root serial). Live only.",
			Remediation: rem("Register a FIDO security key or hardware TOTP token for the root user and remove the virtual device.",
				"# Root MFA cannot be managed by Terraform.", "# Root MFA cannot be managed by CloudFormation.",
				"aws iam list-virtual-mfa-devices --query \"VirtualMFADevices[?ends_with(SerialNumber,'root-account-mfa-device')]\"  # must be empty"),
			Check: func(e *model.Estate) []control.Result {
				return perAccount(e, "root hardware MFA", false, func(a *account.Account) control.Verdict {
					if on, ok := a.RootMFA.Get(); ok && !on {
						return verdict(control.Fail, "the root user has no MFA at all", control.EvAt("root MFA enabled = false", a.RootMFA.PackedProv()))
					}
					return boolAcct(a, a.RootHardwareMFA, true, "root hardware MFA")
				})
			},
		},
		{
			ID: "ONUS-IAM-004", Title: "The root user is not used for daily work", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.7"}, pci: {"7.2.2"}, soc2: {"CC6.3"}, iso: {"8.2"}, nist: {"AC-6(2)"}},
			Rationale:  "Every root sign-in exposes the one credential no policy can restrict; routine work belongs to roles with least privilege.",
			Checked:    "Credential report (live): the root user's password and access keys were not used in the last 30 days. Never used passes.",
			Remediation: rem("Stop using the root user; create administrative roles (IAM Identity Center) and lock the root credentials away.",
				"# Process duty: use aws_ssoadmin_permission_set / IAM roles for administration instead of root.",
				"# Process duty: use IAM Identity Center permission sets or roles instead of root.",
				"aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d | head -2"),
			Check: func(e *model.Estate) []control.Result {
				return perAccount(e, "root user activity", false, func(a *account.Account) control.Verdict {
					t, ok := a.RootLastUsed.Get()
					switch {
					case !ok:
						return verdict(control.Unknown, "root last use is unknown: "+a.RootLastUsed.Reason(), control.EvAt("root last used", a.RootLastUsed.PackedProv()))
					case t == nil:
						return verdict(control.Pass, "the root user has never been used", control.EvAt("root never used", a.RootLastUsed.PackedProv()))
					case scope.Age(scope.Now(e), *t) < 30:
						return verdict(control.Fail, "the root user was used "+ago(scope.Now(e), *t), control.EvAt("root last used "+t.Format("2006-01-02"), a.RootLastUsed.PackedProv()))
					}
					return verdict(control.Pass, "the root user was last used "+ago(scope.Now(e), *t), control.EvAt("root last used "+t.Format("2006-01-02"), a.RootLastUsed.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-005", Title: "The password policy requires at least {{min_password_length}} characters", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.8"}, fsbp: {"IAM.7"}, pci: {"8.3.6"}, hip: {"164.308(a)(5)(ii)(D)"}, soc2: {"CC6.1"}, iso: {"5.17"}, nist: {"IA-5(1)"}},
			Rationale:  "Length is the strongest defence against guessing and cracking; CIS asks for 14 characters.",
			Checked:    "Account password policy MinimumPasswordLength >= {{min_password_length}} (the parameter min_password_length; live GetAccountPasswordPolicy; code aws_iam_account_password_policy.minimum_password_length). No policy fails.",
			Params:     []control.Param{minPasswordLength},
			Remediation: rem("Set the account password policy minimum length to {{min_password_length}} or more.",
				"resource \"aws_iam_account_password_policy\" \"this\" {\n  minimum_password_length        = {{min_password_length}}\n  password_reuse_prevention      = 24\n  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n  require_numbers                = true\n  require_symbols                = true\n}",
				"# CloudFormation has no password policy resource; use Terraform, the CLI or a custom resource.",
				"aws iam update-account-password-policy --minimum-password-length {{min_password_length}} --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters"),
			Check: func(e *model.Estate) []control.Result {
				return passwordPolicy(e, "a minimum length", func(pp *iam.PasswordPolicy) control.Verdict {
					n, _, _ := minPasswordLength.Value(e)
					return atLeast(pp.MinimumLength, n, "minimum password length", pp)
				})
			},
		},
		{
			ID: "ONUS-IAM-006", Title: "The password policy prevents reuse of the last {{password_reuse_prevention}} passwords", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.9"}, fsbp: {"IAM.7"}, pci: {"8.3.7"}, iso: {"5.17"}, nist: {"IA-5(1)"}},
			Rationale:  "Without reuse prevention users rotate back to a compromised password.",
			Checked:    "Account password policy PasswordReusePrevention >= {{password_reuse_prevention}} (the parameter password_reuse_prevention). No policy fails.",
			Params:     []control.Param{reusePrevention},
			Remediation: rem("Set password reuse prevention to {{password_reuse_prevention}}.",
				"resource \"aws_iam_account_password_policy\" \"this\" {\n  password_reuse_prevention = {{password_reuse_prevention}}\n}",
				"# CloudFormation has no password policy resource; use Terraform or the CLI.",
				"aws iam update-account-password-policy --password-reuse-prevention {{password_reuse_prevention}} --minimum-password-length 14"),
			Check: func(e *model.Estate) []control.Result {
				return passwordPolicy(e, "reuse prevention", func(pp *iam.PasswordPolicy) control.Verdict {
					n, _, _ := reusePrevention.Value(e)
					return atLeast(pp.ReusePrevention, n, "password reuse prevention", pp)
				})
			},
		},
		{
			ID: "ONUS-IAM-007", Title: "The password policy requires upper case, lower case, numbers and symbols", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{fsbp: {"IAM.7"}, pci: {"8.3.6"}, nist: {"IA-5(1)"}},
			Rationale:  "FSBP IAM.7 expects every character class; it widens the search space of short passwords.",
			Checked:    "Account password policy RequireUppercase, RequireLowercase, RequireNumbers and RequireSymbols are all true.",
			Remediation: rem("Require all four character classes in the password policy.",
				"resource \"aws_iam_account_password_policy\" \"this\" {\n  require_uppercase_characters = true\n  require_lowercase_characters = true\n  require_numbers              = true\n  require_symbols              = true\n}",
				"# CloudFormation has no password policy resource; use Terraform or the CLI.",
				"aws iam update-account-password-policy --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --minimum-password-length 14"),
			Check: func(e *model.Estate) []control.Result {
				return passwordPolicy(e, "character classes", func(pp *iam.PasswordPolicy) control.Verdict {
					var vs []control.Verdict
					vs = append(vs, classV(pp, "upper case", pp.RequireUppercase), classV(pp, "lower case", pp.RequireLowercase),
						classV(pp, "numbers", pp.RequireNumbers), classV(pp, "symbols", pp.RequireSymbols))
					return control.Combine(vs...)
				})
			},
		},
	}
}

func classV(pp *iam.PasswordPolicy, what string, v source.Value[bool]) control.Verdict {
	got, ok := v.Get()
	p := ppProv(pp, v)
	switch {
	case !ok:
		return verdict(control.Unknown, "whether "+what+" are required is unknown: "+v.Reason(), control.Ev(what, p))
	case got:
		return verdict(control.Pass, what+" required", control.Ev(what+" required", p))
	}
	return verdict(control.Fail, what+" not required", control.Ev(what+" not required", p))
}

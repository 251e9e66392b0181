package iam

import (
	"fmt"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// perUser runs judge on every IAM user; with none it says so once.
func perUser(e *model.Estate, judge func(*iam.User) control.Verdict) []control.Result {
	return perResource(e, e.IAMUsers, "IAM users", judge)
}

const liveOnlyCreds = "credential use and age are only known after apply; evaluated on live scans (credential report)"

func userControls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-IAM-008", Title: "IAM users with a console password have MFA", Severity: control.High, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.10"}, fsbp: {"IAM.5"}, pci: {"8.4.2"}, hip: {"164.312(d)"}, soc2: {"CC6.1"}, iso: {"8.5"}, nist: {"IA-2(1)", "IA-2(2)"}},
			Rationale:  "A console password without MFA is phishable and guessable; MFA stops credential stuffing and reuse.",
			Checked:    "Per user with password_enabled true (credential report): mfa_active is true. Users without a console password are NOT_APPLICABLE; code cannot show MFA enrolment, so code users are NOT_APPLICABLE.",
			Remediation: rem("Enrol an MFA device for the user, or remove the console password if the user does not need the console; enforce with a policy that denies actions when aws:MultiFactorAuthPresent is false.",
				"# MFA enrolment is interactive; attach a policy that denies everything except MFA self-service when aws:MultiFactorAuthPresent is false.",
				"# MFA enrolment is interactive; attach a deny-without-MFA policy to console users' group.",
				"aws iam list-mfa-devices --user-name USER  # enrol with aws iam enable-mfa-device, or aws iam delete-login-profile --user-name USER"),
			Check: func(e *model.Estate) []control.Result {
				return perUser(e, func(u *iam.User) control.Verdict {
					pw, ok := u.PasswordEnabled.Get()
					switch {
					case !ok && scope.Code(&u.Meta):
						return verdict(control.NotApplicable, "MFA enrolment cannot be seen in code; evaluated on live scans")
					case !ok:
						return verdict(control.Unknown, "whether the user has a console password is unknown: "+u.PasswordEnabled.Reason())
					case !pw:
						return verdict(control.NotApplicable, "the user has no console password")
					case scope.Code(&u.Meta):
						return verdict(control.NotApplicable, "the user gets a console password in code, but MFA enrolment cannot be seen in code; evaluated on live scans")
					}
					mfa, ok := u.MFAActive.Get()
					switch {
					case !ok:
						return verdict(control.Unknown, "MFA state is unknown: "+u.MFAActive.Reason())
					case !mfa:
						return verdict(control.Fail, "the user has a console password and no MFA device", control.EvAt("mfa_active = false", u.MFAActive.PackedProv()))
					}
					return verdict(control.Pass, "the console user has MFA", control.EvAt("mfa_active = true", u.MFAActive.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-009", Title: "Credentials unused for {{max_unused_days}} days or more are disabled", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.11"}, fsbp: {"IAM.8"}, pci: {"8.2.6"}, soc2: {"CC6.2"}, iso: {"5.18"}, nist: {"AC-2(3)"}},
			Rationale:  "Dormant passwords and keys are forgotten credentials nobody watches; disabling them removes a takeover path at no cost.",
			Checked:    "Per user (credential report): the console password, if enabled, was used in the last {{max_unused_days}} days (or the user is younger than {{max_unused_days}} days), and every active access key was used in the last {{max_unused_days}} days (or created less than {{max_unused_days}} days ago); {{max_unused_days}} is the parameter max_unused_days. Code: NOT_APPLICABLE.",
			Params:     []control.Param{unusedDays},
			Remediation: rem("Deactivate unused access keys and remove unused console passwords.",
				"# Remove the aws_iam_access_key / aws_iam_user_login_profile resources of unused credentials.",
				"# Remove the AWS::IAM::AccessKey or set Status: Inactive; remove LoginProfile.",
				"aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive; aws iam delete-login-profile --user-name USER"),
			Check: func(e *model.Estate) []control.Result {
				return perUser(e, func(u *iam.User) control.Verdict {
					if scope.Code(&u.Meta) {
						return verdict(control.NotApplicable, liveOnlyCreds)
					}
					days, _, _ := unusedDays.Value(e)
					return unusedCreds(scope.Now(e), u, days)
				})
			},
		},
		{
			ID: "ONUS-IAM-010", Title: "Each IAM user has at most one active access key", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{pci: {"8.2.2"}, nist: {"IA-5"}},
			Rationale:  "Two active keys usually mean one was rotated in and the old one never removed; each extra key is another secret to leak.",
			Checked:    "Per user: at most one access key with status Active (credential report live; aws_iam_access_key / AWS::IAM::AccessKey in code).",
			Remediation: rem("Deactivate and delete all but one access key per user (better: replace user keys with roles).",
				"# Keep one aws_iam_access_key per user; remove the others.",
				"# Keep one AWS::IAM::AccessKey with Status: Active per user.",
				"aws iam list-access-keys --user-name USER; aws iam delete-access-key --user-name USER --access-key-id OLD_KEY"),
			Check: func(e *model.Estate) []control.Result {
				return perUser(e, func(u *iam.User) control.Verdict {
					ks, ok := u.AccessKeys.Get()
					if !ok {
						return verdict(control.Unknown, "the user's access keys are unknown: "+u.AccessKeys.Reason())
					}
					var active []control.Evidence
					for _, k := range ks {
						if k.Active {
							active = append(active, control.Ev("active key "+k.ID, k.Prov))
						}
					}
					if len(active) > 1 {
						return verdict(control.Fail, fmt.Sprintf("the user has %d active access keys", len(active)), active...)
					}
					reason := fmt.Sprintf("the user has %d active access key(s)", len(active))
					if len(active) == 0 {
						// No active key: the evidence is the list of keys that was read.
						active = append(active, control.EvAt("access keys", u.AccessKeys.PackedProv()))
					}
					return verdict(control.Pass, reason, active...)
				})
			},
		},
		{
			ID: "ONUS-IAM-011", Title: "Active access keys are rotated every {{max_key_age_days}} days or less", Severity: control.Medium, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.12"}, fsbp: {"IAM.3"}, pci: {"8.3.9"}, soc2: {"CC6.1"}, nist: {"IA-5(1)"}},
			Rationale:  "Long-lived keys end up in laptops, CI logs and old images; rotation bounds how long a leaked key stays useful.",
			Checked:    "Per user with active keys (credential report): every active key was created less than {{max_key_age_days}} days ago (the parameter max_key_age_days). Users without active keys are NOT_APPLICABLE; code: NOT_APPLICABLE (creation time is set at apply).",
			Params:     []control.Param{keyAgeDays},
			Remediation: rem("Create a new key, move consumers to it, then deactivate and delete the old key (or switch to roles).",
				"# Rotate by replacing the aws_iam_access_key resource (terraform apply -replace=aws_iam_access_key.x).",
				"# Rotate by replacing the AWS::IAM::AccessKey (change its Serial property).",
				"aws iam create-access-key --user-name USER && aws iam update-access-key --user-name USER --access-key-id OLD --status Inactive"),
			Check: func(e *model.Estate) []control.Result {
				maxAge, _, _ := keyAgeDays.Value(e)
				return perUser(e, func(u *iam.User) control.Verdict {
					if scope.Code(&u.Meta) {
						return verdict(control.NotApplicable, liveOnlyCreds)
					}
					ks, ok := u.AccessKeys.Get()
					if !ok {
						return verdict(control.Unknown, "the user's access keys are unknown: "+u.AccessKeys.Reason())
					}
					var vs []control.Verdict
					for _, k := range ks {
						if !k.Active {
							continue
						}
						switch {
						case k.Created == nil:
							vs = append(vs, verdict(control.Unknown, "creation date of key "+k.ID+" is unknown"))
						case scope.Age(scope.Now(e), *k.Created) >= maxAge:
							vs = append(vs, verdict(control.Fail, "key "+k.ID+" was created "+ago(scope.Now(e), *k.Created), control.Ev("key "+k.ID+" created "+k.Created.Format("2006-01-02"), k.Prov)))
						default:
							vs = append(vs, verdict(control.Pass, "key "+k.ID+" was created "+ago(scope.Now(e), *k.Created)))
						}
					}
					if len(vs) == 0 {
						return verdict(control.NotApplicable, "the user has no active access key")
					}
					return control.Combine(vs...)
				})
			},
		},
		{
			ID: "ONUS-IAM-012", Title: "IAM users receive permissions only through groups", Severity: control.Low, Service: "iam", Layer: "identity-access",
			Frameworks: fw{cis: {"2.13"}, fsbp: {"IAM.2"}, pci: {"7.2.2"}, soc2: {"CC6.3"}, iso: {"5.15"}, nist: {"AC-2", "AC-6"}},
			Rationale:  "Permissions attached to individual users drift and are missed in reviews; groups (or roles) keep access consistent and auditable.",
			Checked:    "Per user: no inline policies and no directly attached managed policies.",
			Remediation: rem("Move the user's policies to a group (or role) and remove them from the user.",
				"resource \"aws_iam_group_policy_attachment\" \"team\" {\n  group      = aws_iam_group.team.name\n  policy_arn = aws_iam_policy.team.arn\n}\n# and remove aws_iam_user_policy / aws_iam_user_policy_attachment",
				"TeamGroup:\n  Type: AWS::IAM::Group\n  Properties:\n    ManagedPolicyArns: [!Ref TeamPolicy]\n# and remove Policies/ManagedPolicyArns from AWS::IAM::User",
				"aws iam detach-user-policy --user-name USER --policy-arn ARN; aws iam delete-user-policy --user-name USER --policy-name NAME"),
			Check: func(e *model.Estate) []control.Result {
				return perUser(e, func(u *iam.User) control.Verdict {
					var vs []control.Verdict
					for _, l := range []struct {
						kind string
						v    source.Value[[]iam.NamedPolicy]
					}{{"inline", u.Inline}, {"attached", u.Attached}} {
						ps, ok := l.v.Get()
						switch {
						case !ok:
							vs = append(vs, verdict(control.Unknown, l.kind+" policies are unknown: "+l.v.Reason()))
						case len(ps) > 0:
							var ev []control.Evidence
							var names []string
							for _, p := range ps {
								names = append(names, policyLabel(p))
								ev = append(ev, control.EvAt(l.kind+" policy "+policyLabel(p), p.Prov))
							}
							vs = append(vs, verdict(control.Fail, "the user has "+l.kind+" policies: "+joinComma(names), ev...))
						default:
							vs = append(vs, verdict(control.Pass, "no "+l.kind+" policies"))
						}
					}
					return control.Combine(vs...)
				})
			},
		},
		{
			ID: "ONUS-IAM-018", Title: "Expired server certificates are removed from IAM", Severity: control.Medium, Service: "iam", Layer: "secrets",
			Frameworks: fw{cis: {"2.17"}, nist: {"SC-12", "SC-17"}},
			Rationale:  "An expired certificate deployed by mistake to a load balancer breaks TLS for clients or trains them to click through warnings.",
			Checked:    "Per IAM server certificate (ListServerCertificates): Expiration is in the future. Code: NOT_APPLICABLE (expiry is read from the uploaded certificate).",
			Remediation: rem("Delete expired server certificates (move to ACM for automatic renewal).",
				"# Remove the aws_iam_server_certificate resource; use aws_acm_certificate instead.",
				"# Use AWS::CertificateManager::Certificate instead of IAM server certificates.",
				"aws iam delete-server-certificate --server-certificate-name NAME"),
			Check: func(e *model.Estate) []control.Result {
				return perResource(e, e.IAMServerCerts, "IAM server certificates", func(c *iam.ServerCertificate) control.Verdict {
					exp, ok := c.Expiration.Get()
					switch {
					case !ok && scope.Code(&c.Meta):
						return verdict(control.NotApplicable, "the certificate's expiry is only known once uploaded; evaluated on live scans")
					case !ok:
						return verdict(control.Unknown, "the certificate's expiry is unknown: "+c.Expiration.Reason())
					case exp.Before(scope.Now(e)):
						return verdict(control.Fail, "the certificate expired on "+exp.Format("2006-01-02"), control.EvAt("expiration "+exp.Format(time.RFC3339), c.Expiration.PackedProv()))
					}
					return verdict(control.Pass, "the certificate expires on "+exp.Format("2006-01-02"), control.EvAt("expiration "+exp.Format(time.RFC3339), c.Expiration.PackedProv()))
				})
			},
		},
	}
}

func unusedCreds(now time.Time, u *iam.User, days int) control.Verdict {
	var vs []control.Verdict
	pw, ok := u.PasswordEnabled.Get()
	switch {
	case !ok:
		vs = append(vs, verdict(control.Unknown, "whether the user has a password is unknown: "+u.PasswordEnabled.Reason()))
	case pw:
		last, ok := u.PasswordLastUsed.Get()
		switch {
		case !ok:
			vs = append(vs, verdict(control.Unknown, "password last use is unknown: "+u.PasswordLastUsed.Reason()))
		case last != nil && scope.Age(now, *last) >= days:
			vs = append(vs, verdict(control.Fail, "the console password was last used "+ago(now, *last), control.EvAt("password_last_used "+last.Format("2006-01-02"), u.PasswordLastUsed.PackedProv())))
		case last == nil:
			created, ok := u.Created.Get()
			switch {
			case !ok:
				vs = append(vs, verdict(control.Unknown, "the password was never used and the user's creation date is unknown"))
			case scope.Age(now, created) >= days:
				vs = append(vs, verdict(control.Fail, "the console password was never used and the user was created "+ago(now, created), control.EvAt("password never used", u.PasswordLastUsed.PackedProv())))
			default:
				vs = append(vs, verdict(control.Pass, "the user is new and has not yet used the password",
					control.EvAt("password never used", u.PasswordLastUsed.PackedProv()), control.EvAt("created "+created.Format("2006-01-02"), u.Created.PackedProv())))
			}
		default:
			vs = append(vs, verdict(control.Pass, "the password was used "+ago(now, *last), control.EvAt("password_last_used "+last.Format("2006-01-02"), u.PasswordLastUsed.PackedProv())))
		}
	}
	ks, ok := u.AccessKeys.Get()
	if !ok {
		vs = append(vs, verdict(control.Unknown, "access keys are unknown: "+u.AccessKeys.Reason()))
	}
	for _, k := range ks {
		if !k.Active {
			continue
		}
		switch {
		case k.LastUsed != nil && scope.Age(now, *k.LastUsed) >= days:
			vs = append(vs, verdict(control.Fail, "active key "+k.ID+" was last used "+ago(now, *k.LastUsed), control.Ev("key "+k.ID+" last used "+k.LastUsed.Format("2006-01-02"), k.Prov)))
		case k.LastUsed != nil:
			vs = append(vs, verdict(control.Pass, "key "+k.ID+" was used "+ago(now, *k.LastUsed), control.Ev("key "+k.ID+" last used "+k.LastUsed.Format("2006-01-02"), k.Prov)))
		case k.Created == nil:
			vs = append(vs, verdict(control.Unknown, "key "+k.ID+" was never used and its creation date is unknown"))
		case scope.Age(now, *k.Created) >= days:
			vs = append(vs, verdict(control.Fail, "active key "+k.ID+" was never used and was created "+ago(now, *k.Created), control.Ev("key "+k.ID+" never used", k.Prov)))
		default:
			vs = append(vs, verdict(control.Pass, "key "+k.ID+" is new", control.Ev("key "+k.ID+" created "+k.Created.Format("2006-01-02"), k.Prov)))
		}
	}
	if len(vs) == 0 {
		return verdict(control.Pass, "the user has no console password and no active access key",
			control.EvAt("no console password", u.PasswordEnabled.PackedProv()), control.EvAt("no active access key", u.AccessKeys.PackedProv()))
	}
	return control.Combine(vs...)
}

func policyLabel(p iam.NamedPolicy) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Ref
}

func joinComma(l []string) string {
	out := ""
	for i, s := range l {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

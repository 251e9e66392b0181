package iam

import (
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/iam"
)

var kmsDecryptActions = []string{"kms:Decrypt", "kms:ReEncryptFrom"}

// decryptAllKeys lists the statements that allow a decrypt action on
// every KMS key ("Resource": "*" or a key ARN pattern with a wildcard key
// id, see everyKey). Conditions do not excuse the statement: the FSBP rule
// judges the grant as written.
func decryptAllKeys(p *iampolicy.Policy) []string {
	var out []string
	for _, st := range p.Statements {
		if st.Effect != iampolicy.EffectAllow {
			continue
		}
		star := false
		for _, r := range st.Resource {
			star = star || everyKey(r)
		}
		if !star {
			continue
		}
		for _, a := range kmsDecryptActions {
			hit := false
			for _, pat := range st.Action {
				hit = hit || glob(pat, a)
			}
			if st.NotAction != nil {
				hit = true
				for _, pat := range st.NotAction {
					if glob(pat, a) {
						hit = false
					}
				}
			}
			if hit {
				out = append(out, a+" ("+st.Path+")")
			}
		}
	}
	return out
}

// everyKey reports whether a Resource pattern matches every key of some
// account and region: "*", or a KMS ARN whose key part is a wildcard
// (arn:aws:kms:us-east-1:111122223333:key/*, which SAM's KMSDecryptPolicy
// with KeyId "*" writes as arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*).
// Such a grant reaches every key whose key policy delegates to IAM in that
// account, the key-separation break the controls are about; the partition,
// region and account fields may hold anything, deploy-time placeholders
// included. A key part with a placeholder (key/${KeyId}) is one key.
func everyKey(r string) bool {
	if r == "*" {
		return true
	}
	if !strings.ContainsAny(r, "*?$") {
		// No wildcard and no placeholder: the pattern is literal, and a
		// literal matches at most one of the two probes below.
		return false
	}
	parts := strings.SplitN(withoutPlaceholders(r), ":", 6)
	probe := []string{"arn", "aws", "kms", "us-east-1", "111122223333"}
	for _, i := range []int{1, 3, 4} {
		if i >= len(parts) {
			break
		}
		f := parts[i]
		if strings.Contains(f, "\x00") {
			parts[i] = "*"
			continue
		}
		// A literal field matches itself; a wildcard field matches itself
		// with each wildcard replaced by a character.
		probe[i] = wildcardsToX(f)
	}
	pat := strings.Join(parts, ":")
	base := strings.Join(probe, ":") + ":"
	// Two key ids with nothing in common: only a wildcard key part matches both.
	return glob(pat, base+"key/1234abcd-12ab-34cd-56ef-1234567890ab") && glob(pat, base+"key/mrk-fedcba9876543210fedcba9876543210")
}

// wildcardsToX replaces each * and ? of s with an x (bytes, so invalid
// UTF-8 stays as written); s itself when it has none.
func wildcardsToX(s string) string {
	if !strings.ContainsAny(s, "*?") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '*' || c == '?' {
			b[i] = 'x'
		}
	}
	return string(b)
}

// withoutPlaceholders replaces each ${...} (whose name may hold colons, as
// ${AWS::Region} does) with a NUL byte, which no ARN or probe holds.
func withoutPlaceholders(r string) string {
	var b strings.Builder
	for {
		i := strings.Index(r, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(r[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(r[:i])
		b.WriteByte(0)
		r = r[i+j+1:]
	}
	b.WriteString(r)
	return b.String()
}

func kmsControls() []*control.Control {
	remTF := "data \"aws_iam_policy_document\" \"app\" {\n  statement {\n    actions   = [\"kms:Decrypt\"]\n    resources = [aws_kms_key.app.arn]  # not \"*\"\n  }\n}"
	remCFN := "- Effect: Allow\n  Action: kms:Decrypt\n  Resource: !GetAtt AppKey.Arn  # not '*'"
	return []*control.Control{
		{
			ID: "ONUS-IAM-027", Title: "Customer managed policies do not allow decryption with every KMS key", Severity: control.Medium, Service: "kms", Layer: "identity-access",
			Frameworks: fw{fsbp: {"KMS.1"}, pci: {"3.6.1"}, nist: {"AC-6", "SC-12"}},
			Rationale:  "kms:Decrypt on \"*\" lets the holder read any data encrypted under any key whose key policy delegates to IAM, which defeats key separation.",
			Checked:    "Per customer managed policy: no Allow statement grants kms:Decrypt or kms:ReEncryptFrom (directly or through wildcards/NotAction) on Resource \"*\" or on a key ARN pattern with a wildcard key id (arn:aws:kms:REGION:ACCOUNT:key/*, also as SAM's KMSDecryptPolicy with KeyId \"*\" writes it).",
			Remediation: rem("Scope kms:Decrypt to the ARNs of the keys the workload uses.", remTF, remCFN,
				"aws iam create-policy-version --policy-arn ARN --policy-document file://scoped-kms.json --set-as-default"),
			Check: func(e *model.Estate) []control.Result {
				return perPolicy(e, func(p *iam.ManagedPolicy, d *iampolicy.Policy) control.Verdict {
					if hits := decryptAllKeys(d); len(hits) > 0 {
						return verdict(control.Fail, "the policy allows decryption with every key: "+joinComma(hits), control.EvAt("kms decrypt on *", p.Document.PackedProv()))
					}
					return verdict(control.Pass, "no statement allows decryption on every key", control.EvAt("policy document", p.Document.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-IAM-028", Title: "Inline policies do not allow decryption with every KMS key", Severity: control.Medium, Service: "kms", Layer: "identity-access",
			Frameworks: fw{fsbp: {"KMS.2"}, pci: {"3.6.1"}, nist: {"AC-6", "SC-12"}},
			Rationale:  "An inline kms:Decrypt on \"*\" is the same key-separation break as in a managed policy, hidden inside one user, group or role.",
			Checked:    "Per user, group and role (service-linked excepted): no inline policy has an Allow statement granting kms:Decrypt or kms:ReEncryptFrom on Resource \"*\" or on a key ARN pattern with a wildcard key id (arn:aws:kms:REGION:ACCOUNT:key/*, also as SAM's KMSDecryptPolicy with KeyId \"*\" writes it).",
			Remediation: rem("Scope the inline policy's kms:Decrypt to specific key ARNs.", remTF, remCFN,
				"aws iam put-role-policy --role-name ROLE --policy-name NAME --policy-document file://scoped-kms.json"),
			Check: func(e *model.Estate) []control.Result {
				return perPrincipal(e, func(p principal) control.Verdict {
					inl, ok := p.inline.Get()
					if !ok {
						return verdict(control.Unknown, "inline policies are unknown: "+p.inline.Reason())
					}
					var vs []control.Verdict
					for _, np := range inl {
						d, ok := np.Document.Get()
						switch {
						case !ok || d == nil:
							vs = append(vs, verdict(control.Unknown, "inline policy "+np.Name+" is unknown: "+np.Document.Reason()))
						default:
							if hits := decryptAllKeys(d); len(hits) > 0 {
								vs = append(vs, verdict(control.Fail, "inline policy "+np.Name+" allows decryption with every key: "+joinComma(hits), control.EvAt("inline "+np.Name, np.Prov)))
							}
						}
					}
					if len(vs) == 0 {
						if len(inl) == 0 {
							return verdict(control.Pass, "no inline policy allows decryption on every key", control.Ev("no inline policy", p.meta.Prov()))
						}
						ev := make([]control.Evidence, len(inl))
						for i, np := range inl {
							// The document, not its list entry: its name plays no part.
							ev[i] = control.EvAt("analysed inline policy document "+strconv.Itoa(i+1)+" of "+strconv.Itoa(len(inl)), np.Document.PackedProv())
						}
						return verdict(control.Pass, "no inline policy allows decryption on every key", ev...)
					}
					return control.Combine(vs...)
				})
			},
		},
	}
}

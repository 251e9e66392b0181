package kms

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/kms"
)

// Controls returns the KMS controls.
func Controls() []*control.Control {
	return []*control.Control{rotation(), notPublic(), notPendingDeletion()}
}

func each(e *model.Estate, f func(k *kms.Key) control.Verdict) []control.Result {
	return ck.Per(e.KMSKeys, f)
}

func awsManaged(k *kms.Key) bool {
	m, ok := ck.Str(k.Manager)
	return ok && m == "aws"
}

func rotation() *control.Control {
	return &control.Control{
		ID: "ONUS-KMS-001", Title: "KMS customer managed symmetric keys rotate automatically", Severity: control.Medium,
		Service: "kms", Layer: "data-protection",
		Frameworks: fw.Of(fw.CIS("4.6"), fw.KeyMgmt()),
		Rationale: "Automatic rotation replaces the key material yearly (or on the chosen period) without " +
			"re-encrypting data, limiting how much data one compromised key version protects.",
		Checked: "Rotation of every customer managed key: enabled passes; disabled fails. Asymmetric and HMAC " +
			"keys (rotation unsupported) and AWS managed keys (rotated by AWS) are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable automatic key rotation.",
			Terraform:      "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}",
			CloudFormation: "Key:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true",
			CLI:            "aws kms enable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, "automatic rotation")
			return each(e, func(k *kms.Key) control.Verdict {
				if awsManaged(k) {
					return ck.NA("AWS managed keys are rotated by AWS")
				}
				if spec, ok := k.KeySpec.Get(); ok && spec != "" && spec != "SYMMETRIC_DEFAULT" {
					return ck.NA("automatic rotation does not apply to " + spec + " keys")
				}
				v := is.Judge(k.RotationEnabled)
				if v.Outcome == control.Fail {
					if _, ok := k.KeySpec.Get(); !ok {
						return control.Verdict{Outcome: control.Unknown, Evidence: v.Evidence,
							Reason: "rotation is off, but the key spec is unknown (" + k.KeySpec.Reason() + "), so whether rotation applies is unknown"}
					}
				}
				return v
			})
		},
	}
}

func notPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-KMS-002", Title: "KMS key policies do not grant public access", Severity: control.Critical,
		Service: "kms", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("2.21"), fw.FSBP("KMS.5"), fw.PublicAccess()),
		Rationale: "A key policy that lets anyone use the key makes every piece of data encrypted with it " +
			"decryptable by anyone who obtains the ciphertext.",
		Checked: "The key policy of every key, analysed by onus's IAM engine with anonymous and foreign-account " +
			"callers over decrypt, encrypt, grant and administration actions: any allowed probe fails.",
		Remediation: control.Remediation{
			Summary:        "Replace Principal \"*\" statements with the account root and named roles (or add aws:PrincipalOrgID conditions).",
			Terraform:      "data \"aws_iam_policy_document\" \"key\" {\n  statement {\n    actions   = [\"kms:*\"]\n    resources = [\"*\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root\"]\n    }\n  }\n}\nresource \"aws_kms_key\" \"k\" {\n  policy = data.aws_iam_policy_document.key.json\n}",
			CloudFormation: "Key:\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy:\n      Version: \"2012-10-17\"\n      Statement:\n        - Effect: Allow\n          Principal: {AWS: !Sub \"arn:aws:iam::${AWS::AccountId}:root\"}\n          Action: \"kms:*\"\n          Resource: \"*\"",
			CLI:            "aws kms put-key-policy --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --policy-name default --policy file://key-policy.json",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return each(e, func(k *kms.Key) control.Verdict {
				id, _ := k.KeyID.Get()
				if id == "" {
					id = "onus-key"
				}
				return policyck.NotPublicIn(memo, &k.Meta, k.Policy, policyck.ARN(&k.Meta, "kms", "key/"+id), "key policy")
			})
		},
	}
}

func notPendingDeletion() *control.Control {
	return &control.Control{
		ID: "ONUS-KMS-003", Title: "KMS keys are not scheduled for deletion", Severity: control.High,
		Service: "kms", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("KMS.3"), fw.Backup()),
		Rationale: "Deleting a key makes everything encrypted under it unrecoverable; a scheduled deletion " +
			"should be deliberate and is the last chance to cancel it.",
		Checked: "The state of every key (live scans): PendingDeletion (or PendingReplicaDeletion) fails; " +
			"other states pass. Code declares keys that should exist, so code sources are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Cancel the key deletion if the key is still needed.",
			Terraform:      "# Keep the aws_kms_key in code; a deletion was scheduled outside it. Cancel with the CLI.",
			CloudFormation: "# Keep the AWS::KMS::Key in the template (DeletionPolicy: Retain); cancel the deletion with the CLI.",
			CLI:            "aws kms cancel-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab\naws kms enable-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(k *kms.Key) control.Verdict {
				return ck.LiveOnly(&k.Meta, k.State, "key state", func(s string) (bool, string) {
					if strings.HasPrefix(s, "Pending") && strings.HasSuffix(s, "Deletion") {
						return false, "the key is scheduled for deletion (" + s + ")"
					}
					return true, "the key state is " + s
				})
			})
		},
	}
}

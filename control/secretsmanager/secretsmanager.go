package secretsmanager

import (
	"fmt"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/secretsmanager"
)

// rotationDays and unusedDays are Security Hub's SecretsManager.4
// maxDaysSinceRotation and SecretsManager.3 unusedForDays (both 90 by
// default there and here). Literal data, never changed.
var (
	rotationDays = control.Param{Control: "ONUS-SECRETSMANAGER-002", Name: "max_days_since_rotation", Unit: "days",
		Default: 90, Min: 1, Max: 1000,
		Summary: "Most days a secret may go without rotation (live: since the last rotation; code: the schedule). Security Hub SecretsManager.4 maxDaysSinceRotation."}
	unusedDays = control.Param{Control: "ONUS-SECRETSMANAGER-003", Name: "unused_for_days", Unit: "days",
		Default: 90, Min: 1, Max: 1000,
		Summary: "Most days a secret may go unread before it counts as unused. Security Hub SecretsManager.3 unusedForDays."}
)

// Controls returns the Secrets Manager controls.
func Controls() []*control.Control {
	return []*control.Control{rotationEnabled(), rotatedRecently(), unused(), notPublic(), cmk(), rotationSucceeds()}
}

func each(e *model.Estate, f func(s *secretsmanager.Secret) control.Verdict) []control.Result {
	return ck.Per(e.Secrets, f)
}

func rotationEnabled() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-001", Title: "Secrets Manager secrets rotate automatically", Severity: control.Medium,
		Service: "secretsmanager", Layer: "secrets",
		Frameworks: fw.Of(fw.FSBP("SecretsManager.1"), fw.M{fw.NIST: {"IA-5(1)"}, fw.PCI: {"8.3.9"}, fw.ISO: {"A.5.17"}}),
		Rationale: "A secret that never changes stays valid for as long as anyone has ever copied it; rotation " +
			"bounds the damage of a leak.",
		Checked: "Whether every secret has automatic rotation configured: yes passes; no fails.",
		Remediation: control.Remediation{
			Summary:        "Configure a rotation Lambda and schedule for the secret.",
			Terraform:      "resource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = aws_lambda_function.rotate.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
			CloudFormation: "DbSecretRotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n    SecretId: !Ref DbSecret\n    RotationLambdaARN: !GetAtt RotateFn.Arn\n    RotationRules:\n      AutomaticallyAfterDays: 30",
			CLI:            "aws secretsmanager rotate-secret --secret-id app/db --rotation-lambda-arn arn:aws:lambda:REGION:ACCOUNT:function:rotate --rotation-rules AutomaticallyAfterDays=30",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(s *secretsmanager.Secret) control.Verdict {
				return ck.Bool(s.RotationEnabled, true, "automatic rotation")
			})
		},
	}
}

func age(e *model.Estate, t time.Time) int { return scope.Age(scope.Now(e), t) }

func rotatedRecently() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-002", Title: "Secrets Manager secrets are rotated within {{max_days_since_rotation}} days", Severity: control.Medium,
		Service: "secretsmanager", Layer: "secrets",
		Frameworks: fw.Of(fw.FSBP("SecretsManager.4"), fw.M{fw.NIST: {"IA-5(1)"}}),
		Rationale:  "Rotation that is configured but failing, or scheduled too rarely, leaves old credentials valid.",
		Checked: "Live: the last rotation date of every secret: within {{max_days_since_rotation}} days passes; older or never fails. " +
			"Code: the rotation schedule: every {{max_days_since_rotation}} days or less passes; longer or no rotation fails. " +
			"The {{max_days_since_rotation}} days are the parameter max_days_since_rotation.",
		Params: []control.Param{rotationDays},
		Remediation: control.Remediation{
			Summary:        "Rotate the secret now and schedule rotation at most every {{max_days_since_rotation}} days.",
			Terraform:      "resource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = aws_lambda_function.rotate.arn\n  rotation_rules {\n    automatically_after_days = {{max_days_since_rotation}}\n  }\n}",
			CloudFormation: "DbSecretRotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n    SecretId: !Ref DbSecret\n    RotationLambdaARN: !GetAtt RotateFn.Arn\n    RotationRules:\n      AutomaticallyAfterDays: {{max_days_since_rotation}}",
			CLI:            "aws secretsmanager rotate-secret --secret-id app/db",
		},
		Check: func(e *model.Estate) []control.Result {
			maxAge, limit := rotationDays.Limit(e)
			return each(e, func(s *secretsmanager.Secret) control.Verdict {
				if t, ok := s.LastRotated.Get(); ok {
					if t == nil {
						return ck.FailAt("the secret has never been rotated", s.LastRotated.PackedProv())
					}
					d := age(e, *t)
					if d <= maxAge {
						return ck.PassAt(fmt.Sprintf("last rotated %d days ago", d), s.LastRotated.PackedProv())
					}
					return ck.FailAt(fmt.Sprintf("last rotated %d days ago (more than %s)", d, limit), s.LastRotated.PackedProv())
				}
				if !ck.IsCode(&s.Meta) {
					return ck.Unknown(s.LastRotated, "last rotation date")
				}
				if on, ok := s.RotationEnabled.Get(); ok && !on {
					return ck.FailAt("no rotation is configured", s.RotationEnabled.PackedProv())
				}
				return ck.Judge(s.RotationDays, "rotation interval (days)", func(n int) (bool, string) {
					if n > 0 && n <= maxAge {
						return true, fmt.Sprintf("rotation every %d days", n)
					}
					return false, fmt.Sprintf("rotation every %d days (more than %s)", n, limit)
				})
			})
		},
	}
}

func unused() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-003", Title: "Unused Secrets Manager secrets are removed", Severity: control.Low,
		Service: "secretsmanager", Layer: "secrets",
		Frameworks: fw.Of(fw.FSBP("SecretsManager.3"), fw.M{fw.NIST: {"AC-2(3)"}}),
		Rationale:  "A secret nobody reads is a credential nobody watches; deleting it removes an access path.",
		Checked: "The last-accessed date of every secret (live scans): within {{unused_for_days}} days (the parameter unused_for_days) " +
			"passes; older or never fails. Code cannot show use, so code sources are not applicable.",
		Params: []control.Param{unusedDays},
		Remediation: control.Remediation{
			Summary:        "Delete the secret (after confirming nothing needs it).",
			Terraform:      "# remove the aws_secretsmanager_secret block",
			CloudFormation: "# remove the AWS::SecretsManager::Secret resource",
			CLI:            "aws secretsmanager delete-secret --secret-id app/old --recovery-window-in-days 30",
		},
		Check: func(e *model.Estate) []control.Result {
			maxAge, limit := unusedDays.Limit(e)
			return each(e, func(s *secretsmanager.Secret) control.Verdict {
				return ck.LiveOnly(&s.Meta, s.LastAccessed, "last-accessed date", func(t *time.Time) (bool, string) {
					if t == nil {
						return false, "the secret has never been accessed"
					}
					d := age(e, *t)
					if d <= maxAge {
						return true, fmt.Sprintf("last accessed %d days ago", d)
					}
					return false, fmt.Sprintf("last accessed %d days ago (more than %s)", d, limit)
				})
			})
		},
	}
}

func notPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-004", Title: "Secrets Manager resource policies do not grant public access", Severity: control.Critical,
		Service: "secretsmanager", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("2.21"), fw.PublicAccess()),
		Rationale:  "A secret's resource policy that lets anyone call GetSecretValue publishes the credential.",
		Checked: "The resource policy of every secret, analysed by onus's IAM engine with anonymous and " +
			"foreign-account callers: any allowed read or change fails; no policy passes.",
		Remediation: control.Remediation{
			Summary:        "Remove Principal \"*\" statements from the secret's resource policy.",
			Terraform:      "resource \"aws_secretsmanager_secret_policy\" \"db\" {\n  secret_arn          = aws_secretsmanager_secret.db.arn\n  policy              = data.aws_iam_policy_document.secret.json\n  block_public_policy = true\n}",
			CloudFormation: "DbSecretPolicy:\n  Type: AWS::SecretsManager::ResourcePolicy\n  Properties:\n    SecretId: !Ref DbSecret\n    BlockPublicPolicy: true\n    ResourcePolicy: {...}",
			CLI:            "aws secretsmanager delete-resource-policy --secret-id app/db",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return each(e, func(s *secretsmanager.Secret) control.Verdict {
				name, _ := s.Name.Get()
				return policyck.NotPublicIn(memo, &s.Meta, s.Policy, policyck.ARN(&s.Meta, "secretsmanager", "secret:"+name), "secret policy")
			})
		},
	}
}

func cmk() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-005", Title: "Secrets Manager secrets are encrypted with a customer managed key", Severity: control.Low,
		Service: "secretsmanager", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale: "With aws/secretsmanager any principal of the account with GetSecretValue can decrypt; a " +
			"customer managed key adds a second, key-policy gate and allows cross-account sharing deliberately.",
		Checked: "The KMS key of every secret: a customer managed key passes; none (aws/secretsmanager) fails.",
		Remediation: control.Remediation{
			Summary:        "Encrypt the secret with a customer managed KMS key.",
			Terraform:      "resource \"aws_secretsmanager_secret\" \"db\" {\n  kms_key_id = aws_kms_key.secrets.arn\n}",
			CloudFormation: "DbSecret:\n  Type: AWS::SecretsManager::Secret\n  Properties:\n    KmsKeyId: !Ref SecretsKey",
			CLI:            "aws secretsmanager update-secret --secret-id app/db --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(s *secretsmanager.Secret) control.Verdict { return ck.CMK(s.KMSKeyID, "the KMS key") })
		},
	}
}

// rotationGrace is how late a scheduled rotation may be before it counts
// as failed: the schedule is a window, not an instant.
const rotationGrace = 1

func rotationSucceeds() *control.Control {
	return &control.Control{
		ID: "ONUS-SECRETSMANAGER-006", Title: "Scheduled Secrets Manager rotations succeed", Severity: control.Medium,
		Service: "secretsmanager", Layer: "secrets",
		Frameworks: fw.Of(fw.FSBP("SecretsManager.2"), fw.M{fw.NIST: {"IA-5(1)"}}),
		Rationale: "A rotation that is scheduled but keeps failing (a broken rotation function, a network " +
			"path it lacks) looks configured while the old credential stays valid indefinitely.",
		Checked: "Live scans: for every secret with rotation enabled, the last rotation date as of the scan: " +
			"within the rotation interval (plus one day) passes; older, or never rotated, fails. Secrets without " +
			"rotation are not applicable (ONUS-SECRETSMANAGER-001 judges them). Code cannot show whether " +
			"rotation ran, so code sources are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Fix the rotation function (permissions, network path to the database) and rotate now.",
			Terraform:      "resource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = aws_lambda_function.rotate.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
			CloudFormation: "DbSecretRotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n    SecretId: !Ref DbSecret\n    RotationLambdaARN: !GetAtt RotateFn.Arn\n    RotationRules:\n      AutomaticallyAfterDays: 30",
			CLI:            "aws secretsmanager rotate-secret --secret-id app/db",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(s *secretsmanager.Secret) control.Verdict {
				if ck.IsCode(&s.Meta) {
					return ck.NA("whether rotation succeeded is only known after it ran; evaluated on live scans")
				}
				on, ok := s.RotationEnabled.Get()
				switch {
				case !ok:
					return ck.Unknown(s.RotationEnabled, "rotation setting")
				case !on:
					return ck.NA("rotation is not enabled")
				}
				days, ok := s.RotationDays.Get()
				if !ok || days <= 0 {
					return ck.Unknown(s.RotationDays, "rotation interval")
				}
				last, ok := s.LastRotated.Get()
				switch {
				case !ok:
					return ck.Unknown(s.LastRotated, "last rotation date")
				case last == nil:
					return ck.FailAt("rotation is enabled but the secret has never been rotated", s.LastRotated.PackedProv())
				}
				d := age(e, *last)
				if d <= days+rotationGrace {
					return ck.PassAt(fmt.Sprintf("last rotated %d days ago, within the %d-day schedule", d, days), s.LastRotated.PackedProv())
				}
				return ck.FailAt(fmt.Sprintf("last rotated %d days ago although the schedule is every %d days: rotation is failing", d, days), s.LastRotated.PackedProv())
			})
		},
	}
}

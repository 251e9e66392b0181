package iam

import "github.com/onus-sec/onus/control"

// The IAM thresholds a user may change in .onus.yaml (parameters:). The
// defaults are CIS AWS Foundations v7.0.0's; Security Hub's IAM.7 lets its
// users choose the password length and reuse count the same way. Literal
// data, never changed.
var (
	minPasswordLength = control.Param{Control: "ONUS-IAM-005", Name: "min_password_length", Unit: "characters",
		Default: 14, Min: 6, Max: 128,
		Summary: "Fewest characters the account password policy must require (IAM allows 6 to 128). Security Hub IAM.7 MinimumPasswordLength."}
	reusePrevention = control.Param{Control: "ONUS-IAM-006", Name: "password_reuse_prevention", Unit: "passwords",
		Default: 24, Min: 1, Max: 24,
		Summary: "How many previous passwords the policy must forbid reusing (IAM allows 1 to 24). Security Hub IAM.7 PasswordReusePrevention."}
	unusedDays = control.Param{Control: "ONUS-IAM-009", Name: "max_unused_days", Unit: "days",
		Default: 45, Min: 1, Max: 3650,
		Summary: "Most days a console password or active access key may go unused (CIS 2.11 says 45)."}
	keyAgeDays = control.Param{Control: "ONUS-IAM-011", Name: "max_key_age_days", Unit: "days",
		Default: 90, Min: 1, Max: 3650,
		Summary: "Most days an active access key may live before rotation (CIS 2.12 and Security Hub IAM.3 say 90)."}
)

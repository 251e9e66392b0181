// Package asff writes results as AWS Security Finding Format findings in the
// shape of a Security Hub BatchImportFindings request ({"Findings": [...]}).
// It does not call Security Hub; importing is the user's (or CI's) step.
package asff

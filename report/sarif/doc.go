// Package sarif writes SARIF 2.1.0 for GitHub code scanning and other SARIF
// viewers: one rule per control, FAIL results as kind "fail" and UNKNOWN as
// kind "open" (PASS and NOT_APPLICABLE are not alerts and are left out),
// suppressed results kept with a suppressions entry. It is not a SARIF reader.
package sarif

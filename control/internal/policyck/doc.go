// Package policyck turns the iampolicy analysis helpers (public exposure,
// required denies) into three-valued control verdicts for resource policies.
// It holds no controls and does not evaluate policies itself.
package policyck

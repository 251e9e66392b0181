// Package iampolicy parses AWS IAM policy documents and evaluates requests
// against them by AWS's documented evaluation logic; the analysis helpers
// (public exposure, full admin, TLS/SSE denies, privilege escalation, open
// trust) are built on that evaluator. It is not a model of any AWS resource
// and imports nothing else from onus.
package iampolicy

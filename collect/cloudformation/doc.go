// Package cloudformation reads CloudFormation and SAM templates (YAML or
// JSON) into the typed model, resolving intrinsic functions, parameters,
// mappings and conditions, with the exact line and column of every value.
// It is not a deployer or a linter: what only a deployment knows stays UNKNOWN.
package cloudformation

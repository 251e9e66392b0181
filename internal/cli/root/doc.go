// Package root builds the `onus` command tree: global flags, version, help,
// and one subcommand per verb package. It holds no state of its own; what
// the verbs need arrives in Deps from cmd/onus.
package root

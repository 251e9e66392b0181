// Package cmdutil holds what every verb shares: the error kinds that
// cmd/onus maps to exit codes, and flag helpers. It does not decide exit
// codes itself; that happens in one place, cmd/onus.
package cmdutil

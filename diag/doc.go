// Package diag holds diagnostics: problems a source met in its input (a syntax
// error, an unresolvable reference, a denied API call) with a severity and the
// place they refer to. Sources return partial results plus diagnostics; they
// are not errors that stop a scan.
package diag

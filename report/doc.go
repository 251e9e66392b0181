// Package report holds the Report that every output format renders: results,
// the responsibility matrix, diagnostics and scan metadata. Formats live in
// report/<format>; they render and never compute outcomes.
package report

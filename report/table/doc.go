// Package table renders a report for a person at a terminal: results grouped
// by service and layer, a summary line, optionally the responsibility
// matrix. It is not machine-readable; use report/json for that.
package table

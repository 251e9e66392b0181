// Package html writes one self-contained HTML page for people and auditors:
// summary, coloured responsibility matrix, findings filterable by service,
// layer, severity and outcome (inline JavaScript), evidence and remediation,
// and a per-framework view. It makes no network requests and loads nothing
// from outside the file.
package html

// Package csv writes one row per result with a fixed, documented column
// order, for spreadsheets and ad-hoc tooling. It is not a stable API for
// programs; use report/json for that.
package csv

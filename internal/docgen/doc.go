// Package docgen renders the control catalogue into the Markdown files
// under docs/ (controls.md and the CIS and FSBP framework tables). It is
// used by `go run ./internal/gen/docs` and by the test that fails when the
// committed files are stale; it does not run controls.
package docgen

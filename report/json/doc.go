// Package json writes a report as the versioned JSON results document whose
// schema is docs/schema/results.schema.json (documented in docs/schema.md).
// It renders results; it never computes or filters them.
package json

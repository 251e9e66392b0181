// Package schematest validates JSON output against a JSON Schema file in
// tests. Test helper only; onus itself never validates at run time.
package schematest

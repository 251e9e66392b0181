// Package formats is the explicit list of output formats: it maps a
// --format name to its writer and writes every --format/--output pair of a
// scan. It does not decide what a report contains.
package formats

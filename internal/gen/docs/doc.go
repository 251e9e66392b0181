// Command docs writes the generated catalogue documentation; it holds no
// rendering logic of its own (see internal/docgen).
package main

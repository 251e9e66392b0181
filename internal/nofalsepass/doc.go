// Package nofalsepass holds the unknown-injection test: it replaces each value
// of the bundled examples, one at a time, by one onus cannot resolve and checks
// that no PASS still rests on it. Test only; it has no code to import.
package nofalsepass

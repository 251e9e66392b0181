// Package cfnscan benchmarks a whole CloudFormation scan (reader plus the
// full catalogue) on the bench/gencfn estate, and guards the control phase
// against performance regressions by counting policy analyses (a test, not
// a timed assert). It holds no production code.
package cfnscan

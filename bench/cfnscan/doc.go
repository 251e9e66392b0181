// Package cfnscan benchmarks a whole CloudFormation scan (reader plus the
// full catalogue) on the bench/gencfn estate. It holds no production code.
package cfnscan

// Package tfgen writes a deterministic synthetic Terraform estate for
// benchmarks: root modules in nested folders, a shared local module, and
// the resource kinds onus models, half of them secure and half not. It is
// not a test fixture generator for correctness tests.
package tfgen

// Package tfscan holds the Terraform scan benchmark: the bench/gen estate
// read by collect/terraform and checked by the full control catalogue. It
// has no non-test code.
package tfscan

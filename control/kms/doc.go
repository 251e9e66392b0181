// Package kms holds the controls for the customer's duties on KMS keys: key
// rotation, key policies that are not public, and keys not scheduled for
// deletion. It does not read any source.
package kms

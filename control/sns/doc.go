// Package sns holds the controls for the customer's duties on SNS topics:
// KMS encryption and topic policies that are not public. It does not read
// any source.
package sns

// Package ssm holds the controls on Systems Manager resources the customer
// authors (documents and their sharing). It is not the managed-node check
// of EC2 instances, which lives with the EC2 controls.
package ssm

// Package ssm holds the controls on what the customer sets in Systems
// Manager: document sharing, the account's service settings, and the patch
// and association compliance its managed instances report. It is not the
// managed-node check of EC2 instances, which lives with the EC2 controls.
package ssm

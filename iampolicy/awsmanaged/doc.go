// Package awsmanaged bundles copies of the AWS managed policies that
// Terraform and CloudFormation code attaches most often, so code scans can
// judge a role by its attached policies the way a live scan does. It is not
// a mirror of IAM: each copy is as of the date in data/README.md, AWS edits
// managed policies, and a policy missing here stays UNKNOWN to callers.
package awsmanaged

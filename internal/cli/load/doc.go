// Package load turns the PATH arguments of scan-like verbs into one estate:
// it detects what each path is (a directory of Terraform and CloudFormation,
// a Terraform plan JSON, a CloudFormation template, an onus snapshot) and
// calls the matching source. It judges nothing and prints nothing.
package load

// Package secrets holds the control for secrets written literally into
// configuration that belongs to no single resource: Terraform variable
// defaults, locals and provider arguments, CloudFormation parameter defaults
// and outputs. Values are always redacted. Resource-specific places (Lambda
// and ECS environments, EC2 user data, RDS passwords) are judged by their
// service packages with the same detector.
package secrets

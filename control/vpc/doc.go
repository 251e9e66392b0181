// Package vpc holds the controls for the customer's network configuration
// duties: security groups, network ACLs, default security groups, subnets
// and VPC flow logs. It does not compute reachability (reachability/ does).
package vpc

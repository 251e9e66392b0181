// Package ec2 holds the controls for the customer's duties on EC2 instances
// (metadata service, exposure, identity, user data, images, patching by SSM)
// and EBS storage (volume and snapshot encryption, public snapshots, default
// encryption per region). It does not read any source.
package ec2

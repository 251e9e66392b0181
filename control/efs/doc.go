// Package efs holds the controls for the customer's duties on EFS file
// systems: encryption at rest and backups. It does not read any source.
package efs

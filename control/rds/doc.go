// Package rds holds the controls for the customer's duties on Amazon RDS DB
// instances, Aurora clusters and DB snapshots: encryption, exposure,
// backups, patching, authentication, monitoring and secrets. It does not read
// any source; checks are pure functions of the model.
package rds

// Package secretsmanager holds the controls for the customer's duties on
// Secrets Manager secrets: rotation, freshness, unused secrets and resource
// policies. It never sees secret values and does not read any source.
package secretsmanager

// Package ecs holds the controls for the customer's duties on Amazon ECS:
// container privileges, users and filesystems, secrets in task definitions,
// logging, host namespaces, public addresses and cluster monitoring. It does
// not read any source.
package ecs

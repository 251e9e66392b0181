// Package ctltest runs table-driven control tests: each row is an estate
// built from model structs and the outcome expected on one resource. It is
// test support only; no control imports it.
package ctltest

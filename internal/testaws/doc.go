// Package testaws holds test helpers for the live collectors: it starts the
// moto AWS emulator on a free loopback port and puts a fault-injecting
// reverse proxy (throttling, 5xx, AccessDenied, latency by rule) in front of
// it. It is for tests only and never talks to real AWS.
package testaws

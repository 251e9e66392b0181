// Package e2e holds only the end-to-end test of the service controls on the
// bundled example estates: the insecure web-app fails each service's top
// control, the secure twins fail none. It has no code of its own.
package e2e

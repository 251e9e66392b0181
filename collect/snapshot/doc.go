// Package snapshot writes a collected estate to versioned JSON and reads it
// back, keeping provenance and UNKNOWN reasons, so a live scan can be judged
// again offline. It does not collect anything itself.
package snapshot

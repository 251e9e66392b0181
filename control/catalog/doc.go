// Package catalog assembles the control catalogue: the explicit list of every
// control of every service package. No init() registration, no reflection.
package catalog

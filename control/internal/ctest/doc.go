// Package ctest is the test kit of the control packages: it runs table
// cases against controls, insists that every control is tested for each of
// its outcomes, and validates the catalogue metadata. Test code only.
package ctest

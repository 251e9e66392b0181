// Package controls is the `onus controls` verb: it lists the control
// catalogue and explains one control. It reads the catalogue; it never runs
// a control.
package controls

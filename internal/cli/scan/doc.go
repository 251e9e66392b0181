// Package scan is the `onus scan` verb: it loads the estate from the given
// paths (and live collectors), runs the control catalogue, builds the report,
// renders it in the requested formats and turns the result into an exit
// error kind. Loading, judging and rendering live in their own packages.
package scan

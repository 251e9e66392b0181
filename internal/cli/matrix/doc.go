// Package matrix is the `onus matrix` verb: it scans the given paths and
// prints the responsibility matrix (per service in use, who owns each
// layer, and how the customer's layers fare). The catalogue and the matrix
// builder live in package responsibility; this package only presents them.
package matrix

// Package ocsf writes results as OCSF 1.3 Compliance Finding events (class
// 2003), one JSON object per line, for SIEMs and security data lakes. It
// writes events; it does not send them anywhere.
package ocsf

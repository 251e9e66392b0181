// Package netx answers network questions for controls: is a CIDR the whole
// internet, which ports a security group or network ACL rule opens to it. It
// is not a reachability analysis (see reachability/).
package netx

// Package secretscan decides whether a configuration value looks like a
// secret, by the key it is stored under and by the value itself (known token
// formats and Shannon entropy), and redacts it for output. It never returns
// or prints a value unredacted; it is not a general-purpose secret scanner
// for source code.
package secretscan

// Package collect is the `onus collect` verb and the --aws live source that
// `onus scan` and `onus collect` share: flags, progress bar and glue around
// collect/aws and collect/snapshot. It does not read AWS itself.
package collect

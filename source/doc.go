// Package source holds the tri-state Value[T] that every security-relevant
// model field uses, and the provenance it carries: a Loc range in a code file
// or an Origin (ARN and API call) for live reads. It is not a reader of any
// input format; sources live under collect/.
package source

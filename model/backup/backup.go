// Package backup models AWS Backup selections: which resources a backup
// plan protects. It does not model vaults or recovery points.
package backup

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Selection assigns resources to a backup plan, by ARN (wildcards allowed)
// or by tag.
type Selection struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	Plan source.Value[string] `json:"plan"`
	// Resources are ARNs, ARN patterns with *, or code references to the
	// protected resources.
	Resources    source.Value[[]string] `json:"resources"`
	NotResources source.Value[[]string] `json:"not_resources"`
	// Tags select resources whose tag Key equals Value (any one matches).
	Tags source.Value[[]TagCondition] `json:"tags"`
}

// TagCondition is a StringEquals tag condition of a selection.
type TagCondition struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Package ssm models Systems Manager documents and their sharing, the
// account-level service settings, and the compliance summaries managed
// instances report. It is not the managed-node flag of EC2 instances.
package ssm

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Document is an SSM document owned by the account.
type Document struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// SharedWith lists the account IDs the document is shared with; "all"
	// means public. Known empty = private.
	SharedWith source.Value[[]string] `json:"shared_with"`
}

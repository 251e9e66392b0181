// Package sns models SNS topics and their subscriptions.
package sns

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Topic is an SNS topic.
type Topic struct {
	base.Meta
	Name          source.Value[string]            `json:"name"`
	KMSKeyID      source.Value[string]            `json:"kms_key_id"`
	Policy        source.Value[*iampolicy.Policy] `json:"policy"`
	Subscriptions source.Value[[]Subscription]    `json:"subscriptions"`
}

// Subscription to a topic.
type Subscription struct {
	Protocol string            `json:"protocol"`
	Endpoint string            `json:"endpoint,omitempty"`
	Prov     source.PackedProv `json:"prov"`
}

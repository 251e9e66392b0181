package rds

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// EventSubscription is an RDS event notification subscription.
type EventSubscription struct {
	base.Meta
	Name    source.Value[string] `json:"name"`
	Enabled source.Value[bool]   `json:"enabled"`
	// SourceType is db-instance, db-cluster, db-parameter-group, ...;
	// known "" means every source type.
	SourceType source.Value[string] `json:"source_type"`
	// Categories subscribed; known empty means every category.
	Categories source.Value[[]string] `json:"event_categories"`
	// SourceIDs limits the subscription to the named sources; known empty
	// means every source of the type.
	SourceIDs source.Value[[]string] `json:"source_ids"`
	SNSTopic  source.Value[string]   `json:"sns_topic"`
}

// ParameterGroup is a DB parameter group or DB cluster parameter group.
type ParameterGroup struct {
	base.Meta
	// Name as the instance or cluster refers to it (a code address when the
	// name is generated at deploy time).
	Name    source.Value[string] `json:"name"`
	Family  source.Value[string] `json:"family"`
	Cluster bool                 `json:"cluster"`
	// Parameters set explicitly (user source); a parameter missing here
	// has the engine default.
	Parameters source.Value[map[string]string] `json:"parameters"`
}

// Proxy is an RDS Proxy.
type Proxy struct {
	base.Meta
	Name       source.Value[string] `json:"name"`
	RequireTLS source.Value[bool]   `json:"require_tls"`
}

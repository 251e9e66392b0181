// Package cloudtrail models CloudTrail trails and their event selectors.
package cloudtrail

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Trail is one trail, judged once in its home region.
type Trail struct {
	base.Meta
	Name                source.Value[string] `json:"name"`
	HomeRegion          source.Value[string] `json:"home_region"`
	MultiRegion         source.Value[bool]   `json:"is_multi_region"`
	OrganizationTrail   source.Value[bool]   `json:"is_organization_trail"`
	LogFileValidation   source.Value[bool]   `json:"log_file_validation"`
	KMSKeyID            source.Value[string] `json:"kms_key_id"` // known "" = SSE-S3
	GlobalServiceEvents source.Value[bool]   `json:"include_global_service_events"`
	CloudWatchLogsGroup source.Value[string] `json:"cloudwatch_logs_log_group_arn"`
	S3Bucket            source.Value[string] `json:"s3_bucket_name"`
	// Logging is whether the trail is recording (GetTrailStatus; code: enable_logging).
	Logging        source.Value[bool]            `json:"is_logging"`
	EventSelectors source.Value[[]EventSelector] `json:"event_selectors"`
}

// EventSelector merges basic and advanced selectors into one shape.
type EventSelector struct {
	// ReadWriteType: All, ReadOnly, WriteOnly.
	ReadWriteType           string `json:"read_write_type"`
	IncludeManagementEvents bool   `json:"include_management_events"`
	// DataResources, e.g. {Type: "AWS::S3::Object", Values: ["arn:aws:s3"]}.
	DataResources []DataResource `json:"data_resources,omitempty"`
	// Advanced holds advanced selectors' field conditions as written.
	Advanced []AdvancedField `json:"advanced,omitempty"`
	Prov     source.Prov     `json:"prov"`
}

// DataResource of a basic selector.
type DataResource struct {
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// AdvancedField is one field condition of an advanced event selector.
type AdvancedField struct {
	Field      string   `json:"field"`
	Equals     []string `json:"equals,omitempty"`
	NotEquals  []string `json:"not_equals,omitempty"`
	StartsWith []string `json:"starts_with,omitempty"`
}

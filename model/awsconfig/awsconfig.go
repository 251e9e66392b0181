// Package awsconfig models AWS Config recorders, delivery channels, rules
// and conformance packs.
package awsconfig

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Recorder is a configuration recorder (one per region at most).
type Recorder struct {
	base.Meta
	Name                       source.Value[string] `json:"name"`
	AllSupported               source.Value[bool]   `json:"all_supported"`
	IncludeGlobalResourceTypes source.Value[bool]   `json:"include_global_resource_types"`
	// Recording is the recorder status (live) or aws_config_configuration_recorder_status.is_enabled.
	Recording source.Value[bool]   `json:"recording"`
	RoleARN   source.Value[string] `json:"role_arn"`
	// LastStatus is the last delivery status (SUCCESS, FAILURE) when known.
	LastStatus source.Value[string] `json:"last_status"`
}

// DeliveryChannel of AWS Config.
type DeliveryChannel struct {
	base.Meta
	Name     source.Value[string] `json:"name"`
	S3Bucket source.Value[string] `json:"s3_bucket"`
}

// Rule is a Config rule.
type Rule struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// SourceIdentifier for AWS managed rules, e.g. S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED.
	SourceIdentifier source.Value[string] `json:"source_identifier"`
	Owner            source.Value[string] `json:"owner"` // AWS, CUSTOM_LAMBDA, CUSTOM_POLICY
}

// ConformancePack deployed in a region.
type ConformancePack struct {
	base.Meta
	Name source.Value[string] `json:"name"`
}

// Package dynamodb models DynamoDB tables.
package dynamodb

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Table is a DynamoDB table.
type Table struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	PITR source.Value[bool]   `json:"point_in_time_recovery"`
	// SSEType: "" (AWS owned key), "KMS" (AWS managed or customer key).
	SSEType            source.Value[string] `json:"sse_type"`
	KMSKeyID           source.Value[string] `json:"kms_key_id"`
	DeletionProtection source.Value[bool]   `json:"deletion_protection"`
	BillingMode        source.Value[string] `json:"billing_mode"`
	AutoScaling        source.Value[bool]   `json:"auto_scaling"`
}

// DAXCluster is a DynamoDB Accelerator cluster.
type DAXCluster struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// SSE: encryption at rest.
	SSE source.Value[bool] `json:"sse_enabled"`
	// EndpointEncryption is NONE or TLS.
	EndpointEncryption source.Value[string] `json:"endpoint_encryption_type"`
}

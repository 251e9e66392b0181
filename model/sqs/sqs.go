// Package sqs models SQS queues.
package sqs

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Queue is an SQS queue.
type Queue struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// SSE: SQS-managed SSE or a KMS key.
	SQSManagedSSE source.Value[bool]              `json:"sqs_managed_sse"`
	KMSKeyID      source.Value[string]            `json:"kms_key_id"`
	Policy        source.Value[*iampolicy.Policy] `json:"policy"`
}

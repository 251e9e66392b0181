// Package lambda models Lambda functions with their resource policy and URL.
package lambda

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Function is one Lambda function (also SAM AWS::Serverless::Function).
type Function struct {
	base.Meta
	Name    source.Value[string] `json:"name"`
	Runtime source.Value[string] `json:"runtime"`
	// PackageType Zip or Image (images have no runtime).
	PackageType source.Value[string] `json:"package_type"`
	// Environment variables; each value keeps its own provenance. Values are
	// never printed: controls report the key and a redaction.
	Environment source.Value[[]EnvVar] `json:"environment"`
	// VPC: known nil means the function is not attached to a VPC.
	VPC source.Value[*VPCConfig] `json:"vpc"`
	// Role is the execution role ARN or code address.
	Role source.Value[string] `json:"role"`
	// Policy is the resource-based policy (from permissions); known nil = none.
	Policy source.Value[*iampolicy.Policy] `json:"policy"`
	// URLAuthType of the function URL; known "" means no URL.
	URLAuthType source.Value[string] `json:"url_auth_type"`
	KMSKeyARN   source.Value[string] `json:"kms_key_arn"`
	TracingMode source.Value[string] `json:"tracing_mode"`
	DeadLetter  source.Value[bool]   `json:"dead_letter"`
	// ReservedConcurrency: known -1 means unreserved.
	ReservedConcurrency source.Value[int] `json:"reserved_concurrency"`
}

// EnvVar is one environment variable.
type EnvVar struct {
	Name  string               `json:"name"`
	Value source.Value[string] `json:"-"`
	Prov  source.PackedProv    `json:"prov"`
}

// VPCConfig of a function.
type VPCConfig struct {
	SubnetIDs        []string `json:"subnet_ids"`
	SecurityGroupIDs []string `json:"security_group_ids"`
}

// Package kms models KMS keys.
package kms

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Key is one KMS key.
type Key struct {
	base.Meta
	KeyID           source.Value[string] `json:"key_id"`
	RotationEnabled source.Value[bool]   `json:"rotation_enabled"`
	// KeySpec: SYMMETRIC_DEFAULT, RSA_2048, ... rotation applies to symmetric only.
	KeySpec  source.Value[string]            `json:"key_spec"`
	KeyUsage source.Value[string]            `json:"key_usage"`
	Policy   source.Value[*iampolicy.Policy] `json:"policy"`
	Enabled  source.Value[bool]              `json:"enabled"`
	// Manager AWS or CUSTOMER.
	Manager     source.Value[string] `json:"key_manager"`
	State       source.Value[string] `json:"key_state"`
	MultiRegion source.Value[bool]   `json:"multi_region"`
}

// Package secretsmanager models Secrets Manager secrets (never their values).
package secretsmanager

import (
	"time"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Secret is a secret's metadata.
type Secret struct {
	base.Meta
	Name            source.Value[string]            `json:"name"`
	RotationEnabled source.Value[bool]              `json:"rotation_enabled"`
	RotationDays    source.Value[int]               `json:"rotation_days"`
	KMSKeyID        source.Value[string]            `json:"kms_key_id"`
	Policy          source.Value[*iampolicy.Policy] `json:"policy"`
	LastAccessed    source.Value[*time.Time]        `json:"last_accessed"`
	LastRotated     source.Value[*time.Time]        `json:"last_rotated"`
}

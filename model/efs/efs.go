// Package efs models EFS file systems.
package efs

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// FileSystem is an EFS file system.
type FileSystem struct {
	base.Meta
	ID        source.Value[string] `json:"id"`
	Encrypted source.Value[bool]   `json:"encrypted"`
	KMSKeyID  source.Value[string] `json:"kms_key_id"`
	Backup    source.Value[bool]   `json:"backup_policy_enabled"`
	// MountTargetSubnets are the subnets (ids or code addresses) of the
	// file system's mount targets; known empty = none.
	MountTargetSubnets source.Value[[]string] `json:"mount_target_subnets"`
}

// AccessPoint is an EFS access point.
type AccessPoint struct {
	base.Meta
	// RootDirectory is the enforced root path; known "" or "/" = the file
	// system root (not enforced).
	RootDirectory source.Value[string] `json:"root_directory"`
	// PosixUser: the access point enforces a POSIX user identity.
	PosixUser source.Value[bool] `json:"posix_user"`
}

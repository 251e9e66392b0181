// Package rds models RDS DB instances, Aurora clusters and their snapshots.
package rds

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Instance is one DB instance.
type Instance struct {
	base.Meta
	Identifier       source.Value[string] `json:"identifier"`
	Engine           source.Value[string] `json:"engine"`
	EngineVersion    source.Value[string] `json:"engine_version"`
	StorageEncrypted source.Value[bool]   `json:"storage_encrypted"`
	// KMSKeyID: known "" means the AWS managed key (aws/rds) or no encryption.
	KMSKeyID           source.Value[string] `json:"kms_key_id"`
	PubliclyAccessible source.Value[bool]   `json:"publicly_accessible"`
	BackupRetention    source.Value[int]    `json:"backup_retention_period"`
	DeletionProtection source.Value[bool]   `json:"deletion_protection"`
	AutoMinorUpgrade   source.Value[bool]   `json:"auto_minor_version_upgrade"`
	IAMAuth            source.Value[bool]   `json:"iam_database_authentication"`
	MultiAZ            source.Value[bool]   `json:"multi_az"`
	CopyTagsToSnapshot source.Value[bool]   `json:"copy_tags_to_snapshot"`
	// MonitoringInterval > 0 means enhanced monitoring.
	MonitoringInterval source.Value[int]      `json:"monitoring_interval"`
	LogExports         source.Value[[]string] `json:"enabled_cloudwatch_logs_exports"`
	// ClusterID is set when the instance is an Aurora cluster member, whose
	// storage, backup and auth settings live on the cluster.
	ClusterID      source.Value[string]   `json:"cluster_id"`
	SecurityGroups source.Value[[]string] `json:"security_groups"`
	// ManageMasterPassword: the master password lives in Secrets Manager.
	ManagedMasterPassword source.Value[bool] `json:"managed_master_password"`
	// MasterPassword is a literal password in code (never printed).
	MasterPassword source.Value[string] `json:"-"`
	DefaultPort    source.Value[bool]   `json:"uses_default_port"`
	// MasterUsername of the DB instance (not secret).
	MasterUsername source.Value[string] `json:"master_username"`
	// ParameterGroup the instance uses: its name (or code address); known
	// "" or "default.*" means the engine's default group.
	ParameterGroup source.Value[string] `json:"parameter_group"`
	// SubnetIDs of the instance's DB subnet group (ids or code addresses);
	// known empty means the default VPC's subnets.
	SubnetIDs source.Value[[]string] `json:"subnet_ids"`
}

// Cluster is an Aurora / Multi-AZ DB cluster.
type Cluster struct {
	base.Meta
	Identifier            source.Value[string]   `json:"identifier"`
	Engine                source.Value[string]   `json:"engine"`
	StorageEncrypted      source.Value[bool]     `json:"storage_encrypted"`
	KMSKeyID              source.Value[string]   `json:"kms_key_id"`
	BackupRetention       source.Value[int]      `json:"backup_retention_period"`
	DeletionProtection    source.Value[bool]     `json:"deletion_protection"`
	IAMAuth               source.Value[bool]     `json:"iam_database_authentication"`
	MultiAZ               source.Value[bool]     `json:"multi_az"`
	CopyTagsToSnapshot    source.Value[bool]     `json:"copy_tags_to_snapshot"`
	LogExports            source.Value[[]string] `json:"enabled_cloudwatch_logs_exports"`
	AutoMinorUpgrade      source.Value[bool]     `json:"auto_minor_version_upgrade"`
	ManagedMasterPassword source.Value[bool]     `json:"managed_master_password"`
	MasterPassword        source.Value[string]   `json:"-"`
	MasterUsername        source.Value[string]   `json:"master_username"`
	// BacktrackWindow in seconds (Aurora MySQL); 0 = off.
	BacktrackWindow source.Value[int] `json:"backtrack_window"`
	// ParameterGroup is the DB cluster parameter group (name or code
	// address); known "" or "default.*" means the engine default.
	ParameterGroup source.Value[string] `json:"parameter_group"`
	// EngineMode: provisioned (the default; also Aurora Serverless v2),
	// serverless (Aurora Serverless v1), parallelquery, global or
	// multimaster.
	EngineMode source.Value[string] `json:"engine_mode"`
}

// Snapshot is a manual DB or cluster snapshot.
type Snapshot struct {
	base.Meta
	Identifier source.Value[string] `json:"identifier"`
	Encrypted  source.Value[bool]   `json:"encrypted"`
	Public     source.Value[bool]   `json:"public"`
	Cluster    bool                 `json:"cluster"`
}

// Package s3 models S3 buckets and the account-level public access block.
package s3

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Bucket is one S3 bucket with the configuration joined from the split
// Terraform resources, CloudFormation properties, or the live Get* calls.
type Bucket struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// Encryption: known nil means no default encryption configured
	// (since 2023 AWS applies SSE-S3 anyway; controls say so).
	Encryption source.Value[*Encryption] `json:"encryption"`
	// Policy: known nil means the bucket has no policy.
	Policy            source.Value[*iampolicy.Policy]  `json:"policy"`
	PublicAccessBlock source.Value[*PublicAccessBlock] `json:"public_access_block"`
	// ACL is the canned ACL ("private", "public-read", ...); "" when grants are used.
	ACL    source.Value[string]  `json:"acl"`
	Grants source.Value[[]Grant] `json:"grants"`
	// Ownership is the object ownership setting ("BucketOwnerEnforced" disables ACLs).
	Ownership   source.Value[string]      `json:"ownership"`
	Logging     source.Value[*Logging]    `json:"logging"`
	Versioning  source.Value[*Versioning] `json:"versioning"`
	ObjectLock  source.Value[bool]        `json:"object_lock"`
	Lifecycle   source.Value[bool]        `json:"lifecycle"`
	Replication source.Value[bool]        `json:"replication"`
	// PolicyIsPublic is S3's own GetBucketPolicyStatus verdict (live only).
	PolicyIsPublic source.Value[bool] `json:"policy_is_public"`
	// EventNotifications is whether any event notification is configured.
	EventNotifications source.Value[bool] `json:"event_notifications"`
}

// Encryption is the default encryption rule of a bucket.
type Encryption struct {
	Algorithm string            `json:"algorithm"` // AES256, aws:kms, aws:kms:dsse
	KMSKeyID  string            `json:"kms_key_id,omitempty"`
	BucketKey bool              `json:"bucket_key"`
	Prov      source.PackedProv `json:"prov"`
}

// PublicAccessBlock holds the four switches; each may be unknown on its own.
type PublicAccessBlock struct {
	BlockPublicACLs       source.Value[bool] `json:"block_public_acls"`
	IgnorePublicACLs      source.Value[bool] `json:"ignore_public_acls"`
	BlockPublicPolicy     source.Value[bool] `json:"block_public_policy"`
	RestrictPublicBuckets source.Value[bool] `json:"restrict_public_buckets"`
	Prov                  source.PackedProv  `json:"prov"`
}

// AccessPoint is an S3 access point with its own public access block.
type AccessPoint struct {
	base.Meta
	Name   source.Value[string] `json:"name"`
	Bucket source.Value[string] `json:"bucket"`
	// PublicAccessBlock of the access point; known nil = none configured.
	PublicAccessBlock source.Value[*PublicAccessBlock] `json:"public_access_block"`
	// NetworkOrigin is "Internet" or "VPC" (reachable only from VPCID).
	NetworkOrigin source.Value[string] `json:"network_origin"`
	VPCID         string               `json:"vpc_id,omitempty"`
}

// Grant is one ACL grant.
type Grant struct {
	// GranteeType: CanonicalUser, Group, AmazonCustomerByEmail.
	GranteeType string `json:"grantee_type"`
	// GranteeURI for groups, e.g. http://acs.amazonaws.com/groups/global/AllUsers.
	GranteeURI string `json:"grantee_uri,omitempty"`
	GranteeID  string `json:"grantee_id,omitempty"`
	Permission string `json:"permission"`
}

// Logging is server access logging; known nil on the bucket means off.
type Logging struct {
	TargetBucket string            `json:"target_bucket"`
	TargetPrefix string            `json:"target_prefix,omitempty"`
	Prov         source.PackedProv `json:"prov"`
}

// Versioning state of a bucket.
type Versioning struct {
	Status    string            `json:"status"` // Enabled, Suspended, "" (never enabled)
	MFADelete bool              `json:"mfa_delete"`
	Prov      source.PackedProv `json:"prov"`
}

// AccountPublicAccessBlock is the S3 Control account-wide block.
type AccountPublicAccessBlock struct {
	base.Meta
	// Block: known nil means not configured for the account.
	Block source.Value[*PublicAccessBlock] `json:"block"`
}

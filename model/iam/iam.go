// Package iam models IAM users, roles, groups, managed policies, server
// certificates and the account-wide identity settings.
package iam

import (
	"time"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// NamedPolicy is an inline policy or a resolved attached policy.
type NamedPolicy struct {
	Name string `json:"name"`
	// Ref is the policy ARN or code address for attached policies.
	Ref      string                          `json:"ref,omitempty"`
	Document source.Value[*iampolicy.Policy] `json:"document"`
	Prov     source.PackedProv               `json:"prov"`
	// Bundled is set when a code source filled Document from onus's bundled
	// copy of an AWS managed policy rather than from the code or IAM; it
	// names the copy ("bundled copy v1, edited 2015-04-09"), which may be
	// older than the policy IAM serves today.
	Bundled string `json:"bundled,omitempty"`
}

// User is an IAM user.
type User struct {
	base.Meta
	Name     source.Value[string]            `json:"name"`
	Inline   source.Value[[]NamedPolicy]     `json:"inline_policies"`
	Attached source.Value[[]NamedPolicy]     `json:"attached_policies"`
	Groups   source.Value[[]string]          `json:"groups"`
	Boundary source.Value[*iampolicy.Policy] `json:"permissions_boundary"`
	// Credentials from the credential report (live); in code, AccessKeys are
	// the aws_iam_access_key resources for the user.
	AccessKeys       source.Value[[]AccessKey] `json:"access_keys"`
	PasswordEnabled  source.Value[bool]        `json:"password_enabled"`
	PasswordLastUsed source.Value[*time.Time]  `json:"password_last_used"`
	MFAActive        source.Value[bool]        `json:"mfa_active"`
	Created          source.Value[time.Time]   `json:"created"`
}

// AccessKey of a user.
type AccessKey struct {
	ID       string      `json:"id,omitempty"`
	Active   bool        `json:"active"`
	Created  *time.Time  `json:"created,omitempty"`
	LastUsed *time.Time  `json:"last_used,omitempty"`
	Prov     source.Prov `json:"prov"`
}

// Role is an IAM role.
type Role struct {
	base.Meta
	Name        source.Value[string]            `json:"name"`
	Path        source.Value[string]            `json:"path"`
	TrustPolicy source.Value[*iampolicy.Policy] `json:"trust_policy"`
	Inline      source.Value[[]NamedPolicy]     `json:"inline_policies"`
	Attached    source.Value[[]NamedPolicy]     `json:"attached_policies"`
	Boundary    source.Value[*iampolicy.Policy] `json:"permissions_boundary"`
	LastUsed    source.Value[*time.Time]        `json:"last_used"`
	// ServiceLinked roles are managed by AWS.
	ServiceLinked bool `json:"service_linked"`
}

// Group is an IAM group.
type Group struct {
	base.Meta
	Name     source.Value[string]        `json:"name"`
	Inline   source.Value[[]NamedPolicy] `json:"inline_policies"`
	Attached source.Value[[]NamedPolicy] `json:"attached_policies"`
	Users    source.Value[[]string]      `json:"users"`
}

// ManagedPolicy is a customer-managed (or used AWS-managed) policy.
type ManagedPolicy struct {
	base.Meta
	Name       source.Value[string]            `json:"name"`
	Document   source.Value[*iampolicy.Policy] `json:"document"`
	AWSManaged bool                            `json:"aws_managed"`
	// AttachedTo lists user/group/role names or addresses; known empty = unattached.
	AttachedTo source.Value[[]string] `json:"attached_to"`
}

// ServerCertificate stored in IAM.
type ServerCertificate struct {
	base.Meta
	Name       source.Value[string]    `json:"name"`
	Expiration source.Value[time.Time] `json:"expiration"`
}

// PasswordPolicy is the account password policy.
type PasswordPolicy struct {
	MinimumLength    source.Value[int]  `json:"minimum_length"`
	RequireSymbols   source.Value[bool] `json:"require_symbols"`
	RequireNumbers   source.Value[bool] `json:"require_numbers"`
	RequireUppercase source.Value[bool] `json:"require_uppercase"`
	RequireLowercase source.Value[bool] `json:"require_lowercase"`
	ReusePrevention  source.Value[int]  `json:"reuse_prevention"`
	MaxAge           source.Value[int]  `json:"max_age"`
	Prov             source.Prov        `json:"prov"`
}

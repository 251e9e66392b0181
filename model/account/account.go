// Package account models account- and region-wide settings that belong to
// no single resource: root user posture, password policy, Access Analyzer,
// GuardDuty, Security Hub, and the regions a live scan covered.
package account

import (
	"time"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// Account is one AWS account's identity posture (live scans; code sources
// fill only what they declare, e.g. aws_iam_account_password_policy).
type Account struct {
	base.Meta
	ID              string                   `json:"id"`
	RootMFA         source.Value[bool]       `json:"root_mfa"`
	RootHardwareMFA source.Value[bool]       `json:"root_hardware_mfa"`
	RootAccessKeys  source.Value[bool]       `json:"root_access_keys"`
	RootLastUsed    source.Value[*time.Time] `json:"root_last_used"`
	// PasswordPolicy: known nil means no policy set.
	PasswordPolicy source.Value[*iam.PasswordPolicy] `json:"password_policy"`
	// SupportRole: a role with AWSSupportAccess attached exists.
	SupportRole  source.Value[bool]   `json:"support_role"`
	ContactsSet  source.Value[bool]   `json:"security_contact"`
	Organization source.Value[string] `json:"organization_id"`
}

// Region holds per-region detective services.
type Region struct {
	base.Meta
	Name string `json:"name"`
	// AccessAnalyzers active in the region; known empty = none.
	AccessAnalyzers source.Value[[]string] `json:"access_analyzers"`
	GuardDuty       source.Value[bool]     `json:"guardduty_enabled"`
	// GuardDutyFeatures maps detector feature names as the GuardDuty API
	// spells them (S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION,
	// RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS, RUNTIME_MONITORING,
	// EKS_RUNTIME_MONITORING) and runtime add-ons (EKS_ADDON_MANAGEMENT,
	// ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT) to whether they are
	// enabled; a feature absent from a known map is off.
	GuardDutyFeatures source.Value[map[string]bool] `json:"guardduty_features"`
	SecurityHub       source.Value[bool]            `json:"securityhub_enabled"`
	Macie             source.Value[bool]            `json:"macie_enabled"`
}

// Literal is a configuration literal that could hold a secret: a Terraform
// variable default, local or provider argument, a CloudFormation parameter
// default or output, an EC2 user-data line. Controls decide by key name and
// entropy; the value is never printed.
type Literal struct {
	// Context says where: "terraform variable default", "terraform local",
	// "terraform provider", "cloudformation parameter default",
	// "cloudformation output", ...
	Context string `json:"context"`
	Key     string `json:"key"`
	Value   string `json:"-"`
	// NoEcho is true for CloudFormation parameters marked NoEcho, and for
	// Terraform variables marked sensitive.
	Sensitive bool              `json:"sensitive"`
	Prov      source.PackedProv `json:"prov"`
	Meta      base.Meta         `json:"resource"`
}

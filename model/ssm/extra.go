package ssm

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// ServiceSetting is one account-and-region Systems Manager service setting
// (GetServiceSetting, aws_ssm_service_setting).
type ServiceSetting struct {
	base.Meta
	// SettingID is the path form, "/ssm/documents/console/public-sharing-permission";
	// "" when code gives it no known value (the setting may be any of them).
	SettingID string               `json:"setting_id"`
	Value     source.Value[string] `json:"value"`
}

// Compliance is the compliance summary of one managed instance for one
// compliance type ("Patch", "Association"), read live only.
type Compliance struct {
	base.Meta
	InstanceID string `json:"instance_id"`
	Type       string `json:"compliance_type"`
	// Status is COMPLIANT or NON_COMPLIANT.
	Status source.Value[string] `json:"status"`
}

// ComplianceGapType is the listing-gap type (model.Gap.Type) of the
// compliance summaries of one compliance type: the AWS Config resource type
// that records them, "AWS::SSM::PatchCompliance" for "Patch".
func ComplianceGapType(complianceType string) string {
	return "AWS::SSM::" + complianceType + "Compliance"
}

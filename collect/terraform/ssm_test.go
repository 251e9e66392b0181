package terraform

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

// Service settings: the path or ARN form of setting_id; a setting_id from a
// variable without a value makes both setting controls UNKNOWN rather than
// not applicable; compliance is live-only.
func TestSSMServiceSettings(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "eu-west-1" }
resource "aws_ssm_service_setting" "logs" {
  setting_id    = "arn:aws:ssm:eu-west-1:111122223333:servicesetting/ssm/automation/customer-script-log-destination"
  setting_value = "CloudWatch"
}
resource "aws_ssm_service_setting" "share" {
  setting_id    = "/ssm/documents/console/public-sharing-permission"
  setting_value = "Enable"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-SSM-004", "aws_ssm_service_setting.logs", control.Pass, "CloudWatch"},
		{"ONUS-SSM-005", "aws_ssm_service_setting.share", control.Fail, "want Disable"},
		{"ONUS-SSM-002", "account", control.NotApplicable, "only a live scan"},
		{"ONUS-SSM-003", "account", control.NotApplicable, "only a live scan"},
	})
	if _, ok := got["ONUS-SSM-004 aws_ssm_service_setting.share"]; ok {
		t.Errorf("the sharing setting was judged as the log destination")
	}

	got = outcomesOf(t, `
variable "setting" {}
resource "aws_ssm_service_setting" "any" {
  setting_id    = var.setting
  setting_value = "Disable"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-SSM-004", "aws_ssm_service_setting.any", control.Unknown, "setting_id has no known value"},
		{"ONUS-SSM-005", "aws_ssm_service_setting.any", control.Unknown, "setting_id has no known value"},
	})

	got = outcomesOf(t, `
resource "aws_ssm_document" "d" {
  name          = "runbook"
  document_type = "Command"
  content       = "{}"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-SSM-004", "account", control.NotApplicable, "does not declare"},
		{"ONUS-SSM-005", "account", control.NotApplicable, "does not declare"},
	})
}

# Systems Manager account settings of the region: documents cannot be
# shared publicly, and Automation script output goes to CloudWatch Logs.
resource "aws_ssm_service_setting" "document_sharing" {
  setting_id    = "/ssm/documents/console/public-sharing-permission"
  setting_value = "Disable"
}

resource "aws_ssm_service_setting" "automation_logs" {
  setting_id    = "/ssm/automation/customer-script-log-destination"
  setting_value = "CloudWatch"
}

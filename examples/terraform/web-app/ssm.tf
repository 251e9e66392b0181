# Systems Manager account settings of the region: public sharing of
# documents left allowed, and Automation script output kept nowhere.
resource "aws_ssm_service_setting" "document_sharing" {
  setting_id    = "/ssm/documents/console/public-sharing-permission"
  setting_value = "Enable"
}

resource "aws_ssm_service_setting" "automation_logs" {
  setting_id    = "/ssm/automation/customer-script-log-destination"
  setting_value = "None"
}

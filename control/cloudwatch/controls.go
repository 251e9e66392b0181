package cloudwatch

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
)

// Controls returns the CloudWatch controls.
func Controls() []*control.Control {
	var out []*control.Control
	for _, sp := range specs() {
		out = append(out, monitorControl(sp))
	}
	return append(out, billingAlarm(), logRetention(), logEncryption())
}

func monitorControl(sp spec) *control.Control {
	sev, _ := control.ParseSeverity(sp.sev)
	var names []string
	for _, s := range sp.must {
		names = append(names, s.label)
	}
	fw := map[string][]string{control.CISAWS: {sp.cis}, control.PCIDSS: {"10.4.1"}, control.SOC2: {"CC7.2"}, control.ISO2022: {"8.16"}, control.NIST: {"AU-6", "SI-4"}}
	quoted := strings.ReplaceAll(sp.pattern, `"`, `\"`)
	return &control.Control{
		ID: sp.id, Title: sp.title, Severity: sev, Service: "cloudwatch", Layer: "logging-monitoring", Frameworks: fw,
		Rationale: "CloudTrail records " + sp.what + ", but nobody reads trails in real time; a metric filter and an alarm to a subscribed SNS topic turn the event into a page within minutes.",
		Checked: "Account-wide: a metric filter on a CloudWatch Logs group that a logging multi-region trail delivers to, whose parsed JSON pattern matches each of [" + strings.Join(names, "; ") +
			"] and none of the unrelated sample events (order, spacing, quoting and grouping do not matter); an alarm on the filter's metric name and namespace with actions enabled; " +
			"an SNS topic in its actions that has at least one subscription. Code estates: NOT_APPLICABLE unless they declare trails, filters or alarms.",
		Remediation: control.Remediation{
			Summary: "Create a metric filter for " + sp.what + " on the trail's log group, an alarm on its metric, and subscribe someone to the alarm topic.",
			Terraform: fmt.Sprintf(`resource "aws_cloudwatch_log_metric_filter" "%[1]s" {
  name           = "%[1]s"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "%[2]s"
  metric_transformation {
    name      = "%[1]s"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "%[1]s" {
  alarm_name          = "%[1]s"
  metric_name         = "%[1]s"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security_alerts.arn]
}`, sp.metric, quoted),
			CloudFormation: fmt.Sprintf(`%[1]sFilter:
  Type: AWS::Logs::MetricFilter
  Properties:
    LogGroupName: !Ref TrailLogGroup
    FilterPattern: '%[2]s'
    MetricTransformations:
      - MetricName: %[1]s
        MetricNamespace: CISBenchmark
        MetricValue: "1"
%[1]sAlarm:
  Type: AWS::CloudWatch::Alarm
  Properties:
    MetricName: %[1]s
    Namespace: CISBenchmark
    Statistic: Sum
    Period: 300
    EvaluationPeriods: 1
    Threshold: 1
    ComparisonOperator: GreaterThanOrEqualToThreshold
    AlarmActions: [!Ref SecurityAlertsTopic]`, sp.metric, sp.pattern),
			CLI: fmt.Sprintf(`aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name %[1]s --metric-transformations metricName=%[1]s,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '%[2]s'
aws cloudwatch put-metric-alarm --alarm-name %[1]s --metric-name %[1]s --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions TOPIC_ARN`, sp.metric, sp.pattern),
		},
		Check: func(e *model.Estate) []control.Result { return checkSpec(e, sp) },
	}
}

func billingAlarm() *control.Control {
	return &control.Control{
		ID: "ONUS-CW-016", Title: "A billing alarm watches estimated charges", Severity: control.Info, Service: "cloudwatch", Layer: "logging-monitoring",
		Frameworks: map[string][]string{control.NIST: {"SI-4"}},
		Rationale:  "Crypto-mining on stolen credentials and runaway resources show up first on the bill; an EstimatedCharges alarm is the cheapest intrusion detector there is.",
		Checked:    "Account-wide: some CloudWatch alarm has metric EstimatedCharges in namespace AWS/Billing (billing metrics live in us-east-1). Code estates: NOT_APPLICABLE unless they declare alarms.",
		Remediation: control.Remediation{
			Summary:        "Enable billing alerts and create an EstimatedCharges alarm in us-east-1 with an SNS action.",
			Terraform:      "resource \"aws_cloudwatch_metric_alarm\" \"billing\" {\n  provider            = aws.us_east_1\n  alarm_name          = \"billing\"\n  namespace           = \"AWS/Billing\"\n  metric_name         = \"EstimatedCharges\"\n  dimensions          = { Currency = \"USD\" }\n  statistic           = \"Maximum\"\n  period              = 21600\n  evaluation_periods  = 1\n  threshold           = 100\n  comparison_operator = \"GreaterThanThreshold\"\n  alarm_actions       = [aws_sns_topic.billing.arn]\n}",
			CloudFormation: "BillingAlarm:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/Billing\n    MetricName: EstimatedCharges\n    Dimensions: [{ Name: Currency, Value: USD }]\n    Statistic: Maximum\n    Period: 21600\n    EvaluationPeriods: 1\n    Threshold: 100\n    ComparisonOperator: GreaterThanThreshold\n    AlarmActions: [!Ref BillingTopic]",
			CLI:            "aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name billing --namespace AWS/Billing --metric-name EstimatedCharges --dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 --evaluation-periods 1 --threshold 100 --comparison-operator GreaterThanThreshold --alarm-actions TOPIC_ARN",
		},
		Check: func(e *model.Estate) []control.Result {
			acct := control.On(scope.Account(e))
			if !e.AccountWide && len(e.Alarms) == 0 {
				return []control.Result{acct.NA(scope.CodeNA("a billing alarm"))}
			}
			var unknowns []string
			for _, a := range e.Alarms {
				m, mok := a.MetricName.Get()
				n, nok := a.Namespace.Get()
				switch {
				case mok && nok && m == "EstimatedCharges" && n == "AWS/Billing":
					return []control.Result{control.On(&a.Meta).Result(control.Verdict{Outcome: control.Pass,
						Reason: "alarm " + a.Address + " watches AWS/Billing EstimatedCharges",
						Evidence: []control.Evidence{
							control.EvAt("metric_name = EstimatedCharges", a.MetricName.PackedProv()),
							control.EvAt("namespace = AWS/Billing", a.Namespace.PackedProv()),
						}})}
				case (!mok && (!nok || n == "AWS/Billing")) || (!nok && m == "EstimatedCharges"):
					unknowns = append(unknowns, "alarm "+a.Address+": metric or namespace unknown")
				}
			}
			if len(unknowns) > 0 {
				return []control.Result{acct.Unknown("no alarm is known to watch EstimatedCharges; " + strings.Join(unknowns, "; "))}
			}
			// Billing metrics exist only in us-east-1, and so do alarms on them.
			if r, gap := e.ListingGap("AWS::CloudWatch::Alarm", "us-east-1"); gap {
				return []control.Result{acct.Unknown("alarms could not be listed everywhere: " + r)}
			}
			return []control.Result{acct.Fail("no alarm watches AWS/Billing EstimatedCharges")}
		},
	}
}

func perLogGroup(e *model.Estate, judge func(name string, g logGroup) control.Verdict) []control.Result {
	if len(e.LogGroups) == 0 {
		return []control.Result{control.On(scope.Account(e)).NA("the estate has no CloudWatch Logs groups")}
	}
	out := make([]control.Result, 0, len(e.LogGroups))
	for _, g := range e.LogGroups {
		n, _ := g.Name.Get()
		if n == "" {
			n = g.Address
		}
		out = append(out, control.On(&g.Meta).Result(judge(n, logGroup{g})))
	}
	return out
}

// retentionDays is the log retention ONUS-CW-017 asks for; Security Hub's
// CloudWatch.16 calls it minRetentionTime (365 days by default there and
// here). Literal data, never changed.
var retentionDays = control.Param{Control: "ONUS-CW-017", Name: "min_retention_days", Unit: "days",
	Default: 365, Min: 1, Max: 3653,
	// The retentions CloudWatch Logs accepts (PutRetentionPolicy).
	Accepted: []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653},
	Summary:  "Fewest days a log group must keep events (0, never expire, always passes). Security Hub CloudWatch.16 minRetentionTime."}

func logRetention() *control.Control {
	return &control.Control{
		ID: "ONUS-CW-017", Title: "CloudWatch Logs groups keep events for at least {{min_retention_days}} days", Severity: control.Low, Service: "cloudwatch", Layer: "logging-monitoring",
		Frameworks: map[string][]string{control.PCIDSS: {"10.5.1"}, control.HIPAA: {"164.316(b)(2)(i)"}, control.ISO2022: {"8.15"}, control.NIST: {"AU-11"}},
		Rationale:  "Intrusions are often found months later; logs that expire after days or weeks cannot tell you what happened.",
		Checked:    "Per log group: retention_in_days / RetentionInDays is 0 (never expire) or at least {{min_retention_days}} (the parameter min_retention_days).",
		Params:     []control.Param{retentionDays},
		Remediation: control.Remediation{
			Summary:        "Set log group retention to {{min_retention_days}} days or more (or export to S3 with a lifecycle).",
			Terraform:      "resource \"aws_cloudwatch_log_group\" \"this\" {\n  retention_in_days = {{min_retention_days}}\n}",
			CloudFormation: "LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    RetentionInDays: {{min_retention_days}}",
			CLI:            "aws logs put-retention-policy --log-group-name NAME --retention-in-days {{min_retention_days}}",
		},
		Check: func(e *model.Estate) []control.Result {
			min, limit := retentionDays.Limit(e)
			return perLogGroup(e, func(name string, g logGroup) control.Verdict {
				d, ok := g.RetentionDays.Get()
				switch {
				case !ok:
					return ck.VAt(control.Unknown, "retention of "+name+" is unknown: "+g.RetentionDays.Reason(), g.RetentionDays.PackedProv())
				case d == 0:
					return ck.VAt(control.Pass, name+" never expires events", g.RetentionDays.PackedProv())
				case d >= min:
					return control.Verdict{Outcome: control.Pass, Reason: fmt.Sprintf("%s keeps events %d days (at least %s)", name, d, limit),
						Evidence: []control.Evidence{control.EvAt(fmt.Sprintf("retention_in_days = %d", d), g.RetentionDays.PackedProv())}}
				}
				return control.Verdict{Outcome: control.Fail, Reason: fmt.Sprintf("%s keeps events only %d days (less than %s)", name, d, limit),
					Evidence: []control.Evidence{control.EvAt(fmt.Sprintf("retention_in_days = %d", d), g.RetentionDays.PackedProv())}}
			})
		},
	}
}

func logEncryption() *control.Control {
	return &control.Control{
		ID: "ONUS-CW-018", Title: "CloudWatch Logs groups are encrypted with a KMS key", Severity: control.Low, Service: "cloudwatch", Layer: "data-protection",
		Frameworks: map[string][]string{control.HIPAA: {"164.312(a)(2)(iv)"}, control.NIST: {"AU-9", "SC-28"}},
		Rationale:  "Logs carry request parameters, user names and sometimes secrets; a customer managed key adds a key policy and key-use audit on top of the service's default encryption.",
		Checked:    "Per log group: kms_key_id / KmsKeyId is set.",
		Remediation: control.Remediation{
			Summary:        "Associate a customer managed KMS key with the log group (the key policy must allow logs.REGION.amazonaws.com).",
			Terraform:      "resource \"aws_cloudwatch_log_group\" \"this\" {\n  kms_key_id = aws_kms_key.logs.arn\n}",
			CloudFormation: "LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    KmsKeyId: !GetAtt LogsKey.Arn",
			CLI:            "aws logs associate-kms-key --log-group-name NAME --kms-key-id KEY_ARN",
		},
		Check: func(e *model.Estate) []control.Result {
			return perLogGroup(e, func(name string, g logGroup) control.Verdict {
				k, ok := g.KMSKeyID.Get()
				switch {
				case !ok:
					return ck.VAt(control.Unknown, "the KMS key of "+name+" is unknown: "+g.KMSKeyID.Reason(), g.KMSKeyID.PackedProv())
				case k == "":
					return control.Verdict{Outcome: control.Fail, Reason: name + " uses only the service's default encryption",
						Evidence: []control.Evidence{control.EvAt("kms_key_id not set", g.KMSKeyID.PackedProv())}}
				}
				return control.Verdict{Outcome: control.Pass, Reason: name + " is encrypted with " + k,
					Evidence: []control.Evidence{control.EvAt("kms_key_id = "+k, g.KMSKeyID.PackedProv())}}
			})
		},
	}
}

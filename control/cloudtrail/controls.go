package cloudtrail

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/s3"
)

const (
	cis  = "cis-aws-7.0.0"
	fsbp = "fsbp"
	pci  = "pci-dss-4.0"
	hip  = "hipaa"
	soc2 = "soc2"
	iso  = "iso27001-2022"
	nist = "nist-800-53-r5"
)

// Controls returns the CloudTrail controls.
func Controls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-CT-001", Title: "A multi-region CloudTrail trail logs read and write management events",
			Severity: control.High, Service: "cloudtrail", Layer: "logging-monitoring",
			Frameworks: map[string][]string{cis: {"4.1"}, fsbp: {"CloudTrail.1"}, pci: {"10.2.1"}, hip: {"164.312(b)"},
				soc2: {"CC7.2"}, iso: {"8.15"}, nist: {"AU-2", "AU-12"}},
			Rationale: "Without a trail that records every region's management events, API activity by an attacker in an unused region, or against global services, leaves no audit record.",
			Checked:   "Account-wide: at least one trail with is_multi_region_trail true, logging on, and event selectors that include management events of both read and write type (no selectors means all management events). Live scans only; on code it applies when the code declares a trail.",
			Remediation: control.Remediation{
				Summary: "Create a multi-region trail that logs all management events and start logging.",
				Terraform: `resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}`,
				CloudFormation: `Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    IsMultiRegionTrail: true
    IncludeGlobalServiceEvents: true
    EnableLogFileValidation: true
    S3BucketName: !Ref TrailBucket
    EventSelectors:
      - ReadWriteType: All
        IncludeManagementEvents: true`,
				CLI: "aws cloudtrail create-trail --name main --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation && aws cloudtrail start-logging --name main",
			},
			Check: checkMultiRegion,
		},
		perTrail("ONUS-CT-002", "CloudTrail log file validation is enabled", control.Medium,
			map[string][]string{cis: {"4.2"}, fsbp: {"CloudTrail.4"}, pci: {"10.3.4"}, soc2: {"CC7.2"}, iso: {"8.15"}, nist: {"AU-9", "SI-7"}},
			"Digest files let you prove that log files were not modified or deleted after CloudTrail delivered them; without them tampering goes unnoticed.",
			"Per trail: enable_log_file_validation / EnableLogFileValidation / LogFileValidationEnabled is true.",
			control.Remediation{
				Summary:        "Enable log file validation on the trail.",
				Terraform:      `resource "aws_cloudtrail" "main" {` + "\n  enable_log_file_validation = true\n}",
				CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    EnableLogFileValidation: true",
				CLI:            "aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
			},
			func(_ *model.Estate, t *cloudtrail.Trail) control.Verdict {
				return boolV(t.LogFileValidation, true, "log file validation")
			}),
		perTrail("ONUS-CT-003", "CloudTrail logs are encrypted with a KMS key", control.Medium,
			map[string][]string{cis: {"4.5"}, fsbp: {"CloudTrail.2"}, pci: {"10.3.2"}, hip: {"164.312(a)(2)(iv)"}, iso: {"8.24"}, nist: {"AU-9", "SC-28"}},
			"SSE-KMS puts trail logs behind a key policy, so reading them needs kms:Decrypt as well as s3:GetObject, and key use is itself logged.",
			"Per trail: kms_key_id / KMSKeyId is set (an empty value means the default SSE-S3 encryption).",
			control.Remediation{
				Summary:        "Set a customer-managed KMS key on the trail (the key policy must allow cloudtrail.amazonaws.com to GenerateDataKey*).",
				Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  kms_key_id = aws_kms_key.trail.arn\n}",
				CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    KMSKeyId: !GetAtt TrailKey.Arn",
				CLI:            "aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN",
			},
			func(_ *model.Estate, t *cloudtrail.Trail) control.Verdict {
				k, ok := t.KMSKeyID.Get()
				switch {
				case !ok:
					return unknown("the trail's KMS key is unknown: "+t.KMSKeyID.Reason(), control.EvAt("kms_key_id", t.KMSKeyID.PackedProv()))
				case k == "":
					return fail("the trail has no KMS key (SSE-S3 only)", control.EvAt("kms_key_id not set", t.KMSKeyID.PackedProv()))
				}
				return pass("the trail is encrypted with "+k, control.EvAt("kms_key_id = "+k, t.KMSKeyID.PackedProv()))
			}),
		perTrail("ONUS-CT-004", "CloudTrail trail includes global service events", control.Low,
			map[string][]string{nist: {"AU-12"}},
			"Events of global services such as IAM and STS are only delivered to trails that include global service events; a trail without them misses identity changes.",
			"Per trail: include_global_service_events / IncludeGlobalServiceEvents is true.",
			control.Remediation{
				Summary:        "Include global service events in the trail.",
				Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  include_global_service_events = true\n}",
				CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IncludeGlobalServiceEvents: true",
				CLI:            "aws cloudtrail update-trail --name TRAIL --include-global-service-events",
			},
			func(_ *model.Estate, t *cloudtrail.Trail) control.Verdict {
				return boolV(t.GlobalServiceEvents, true, "include global service events")
			}),
		perTrail("ONUS-CT-005", "CloudTrail trail delivers to CloudWatch Logs", control.Low,
			map[string][]string{fsbp: {"CloudTrail.5"}, pci: {"10.4.1"}, soc2: {"CC7.2"}, iso: {"8.16"}, nist: {"AU-6", "SI-4"}},
			"Metric filters and alarms on API activity (CIS section 5) need the trail's events in a CloudWatch Logs group; S3 delivery alone is not monitored in real time.",
			"Per trail: cloud_watch_logs_group_arn / CloudWatchLogsLogGroupArn is set.",
			control.Remediation{
				Summary:        "Send the trail to a CloudWatch Logs group with a role CloudTrail can assume.",
				Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_cwl.arn\n}",
				CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn\n    CloudWatchLogsRoleArn: !GetAtt TrailToLogsRole.Arn",
				CLI:            "aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn LOG_GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN",
			},
			func(_ *model.Estate, t *cloudtrail.Trail) control.Verdict {
				g, ok := t.CloudWatchLogsGroup.Get()
				switch {
				case !ok:
					return unknown("the trail's CloudWatch Logs group is unknown: "+t.CloudWatchLogsGroup.Reason(), control.EvAt("cloud_watch_logs_group_arn", t.CloudWatchLogsGroup.PackedProv()))
				case g == "":
					return fail("the trail does not deliver to CloudWatch Logs", control.EvAt("cloud_watch_logs_group_arn not set", t.CloudWatchLogsGroup.PackedProv()))
				}
				return pass("the trail delivers to "+g, control.EvAt("cloud_watch_logs_group_arn = "+g, t.CloudWatchLogsGroup.PackedProv()))
			}),
		perTrail("ONUS-CT-006", "The CloudTrail S3 bucket is not publicly accessible", control.Critical,
			map[string][]string{pci: {"10.3.2"}, hip: {"164.312(c)(1)"}, soc2: {"CC6.1"}, iso: {"8.15"}, nist: {"AU-9", "AC-3"}},
			"A public trail bucket hands an attacker your full API history (account IDs, principals, resource names) and, if writable, lets them plant or remove evidence.",
			"Per trail: the bucket named in s3_bucket_name, joined to the scanned bucket, is not public: either the bucket or account public access block ignores public ACLs and restricts public policies, or its canned ACL and grants give nothing to AllUsers/AuthenticatedUsers and no policy statement allows Principal \"*\" without a condition.",
			control.Remediation{
				Summary:        "Turn on all four S3 public access block settings on the trail bucket and remove public grants/statements.",
				Terraform:      "resource \"aws_s3_bucket_public_access_block\" \"trail\" {\n  bucket                  = aws_s3_bucket.trail.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
				CloudFormation: "TrailBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true",
				CLI:            "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
			},
			func(e *model.Estate, t *cloudtrail.Trail) control.Verdict {
				b, v, ok := trailBucket(e, t)
				if !ok {
					return v
				}
				return bucketPublic(e, policyck.NewMemo(e), b)
			}),
		perTrail("ONUS-CT-007", "The CloudTrail S3 bucket has server access logging", control.Low,
			map[string][]string{cis: {"4.4"}, pci: {"10.2.1"}, soc2: {"CC7.2"}, nist: {"AU-2", "AU-9"}},
			"Access logs on the trail bucket show who read or deleted trail logs, which is what an intruder covering tracks does.",
			"Per trail: the trail's bucket, joined to the scanned bucket, has server access logging configured.",
			control.Remediation{
				Summary:        "Enable server access logging on the trail bucket to a separate log bucket.",
				Terraform:      "resource \"aws_s3_bucket_logging\" \"trail\" {\n  bucket        = aws_s3_bucket.trail.id\n  target_bucket = aws_s3_bucket.access_logs.id\n  target_prefix = \"cloudtrail/\"\n}",
				CloudFormation: "TrailBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      DestinationBucketName: !Ref AccessLogBucket\n      LogFilePrefix: cloudtrail/",
				CLI:            "aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"cloudtrail/\"}}'",
			},
			func(e *model.Estate, t *cloudtrail.Trail) control.Verdict {
				b, v, ok := trailBucket(e, t)
				if !ok {
					return v
				}
				l, ok := b.Logging.Get()
				switch {
				case !ok:
					return unknown("access logging of bucket "+b.Address+" is unknown: "+b.Logging.Reason(), control.EvAt("logging", b.Logging.PackedProv()))
				case l == nil:
					return fail("trail bucket "+b.Address+" has no server access logging", control.Ev("logging not configured", b.Meta.Prov()))
				}
				return pass("trail bucket "+b.Address+" logs to "+l.TargetBucket, control.EvAt("logging target "+l.TargetBucket, l.Prov))
			}),
		dataEvents("ONUS-CT-008", "S3 object-level write events are logged by CloudTrail", "4.8", true),
		dataEvents("ONUS-CT-009", "S3 object-level read events are logged by CloudTrail", "4.9", false),
		perTrail("ONUS-CT-010", "CloudTrail trail is logging", control.High,
			map[string][]string{fsbp: {"CloudTrail.1"}, pci: {"10.2.1"}, nist: {"AU-12"}},
			"A trail that exists but is stopped records nothing; stopping a trail is a classic step before malicious activity.",
			"Per trail: the trail status is logging (GetTrailStatus IsLogging; code: enable_logging / IsLogging true).",
			control.Remediation{
				Summary:        "Start logging on the trail.",
				Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  enable_logging = true\n}",
				CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true",
				CLI:            "aws cloudtrail start-logging --name TRAIL",
			},
			func(_ *model.Estate, t *cloudtrail.Trail) control.Verdict {
				return boolV(t.Logging, true, "logging")
			}),
	}
}

// perTrail makes a control judged once per trail; with no trails it says
// so once (FAIL is the business of ONUS-CT-001, not of each trail duty).
func perTrail(id, title string, sev control.Severity, fw map[string][]string, rationale, checked string,
	rem control.Remediation, judge func(*model.Estate, *cloudtrail.Trail) control.Verdict) *control.Control {
	return &control.Control{
		ID: id, Title: title, Severity: sev, Service: "cloudtrail", Layer: "logging-monitoring",
		Frameworks: fw, Rationale: rationale, Checked: checked, Remediation: rem,
		Check: func(e *model.Estate) []control.Result {
			if len(e.Trails) == 0 {
				return []control.Result{control.On(scope.Account(e)).NA("no CloudTrail trail in the estate; whether one exists is checked by ONUS-CT-001")}
			}
			out := make([]control.Result, 0, len(e.Trails))
			for _, t := range e.Trails {
				out = append(out, control.On(&t.Meta).Result(judge(e, t)))
			}
			return out
		},
	}
}

// qualifies judges whether one trail meets CT-001.
func qualifies(t *cloudtrail.Trail) control.Verdict {
	name := trailName(t)
	vs := []control.Verdict{
		boolV(t.MultiRegion, true, name+": multi-region"),
		boolV(t.Logging, true, name+": logging"),
	}
	sels, ok := t.EventSelectors.Get()
	if !ok {
		vs = append(vs, unknown(name+": event selectors are unknown: "+t.EventSelectors.Reason()))
	} else {
		r, w := mgmtRW(sels)
		switch {
		case r && w:
			vs = append(vs, pass(name+": management read and write events are selected"))
		default:
			vs = append(vs, fail(fmt.Sprintf("%s: management events selected: read=%t write=%t", name, r, w), control.EvAt("event selectors", t.EventSelectors.PackedProv())))
		}
	}
	return control.Combine(vs...)
}

// scannedTrailGap is a trail listing gap in a scanned region, or a global
// one. A multi-region trail shows in every region's listing (shadow
// trails), so the regions a scan left out (--regions) hide none of them.
func scannedTrailGap(e *model.Estate) (string, bool) {
	if len(e.ScannedRegions) == 0 {
		return scope.ListingGap(e, "AWS::CloudTrail::Trail")
	}
	for _, reg := range e.ScannedRegions {
		if r, gap := e.ListingGap("AWS::CloudTrail::Trail", reg); gap {
			return r, true
		}
	}
	return "", false
}

func checkMultiRegion(e *model.Estate) []control.Result {
	acct := control.On(scope.Account(e))
	if !e.AccountWide && len(e.Trails) == 0 {
		return []control.Result{acct.NA(scope.CodeNA("a multi-region CloudTrail trail"))}
	}
	if len(e.Trails) == 0 {
		if r, gap := scannedTrailGap(e); gap {
			return []control.Result{acct.Unknown("trails could not be listed: " + r)}
		}
		return []control.Result{acct.Fail("the account has no CloudTrail trail")}
	}
	var unknowns, fails []control.Verdict
	for _, t := range e.Trails {
		v := qualifies(t)
		switch v.Outcome {
		case control.Pass:
			v.Evidence = append(v.Evidence, control.Ev("trail "+trailName(t), t.Meta.Prov()))
			return []control.Result{control.On(&t.Meta).Result(v)}
		case control.Unknown:
			unknowns = append(unknowns, v)
		default:
			fails = append(fails, v)
		}
	}
	if len(unknowns) > 0 {
		v := control.Combine(unknowns...)
		return []control.Result{acct.Unknown("no trail is known to qualify; " + v.Reason)}
	}
	if r, gap := scannedTrailGap(e); gap {
		return []control.Result{acct.Unknown("no listed trail qualifies, and trails could not be listed everywhere: " + r)}
	}
	v := control.Combine(fails...)
	return []control.Result{acct.Fail("no trail is multi-region, logging and recording read and write management events: "+v.Reason, v.Evidence...)}
}

// dataEvents makes CIS 4.8 (write) or 4.9 (read), judged per bucket.
func dataEvents(id, title, cisID string, write bool) *control.Control {
	kind := "read"
	if write {
		kind = "write"
	}
	return &control.Control{
		ID: id, Title: title, Severity: control.Medium, Service: "cloudtrail", Layer: "logging-monitoring",
		Frameworks: map[string][]string{cis: {cisID}, pci: {"10.2.1"}, nist: {"AU-2", "AU-12"}},
		Rationale:  "Object-level (data event) logging records who " + kind + "s which object; without it a data exfiltration or tampering from S3 leaves no per-object trace.",
		Checked: "Per bucket: some logging trail (multi-region, or in the bucket's region) has a basic selector with a DataResource of type AWS::S3::Object covering all buckets " +
			"(arn:aws:s3 / arn:aws:s3:::) or this bucket (arn:aws:s3:::NAME/), with ReadWriteType All or " + map[bool]string{true: "WriteOnly", false: "ReadOnly"}[write] +
			", or an advanced selector with eventCategory=Data, resources.type=AWS::S3::Object covering the bucket and the " + kind + " events.",
		Remediation: control.Remediation{
			Summary:        "Add an S3 data event selector for all buckets (or this bucket) to a multi-region trail.",
			Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  event_selector {\n    read_write_type           = \"All\"\n    include_management_events = true\n    data_resource {\n      type   = \"AWS::S3::Object\"\n      values = [\"arn:aws:s3\"]\n    }\n  }\n}",
			CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    EventSelectors:\n      - ReadWriteType: All\n        IncludeManagementEvents: true\n        DataResources:\n          - Type: AWS::S3::Object\n            Values: [\"arn:aws:s3\"]",
			CLI:            "aws cloudtrail put-event-selectors --trail-name TRAIL --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'",
		},
		Check: func(e *model.Estate) []control.Result {
			out := make([]control.Result, 0, len(e.S3Buckets))
			for _, b := range e.S3Buckets {
				out = append(out, control.On(&b.Meta).Result(bucketDataEvents(e, b, write, kind)))
			}
			return out
		},
	}
}

func bucketDataEvents(e *model.Estate, b *s3.Bucket, write bool, kind string) control.Verdict {
	if len(e.Trails) == 0 {
		if !e.AccountWide {
			return control.Verdict{Outcome: control.NotApplicable, Reason: "no CloudTrail trail is declared in the scanned code; object-level logging is evaluated on live scans or when the code declares the trail"}
		}
		if r, gap := scope.ListingGap(e, "AWS::CloudTrail::Trail"); gap {
			return unknown("trails could not be listed: " + r)
		}
		return fail("the account has no CloudTrail trail, so no S3 object-level " + kind + " events are logged")
	}
	name, nameOK := b.Name.Get()
	var unknowns []control.Verdict
	// What a FAIL rests on: why each trail does not log these events.
	var seen []control.Evidence
	for _, t := range e.Trails {
		if lg, ok := t.Logging.Get(); ok && !lg {
			seen = append(seen, control.EvAt("trail "+trailName(t)+" is not logging", t.Logging.PackedProv()))
			continue
		}
		if mr, ok := t.MultiRegion.Get(); ok && !mr {
			if hr, ok := t.HomeRegion.Get(); ok && hr != "" && b.Region != "" && hr != b.Region {
				seen = append(seen, control.EvAt("trail "+trailName(t)+" is single-region in "+hr, t.MultiRegion.PackedProv()))
				continue
			}
		}
		sels, ok := t.EventSelectors.Get()
		if !ok {
			unknowns = append(unknowns, unknown(trailName(t)+": event selectors are unknown: "+t.EventSelectors.Reason()))
			continue
		}
		r, w := s3DataRW(sels, name)
		if !nameOK && !(r && w) {
			// A selector for named buckets cannot be matched to a bucket
			// whose name is unknown; only an all-buckets selector decides.
			r, w = s3DataRW(sels, "")
		}
		if (write && w) || (!write && r) {
			v := pass("trail "+trailName(t)+" logs S3 object-level "+kind+" events for this bucket", control.EvAt("event selectors of "+trailName(t), t.EventSelectors.PackedProv()))
			if _, ok := t.Logging.Get(); !ok {
				return unknown("trail "+trailName(t)+" selects these events but whether it is logging is unknown: "+t.Logging.Reason(), v.Evidence...)
			}
			return v
		}
		seen = append(seen, control.EvAt("event selectors of "+trailName(t), t.EventSelectors.PackedProv()))
	}
	if len(unknowns) > 0 {
		return control.Combine(unknowns...)
	}
	if !nameOK {
		return unknown("the bucket name is unknown (" + b.Name.Reason() + ") and no trail selects object events for all buckets")
	}
	var names []string
	for _, t := range e.Trails {
		names = append(names, trailName(t))
	}
	return fail("no logging trail ("+strings.Join(names, ", ")+") selects S3 object-level "+kind+" events for bucket "+name, seen...)
}

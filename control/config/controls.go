package config

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/awsconfig"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

const recorderType = "AWS::Config::ConfigurationRecorder"

func verdict(o control.Outcome, reason string, ev ...control.Evidence) control.Verdict {
	return control.Verdict{Outcome: o, Reason: reason, Evidence: ev}
}

func boolV(v source.Value[bool], want bool, what string) control.Verdict {
	got, ok := v.Get()
	switch {
	case !ok:
		return verdict(control.Unknown, what+" is unknown: "+v.Reason(), control.EvAt(what, v.PackedProv()))
	case got == want:
		return verdict(control.Pass, what+" is on", control.EvAt(what, v.PackedProv()))
	}
	return verdict(control.Fail, what+" is off", control.EvAt(what+" off", v.PackedProv()))
}

func regionOf(m *base.Meta) string { return m.Region }

// perRegion judges each region of a live scan by the recorders in it, or
// each declared recorder in code.
func perRegion(e *model.Estate, what string, judge func(r *awsconfig.Recorder) control.Verdict) []control.Result {
	if !e.AccountWide {
		return perRecorder(e, scope.CodeNA(what), judge)
	}
	regions := e.ScannedRegions
	if len(regions) == 0 {
		return []control.Result{control.On(scope.Account(e)).Unknown("no region was scanned, so " + what + " could not be judged")}
	}
	var out []control.Result
	for _, reg := range regions {
		var recs []*awsconfig.Recorder
		for _, r := range e.ConfigRecorders {
			if regionOf(&r.Meta) == reg {
				recs = append(recs, r)
			}
		}
		if len(recs) == 0 {
			b := control.On(scope.RegionMeta(e, reg))
			if why, gap := e.ListingGap(recorderType, reg); gap {
				out = append(out, b.Unknown("Config recorders in "+reg+" could not be listed: "+why))
			} else {
				out = append(out, b.Fail("no AWS Config recorder in "+reg, listedNone(e, reg)...))
			}
			continue
		}
		for _, r := range recs {
			out = append(out, control.On(&r.Meta).Result(judge(r)))
		}
	}
	return out
}

// listedNone cites the listing that found no recorder in a region of a
// live scan, as the collector recorded it (none from older snapshots).
func listedNone(e *model.Estate, region string) []control.Evidence {
	o, ok := e.ListingOrigin(recorderType, region)
	if !ok {
		return nil
	}
	return []control.Evidence{control.Ev(o.APICall+" listed no recorder in "+region, source.Prov{Origin: o})}
}

// perRecorder judges every recorder, or answers NOT_APPLICABLE once on the
// account (with none as the reason) when the estate has no recorder: the
// recorder controls differ only in their judgement and that reason.
func perRecorder(e *model.Estate, none string, judge func(r *awsconfig.Recorder) control.Verdict) []control.Result {
	if len(e.ConfigRecorders) == 0 {
		return []control.Result{control.On(scope.Account(e)).NA(none)}
	}
	out := make([]control.Result, 0, len(e.ConfigRecorders))
	for _, r := range e.ConfigRecorders {
		out = append(out, control.On(&r.Meta).Result(judge(r)))
	}
	return out
}

var configFW = map[string][]string{control.CISAWS: {"4.3"}, control.FSBP: {"Config.1"}, control.PCIDSS: {"10.2.1", "11.5.2"}, control.SOC2: {"CC7.1"},
	control.ISO2022: {"8.9"}, control.NIST: {"CM-8", "CM-3"}}

// Controls returns the AWS Config controls.
func Controls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-CFG-001", Title: "AWS Config records all resource types in every region", Severity: control.Medium, Service: "config", Layer: "logging-monitoring",
			Frameworks: configFW,
			Rationale:  "Config is the inventory and change history of the account; a region without a recorder, or a recorder limited to some types, is where an unnoticed resource lives.",
			Checked:    "Live: every scanned region has a configuration recorder with recording_group.all_supported true that is recording (DescribeConfigurationRecorderStatus). Code: each declared recorder has all_supported true and aws_config_configuration_recorder_status.is_enabled true; code without recorders is NOT_APPLICABLE.",
			Remediation: control.Remediation{
				Summary:        "Create a recorder for all supported resource types in every region and start it.",
				Terraform:      "resource \"aws_config_configuration_recorder\" \"this\" {\n  role_arn = aws_iam_service_linked_role.config.arn\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}\n\nresource \"aws_config_configuration_recorder_status\" \"this\" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}",
				CloudFormation: "Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !Sub arn:aws:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig\n    RecordingGroup:\n      AllSupported: true\n      IncludeGlobalResourceTypes: true  # deploy to every region with StackSets",
				CLI:            "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice start-configuration-recorder --configuration-recorder-name default",
			},
			Check: func(e *model.Estate) []control.Result {
				return perRegion(e, "AWS Config recording", func(r *awsconfig.Recorder) control.Verdict {
					return control.Combine(boolV(r.AllSupported, true, "recording of all supported resource types"), boolV(r.Recording, true, "recording"))
				})
			},
		},
		{
			ID: "ONUS-CFG-002", Title: "AWS Config records global resource types (IAM) in at least one region", Severity: control.Low, Service: "config", Layer: "logging-monitoring",
			Frameworks: map[string][]string{control.CISAWS: {"4.3"}, control.NIST: {"CM-8"}},
			Rationale:  "IAM users, roles and policies are global resources; unless one recorder includes global types, identity changes are missing from the configuration history.",
			Checked:    "Account-wide: some recorder has include_global_resource_types / IncludeGlobalResourceTypes true (or records all types with global types included).",
			Remediation: control.Remediation{
				Summary:        "Include global resource types in the recorder of one region (usually the home region).",
				Terraform:      "recording_group {\n  all_supported                 = true\n  include_global_resource_types = true\n}",
				CloudFormation: "RecordingGroup:\n  AllSupported: true\n  IncludeGlobalResourceTypes: true",
				CLI:            "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true",
			},
			Check: func(e *model.Estate) []control.Result {
				acct := control.On(scope.Account(e))
				if len(e.ConfigRecorders) == 0 {
					if !e.AccountWide {
						return []control.Result{acct.NA(scope.CodeNA("recording of global resource types"))}
					}
					if why, gap := e.ListingGap(recorderType, ""); gap {
						return []control.Result{acct.Unknown("Config recorders could not be listed: " + why)}
					}
					ev := make([]control.Evidence, 0, len(e.ScannedRegions))
					for _, reg := range e.ScannedRegions {
						ev = append(ev, listedNone(e, reg)...)
					}
					return []control.Result{acct.Fail("the account has no Config recorder", ev...)}
				}
				var unknowns []string
				for _, r := range e.ConfigRecorders {
					g, ok := r.IncludeGlobalResourceTypes.Get()
					switch {
					case ok && g:
						return []control.Result{control.On(&r.Meta).Result(verdict(control.Pass, "recorder "+r.Address+" includes global resource types",
							control.EvAt("include_global_resource_types = true", r.IncludeGlobalResourceTypes.PackedProv())))}
					case !ok:
						unknowns = append(unknowns, r.Address+": "+r.IncludeGlobalResourceTypes.Reason())
					}
				}
				if len(unknowns) > 0 {
					return []control.Result{acct.Unknown("no recorder is known to include global types; unknown: " + strings.Join(unknowns, "; "))}
				}
				if why, gap := e.ListingGap(recorderType, ""); gap && e.AccountWide {
					// The recorder that includes them may be in a region whose listing failed.
					return []control.Result{acct.Unknown("no listed recorder includes global resource types, and recorders could not be listed everywhere: " + why)}
				}
				return []control.Result{acct.Fail("no recorder includes global resource types")}
			},
		},
		{
			ID: "ONUS-CFG-003", Title: "Every AWS Config recorder has a delivery channel", Severity: control.Medium, Service: "config", Layer: "logging-monitoring",
			Frameworks: map[string][]string{control.CISAWS: {"4.3"}, control.NIST: {"AU-9", "CM-8"}},
			Rationale:  "A recorder cannot start without a delivery channel; without one, configuration snapshots and history never reach S3.",
			Checked:    "Per recorder: a delivery channel with an S3 bucket exists in the same region (live) or is declared (code).",
			Remediation: control.Remediation{
				Summary:        "Create a delivery channel to an S3 bucket in each recorder's region.",
				Terraform:      "resource \"aws_config_delivery_channel\" \"this\" {\n  s3_bucket_name = aws_s3_bucket.config.id\n  depends_on     = [aws_config_configuration_recorder.this]\n}",
				CloudFormation: "DeliveryChannel:\n  Type: AWS::Config::DeliveryChannel\n  Properties:\n    S3BucketName: !Ref ConfigBucket",
				CLI:            "aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=BUCKET",
			},
			Check: func(e *model.Estate) []control.Result {
				return perRecorder(e, "the estate has no Config recorder; ONUS-CFG-001 reports missing recorders", func(r *awsconfig.Recorder) control.Verdict {
					var unknowns []string
					for _, d := range e.ConfigDeliveryChannels {
						if d.Region != r.Region && d.Region != "" && r.Region != "" {
							continue
						}
						bk, ok := d.S3Bucket.Get()
						switch {
						case !ok:
							unknowns = append(unknowns, d.Address+": bucket "+d.S3Bucket.Reason())
						case bk != "":
							return verdict(control.Pass, "delivery channel "+d.Address+" delivers to "+bk, control.Ev("delivery channel "+d.Address, d.Meta.Prov()))
						}
					}
					switch {
					case len(unknowns) > 0:
						return verdict(control.Unknown, "no delivery channel is known to deliver; "+strings.Join(unknowns, "; "))
					case !e.AccountWide && scope.Code(&r.Meta):
						return verdict(control.Fail, "the code declares a recorder but no delivery channel for it")
					}
					if why, gap := e.ListingGap("AWS::Config::DeliveryChannel", r.Region); gap {
						return verdict(control.Unknown, "delivery channels could not be listed: "+why)
					}
					return verdict(control.Fail, "no delivery channel in "+r.Region)
				})
			},
		},
		{
			ID: "ONUS-CFG-004", Title: "AWS Config uses its service-linked role", Severity: control.Low, Service: "config", Layer: "identity-access",
			Frameworks: map[string][]string{control.FSBP: {"Config.1"}, control.NIST: {"AC-6"}},
			Rationale:  "The service-linked role AWSServiceRoleForConfig has exactly the permissions Config needs and cannot be edited into something broader or narrower by mistake.",
			Checked:    "Per recorder: role_arn / RoleARN is the service-linked role .../aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig.",
			Remediation: control.Remediation{
				Summary:        "Point the recorder at the AWSServiceRoleForConfig service-linked role.",
				Terraform:      "resource \"aws_iam_service_linked_role\" \"config\" {\n  aws_service_name = \"config.amazonaws.com\"\n}\n# role_arn = aws_iam_service_linked_role.config.arn",
				CloudFormation: "RoleARN: !Sub arn:aws:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
				CLI:            "aws iam create-service-linked-role --aws-service-name config.amazonaws.com",
			},
			Check: func(e *model.Estate) []control.Result {
				return perRecorder(e, "the estate has no Config recorder", func(r *awsconfig.Recorder) control.Verdict {
					arn, ok := r.RoleARN.Get()
					switch {
					case !ok:
						return verdict(control.Unknown, "the recorder role is unknown: "+r.RoleARN.Reason())
					case strings.Contains(arn, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig") || strings.Contains(arn, "aws_iam_service_linked_role."):
						return verdict(control.Pass, "the recorder uses the service-linked role", control.EvAt("role_arn = "+arn, r.RoleARN.PackedProv()))
					}
					return verdict(control.Fail, "the recorder uses role "+arn+" instead of AWSServiceRoleForConfig", control.EvAt("role_arn = "+arn, r.RoleARN.PackedProv()))
				})
			},
		},
		{
			ID: "ONUS-CFG-005", Title: "AWS Config evaluates S3 default encryption (rule or conformance pack)", Severity: control.Low, Service: "config", Layer: "compliance-attestation",
			Frameworks: map[string][]string{control.PCIDSS: {"3.5.1"}, control.NIST: {"CA-7", "SC-28"}},
			Rationale:  "AWS's shared responsibility guidance has the customer verify encryption continuously; the managed rule s3-bucket-server-side-encryption-enabled (or a conformance pack carrying it) does that between scans.",
			Checked:    "Account-wide: a Config rule with source identifier S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED (or S3_DEFAULT_ENCRYPTION_KMS), or any conformance pack, is deployed. A conformance pack is taken as carrying it; its contents are not read.",
			Remediation: control.Remediation{
				Summary:        "Deploy the managed rule s3-bucket-server-side-encryption-enabled (or a conformance pack such as Operational Best Practices for CIS).",
				Terraform:      "resource \"aws_config_config_rule\" \"s3_sse\" {\n  name = \"s3-bucket-server-side-encryption-enabled\"\n  source {\n    owner             = \"AWS\"\n    source_identifier = \"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED\"\n  }\n  depends_on = [aws_config_configuration_recorder.this]\n}",
				CloudFormation: "S3EncryptionRule:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    ConfigRuleName: s3-bucket-server-side-encryption-enabled\n    Source:\n      Owner: AWS\n      SourceIdentifier: S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
				CLI:            "aws configservice put-config-rule --config-rule '{\"ConfigRuleName\":\"s3-bucket-server-side-encryption-enabled\",\"Source\":{\"Owner\":\"AWS\",\"SourceIdentifier\":\"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED\"}}'",
			},
			Check: func(e *model.Estate) []control.Result {
				acct := control.On(scope.Account(e))
				if !e.AccountWide && len(e.ConfigRules) == 0 && len(e.ConformancePacks) == 0 && len(e.ConfigRecorders) == 0 {
					return []control.Result{acct.NA(scope.CodeNA("continuous S3 encryption evaluation"))}
				}
				var unknowns []string
				for _, r := range e.ConfigRules {
					id, ok := r.SourceIdentifier.Get()
					switch {
					case ok && (id == "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED" || id == "S3_DEFAULT_ENCRYPTION_KMS"):
						return []control.Result{control.On(&r.Meta).Result(verdict(control.Pass, "Config rule "+r.Address+" evaluates "+id,
							control.EvAt("source_identifier = "+id, r.SourceIdentifier.PackedProv())))}
					case !ok:
						unknowns = append(unknowns, r.Address+": "+r.SourceIdentifier.Reason())
					}
				}
				if len(e.ConformancePacks) > 0 {
					p := e.ConformancePacks[0]
					return []control.Result{control.On(&p.Meta).Result(verdict(control.Pass, "conformance pack "+p.Address+" is deployed",
						control.Ev("conformance pack "+p.Address, p.Meta.Prov())))}
				}
				if len(unknowns) > 0 {
					return []control.Result{acct.Unknown("no rule is known to evaluate S3 encryption; unknown rule sources: " + strings.Join(unknowns, "; "))}
				}
				if why, gap := e.ListingGap("AWS::Config::ConfigRule", ""); gap && e.AccountWide {
					return []control.Result{acct.Unknown("Config rules could not be listed: " + why)}
				}
				if why, gap := e.ListingGap("AWS::Config::ConformancePack", ""); gap && e.AccountWide {
					return []control.Result{acct.Unknown("Config conformance packs could not be listed: " + why)}
				}
				return []control.Result{acct.Fail("no Config rule S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED and no conformance pack")}
			},
		},
		{
			ID: "ONUS-CFG-006", Title: "AWS Config delivers without failures", Severity: control.Low, Service: "config", Layer: "logging-monitoring",
			Frameworks: map[string][]string{control.CISAWS: {"4.3"}, control.NIST: {"AU-5"}},
			Rationale:  "A recorder that keeps failing to deliver (bucket policy changed, KMS key disabled) looks enabled while recording nothing durable.",
			Checked:    "Per recorder (live): the last status from DescribeConfigurationRecorderStatus is not FAILURE. Code: NOT_APPLICABLE.",
			Remediation: control.Remediation{
				Summary:        "Fix the delivery channel's bucket policy, KMS key or role so delivery succeeds.",
				Terraform:      "# Check aws_s3_bucket_policy of the Config bucket allows config.amazonaws.com s3:PutObject with bucket-owner-full-control.",
				CloudFormation: "# Check the Config bucket policy allows config.amazonaws.com s3:PutObject.",
				CLI:            "aws configservice describe-configuration-recorder-status --query 'ConfigurationRecordersStatus[].[name,lastStatus,lastErrorMessage]'",
			},
			Check: func(e *model.Estate) []control.Result {
				return perRecorder(e, "the estate has no Config recorder", func(r *awsconfig.Recorder) control.Verdict {
					st, ok := r.LastStatus.Get()
					switch {
					case scope.Code(&r.Meta):
						return verdict(control.NotApplicable, "delivery status is only known live")
					case !ok:
						return verdict(control.Unknown, "the recorder status is unknown: "+r.LastStatus.Reason())
					case strings.EqualFold(st, "FAILURE"):
						return verdict(control.Fail, "the recorder's last status is FAILURE", control.EvAt("last status FAILURE", r.LastStatus.PackedProv()))
					}
					return verdict(control.Pass, "the recorder's last status is "+st)
				})
			},
		},
	}
}

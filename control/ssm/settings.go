package ssm

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ssm"
)

// settingSpec is a duty expressed as one SSM service setting value.
type settingSpec struct {
	id, fsbp, title, setting, want, what string
	severity                             control.Severity
	layer, rationale                     string
	frameworks                           fw.M
	remediation                          control.Remediation
}

func settingControl(s settingSpec) *control.Control {
	return &control.Control{
		ID: s.id, Title: s.title, Severity: s.severity, Service: "ssm", Layer: s.layer,
		Frameworks: fw.Of(fw.FSBP(s.fsbp), s.frameworks),
		Rationale:  s.rationale,
		Checked: "The service setting " + s.setting + " in every scanned region (live: ssm:GetServiceSetting) or in every " +
			"aws_ssm_service_setting that declares it (Terraform): " + s.want + " passes; any other value fails. A setting " +
			"the API would not return (AccessDenied, throttled) is unknown with the API error, as is a Terraform setting " +
			"whose setting_id or value has no known value. Code that does not declare the setting is not applicable " +
			"(CloudFormation has no resource type for SSM service settings).",
		Remediation: s.remediation,
		Check: func(e *model.Estate) []control.Result {
			judge := func(x *ssm.ServiceSetting) control.Result {
				return control.On(&x.Meta).Result(ck.Judge(x.Value, s.setting, func(v string) (bool, string) {
					if strings.EqualFold(v, s.want) {
						return true, s.what + ": " + s.setting + " is " + v + " in " + regionOf(x)
					}
					return false, s.setting + " is " + v + " (want " + s.want + ") in " + regionOf(x)
				}))
			}
			matches := func(x *ssm.ServiceSetting) bool { return x.SettingID == s.setting }
			if !e.AccountWide {
				var out, undetermined []control.Result
				for _, x := range e.SSMServiceSettings {
					switch {
					case matches(x):
						out = append(out, judge(x))
					case x.SettingID == "":
						// A setting_id from a variable without a value may be
						// this setting: not applicable would be a guess.
						undetermined = append(undetermined, control.On(&x.Meta).Unknown("the setting_id has no known value, so it may set "+s.setting))
					}
				}
				if len(out) == 0 {
					out = undetermined
				}
				if len(out) == 0 {
					return []control.Result{control.On(scope.Account(e)).NA(scope.CodeNA("the SSM service setting " + s.setting))}
				}
				return out
			}
			var out []control.Result
			for _, region := range scope.Regions(e) {
				var found *ssm.ServiceSetting
				for _, x := range e.SSMServiceSettings {
					if matches(x) && x.Region == region {
						found = x
					}
				}
				if found == nil {
					out = append(out, control.On(scope.RegionMeta(e, region)).Unknown("the service setting "+s.setting+" was not read in "+region+" (ssm not among the scanned services?)"))
					continue
				}
				out = append(out, judge(found))
			}
			if len(out) == 0 {
				return []control.Result{control.On(scope.Account(e)).Unknown("no region was scanned, so " + s.setting + " could not be judged")}
			}
			return out
		},
	}
}

func regionOf(x *ssm.ServiceSetting) string {
	if x.Region != "" {
		return x.Region
	}
	return "the provider's region"
}

func settingControls() []*control.Control {
	const noCFN = "# CloudFormation has no resource type for SSM service settings: set it with the CLI\n" +
		"# (or a Terraform aws_ssm_service_setting) in every region the stacks deploy to."
	return []*control.Control{
		settingControl(settingSpec{id: "ONUS-SSM-004", fsbp: "SSM.6", severity: control.Medium, layer: "logging-monitoring",
			title: "SSM Automation sends script output to CloudWatch Logs", setting: "/ssm/automation/customer-script-log-destination",
			want: "CloudWatch", what: "Automation script output goes to CloudWatch Logs", frameworks: fw.Logging(),
			rationale: "Automation runbooks run scripts (aws:executeScript) with the permissions of their assume role; " +
				"unless the account sends their output to CloudWatch Logs there is no record of what those scripts did. " +
				"The destination is an account setting per region, and choosing it is the customer's side of the model.",
			remediation: control.Remediation{
				Summary:        "Set the Automation customer script log destination to CloudWatch in every region.",
				Terraform:      "resource \"aws_ssm_service_setting\" \"automation_logs\" {\n  setting_id    = \"/ssm/automation/customer-script-log-destination\"\n  setting_value = \"CloudWatch\"\n}",
				CloudFormation: noCFN,
				CLI:            "aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination --setting-value CloudWatch",
			}}),
		settingControl(settingSpec{id: "ONUS-SSM-005", fsbp: "SSM.7", severity: control.Critical, layer: "identity-access",
			title: "SSM documents block public sharing", setting: "/ssm/documents/console/public-sharing-permission",
			want: "Disable", what: "public sharing of SSM documents is blocked", frameworks: fw.PublicAccess(),
			rationale: "While public sharing is allowed, one ModifyDocumentPermission call publishes a document (and the " +
				"scripts, host names and parameters in it) to every AWS account; the account-level block, off by " +
				"default, prevents that mistake in the region.",
			remediation: control.Remediation{
				Summary:        "Turn on the block public sharing setting for SSM documents in every region.",
				Terraform:      "resource \"aws_ssm_service_setting\" \"block_public_docs\" {\n  setting_id    = \"/ssm/documents/console/public-sharing-permission\"\n  setting_value = \"Disable\"\n}",
				CloudFormation: noCFN,
				CLI:            "aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission --setting-value Disable",
			}}),
	}
}

// complianceControl judges the live compliance summaries of one type.
func complianceControl(id, fsbp, typ, title, layer string, sev control.Severity, frameworks fw.M, rationale string, rem control.Remediation) *control.Control {
	gapType := ssm.ComplianceGapType(typ)
	// The duty is the guest OS of the instance, which the customer owns on
	// EC2 (AWS owns the guest OS of SSM itself): the results count in the
	// EC2 row of the responsibility matrix.
	return &control.Control{
		ID: id, Title: title, Severity: sev, Service: "ec2", Layer: layer,
		Frameworks: fw.Of(fw.FSBP(fsbp), frameworks),
		Rationale:  rationale,
		Checked: "The " + typ + " compliance summary of every managed instance (live: ssm:ListResourceComplianceSummaries " +
			"filtered on ComplianceType " + typ + "): COMPLIANT passes; NON_COMPLIANT fails; a region whose summaries " +
			"could not be listed is unknown. An account with no " + typ + " summaries (no managed instance reports " + typ +
			" compliance) is not applicable, as in Security Hub. Compliance is state the instances report to Systems " +
			"Manager at run time, so on Terraform and CloudFormation the control is not applicable.",
		Remediation: rem,
		Check: func(e *model.Estate) []control.Result {
			var out []control.Result
			for _, c := range e.SSMCompliance {
				if c.Type != typ {
					continue
				}
				out = append(out, control.On(&c.Meta).Result(ck.Judge(c.Status, typ+" compliance", func(s string) (bool, string) {
					if strings.EqualFold(s, "COMPLIANT") {
						return true, "instance " + c.InstanceID + " is " + typ + " COMPLIANT"
					}
					return false, "instance " + c.InstanceID + " is " + typ + " " + s
				})))
			}
			acct := control.On(scope.Account(e))
			if !e.AccountWide {
				if len(out) > 0 {
					return out
				}
				return []control.Result{acct.NA(typ + " compliance is reported by managed instances to Systems Manager at run time; code cannot show it, only a live scan can")}
			}
			// A region whose listing failed may hold non-compliant instances.
			seen := map[string]bool{}
			for _, g := range e.Gaps {
				if g.Type != gapType || seen[g.Region] {
					continue
				}
				seen[g.Region] = true
				m := scope.Account(e)
				if g.Region != "" {
					m = scope.RegionMeta(e, g.Region)
				}
				out = append(out, control.On(m).Unknown(typ+" compliance summaries could not be listed: "+g.Reason))
			}
			if len(out) == 0 {
				return []control.Result{acct.NA("no managed instance reports " + typ + " compliance in the scanned regions")}
			}
			return out
		},
	}
}

func complianceControls() []*control.Control {
	return []*control.Control{
		complianceControl("ONUS-SSM-002", "SSM.2", "Patch", "Managed instances are patch compliant", "guest-os", control.High, fw.Patching(),
			"Patching the guest OS is the customer's side of the shared model on EC2; Patch Manager reports which "+
				"instances still miss patches their baseline approves after a patch scan or install.",
			control.Remediation{
				Summary:        "Run Patch Manager (AWS-RunPatchBaseline, Operation Install) on the non-compliant instances, on a schedule.",
				Terraform:      "resource \"aws_ssm_association\" \"patch\" {\n  name                = \"AWS-RunPatchBaseline\"\n  schedule_expression = \"rate(7 days)\"\n  parameters = {\n    Operation = \"Install\"\n  }\n  targets {\n    key    = \"tag:Patch\"\n    values = [\"true\"]\n  }\n}",
				CloudFormation: "Patch:\n  Type: AWS::SSM::Association\n  Properties:\n    Name: AWS-RunPatchBaseline\n    ScheduleExpression: rate(7 days)\n    Parameters:\n      Operation: [Install]\n    Targets:\n      - Key: tag:Patch\n        Values: [\"true\"]",
				CLI:            "aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=i-0123456789abcdef0 --parameters Operation=Install",
			}),
		complianceControl("ONUS-SSM-003", "SSM.3", "Association", "Managed instances are association compliant", "guest-os", control.Low,
			fw.M{fw.NIST: {"CM-2", "CM-6"}, fw.ISO: {"A.8.9"}, fw.SOC2: {"CC7.1"}},
			"State Manager associations keep instances in the configuration the customer declared (agents, settings, "+
				"software); a non-compliant association means that configuration did not apply on the instance.",
			control.Remediation{
				Summary:        "Find the failed association execution, fix its cause (document, parameters, instance role), then apply it again.",
				Terraform:      "# The failing association: correct its document, parameters or targets; apply re-runs it at once.\nresource \"aws_ssm_association\" \"config\" {\n  name                        = aws_ssm_document.config.name\n  apply_only_at_cron_interval = false\n  schedule_expression         = \"rate(1 day)\"\n  targets {\n    key    = \"tag:Role\"\n    values = [\"web\"]\n  }\n}",
				CloudFormation: "# The failing association: correct its document, parameters or targets, then update the stack.\nConfig:\n  Type: AWS::SSM::Association\n  Properties:\n    Name: !Ref ConfigDocument\n    ApplyOnlyAtCronInterval: false\n    ScheduleExpression: rate(1 day)\n    Targets:\n      - Key: tag:Role\n        Values: [web]",
				CLI:            "aws ssm start-associations-once --association-ids 11111111-2222-3333-4444-555555555555",
			}),
	}
}

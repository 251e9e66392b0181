package guardduty

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
)

// feature is one FSBP GuardDuty protection plan check: every name in all
// must be enabled on the detector.
type feature struct {
	id, fsbp, title, what, why string
	sev                        control.Severity
	all                        []string
}

func features() []feature {
	return []feature{
		{"ONUS-GD-002", "GuardDuty.5", "GuardDuty EKS Audit Log Monitoring is enabled", "EKS audit log monitoring", "Kubernetes API abuse (anonymous access, exec into pods, privileged pod creation) is visible only in the EKS audit logs.", control.High, []string{"EKS_AUDIT_LOGS"}},
		{"ONUS-GD-003", "GuardDuty.6", "GuardDuty Lambda Protection is enabled", "Lambda protection", "Compromised functions calling out to mining pools or command-and-control hosts show up in Lambda network activity.", control.High, []string{"LAMBDA_NETWORK_LOGS"}},
		{"ONUS-GD-004", "GuardDuty.7", "GuardDuty EKS Runtime Monitoring is enabled", "EKS runtime monitoring", "Container escapes and malicious processes inside EKS pods are only seen by the runtime agent.", control.High, []string{"RUNTIME_MONITORING", "EKS_ADDON_MANAGEMENT"}},
		{"ONUS-GD-005", "GuardDuty.8", "GuardDuty Malware Protection for EC2 is enabled", "malware protection for EC2", "Scanning EBS volumes of instances with suspicious behaviour finds the malware that caused it.", control.High, []string{"EBS_MALWARE_PROTECTION"}},
		{"ONUS-GD-006", "GuardDuty.9", "GuardDuty RDS Protection is enabled", "RDS protection", "Brute-force and anomalous logins to Aurora databases are detected from login events.", control.High, []string{"RDS_LOGIN_EVENTS"}},
		{"ONUS-GD-007", "GuardDuty.10", "GuardDuty S3 Protection is enabled", "S3 protection", "Data exfiltration and suspicious access to buckets are detected from S3 data events.", control.High, []string{"S3_DATA_EVENTS"}},
		{"ONUS-GD-008", "GuardDuty.11", "GuardDuty Runtime Monitoring is enabled", "runtime monitoring", "OS-level threats (reverse shells, crypto-miners, privilege escalation) need the runtime agent on EKS, ECS and EC2.", control.High, []string{"RUNTIME_MONITORING"}},
		{"ONUS-GD-009", "GuardDuty.12", "GuardDuty ECS Runtime Monitoring is enabled", "ECS (Fargate) runtime monitoring", "Fargate tasks have no host you can instrument; GuardDuty's managed agent is the runtime view.", control.Medium, []string{"RUNTIME_MONITORING", "ECS_FARGATE_AGENT_MANAGEMENT"}},
		{"ONUS-GD-010", "GuardDuty.13", "GuardDuty EC2 Runtime Monitoring is enabled", "EC2 runtime monitoring", "Instance-level process and network events reveal compromised hosts that VPC flow logs alone miss.", control.Medium, []string{"RUNTIME_MONITORING", "EC2_AGENT_MANAGEMENT"}},
	}
}

func featureControls() []*control.Control {
	var out []*control.Control
	for _, f := range features() {
		out = append(out, featureControl(f))
	}
	return out
}

func featureControl(f feature) *control.Control {
	var tf, cfn, cli []string
	for _, n := range f.all {
		tf = append(tf, "resource \"aws_guardduty_detector_feature\" \""+strings.ToLower(n)+"\" {\n  detector_id = aws_guardduty_detector.this.id\n  name        = \""+n+"\"\n  status      = \"ENABLED\"\n}")
		cfn = append(cfn, "      - Name: "+n+"\n        Status: ENABLED")
		cli = append(cli, "{\"Name\":\""+n+"\",\"Status\":\"ENABLED\"}")
	}
	return &control.Control{
		ID: f.id, Title: f.title, Severity: f.sev, Service: "guardduty", Layer: "logging-monitoring",
		Frameworks: map[string][]string{control.FSBP: {f.fsbp}, control.NIST: {"SI-4"}},
		Rationale:  f.why,
		Checked:    "Per region with GuardDuty enabled: the detector features " + strings.Join(f.all, " and ") + " are ENABLED (GetDetector Features; code: aws_guardduty_detector_feature or AWS::GuardDuty::Detector Features). Regions with GuardDuty off are NOT_APPLICABLE (ONUS-GD-001 reports them).",
		Remediation: control.Remediation{
			Summary:        "Enable " + f.what + " on the GuardDuty detector in every region.",
			Terraform:      strings.Join(tf, "\n\n"),
			CloudFormation: "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n    Enable: true\n    Features:\n" + strings.Join(cfn, "\n"),
			CLI:            "aws guardduty update-detector --detector-id DETECTOR_ID --features '[" + strings.Join(cli, ",") + "]'",
		},
		Check: func(e *model.Estate) []control.Result {
			return scope.PerRegion(e, "GuardDuty "+f.what, func(r *account.Region) control.Verdict {
				on, ok := r.GuardDuty.Get()
				switch {
				case ok && !on:
					return control.Verdict{Outcome: control.NotApplicable, Reason: "GuardDuty is not enabled in " + r.Name + " (see ONUS-GD-001)"}
				case !ok && scope.Code(&r.Meta) && r.GuardDuty.Prov().Loc.IsZero():
					return control.Verdict{Outcome: control.NotApplicable, Reason: "the scanned code declares no GuardDuty detector for " + r.Name}
				}
				fs, fok := r.GuardDutyFeatures.Get()
				if !fok {
					return control.Verdict{Outcome: control.Unknown, Reason: "GuardDuty features in " + r.Name + " are unknown: " + r.GuardDutyFeatures.Reason(),
						Evidence: []control.Evidence{control.EvAt("GuardDuty features", r.GuardDutyFeatures.PackedProv())}}
				}
				var off []string
				for _, n := range f.all {
					if !fs[n] {
						off = append(off, n)
					}
				}
				if len(off) > 0 {
					return control.Verdict{Outcome: control.Fail, Reason: "GuardDuty feature(s) " + strings.Join(off, ", ") + " not enabled in " + r.Name,
						Evidence: []control.Evidence{control.EvAt("features off: "+strings.Join(off, ", "), r.GuardDutyFeatures.PackedProv())}}
				}
				if !ok {
					return control.Verdict{Outcome: control.Unknown, Reason: "the features are on, but whether GuardDuty itself is enabled in " + r.Name + " is unknown: " + r.GuardDuty.Reason()}
				}
				return control.Verdict{Outcome: control.Pass, Reason: f.what + " is enabled in " + r.Name,
					Evidence: []control.Evidence{control.EvAt("features on: "+strings.Join(f.all, ", "), r.GuardDutyFeatures.PackedProv())}}
			})
		},
	}
}

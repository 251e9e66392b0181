package ssm

import (
	"context"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

// settingCases cover the service setting (ONUS-SSM-004/005) and
// compliance (ONUS-SSM-002/003) controls.
func settingCases() []ctest.Case {
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
		na   = control.NotApplicable
	)
	const logs, share = "/ssm/automation/customer-script-log-destination", "/ssm/documents/console/public-sharing-permission"
	liveSetting := func(id string, v source.Value[string]) *ssm.ServiceSetting {
		x := &ssm.ServiceSetting{Meta: ctest.Live("AWS::SSM::ServiceSetting", "arn:aws:ssm:eu-west-1:111122223333:servicesetting"+id), SettingID: id, Value: v}
		x.Region = "eu-west-1"
		return x
	}
	live := func(xs ...*ssm.ServiceSetting) *model.Estate {
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"eu-west-1"}, SSMServiceSettings: xs}
	}
	code := func(id string, v source.Value[string]) *model.Estate {
		x := &ssm.ServiceSetting{Meta: ctest.TF("aws_ssm_service_setting", "s"), SettingID: id, Value: v}
		return &model.Estate{SSMServiceSettings: []*ssm.ServiceSetting{x}}
	}
	cfn := &model.Estate{SSMDocuments: []*ssm.Document{{Meta: ctest.CFN("AWS::SSM::Document", "Doc"), SharedWith: ctest.K([]string{})}}}
	comp := func(typ string, status source.Value[string], accountWide bool) *model.Estate {
		c := &ssm.Compliance{Meta: ctest.Live("AWS::SSM::"+typ+"Compliance", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"), InstanceID: "i-1", Type: typ, Status: status}
		return &model.Estate{AccountWide: accountWide, ScannedRegions: []string{"eu-west-1"}, SSMCompliance: []*ssm.Compliance{c}}
	}
	gap := func(typ string) model.Gap {
		return model.Gap{Type: ssm.ComplianceGapType(typ), Region: "us-east-1", APICall: "ssm:ListResourceComplianceSummaries", Reason: "ssm:ListResourceComplianceSummaries: AccessDeniedException (permission denied)"}
	}
	withGap := func(e *model.Estate, g model.Gap) *model.Estate {
		e.ScannedRegions = append(e.ScannedRegions, g.Region)
		e.Gaps = append(e.Gaps, g)
		return e
	}
	return []ctest.Case{
		{Name: "live cloudwatch", Control: "ONUS-SSM-004", Estate: live(liveSetting(logs, ctest.K("CloudWatch"))), Want: pass},
		{Name: "live none", Control: "ONUS-SSM-004", Estate: live(liveSetting(logs, ctest.K("None"))), Want: fail, Reason: "want CloudWatch"},
		{Name: "live denied", Control: "ONUS-SSM-004", Estate: live(liveSetting(logs, ctest.U[string]("ssm:GetServiceSetting: AccessDeniedException (permission denied)"))), Want: unk, Reason: "AccessDenied"},
		{Name: "live not read", Control: "ONUS-SSM-004", Estate: live(liveSetting(share, ctest.K("Disable"))), Want: unk, Reason: "not read in eu-west-1"},
		{Name: "code declared", Control: "ONUS-SSM-004", Estate: code(logs, ctest.K("CloudWatch")), Want: pass},
		{Name: "code other setting", Control: "ONUS-SSM-004", Estate: code(share, ctest.K("Disable")), Want: na},
		{Name: "code undeclared", Control: "ONUS-SSM-004", Estate: &model.Estate{}, Want: na},
		{Name: "cloudformation", Control: "ONUS-SSM-004", Estate: cfn, Want: na, Reason: "evaluated on live account scans"},

		{Name: "live disabled", Control: "ONUS-SSM-005", Estate: live(liveSetting(share, ctest.K("Disable"))), Want: pass},
		{Name: "live enabled", Control: "ONUS-SSM-005", Estate: live(liveSetting(share, ctest.K("Enable"))), Want: fail},
		{Name: "live throttled", Control: "ONUS-SSM-005", Estate: live(liveSetting(share, ctest.U[string]("ssm:GetServiceSetting: ThrottlingException (throttled)"))), Want: unk, Reason: "Throttling"},
		{Name: "code enabled", Control: "ONUS-SSM-005", Estate: code(share, ctest.K("Enable")), Want: fail},
		{Name: "code var", Control: "ONUS-SSM-005", Estate: code(share, ctest.U[string]("var.v has no value")), Want: unk, Reason: "var.v"},
		{Name: "code unknown id", Control: "ONUS-SSM-005", Estate: code("", ctest.K("Disable")), Want: unk, Reason: "setting_id has no known value"},
		{Name: "cloudformation", Control: "ONUS-SSM-005", Estate: cfn, Want: na},

		{Name: "patched", Control: "ONUS-SSM-002", Estate: comp("Patch", ctest.K("COMPLIANT"), true), Want: pass},
		{Name: "missing patches", Control: "ONUS-SSM-002", Estate: comp("Patch", ctest.K("NON_COMPLIANT"), true), Want: fail, Reason: "NON_COMPLIANT"},
		{Name: "status unknown", Control: "ONUS-SSM-002", Estate: comp("Patch", ctest.U[string]("throttled"), true), Want: unk},
		{Name: "terraform", Control: "ONUS-SSM-002", Estate: code(logs, ctest.K("CloudWatch")), Want: na, Reason: "only a live scan"},
		{Name: "cloudformation", Control: "ONUS-SSM-002", Estate: cfn, Want: na},
		{Name: "live no patch data", Control: "ONUS-SSM-002", Estate: comp("Association", ctest.K("COMPLIANT"), true), Want: na, Reason: "no managed instance"},
		{Name: "live denied", Control: "ONUS-SSM-002", Estate: withGap(&model.Estate{AccountWide: true}, gap("Patch")), Want: unk, Reason: "AccessDenied"},
		{Name: "other type denied", Control: "ONUS-SSM-002", Estate: withGap(comp("Patch", ctest.K("COMPLIANT"), true), gap("Association")), Want: pass},

		{Name: "association ok", Control: "ONUS-SSM-003", Estate: comp("Association", ctest.K("COMPLIANT"), true), Want: pass},
		{Name: "association failed", Control: "ONUS-SSM-003", Estate: comp("Association", ctest.K("NON_COMPLIANT"), true), Want: fail},
		{Name: "denied", Control: "ONUS-SSM-003", Estate: withGap(&model.Estate{AccountWide: true}, gap("Association")), Want: unk},
		{Name: "code", Control: "ONUS-SSM-003", Estate: &model.Estate{}, Want: na},
	}
}

// TestRegionsJudgedApart: a region not read (or not listed) is UNKNOWN on
// its own, next to the verdicts of the regions that were read.
func TestRegionsJudgedApart(t *testing.T) {
	x := &ssm.ServiceSetting{Meta: ctest.Live("AWS::SSM::ServiceSetting", "arn:aws:ssm:eu-west-1:111122223333:servicesetting/ssm/automation/customer-script-log-destination"),
		SettingID: "/ssm/automation/customer-script-log-destination", Value: ctest.K("CloudWatch")}
	x.Region = "eu-west-1"
	c := &ssm.Compliance{Meta: ctest.Live("AWS::SSM::PatchCompliance", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"), InstanceID: "i-1", Type: "Patch", Status: ctest.K("COMPLIANT")}
	e := &model.Estate{AccountWide: true, ScannedRegions: []string{"eu-west-1", "us-east-1"}, SSMServiceSettings: []*ssm.ServiceSetting{x}, SSMCompliance: []*ssm.Compliance{c},
		Gaps: []model.Gap{{Type: ssm.ComplianceGapType("Patch"), Region: "us-east-1", Reason: "ssm:ListResourceComplianceSummaries: AccessDeniedException (permission denied)"}}}
	got := map[string]control.Outcome{}
	for _, r := range control.Run(context.Background(), e, Controls()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r.Outcome
	}
	for k, want := range map[string]control.Outcome{
		"ONUS-SSM-004 " + x.Address: control.Pass,
		"ONUS-SSM-004 us-east-1":    control.Unknown,
		"ONUS-SSM-002 " + c.Address: control.Pass,
		"ONUS-SSM-002 us-east-1":    control.Unknown,
		"ONUS-SSM-003 account":      control.NotApplicable,
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %s", k, got[k], want)
		}
	}
}

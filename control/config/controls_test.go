package config

import (
	"testing"

	"github.com/onus-sec/onus/control"
	. "github.com/onus-sec/onus/control/internal/ctltest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/awsconfig"
)

const slr = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

func rec(region string, f func(*awsconfig.Recorder)) *awsconfig.Recorder {
	r := &awsconfig.Recorder{Meta: Live(recorderType, "default@"+region), Name: K("default"), AllSupported: K(true), IncludeGlobalResourceTypes: K(region == "us-east-1"),
		Recording: K(true), RoleARN: K(slr), LastStatus: K("SUCCESS")}
	r.Region = region
	if f != nil {
		f(r)
	}
	return r
}

func ch(region string) *awsconfig.DeliveryChannel {
	d := &awsconfig.DeliveryChannel{Meta: Live("AWS::Config::DeliveryChannel", "default@"+region), S3Bucket: K("config-bucket")}
	d.Region = region
	return d
}

func live(recs []*awsconfig.Recorder, f func(*model.Estate)) *model.Estate {
	e := &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1", "eu-west-1"}, ConfigRecorders: recs,
		ConfigDeliveryChannels: []*awsconfig.DeliveryChannel{ch("us-east-1"), ch("eu-west-1")}}
	if f != nil {
		f(e)
	}
	return e
}

func both(f func(*awsconfig.Recorder)) []*awsconfig.Recorder {
	return []*awsconfig.Recorder{rec("us-east-1", nil), rec("eu-west-1", f)}
}

func TestRecorders(t *testing.T) {
	code := &awsconfig.Recorder{Meta: TF("aws_config_configuration_recorder", "aws_config_configuration_recorder.this"), AllSupported: K(true), Recording: K(false),
		IncludeGlobalResourceTypes: K(false), RoleARN: K("aws_iam_role.config.arn")}
	Run(t, Find(t, Controls(), "ONUS-CFG-001"), []Case{
		{Name: "all regions", Estate: live(both(nil), nil), Address: "default@eu-west-1", Want: control.Pass},
		{Name: "region missing", Estate: live(both(nil)[:1], nil), Address: "eu-west-1", Want: control.Fail, Reason: "no AWS Config recorder"},
		{Name: "some types", Estate: live(both(func(r *awsconfig.Recorder) { r.AllSupported = K(false) }), nil), Address: "default@eu-west-1", Want: control.Fail},
		{Name: "stopped", Estate: live(both(func(r *awsconfig.Recorder) { r.Recording = K(false) }), nil), Address: "default@eu-west-1", Want: control.Fail},
		{Name: "status denied", Estate: live(both(func(r *awsconfig.Recorder) {
			r.Recording = U[bool]("DescribeConfigurationRecorderStatus: AccessDenied")
		}), nil), Address: "default@eu-west-1", Want: control.Unknown},
		{Name: "listing denied", Estate: live(both(nil)[:1], func(e *model.Estate) {
			e.Gaps = []model.Gap{{Type: recorderType, Region: "eu-west-1", Reason: "AccessDenied"}}
		}), Address: "eu-west-1", Want: control.Unknown},
		{Name: "code stopped", Estate: &model.Estate{ConfigRecorders: []*awsconfig.Recorder{code}}, Want: control.Fail},
		{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, Controls(), "ONUS-CFG-002"), []Case{
		{Name: "global in home", Estate: live(both(nil), nil), Want: control.Pass},
		{Name: "none global", Estate: live([]*awsconfig.Recorder{rec("eu-west-1", nil)}, nil), Want: control.Fail},
		{Name: "no recorder", Estate: live(nil, nil), Want: control.Fail},
		{Name: "unknown", Estate: live([]*awsconfig.Recorder{rec("eu-west-1", func(r *awsconfig.Recorder) { r.IncludeGlobalResourceTypes = U[bool]("x") })}, nil), Want: control.Unknown},
		{Name: "home region listing denied", Estate: live([]*awsconfig.Recorder{rec("eu-west-1", nil)}, func(e *model.Estate) {
			e.Gaps = []model.Gap{{Type: recorderType, Region: "us-east-1", Reason: "config:DescribeConfigurationRecorders: AccessDeniedException"}}
		}), Want: control.Unknown, Reason: "AccessDeniedException"},
		{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, Controls(), "ONUS-CFG-003"), []Case{
		{Name: "channel", Estate: live(both(nil), nil), Address: "default@eu-west-1", Want: control.Pass},
		{Name: "missing", Estate: live(both(nil), func(e *model.Estate) { e.ConfigDeliveryChannels = e.ConfigDeliveryChannels[:1] }), Address: "default@eu-west-1", Want: control.Fail},
		{Name: "code missing", Estate: &model.Estate{ConfigRecorders: []*awsconfig.Recorder{code}}, Want: control.Fail},
		{Name: "unknown bucket", Estate: live(both(nil), func(e *model.Estate) { e.ConfigDeliveryChannels[1].S3Bucket = U[string]("var.bucket") }), Address: "default@eu-west-1", Want: control.Unknown},
		{Name: "no recorders", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, Controls(), "ONUS-CFG-004"), []Case{
		{Name: "slr", Estate: live(both(nil), nil), Address: "default@eu-west-1", Want: control.Pass},
		{Name: "custom", Estate: live(both(func(r *awsconfig.Recorder) { r.RoleARN = K("arn:aws:iam::111122223333:role/config") }), nil), Address: "default@eu-west-1", Want: control.Fail},
		{Name: "unknown", Estate: live(both(func(r *awsconfig.Recorder) { r.RoleARN = U[string]("x") }), nil), Address: "default@eu-west-1", Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, Controls(), "ONUS-CFG-006"), []Case{
		{Name: "ok", Estate: live(both(nil), nil), Address: "default@eu-west-1", Want: control.Pass},
		{Name: "failing", Estate: live(both(func(r *awsconfig.Recorder) { r.LastStatus = K("FAILURE") }), nil), Address: "default@eu-west-1", Want: control.Fail},
		{Name: "unknown", Estate: live(both(func(r *awsconfig.Recorder) { r.LastStatus = U[string]("x") }), nil), Address: "default@eu-west-1", Want: control.Unknown},
		{Name: "code", Estate: &model.Estate{ConfigRecorders: []*awsconfig.Recorder{code}}, Want: control.NotApplicable},
	})
}

func TestS3EncryptionRule(t *testing.T) {
	rule := func(id string) *awsconfig.Rule {
		return &awsconfig.Rule{Meta: Live("AWS::Config::ConfigRule", "r"), SourceIdentifier: K(id)}
	}
	Run(t, Find(t, Controls(), "ONUS-CFG-005"), []Case{
		{Name: "rule", Estate: live(both(nil), func(e *model.Estate) {
			e.ConfigRules = []*awsconfig.Rule{rule("S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED")}
		}), Want: control.Pass},
		{Name: "pack", Estate: live(both(nil), func(e *model.Estate) {
			e.ConformancePacks = []*awsconfig.ConformancePack{{Meta: Live("AWS::Config::ConformancePack", "cis")}}
		}), Want: control.Pass},
		{Name: "other rule", Estate: live(both(nil), func(e *model.Estate) { e.ConfigRules = []*awsconfig.Rule{rule("IAM_PASSWORD_POLICY")} }), Want: control.Fail},
		{Name: "packs denied", Estate: live(both(nil), func(e *model.Estate) {
			e.ConfigRules = []*awsconfig.Rule{rule("IAM_PASSWORD_POLICY")}
			e.Gaps = []model.Gap{{Type: "AWS::Config::ConformancePack", Region: "eu-west-1", Reason: "config:DescribeConformancePacks: AccessDeniedException"}}
		}), Want: control.Unknown, Reason: "AccessDeniedException"},
		{Name: "rules denied", Estate: live(both(nil), func(e *model.Estate) {
			e.Gaps = []model.Gap{{Type: "AWS::Config::ConfigRule", Region: "eu-west-1", Reason: "config:DescribeConfigRules: AccessDeniedException"}}
		}), Want: control.Unknown, Reason: "AccessDeniedException"},
		{Name: "unknown rule", Estate: live(both(nil), func(e *model.Estate) {
			e.ConfigRules = []*awsconfig.Rule{{Meta: Live("AWS::Config::ConfigRule", "r"), SourceIdentifier: U[string]("x")}}
		}), Want: control.Unknown},
		{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
}

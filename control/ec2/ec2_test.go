package ec2

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
	na   = control.NotApplicable
)

func inst(f func(*ec2.Instance)) *model.Estate {
	i := &ec2.Instance{Meta: ctest.TF("aws_instance", "web")}
	f(i)
	return &model.Estate{EC2Instances: []*ec2.Instance{i}}
}

func live(f func(*ec2.Instance)) *model.Estate {
	i := &ec2.Instance{Meta: ctest.Live("AWS::EC2::Instance", "i-0123")}
	f(i)
	return &model.Estate{EC2Instances: []*ec2.Instance{i}, AccountWide: true}
}

func allow(e *model.Estate, list ...string) *model.Estate {
	e.Settings.AMIAllowList = ctest.K(list)
	return e
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	ami := func(id string) func(*ec2.Instance) { return func(i *ec2.Instance) { i.ImageID = ctest.K(id) } }
	cases := []ctest.Case{
		{Name: "required", Control: "ONUS-EC2-001", Estate: inst(func(i *ec2.Instance) { i.HTTPTokens = ctest.K("required") }), Want: pass},
		{Name: "endpoint off", Control: "ONUS-EC2-001", Estate: inst(func(i *ec2.Instance) { i.HTTPEndpoint = ctest.K("disabled") }), Want: pass},
		{Name: "optional", Control: "ONUS-EC2-001", Estate: inst(func(i *ec2.Instance) { i.HTTPTokens = ctest.K("optional") }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-001", Estate: inst(func(i *ec2.Instance) { i.HTTPEndpoint = ctest.K("enabled") }), Want: unk},

		{Name: "private", Control: "ONUS-EC2-002", Estate: inst(func(i *ec2.Instance) { i.PublicIP = ctest.K(false) }), Want: pass},
		{Name: "public", Control: "ONUS-EC2-002", Estate: inst(func(i *ec2.Instance) { i.PublicIP = ctest.K(true) }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-002", Estate: inst(func(*ec2.Instance) {}), Want: unk},

		{Name: "profile", Control: "ONUS-EC2-003", Estate: inst(func(i *ec2.Instance) { i.InstanceProfile = ctest.K("web") }), Want: pass},
		{Name: "none", Control: "ONUS-EC2-003", Estate: inst(func(i *ec2.Instance) { i.InstanceProfile = ctest.K("") }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-003", Estate: inst(func(*ec2.Instance) {}), Want: unk},

		{Name: "clean", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) { i.UserData = ctest.K("#!/bin/bash\nyum install -y nginx\n") }), Want: pass},
		{Name: "empty", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) { i.UserData = ctest.K("") }), Want: pass},
		{Name: "keys", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) {
			i.UserData = ctest.K("#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
		}), Want: fail, Secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Reason: "line 2"},
		{Name: "unknown", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) { i.UserData = ctest.U[string]("templatefile() not evaluated") }), Want: unk},
		{Name: "partly known with a literal key", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) {
			i.UserData = ctest.U[string]("variable \"x\" has no value")
			i.UserDataPartial = ctest.K("#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n${var.x}\n")
		}), Want: fail, Secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Reason: "literal parts"},
		{Name: "partly known without a literal secret", Control: "ONUS-EC2-004", Estate: inst(func(i *ec2.Instance) {
			i.UserData = ctest.U[string]("variable \"pw\" has no value")
			i.UserDataPartial = ctest.K("#!/bin/bash\nexport DB_PASSWORD=${var.pw}\n")
		}), Want: unk},

		{Name: "listed", Control: "ONUS-EC2-005", Estate: allow(inst(ami("ami-0abc123")), "ami-0abc*"), Want: pass},
		{Name: "not listed", Control: "ONUS-EC2-005", Estate: allow(inst(ami("ami-0def456")), "ami-0abc*"), Want: fail},
		{Name: "ami unknown", Control: "ONUS-EC2-005", Estate: allow(inst(func(*ec2.Instance) {}), "ami-0abc*"), Want: unk},
		{Name: "list unreadable", Control: "ONUS-EC2-005", Estate: func() *model.Estate {
			e := inst(ami("ami-1"))
			e.Settings.AMIAllowList = ctest.U[[]string](".onus.yaml: ami_allow_list is not a list")
			return e
		}(), Want: unk},
		{Name: "not configured", Control: "ONUS-EC2-005", Estate: inst(ami("ami-1")), Want: na},

		{Name: "on", Control: "ONUS-EC2-006", Estate: inst(func(i *ec2.Instance) { i.Monitoring = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-EC2-006", Estate: inst(func(i *ec2.Instance) { i.Monitoring = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-006", Estate: inst(func(*ec2.Instance) {}), Want: unk},

		{Name: "managed", Control: "ONUS-EC2-007", Estate: live(func(i *ec2.Instance) { i.SSMManaged = ctest.K(true) }), Want: pass},
		{Name: "unmanaged", Control: "ONUS-EC2-007", Estate: live(func(i *ec2.Instance) { i.SSMManaged = ctest.K(false) }), Want: fail},
		{Name: "denied", Control: "ONUS-EC2-007", Estate: live(func(i *ec2.Instance) { i.SSMManaged = ctest.U[bool]("AccessDenied on ssm:DescribeInstanceInformation") }), Want: unk},
		{Name: "code", Control: "ONUS-EC2-007", Estate: inst(func(*ec2.Instance) {}), Want: na},

		{Name: "custom vpc", Control: "ONUS-EC2-008", Estate: inst(func(i *ec2.Instance) { i.InDefaultVPC = ctest.K(false) }), Want: pass},
		{Name: "default vpc", Control: "ONUS-EC2-008", Estate: inst(func(i *ec2.Instance) { i.InDefaultVPC = ctest.K(true) }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-008", Estate: inst(func(*ec2.Instance) {}), Want: unk},
	}
	ctest.Run(t, instanceControls(), cases)
}

func vol(enc bool) *ec2.Volume {
	return &ec2.Volume{Meta: ctest.TF("aws_ebs_volume", "data"), Encrypted: ctest.K(enc)}
}

func def(region string, on bool) *ec2.EBSDefaults {
	m := ctest.Live("AWS::EC2::EBSEncryptionByDefault", region)
	m.Region = region
	return &ec2.EBSDefaults{Meta: m, EncryptionByDefault: ctest.K(on)}
}

func TestEBS(t *testing.T) {
	ctest.Validate(t, Controls())
	snap := func(f func(*ec2.Snapshot)) *model.Estate {
		s := &ec2.Snapshot{Meta: ctest.Live("AWS::EC2::Snapshot", "snap-1")}
		f(s)
		return &model.Estate{EBSSnapshots: []*ec2.Snapshot{s}}
	}
	liveVol := &ec2.Volume{Meta: ctest.Live("AWS::EC2::Volume", "vol-1"), Encrypted: ctest.K(false)}
	codeVol := vol(false)
	codeVol.Region = "eu-west-1"
	cases := []ctest.Case{
		{Name: "encrypted", Control: "ONUS-EBS-001", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{vol(true)}}, Want: pass},
		{Name: "plain", Control: "ONUS-EBS-001", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{vol(false)}}, Want: fail},
		// Encryption by default does not encrypt volumes that already exist.
		{Name: "live plain despite region default", Control: "ONUS-EBS-001", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{liveVol},
			EBSDefaults: []*ec2.EBSDefaults{def("eu-west-1", true)}}, Want: fail},
		{Name: "code volume under region default", Control: "ONUS-EBS-001", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{codeVol},
			EBSDefaults: []*ec2.EBSDefaults{def("eu-west-1", true)}}, Want: pass},
		{Name: "root unknown", Control: "ONUS-EBS-001", Estate: inst(func(*ec2.Instance) {}), Want: unk},
		{Name: "root plain", Control: "ONUS-EBS-001", Estate: inst(func(i *ec2.Instance) { i.RootVolumeEncrypted = ctest.K(false) }), Want: fail},

		{Name: "private", Control: "ONUS-EBS-002", Estate: snap(func(s *ec2.Snapshot) { s.Public = ctest.K(false) }), Want: pass},
		{Name: "public", Control: "ONUS-EBS-002", Estate: snap(func(s *ec2.Snapshot) { s.Public = ctest.K(true) }), Want: fail},
		{Name: "denied", Control: "ONUS-EBS-002", Estate: snap(func(s *ec2.Snapshot) { s.Public = ctest.U[bool]("AccessDenied") }), Want: unk},
		{Name: "code", Control: "ONUS-EBS-002", Estate: &model.Estate{EBSSnapshots: []*ec2.Snapshot{{Meta: ctest.TF("aws_ebs_snapshot", "s")}}}, Want: na},

		{Name: "encrypted", Control: "ONUS-EBS-003", Estate: snap(func(s *ec2.Snapshot) { s.Encrypted = ctest.K(true) }), Want: pass},
		{Name: "plain", Control: "ONUS-EBS-003", Estate: snap(func(s *ec2.Snapshot) { s.Encrypted = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-EBS-003", Estate: snap(func(*ec2.Snapshot) {}), Want: unk},

		{Name: "on", Control: "ONUS-EBS-004", Estate: &model.Estate{EBSDefaults: []*ec2.EBSDefaults{def("eu-west-1", true)}}, Want: pass},
		{Name: "off", Control: "ONUS-EBS-004", Estate: &model.Estate{EBSDefaults: []*ec2.EBSDefaults{def("eu-west-1", false)}}, Want: fail},
		{Name: "live region not read", Control: "ONUS-EBS-004", Estate: &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"}}, Want: unk, Reason: "us-east-1"},
		{Name: "code undeclared", Control: "ONUS-EBS-004", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{vol(true)}}, Want: na},
		{Name: "code, no ec2 at all", Control: "ONUS-EBS-004", Estate: &model.Estate{}, N: -1},

		{Name: "cmk", Control: "ONUS-EBS-005", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{{Meta: ctest.TF("aws_ebs_volume", "v"), Encrypted: ctest.K(true), KMSKeyID: ctest.K("arn:aws:kms:x:1:key/k")}}}, Want: pass},
		{Name: "aws key", Control: "ONUS-EBS-005", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{{Meta: ctest.TF("aws_ebs_volume", "v"), Encrypted: ctest.K(true), KMSKeyID: ctest.K("")}}}, Want: fail},
		{Name: "unknown", Control: "ONUS-EBS-005", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{vol(true)}}, Want: unk},
		{Name: "plain", Control: "ONUS-EBS-005", Estate: &model.Estate{EBSVolumes: []*ec2.Volume{vol(false)}}, Want: na},
	}
	ctest.Run(t, ebsControls(), cases)
}

func tmpl(meta func(string, string) base.Meta, typ string, f func(*ec2.LaunchTemplate)) *model.Estate {
	t := &ec2.LaunchTemplate{Meta: meta(typ, "app")}
	f(t)
	return &model.Estate{LaunchTemplates: []*ec2.LaunchTemplate{t}}
}

func TestLaunchTemplates(t *testing.T) {
	ctest.Validate(t, templateControls())
	tf := func(f func(*ec2.LaunchTemplate)) *model.Estate { return tmpl(ctest.TF, "aws_launch_template", f) }
	cfn := func(f func(*ec2.LaunchTemplate)) *model.Estate {
		return tmpl(ctest.CFN, "AWS::EC2::LaunchTemplate", f)
	}
	cases := []ctest.Case{
		{Name: "none", Control: "ONUS-EC2-009", Estate: tf(func(x *ec2.LaunchTemplate) { x.PublicIPInterfaces = ctest.K([]string{}) }), Want: pass},
		{Name: "public", Control: "ONUS-EC2-009", Estate: tf(func(x *ec2.LaunchTemplate) { x.PublicIPInterfaces = ctest.K([]string{"device_index 0"}) }), Want: fail},
		{Name: "cfn public", Control: "ONUS-EC2-009", Estate: cfn(func(x *ec2.LaunchTemplate) { x.PublicIPInterfaces = ctest.K([]string{"DeviceIndex 0"}) }), Want: fail},
		{Name: "dynamic", Control: "ONUS-EC2-009", Estate: tf(func(x *ec2.LaunchTemplate) { x.PublicIPInterfaces = ctest.U[[]string]("for_each unknown") }), Want: unk},

		{Name: "required", Control: "ONUS-EC2-010", Estate: cfn(func(x *ec2.LaunchTemplate) { x.HTTPTokens = ctest.K("required") }), Want: pass},
		{Name: "optional", Control: "ONUS-EC2-010", Estate: tf(func(x *ec2.LaunchTemplate) { x.HTTPTokens = ctest.K("optional") }), Want: fail},
		{Name: "unset", Control: "ONUS-EC2-010", Estate: cfn(func(x *ec2.LaunchTemplate) { x.HTTPTokens = ctest.K("") }), Want: fail},
		{Name: "var", Control: "ONUS-EC2-010", Estate: tf(func(x *ec2.LaunchTemplate) { x.HTTPTokens = ctest.U[string]("var.tokens has no value") }), Want: unk},

		{Name: "encrypted", Control: "ONUS-EC2-011", Estate: tf(func(x *ec2.LaunchTemplate) { x.UnencryptedVolumes = ctest.K([]string{}) }), Want: pass},
		{Name: "plain", Control: "ONUS-EC2-011", Estate: cfn(func(x *ec2.LaunchTemplate) { x.UnencryptedVolumes = ctest.K([]string{"/dev/xvda"}) }), Want: fail},
		{Name: "unknown", Control: "ONUS-EC2-011", Estate: tf(func(*ec2.LaunchTemplate) {}), Want: unk},

		{Name: "default", Control: "ONUS-EC2-012", Estate: inst(func(i *ec2.Instance) { i.SourceDestCheck = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-EC2-012", Estate: inst(func(i *ec2.Instance) { i.SourceDestCheck = ctest.K(false) }), Want: fail},
		{Name: "live off", Control: "ONUS-EC2-012", Estate: live(func(i *ec2.Instance) { i.SourceDestCheck = ctest.K(false) }), Want: fail},
		{Name: "live not reported", Control: "ONUS-EC2-012", Estate: live(func(i *ec2.Instance) { i.SourceDestCheck = ctest.U[bool]("SourceDestCheck not reported") }), Want: unk},
	}
	ctest.Run(t, templateControls(), cases)
}

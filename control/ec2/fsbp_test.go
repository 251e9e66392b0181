package ec2

import (
	"testing"
	"time"

	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
)

func TestHVMOnly(t *testing.T) {
	for typ, want := range map[string]bool{
		"t3.micro": true, "m5.large": true, "c6gn.xlarge": true, "r7iz.metal-16xl": true, "m4.large": true,
		"t2.micro": true, "i3en.large": true, "x1e.xlarge": true,
		"m1.small": false, "m3.medium": false, "c3.large": false, "t1.micro": false, "hs1.8xlarge": false,
		"c1.medium": false, "m2.xlarge": false, "u-6tb1.metal": false, "": false, "t3": false, "5x.large": false,
	} {
		if got := hvmOnly(typ); got != want {
			t.Errorf("hvmOnly(%q) = %t, want %t", typ, got, want)
		}
	}
}

func TestFSBPControls(t *testing.T) {
	ctest.Validate(t, fsbpControls())
	scan := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	stopped := func(since string) *model.Estate {
		e := live(func(i *ec2.Instance) {
			i.State = ctest.K("stopped")
			if since != "" {
				i.StateTransitionTime = ctest.K(since)
			}
		})
		e.ScanTime = scan
		return e
	}
	cfn := func(f func(*ec2.Instance)) *model.Estate {
		i := &ec2.Instance{Meta: ctest.CFN("AWS::EC2::Instance", "Web")}
		f(i)
		return &model.Estate{EC2Instances: []*ec2.Instance{i}}
	}
	enis := func(l ...string) func(*ec2.Instance) {
		return func(i *ec2.Instance) { i.NetworkInterfaces = ctest.K(l) }
	}
	typ := func(t string) func(*ec2.Instance) { return func(i *ec2.Instance) { i.InstanceType = ctest.K(t) } }
	fleet := func(meta base.Meta, n int, bad ...string) *model.Estate {
		return &model.Estate{SpotFleetRequests: []*ec2.SpotFleetRequest{{Meta: meta, LaunchSpecifications: ctest.K(n), UnencryptedVolumes: ctest.K(bad)}}}
	}
	tfFleet := ctest.TF("aws_spot_fleet_request", "batch")
	cases := []ctest.Case{
		{Name: "stopped 10 days", Control: "ONUS-EC2-014", Estate: stopped("2026-02-19T08:00:00Z"), Want: pass, Reason: "10 days"},
		{Name: "stopped exactly 30 days", Control: "ONUS-EC2-014", Estate: stopped("2026-01-30T12:00:00Z"), Want: pass},
		{Name: "stopped 45 days", Control: "ONUS-EC2-014", Estate: stopped("2026-01-15T12:00:00Z"), Want: fail, Reason: "45 days"},
		{Name: "stop time not stated", Control: "ONUS-EC2-014", Estate: func() *model.Estate {
			e := stopped("")
			e.EC2Instances[0].StateTransitionTime = ctest.U[string]("the state transition reason states no time")
			return e
		}(), Want: unk},
		{Name: "garbled stop time", Control: "ONUS-EC2-014", Estate: stopped("yesterday"), Want: unk},
		{Name: "state unknown", Control: "ONUS-EC2-014", Estate: live(func(*ec2.Instance) {}), Want: unk},
		{Name: "running", Control: "ONUS-EC2-014", Estate: live(func(i *ec2.Instance) { i.State = ctest.K("running") }), Want: na},
		{Name: "terraform", Control: "ONUS-EC2-014", Estate: inst(func(*ec2.Instance) {}), Want: na, Reason: "live scan"},
		{Name: "cloudformation", Control: "ONUS-EC2-014", Estate: cfn(func(i *ec2.Instance) { i.State = ctest.K("running") }), Want: na},

		{Name: "tf primary only", Control: "ONUS-EC2-015", Estate: inst(enis("primary")), Want: pass},
		{Name: "tf attachment", Control: "ONUS-EC2-015", Estate: inst(enis("primary", "aws_network_interface_attachment.extra")), Want: fail},
		{Name: "cfn two interfaces", Control: "ONUS-EC2-015", Estate: cfn(enis("DeviceIndex 0", "DeviceIndex 1")), Want: fail},
		{Name: "live one", Control: "ONUS-EC2-015", Estate: live(enis("eni-1")), Want: pass},
		{Name: "live two", Control: "ONUS-EC2-015", Estate: live(enis("eni-1", "eni-2")), Want: fail, Reason: "eni-2"},
		{Name: "dynamic blocks", Control: "ONUS-EC2-015", Estate: inst(func(i *ec2.Instance) { i.NetworkInterfaces = ctest.U[[]string]("for_each unknown") }), Want: unk},

		{Name: "live hvm", Control: "ONUS-EC2-016", Estate: live(func(i *ec2.Instance) { i.VirtualizationType = ctest.K("hvm") }), Want: pass},
		{Name: "live paravirtual", Control: "ONUS-EC2-016", Estate: live(func(i *ec2.Instance) { i.VirtualizationType = ctest.K("paravirtual") }), Want: fail},
		{Name: "live not reported", Control: "ONUS-EC2-016", Estate: live(typ("t3.micro")), Want: unk},
		{Name: "tf current generation", Control: "ONUS-EC2-016", Estate: inst(typ("t3.micro")), Want: pass, Reason: "only HVM"},
		{Name: "cfn default m1.small", Control: "ONUS-EC2-016", Estate: cfn(typ("m1.small")), Want: unk, Reason: "the AMI decides"},
		{Name: "type from a variable", Control: "ONUS-EC2-016", Estate: inst(func(i *ec2.Instance) { i.InstanceType = ctest.U[string]("var.type has no value") }), Want: unk},

		{Name: "encrypted", Control: "ONUS-EC2-017", Estate: fleet(tfFleet, 2), Want: pass},
		{Name: "plain", Control: "ONUS-EC2-017", Estate: fleet(ctest.CFN("AWS::EC2::SpotFleet", "Fleet"), 1, "LaunchSpecifications[0] /dev/xvdb"), Want: fail, Reason: "/dev/xvdb"},
		{Name: "live plain", Control: "ONUS-EC2-017", Estate: fleet(ctest.Live("AWS::EC2::SpotFleet", "arn:aws:ec2:eu-west-1:111122223333:spot-fleet-request/sfr-1"), 1, "/dev/xvda"), Want: fail},
		{Name: "templates only", Control: "ONUS-EC2-017", Estate: fleet(tfFleet, 0), Want: na},
		{Name: "encryption unknown", Control: "ONUS-EC2-017", Estate: &model.Estate{SpotFleetRequests: []*ec2.SpotFleetRequest{{Meta: tfFleet, LaunchSpecifications: ctest.K(1),
			UnencryptedVolumes: ctest.U[[]string]("encrypted: var.enc has no value")}}}, Want: unk},
		{Name: "specifications unknown", Control: "ONUS-EC2-017", Estate: &model.Estate{SpotFleetRequests: []*ec2.SpotFleetRequest{{Meta: tfFleet,
			LaunchSpecifications: ctest.U[int]("dynamic launch_specification")}}}, Want: unk},
	}
	ctest.Run(t, fsbpControls(), cases)
}

package model

import (
	"reflect"
	"sort"
	"testing"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func TestUnusedDefaults(t *testing.T) {
	b := func(v bool) source.Value[bool] { return source.Known(v, source.Prov{}) }
	s := func(v string) source.Value[string] { return source.Known(v, source.Prov{}) }
	unknown := source.Unknown[bool]("ec2:DescribeNetworkInterfaces: AccessDenied", source.Prov{})
	meta := func(addr string, k source.Kind) base.Meta { return base.Meta{Address: addr, Source: k} }
	e := &Estate{
		VPCs: []*ec2.VPC{
			{Meta: meta("vpc-idle", source.AWS), VPCID: s("vpc-idle"), IsDefault: b(true), InUse: b(false)},
			{Meta: meta("vpc-used", source.AWS), VPCID: s("vpc-used"), IsDefault: b(true), InUse: b(true)},
			{Meta: meta("vpc-unknown", source.Snapshot), VPCID: s("vpc-unknown"), IsDefault: b(true), InUse: unknown},
			{Meta: meta("vpc-mine", source.AWS), VPCID: s("vpc-mine"), IsDefault: b(false), InUse: b(false)},
			{Meta: meta("aws_default_vpc.this", source.Terraform), VPCID: s("vpc-code"), IsDefault: b(true), InUse: b(false)},
		},
		SecurityGroups: []*ec2.SecurityGroup{
			{Meta: meta("sg-idle", source.Snapshot), IsDefault: b(true), InUse: b(false)},
			{Meta: meta("sg-used", source.AWS), IsDefault: b(true), InUse: b(true)},
			{Meta: meta("sg-unknown", source.AWS), IsDefault: b(true), InUse: unknown},
			{Meta: meta("sg-mine", source.AWS), IsDefault: b(false), InUse: b(false)},
		},
		NetworkACLs: []*ec2.NetworkACL{
			{Meta: meta("acl-idle", source.AWS), VPCID: s("vpc-idle"), IsDefault: b(true)},
			{Meta: meta("acl-used", source.AWS), VPCID: s("vpc-used"), IsDefault: b(true)},
			{Meta: meta("acl-mine-in-idle", source.AWS), VPCID: s("vpc-idle"), IsDefault: b(false)},
		},
		Subnets: []*ec2.Subnet{
			{Meta: meta("subnet-idle", source.AWS), VPCID: s("vpc-idle"), DefaultForAZ: b(true)},
			{Meta: meta("subnet-used", source.AWS), VPCID: s("vpc-used"), DefaultForAZ: b(true)},
			{Meta: meta("subnet-mine-in-idle", source.AWS), VPCID: s("vpc-idle"), DefaultForAZ: b(false)},
		},
		RouteTables: []*ec2.RouteTable{
			{Meta: meta("rtb-idle", source.AWS), VPCID: s("vpc-idle")},
			{Meta: meta("rtb-used", source.AWS), VPCID: s("vpc-used")},
		},
	}
	var got []string
	for a := range e.UnusedDefaults() {
		got = append(got, a)
	}
	sort.Strings(got)
	want := []string{"acl-idle", "rtb-idle", "sg-idle", "subnet-idle", "vpc-idle"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("UnusedDefaults = %v, want %v", got, want)
	}
}

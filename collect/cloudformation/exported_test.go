package cloudformation

import (
	"strings"
	"testing"
)

// A security group or VPC whose id a stack exports (Outputs with Export) is
// meant for the stacks that import it, which a scan of this template does
// not see: its use is unknown, not "nothing uses the group" (ONUS-VPC-005
// FAIL). aws-cloudformation-templates ECS/FargateLaunchType/clusters/
// private-vpc.yaml exports FargateContainerSecurityGroup for its service
// templates this way. An output without Export is only displayed.
func TestExportedSecurityGroupUseUnknown(t *testing.T) {
	e, d := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  Never: !Equals [a, b]
Resources:
  Shared:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: shared}
  SharedBySub:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: shared}
  Shown:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: shown}
  Hidden:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: exported under a false condition}
  Net:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  SharedGroup:
    Value: !Ref Shared
    Export:
      Name: !Join [':', [!Ref AWS::StackName, SharedGroup]]
  SharedGroup2:
    Value: !Sub '${SharedBySub.GroupId}'
    Export: {Name: g2}
  ShownGroup:
    Value: !Ref Shown
  HiddenGroup:
    Condition: Never
    Value: !Ref Hidden
    Export: {Name: g3}
  VPCId:
    Value: !Ref Net
    Export: {Name: vpc}
`, Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	got := map[string]string{}
	for _, sg := range e.SecurityGroups {
		got[sg.Address] = state(sg.InUse)
		if sg.Address == "Shared" && !strings.Contains(sg.InUse.Reason(), "output SharedGroup") {
			t.Errorf("Shared: reason %q does not name the output", sg.InUse.Reason())
		}
	}
	for _, v := range e.VPCs {
		got[v.Address] = state(v.InUse)
	}
	want := map[string]string{"Shared": "UNKNOWN", "SharedBySub": "UNKNOWN", "Shown": "false", "Hidden": "false", "Net": "UNKNOWN"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s in use: %s, want %s", k, got[k], w)
		}
	}
}

package cloudformation

import "testing"

// A security group listed in one branch of an Fn::If whose condition is
// unknown may be in use: not "nothing uses the group" (ONUS-VPC-005 FAIL).
func TestSecurityGroupUsedUnderUnknownCondition(t *testing.T) {
	e, d := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  InFrankfurt: !Equals [!Ref AWS::Region, eu-central-1]
Resources:
  DbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: db}
  Orphan:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: nobody}
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      VPCSecurityGroups: !If [InFrankfurt, [!GetAtt DbGroup.GroupId], !Ref AWS::NoValue]
`, Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	got := map[string]string{}
	for _, sg := range e.SecurityGroups {
		got[sg.Address] = state(sg.InUse)
	}
	if got["DbGroup"] != "UNKNOWN" || got["Orphan"] != "false" {
		t.Errorf("in use: %v, want DbGroup UNKNOWN, Orphan false", got)
	}
}

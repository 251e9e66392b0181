package cloudformation

import (
	"strings"
	"testing"
)

// TestDefaultedSettingsCarryANote: as in Terraform, IMDS tokens and EBS
// encryption a template leaves out are known but noted as decided outside
// it; stated values carry no note.
func TestDefaultedSettingsCarryANote(t *testing.T) {
	e, _ := loadString(t, "t.yaml", `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bare:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpEndpoint: enabled
  FromLT:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate:
        LaunchTemplateId: !Ref LT
        Version: "1"
  StatedLT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpTokens: optional
  Stated:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      LaunchTemplate:
        LaunchTemplateId: !Ref StatedLT
        Version: "1"
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs:
            Encrypted: false
  NoFlag:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs:
            VolumeSize: 20
  BareVol:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 1
  StatedVol:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 1
      Encrypted: false
`, Options{})
	got := map[string]bool{}
	for _, in := range e.EC2Instances {
		if _, ok := in.HTTPTokens.Get(); !ok {
			t.Fatalf("%s: tokens unknown: %s", in.Address, in.HTTPTokens.Reason())
		}
		if _, ok := in.RootVolumeEncrypted.Get(); !ok {
			t.Fatalf("%s: root encryption unknown: %s", in.Address, in.RootVolumeEncrypted.Reason())
		}
		got[in.Address+" tokens"] = strings.Contains(in.HTTPTokens.Note(), "HttpTokens is not set")
		got[in.Address+" root"] = strings.Contains(in.RootVolumeEncrypted.Note(), "Encrypted is not set")
	}
	for _, v := range e.EBSVolumes {
		got[v.Address] = strings.Contains(v.Encrypted.Note(), "Encrypted is not set")
	}
	want := map[string]bool{
		"Bare tokens": true, "Bare root": true, "FromLT tokens": true,
		"Stated tokens": false, "Stated root": false, "NoFlag root": true,
		"BareVol": true, "StatedVol": false,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: noted %v, want %v (all: %v)", k, got[k], w, got)
		}
	}
}

package cloudformation

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

const ec2xTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  LogOn: {Type: String, AllowedValues: ["true", "false"]}
Resources:
  Single:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: subnet-1}
  DefaultType:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, SubnetId: subnet-1}
  TwoInterfaces:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      InstanceType: c6i.large
      NetworkInterfaces:
        - {DeviceIndex: "0", SubnetId: subnet-1}
        - {DeviceIndex: "1", SubnetId: subnet-2}
  Attached:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, InstanceType: c6i.large, SubnetId: subnet-1}
  Extra:
    Type: AWS::EC2::NetworkInterface
    Properties: {SubnetId: subnet-2}
  ExtraAttachment:
    Type: AWS::EC2::NetworkInterfaceAttachment
    Properties: {InstanceId: !Ref Attached, NetworkInterfaceId: !Ref Extra, DeviceIndex: "1"}
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        NetworkInterfaces:
          - {DeviceIndex: 0, SubnetId: subnet-1}
          - {DeviceIndex: 1, SubnetId: subnet-2}
  FromTemplate:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate: {LaunchTemplateId: !Ref Template, Version: "1"}
  Logged:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: cgw-1
      VpnGatewayId: vgw-1
      VpnTunnelOptionsSpecifications:
        - LogOptions: {CloudwatchLogOptions: {LogEnabled: true, LogGroupArn: "arn:aws:logs:eu-west-1:111122223333:log-group:vpn"}}
        - LogOptions: {CloudwatchLogOptions: {LogEnabled: true}}
  Half:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: cgw-1
      VpnGatewayId: vgw-1
      VpnTunnelOptionsSpecifications:
        - LogOptions: {CloudwatchLogOptions: {LogEnabled: true}}
  Silent:
    Type: AWS::EC2::VPNConnection
    Properties: {Type: ipsec.1, CustomerGatewayId: cgw-1, VpnGatewayId: vgw-1}
  ByParameter:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: cgw-1
      VpnGatewayId: vgw-1
      VpnTunnelOptionsSpecifications:
        - LogOptions: {CloudwatchLogOptions: {LogEnabled: !Ref LogOn}}
        - LogOptions: {CloudwatchLogOptions: {LogEnabled: true}}
  StaffVpn:
    Type: AWS::EC2::ClientVpnEndpoint
    Properties:
      ClientCidrBlock: 10.10.0.0/16
      ServerCertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/1
      ConnectionLogOptions: {Enabled: true, CloudwatchLogGroup: client-vpn}
  QuietVpn:
    Type: AWS::EC2::ClientVpnEndpoint
    Properties:
      ClientCidrBlock: 10.11.0.0/16
      ServerCertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/1
      ConnectionLogOptions: {Enabled: false}
  EncryptedFleet:
    Type: AWS::EC2::SpotFleet
    Properties:
      SpotFleetRequestConfigData:
        IamFleetRole: arn:aws:iam::111122223333:role/fleet
        TargetCapacity: 2
        LaunchSpecifications:
          - ImageId: ami-1
            InstanceType: c6i.large
            BlockDeviceMappings:
              - {DeviceName: /dev/xvda, Ebs: {Encrypted: true}}
              - {DeviceName: /dev/sdb, VirtualName: ephemeral0}
  PlainFleet:
    Type: AWS::EC2::SpotFleet
    Properties:
      SpotFleetRequestConfigData:
        IamFleetRole: arn:aws:iam::111122223333:role/fleet
        TargetCapacity: 2
        LaunchSpecifications:
          - ImageId: ami-1
            InstanceType: c6i.large
            BlockDeviceMappings:
              - {DeviceName: /dev/xvdb, Ebs: {VolumeSize: 100}}
  TemplateFleet:
    Type: AWS::EC2::SpotFleet
    Properties:
      SpotFleetRequestConfigData:
        IamFleetRole: arn:aws:iam::111122223333:role/fleet
        TargetCapacity: 2
        LaunchTemplateConfigs:
          - LaunchTemplateSpecification: {LaunchTemplateId: !Ref Template, Version: "1"}
  Bpa:
    Type: AWS::EC2::VPCBlockPublicAccessOptions
    Properties: {InternetGatewayBlockMode: block-bidirectional}
`

func TestFSBPEC2Resources(t *testing.T) {
	got := outcomesOf(t, ec2xTemplate, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-EC2-014", "Single", control.NotApplicable, "live scan"},
		{"ONUS-EC2-015", "Single", control.Pass, "primary"},
		{"ONUS-EC2-015", "TwoInterfaces", control.Fail, "2 network interfaces"},
		{"ONUS-EC2-015", "Attached", control.Fail, "ExtraAttachment"},
		{"ONUS-EC2-015", "FromTemplate", control.Fail, "DeviceIndex 1"},
		{"ONUS-EC2-016", "Single", control.Pass, "only HVM"},
		{"ONUS-EC2-016", "DefaultType", control.Unknown, "m1.small"},
		{"ONUS-VPC-017", "Logged", control.NotApplicable, "live scan"},
		{"ONUS-VPC-019", "Logged", control.Pass, ""},
		{"ONUS-VPC-019", "Half", control.Fail, "tunnel 2"},
		{"ONUS-VPC-019", "Silent", control.Fail, "tunnel 1 and tunnel 2"},
		{"ONUS-VPC-019", "ByParameter", control.Unknown, "LogOn"},
		{"ONUS-VPC-018", "StaffVpn", control.Pass, ""},
		{"ONUS-VPC-018", "QuietVpn", control.Fail, ""},
		{"ONUS-EC2-017", "EncryptedFleet", control.Pass, ""},
		{"ONUS-EC2-017", "PlainFleet", control.Fail, "LaunchSpecifications[0] /dev/xvdb"},
		{"ONUS-EC2-017", "TemplateFleet", control.NotApplicable, "launch templates"},
		{"ONUS-VPC-020", "Bpa", control.Pass, "block-bidirectional"},
	})
}

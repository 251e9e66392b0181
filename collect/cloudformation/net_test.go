package cloudformation

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// outcomesOf loads one template and runs the catalogue on it, indexing the
// results by "control address".
func outcomesOf(t *testing.T, src string, opts Options) map[string]control.Result {
	t.Helper()
	e, diags := loadString(t, "template.yaml", src, opts)
	for _, d := range diags {
		t.Logf("diagnostic: %v", d)
	}
	out := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		out[r.Control.ID+" "+r.Resource.Address] = r
	}
	return out
}

type want struct {
	control, address string
	outcome          control.Outcome
	reason           string
}

func checkOutcomes(t *testing.T, got map[string]control.Result, wants []want) {
	t.Helper()
	for _, w := range wants {
		r, ok := got[w.control+" "+w.address]
		switch {
		case !ok:
			t.Errorf("%s on %s: no result", w.control, w.address)
		case r.Outcome != w.outcome:
			t.Errorf("%s on %s = %s (%s), want %s", w.control, w.address, r.Outcome, r.Reason, w.outcome)
		case w.reason != "" && !strings.Contains(r.Reason, w.reason):
			t.Errorf("%s on %s: reason %q lacks %q", w.control, w.address, r.Reason, w.reason)
		}
	}
}

const endpointTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OtherVpc: {Type: "AWS::EC2::VPC::Id"}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Ec2Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.ec2
      VpcEndpointType: Interface
  SsmEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref OtherVpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.ssm
      VpcEndpointType: Interface
  EcrEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !GetAtt Vpc.VpcId
      ServiceName: com.amazonaws.eu-west-1.ecr.api
      VpcEndpointType: Interface
`

// Endpoints join onto the template's VPC; ${AWS::Region} is the VPC's own
// region; a literal region needs the stack region to be judged.
func TestVPCEndpoints(t *testing.T) {
	got := outcomesOf(t, endpointTemplate, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-VPC-011", "Vpc", control.Pass, "Ec2Endpoint"},
		{"ONUS-VPC-014", "Vpc", control.Fail, ""},
		{"ONUS-VPC-012", "Vpc", control.Unknown, "region is unknown"},
		{"ONUS-VPC-016", "Vpc", control.Fail, ""},
	})
	got = outcomesOf(t, endpointTemplate, Options{Params: map[string]string{"AWS::Region": "eu-west-1"}})
	checkOutcomes(t, got, []want{
		{"ONUS-VPC-011", "Vpc", control.Pass, "com.amazonaws.eu-west-1.ec2"},
		{"ONUS-VPC-012", "Vpc", control.Pass, ""},
	})
	got = outcomesOf(t, endpointTemplate, Options{Params: map[string]string{"AWS::Region": "us-east-1"}})
	checkOutcomes(t, got, []want{
		{"ONUS-VPC-012", "Vpc", control.Fail, "com.amazonaws.us-east-1.ecr.api"},
	})
}

const stageTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Cert:
    Type: AWS::ApiGateway::ClientCertificate
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: legacy
      StageDescription:
        ClientCertificateId: !Ref Cert
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: prod
      ClientCertificateId: !Ref Cert
      AccessLogSetting:
        DestinationArn: !GetAtt Logs.Arn
        Format: $context.requestId
  Dev:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: dev
  Logs:
    Type: AWS::Logs::LogGroup
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Scope: REGIONAL
      DefaultAction: {Allow: {}}
      VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: api}
  ProdAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Prod}
      WebACLArn: !GetAtt Acl.Arn
  LegacyAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/legacy
      WebACLArn: !GetAtt Acl.Arn
`

// Stages from AWS::ApiGateway::Stage and from a Deployment's StageName;
// WebACLAssociations find them by the API and stage in the ARN.
func TestAPIGatewayStages(t *testing.T) {
	got := outcomesOf(t, stageTemplate, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-001", "Prod", control.Pass, ""},
		{"ONUS-APIGW-001", "Deployment", control.Pass, ""},
		{"ONUS-APIGW-001", "Dev", control.Fail, ""},
		{"ONUS-APIGW-002", "Prod", control.Pass, ""},
		{"ONUS-APIGW-002", "Dev", control.Fail, ""},
		{"ONUS-APIGW-002", "Deployment", control.Fail, ""},
		{"ONUS-APIGW-003", "Prod", control.Pass, ""},
		{"ONUS-APIGW-003", "Deployment", control.Pass, ""},
		{"ONUS-APIGW-003", "Dev", control.Fail, ""},
	})
}

const classicTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  CertArn: {Type: String}
Resources:
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: example.com, ValidationMethod: DNS}
  Good:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Scheme: internal
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      CrossZone: true
      ConnectionDrainingPolicy: {Enabled: true, Timeout: 300}
      AccessLoggingPolicy: {Enabled: true, S3BucketName: logs, EmitInterval: 5}
      Listeners:
        - {LoadBalancerPort: 443, InstancePort: 8080, Protocol: HTTPS, InstanceProtocol: HTTP, SSLCertificateId: !Ref Cert}
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a]
      Listeners:
        - {LoadBalancerPort: "80", InstancePort: "80", Protocol: HTTP}
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: "arn:aws:iam::111122223333:server-certificate/old"}
  Param:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: SSL, SSLCertificateId: !Ref CertArn}
`

// Classic load balancers from CloudFormation, at CloudFormation's defaults.
func TestClassicLoadBalancers(t *testing.T) {
	got := outcomesOf(t, classicTemplate, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-011", "Good", control.Pass, "AWS::CertificateManager::Certificate Cert"},
		{"ONUS-ELB-011", "Legacy", control.Fail, "server-certificate/old"},
		{"ONUS-ELB-011", "Param", control.Unknown, "CertArn"},
		{"ONUS-ELB-001", "Good", control.Pass, ""},
		{"ONUS-ELB-001", "Legacy", control.Fail, "HTTP:80"},
		{"ONUS-ELB-003", "Good", control.Pass, ""},
		{"ONUS-ELB-003", "Legacy", control.Fail, ""},
		{"ONUS-ELB-008", "Good", control.Pass, ""},
		{"ONUS-ELB-008", "Legacy", control.Fail, ""},
		{"ONUS-ELB-009", "Good", control.Pass, ""},
		{"ONUS-ELB-009", "Legacy", control.Fail, ""},
		{"ONUS-ELB-010", "Good", control.Pass, ""},
		{"ONUS-ELB-010", "Legacy", control.Fail, ""},
	})
}

// AWS::GuardDuty::Detector gives the stack's region a GuardDuty record
// with its features: the defaults of a new detector, DataSources and
// Features; an unknown status makes the features UNKNOWN.
func TestGuardDutyDetector(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Status: {Type: String}\nResources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n"
	region := "${AWS::Region}"
	cases := []struct {
		name  string
		props string
		want  []want
	}{
		{"defaults", "      Enable: true\n", []want{
			{"ONUS-GD-001", "Detector", control.Pass, region},
			{"ONUS-GD-007", "Detector", control.Pass, ""},
			{"ONUS-GD-008", "Detector", control.Fail, ""}}},
		{"disabled", "      Enable: false\n", []want{{"ONUS-GD-001", "Detector", control.Fail, ""}}},
		{"data sources", "      Enable: true\n      DataSources:\n        S3Logs: {Enable: false}\n        Kubernetes: {AuditLogs: {Enable: true}}\n", []want{
			{"ONUS-GD-007", "Detector", control.Fail, "S3_DATA_EVENTS"},
			{"ONUS-GD-002", "Detector", control.Pass, ""}}},
		{"features", "      Enable: true\n      Features:\n        - Name: RUNTIME_MONITORING\n          Status: ENABLED\n          AdditionalConfiguration:\n" +
			"            - {Name: EKS_ADDON_MANAGEMENT, Status: ENABLED}\n            - {Name: ECS_FARGATE_AGENT_MANAGEMENT, Status: DISABLED}\n", []want{
			{"ONUS-GD-008", "Detector", control.Pass, ""},
			{"ONUS-GD-009", "Detector", control.Fail, "ECS_FARGATE_AGENT_MANAGEMENT"}}},
		{"unknown status", "      Enable: true\n      Features:\n        - {Name: S3_DATA_EVENTS, Status: !Ref Status}\n", []want{
			{"ONUS-GD-007", "Detector", control.Unknown, "Status"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkOutcomes(t, outcomesOf(t, head+tc.props, Options{}), tc.want)
		})
	}
	got := outcomesOf(t, head+"      Enable: true\n", Options{Params: map[string]string{"AWS::Region": "eu-west-1"}})
	checkOutcomes(t, got, []want{{"ONUS-GD-001", "Detector", control.Pass, "eu-west-1"}})
}

const expressTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Status: {Type: String}
Resources:
  Default:
    Type: AWS::S3::MultiRegionAccessPoint
    Properties:
      Regions: [{Bucket: a}]
  Open:
    Type: AWS::S3::MultiRegionAccessPoint
    Properties:
      Regions: [{Bucket: a}]
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true}
  Kept:
    Type: AWS::S3Express::DirectoryBucket
    Properties:
      DataRedundancy: SingleAvailabilityZone
      LocationName: use1-az4
      LifecycleConfiguration:
        Rules: [{Id: expire, Status: Enabled, ExpirationInDays: 7}]
  Bare:
    Type: AWS::S3Express::DirectoryBucket
    Properties: {DataRedundancy: SingleAvailabilityZone, LocationName: use1-az4}
  Param:
    Type: AWS::S3Express::DirectoryBucket
    Properties:
      DataRedundancy: SingleAvailabilityZone
      LocationName: use1-az4
      LifecycleConfiguration:
        Rules: [{Id: expire, Status: !Ref Status, ExpirationInDays: 7}]
`

func TestS3Express(t *testing.T) {
	checkOutcomes(t, outcomesOf(t, expressTemplate, Options{}), []want{
		{"ONUS-S3-021", "Default", control.Pass, ""},
		{"ONUS-S3-021", "Open", control.Fail, "RestrictPublicBuckets"},
		{"ONUS-S3-022", "Kept", control.Pass, ""},
		{"ONUS-S3-022", "Bare", control.Fail, ""},
		{"ONUS-S3-022", "Param", control.Unknown, "Status"},
	})
}

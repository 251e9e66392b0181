package cloudformation

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
)

const samAPITemplate = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String}
Globals:
  Api:
    TracingEnabled: true
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
  Shop:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting:
        DestinationArn: !GetAtt Logs.Arn
        Format: $context.requestId
  Admin:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      MethodSettings:
        - {ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO}
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Scope: REGIONAL
      DefaultAction: {Allow: {}}
      VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: api}
  ShopAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Shop}/stages/${Shop.Stage}
      WebACLArn: !GetAtt Acl.Arn
  Legacy:
    Type: AWS::Serverless::Api
    Properties: {StageName: v0}
  LegacyAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Join ["", ["arn:aws:apigateway:eu-west-1::/restapis/", !Ref Legacy, "/stages/", !Ref Legacy.Stage]]
      WebACLArn: !GetAtt Acl.Arn
`

// The stage SAM generates for an AWS::Serverless::Api is judged like an
// AWS::ApiGateway::Stage: access logs from AccessLogSetting, WAF from an
// association naming ${Api} and ${Api.Stage}, and no client certificate
// (SAM has no property for one).
func TestSAMAPIStage(t *testing.T) {
	got := outcomesOf(t, samAPITemplate, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-001", "Shop", control.Pass, ""},
		{"ONUS-APIGW-001", "Admin", control.Fail, ""},
		{"ONUS-APIGW-001", "Legacy", control.Pass, ""},
		{"ONUS-APIGW-002", "Shop", control.Pass, ""},
		{"ONUS-APIGW-002", "Admin", control.Fail, ""},
		{"ONUS-APIGW-003", "Shop", control.Fail, ""},
		{"ONUS-APIGW-003", "Admin", control.Fail, ""},
	})
	e, _ := loadString(t, "sam.yaml", samAPITemplate, Options{})
	names := map[string]string{}
	for _, s := range e.APIGatewayStages {
		n, ok := s.Name.Get()
		if !ok {
			n = "UNKNOWN: " + s.Name.Reason()
		}
		names[s.Address] = n
		if s.Type != "AWS::Serverless::Api" {
			t.Errorf("%s: type %s", s.Address, s.Type)
		}
	}
	if names["Shop"] != "prod" || !strings.HasPrefix(names["Admin"], "UNKNOWN: ") {
		t.Errorf("stage names %v, want Shop prod and Admin unknown", names)
	}
}

// Globals.Api applies to every AWS::Serverless::Api: an access log
// destination there configures each stage that does not set its own.
func TestSAMAPIGlobals(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    AccessLogSetting:
      DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api
      Format: $context.requestId
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties: {StageName: v1}
  B:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      AccessLogSetting: {Format: $context.requestId}
`
	got := outcomesOf(t, src, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-002", "A", control.Pass, ""},
		// B's own AccessLogSetting is merged with the global one key by key.
		{"ONUS-APIGW-002", "B", control.Pass, ""},
	})
}

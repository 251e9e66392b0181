package cloudformation

import (
	"reflect"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/apigateway"
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
	got2 := map[string]string{}
	for _, s := range e.APIGatewayStages {
		n, ok := s.Name.Get()
		if !ok {
			n = "UNKNOWN"
		}
		got2[s.Address] = s.Type + " " + n
	}
	want2 := map[string]string{
		"Shop": "AWS::Serverless::Api prod", "Admin": "AWS::Serverless::Api UNKNOWN", "Legacy": "AWS::Serverless::Api v0",
		// Without OpenApiVersion SAM's deployment also makes a stage "Stage".
		"ShopDeployment": "AWS::ApiGateway::Deployment Stage", "AdminDeployment": "AWS::ApiGateway::Deployment Stage",
		"LegacyDeployment": "AWS::ApiGateway::Deployment Stage",
	}
	if !reflect.DeepEqual(got2, want2) {
		t.Errorf("stages %v, want %v", got2, want2)
	}
	// The extra stage has API Gateway's defaults whatever the Api says.
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-002", "ShopDeployment", control.Fail, ""},
		{"ONUS-APIGW-001", "ShopDeployment", control.Fail, ""},
	})
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

// OpenApiVersion (in Globals.Api or on the Api, any value) removes SAM's
// extra "Stage" stage; the implicit API of functions' Api events is
// ServerlessRestApi with stage Prod, which Outputs may refer to.
func TestSAMImplicitAPI(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    OpenApiVersion: "3.0.1"
    AccessLogSetting:
      DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api
      Format: $context.requestId
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get}
        Mine:
          Type: Api
          Properties: {Path: /x, Method: get, RestApiId: !Ref Own}
        Http:
          Type: HttpApi
  Own:
    Type: AWS::Serverless::Api
    Properties: {StageName: v1}
Outputs:
  Url:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
  HttpUrl:
    Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com/"
`
	e, diags := loadString(t, "implicit.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	names := map[string]string{}
	for _, s := range e.APIGatewayStages {
		n, _ := s.Name.Get()
		names[s.Address] = n
	}
	if want := map[string]string{"ServerlessRestApi": "Prod", "Own": "v1"}; !reflect.DeepEqual(names, want) {
		t.Errorf("stages %v, want %v", names, want)
	}
	got := outcomesOf(t, src, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-APIGW-002", "ServerlessRestApi", control.Pass, ""},
		{"ONUS-APIGW-002", "Own", control.Pass, ""},
	})
}

// No function event uses the implicit API: none is made.
func TestSAMNoImplicitAPI(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Tick:
          Type: Schedule
          Properties: {Schedule: rate(1 hour)}
`
	e, _ := loadString(t, "none.yaml", src, Options{})
	if len(e.APIGatewayStages) != 0 {
		t.Errorf("%d stages from a template without Api events", len(e.APIGatewayStages))
	}
}

// TestSAMUnresolvedEvents: Events, an event or its Type that cannot be
// resolved may add any invoke permission, so the function policy is
// unknown; and may make the implicit REST API, whose stage is then
// declared with unknown settings. Intrinsics that do resolve settle both.
func TestSAMUnresolvedEvents(t *testing.T) {
	const head = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String}
  Kind: {Type: String, Default: S3}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
  Never: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
`
	const out = `Outputs:
  Url:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
`
	cases := []struct {
		name, events string
		policy       string // "known" or a text the unknown reason holds
		stage        string // "none", "known" or a text the unknown reason holds
	}{
		{"whole Events imported", `      Events: !ImportValue events
`, "Events of Fn is unresolved", "Events of Fn is unresolved"},
		{"Events on an unknown condition", `      Events: !If [IsProd, {Get: {Type: Api, Properties: {Path: /, Method: get}}}, !Ref AWS::NoValue]
`, "Events of Fn is unresolved", "whether there is one is unknown"},
		{"one event imported", `      Events:
        Get: !ImportValue event
`, "event Get of Fn is unresolved", "event Get of Fn is unresolved"},
		{"an event's Type imported", `      Events:
        Get:
          Type: !ImportValue type
          Properties: {Path: /, Method: get}
`, "the Type of event Get of Fn is unresolved", "the Type of event Get of Fn is unresolved"},
		{"an Api event's Properties imported", `      Events:
        Get:
          Type: Api
          Properties: !ImportValue props
`, "known", "the Properties of Api event Get of Fn are unresolved"},
		{"Events on a true condition", `      Events: !If [Always, {Get: {Type: Api, Properties: {Path: /, Method: get}}}, !Ref AWS::NoValue]
`, "known", "known"},
		{"Events on a false condition", `      Events: !If [Never, {Get: {Type: Api, Properties: {Path: /, Method: get}}}, !Ref AWS::NoValue]
`, "known", "none"},
		{"Type from a parameter's default", `      Events:
        Up:
          Type: !Ref Kind
          Properties: {Bucket: !Ref AWS::NoValue, Events: "s3:ObjectCreated:*"}
`, "known", "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := head + c.events
			if c.stage != "none" {
				src += out
			}
			e, d := loadString(t, "sam.yaml", src, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			p := e.LambdaFunctions[0].Policy
			if _, ok := p.Get(); ok != (c.policy == "known") || !ok && !strings.Contains(p.Reason(), c.policy) {
				t.Errorf("function policy known=%v (%s), want %s", ok, p.Reason(), c.policy)
			}
			var stage *apigateway.Stage
			for _, s := range e.APIGatewayStages {
				if s.Address == "ServerlessRestApi" {
					stage = s
				}
			}
			switch {
			case c.stage == "none":
				if stage != nil {
					t.Errorf("implicit API stage made, want none")
				}
			case stage == nil:
				t.Fatalf("no implicit API stage, want one (%s)", c.stage)
			case c.stage == "known":
				if _, ok := stage.AccessLogs.Get(); !ok {
					t.Errorf("stage access logs unknown (%s), want known", stage.AccessLogs.Reason())
				}
			default:
				if _, ok := stage.AccessLogs.Get(); ok || !strings.Contains(stage.AccessLogs.Reason(), c.stage) {
					t.Errorf("stage access logs known=%v (%s), want unknown: %s", ok, stage.AccessLogs.Reason(), c.stage)
				}
			}
		})
	}
	got := outcomesOf(t, head+"      Events: !ImportValue events\n", Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-LAMBDA-007", "Fn", control.Unknown, "SAM adds an invoke permission for each event"},
		{"ONUS-APIGW-002", "ServerlessRestApi", control.Unknown, "SAM creates ServerlessRestApi only for an Api event without RestApiId"},
		{"ONUS-APIGW-001", "ServerlessRestApi", control.Unknown, "Events of Fn is unresolved"},
	})
}

package cloudformation

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
)

// SAM lets a template refer to resources it generates as
// <logical id>.<property> (a function's DestinationTopic, DestinationQueue,
// Alias, Version; an Api's Deployment). aws/serverless-application-model
// examples/2016-10-31/function_lambda_event_destinations subscribes to
// !Ref EventDestinationSQSSNS.DestinationTopic: that read as an error
// ("neither a parameter nor a resource") on a valid template, and the scan
// as incomplete. A name SAM does not generate is still an error.
func TestSAMGeneratedResourceRefs(t *testing.T) {
	_, d := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: src/
      AutoPublishAlias: live
      EventInvokeConfig:
        DestinationConfig:
          OnFailure:
            Type: SNS
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: email
      Endpoint: a@example.com
      TopicArn: !Ref Fn.DestinationTopic
  Out:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Join [",", [!Ref Fn.Alias, !Ref Fn.Version, !Ref Fn.DestinationQueue]]
  Bad:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Ref Fn.Nothing
`, Options{})
	var errs []string
	for _, x := range d {
		if x.Severity == diag.Error {
			errs = append(errs, x.Summary)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "Fn.Nothing") {
		t.Errorf("errors %q, want only the one for Fn.Nothing", errs)
	}
}

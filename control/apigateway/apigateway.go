package apigateway

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/apigateway"
)

// Controls returns the API Gateway stage controls.
func Controls() []*control.Control {
	return []*control.Control{stageWAF(), stageAccessLogs(), stageClientCert()}
}

// stageSources is said in Checked: where stages come from.
const stageSources = " Stages are read from the live account (apigateway:GetStages), from Terraform (aws_api_gateway_stage, " +
	"with aws_wafv2_web_acl_association by the stage's ARN) and from CloudFormation (AWS::ApiGateway::Stage, a " +
	"Deployment's StageName, the stage SAM generates for an AWS::Serverless::Api from its StageName and " +
	"AccessLogSetting with Globals.Api merged in and no client certificate, SAM's extra stage \"Stage\" with API " +
	"Gateway's defaults unless OpenApiVersion is set, the implicit ServerlessRestApi (stage Prod) of functions' Api " +
	"events, AWS::WAFv2::WebACLAssociation by /restapis/<api>/stages/<stage>)."

func stageWAF() *control.Control {
	return &control.Control{
		ID: "ONUS-APIGW-001", Title: "API Gateway REST API stages are protected by AWS WAF", Severity: control.Medium,
		Service: "apigateway", Layer: "network-config",
		Frameworks: fw.Of(fw.Network()),
		Rationale: "AWS runs the API endpoint; filtering what reaches it (injection, bots, floods from one source) " +
			"is the customer's rule set. A public stage without a web ACL passes every request to the backend.",
		Checked: "Each stage's associated WAFv2 web ACL: one associated passes, none fails (Security Hub FSBP " +
			"APIGateway.4; not mapped in docs/frameworks/fsbp.md, whose reference list stops at the services of issue 8)." + stageSources,
		Remediation: control.Remediation{
			Summary:        "Associate a WAFv2 web ACL (regional scope) with the stage.",
			Terraform:      "resource \"aws_wafv2_web_acl_association\" \"api\" {\n  resource_arn = aws_api_gateway_stage.prod.arn\n  web_acl_arn  = aws_wafv2_web_acl.api.arn\n}",
			CloudFormation: "ApiWaf:\n  Type: AWS::WAFv2::WebACLAssociation\n  Properties:\n    ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod\n    WebACLArn: !GetAtt ApiAcl.Arn",
			CLI:            "aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn arn:aws:apigateway:eu-west-1::/restapis/API_ID/stages/prod",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.APIGatewayStages, func(s *apigateway.Stage) control.Verdict {
				return ck.Present(s.WebACL, "web ACL association", "no WAF web ACL is associated with the stage",
					func(acl string) string { return "web ACL " + acl + " is associated" })
			})
		},
	}
}

func stageAccessLogs() *control.Control {
	return &control.Control{
		ID: "ONUS-APIGW-002", Title: "API Gateway REST API stages have access logging", Severity: control.Medium,
		Service: "apigateway", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.Logging()),
		Rationale: "Access logs are the record of who called the API, from where, and what it answered; " +
			"AWS keeps none unless the customer configures a destination.",
		Checked: "Each stage's access log settings: a destination configured passes, none fails." + stageSources,
		Remediation: control.Remediation{
			Summary:        "Configure access logging to a CloudWatch Logs group (or Firehose) on the stage.",
			Terraform:      "resource \"aws_api_gateway_stage\" \"prod\" {\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n    format          = jsonencode({ requestId = \"$context.requestId\", ip = \"$context.identity.sourceIp\", status = \"$context.status\" })\n  }\n}",
			CloudFormation: "Stage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    AccessLogSetting:\n      DestinationArn: !GetAtt ApiLogs.Arn\n      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'",
			CLI:            "aws apigateway update-stage --rest-api-id API_ID --stage-name prod --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.APIGatewayStages, func(s *apigateway.Stage) control.Verdict {
				return ck.Flag(s.AccessLogs, true, "access log settings", "access logging is configured", "the stage has no access log destination")
			})
		},
	}
}

func stageClientCert() *control.Control {
	return &control.Control{
		ID: "ONUS-APIGW-003", Title: "API Gateway REST API stages authenticate to the backend with a client certificate", Severity: control.Medium,
		Service: "apigateway", Layer: "identity-access",
		Frameworks: fw.Of(fw.InTransit()),
		Rationale: "Without a client certificate the backend cannot tell API Gateway's requests from anyone " +
			"else's that reach its endpoint; proving the caller is part of the customer's integration design.",
		Checked: "Each stage's client certificate: one set passes, none fails. Backends that authenticate " +
			"API Gateway another way (private integrations, IAM) can suppress the result with that reason " +
			"(Security Hub FSBP APIGateway.2)." + stageSources,
		Remediation: control.Remediation{
			Summary:        "Generate a client certificate and set it on the stage; make the backend verify it.",
			Terraform:      "resource \"aws_api_gateway_client_certificate\" \"backend\" {}\nresource \"aws_api_gateway_stage\" \"prod\" {\n  client_certificate_id = aws_api_gateway_client_certificate.backend.id\n}",
			CloudFormation: "Stage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    ClientCertificateId: !Ref BackendCert",
			CLI:            "aws apigateway update-stage --rest-api-id API_ID --stage-name prod --patch-operations op=replace,path=/clientCertificateId,value=CERT_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.APIGatewayStages, func(s *apigateway.Stage) control.Verdict {
				return ck.Present(s.ClientCertificate, "client certificate", "the stage has no client certificate for backend authentication",
					func(id string) string { return "client certificate " + id + " is set" })
			})
		},
	}
}

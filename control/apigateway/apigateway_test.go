package apigateway

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/apigateway"
)

func stage(f func(s *apigateway.Stage)) *model.Estate {
	s := &apigateway.Stage{Meta: ctest.Live("AWS::ApiGateway::Stage", "arn:aws:apigateway:eu-west-1::/restapis/abc/stages/prod")}
	f(s)
	return &model.Estate{APIGatewayStages: []*apigateway.Stage{s}, AccountWide: true}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	denied := "apigateway:GetStages: AccessDeniedException"
	cases := []ctest.Case{
		{Name: "acl", Control: "ONUS-APIGW-001", Estate: stage(func(s *apigateway.Stage) {
			s.WebACL = ctest.K("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/1")
		}), Want: control.Pass},
		{Name: "none", Control: "ONUS-APIGW-001", Estate: stage(func(s *apigateway.Stage) { s.WebACL = ctest.K("") }), Want: control.Fail},
		{Name: "denied", Control: "ONUS-APIGW-001", Estate: stage(func(s *apigateway.Stage) { s.WebACL = ctest.U[string](denied) }), Want: control.Unknown, Reason: "AccessDenied"},

		{Name: "logs", Control: "ONUS-APIGW-002", Estate: stage(func(s *apigateway.Stage) { s.AccessLogs = ctest.K(true) }), Want: control.Pass},
		{Name: "none", Control: "ONUS-APIGW-002", Estate: stage(func(s *apigateway.Stage) { s.AccessLogs = ctest.K(false) }), Want: control.Fail},
		{Name: "denied", Control: "ONUS-APIGW-002", Estate: stage(func(s *apigateway.Stage) { s.AccessLogs = ctest.U[bool](denied) }), Want: control.Unknown},

		{Name: "cert", Control: "ONUS-APIGW-003", Estate: stage(func(s *apigateway.Stage) { s.ClientCertificate = ctest.K("abc123") }), Want: control.Pass},
		{Name: "none", Control: "ONUS-APIGW-003", Estate: stage(func(s *apigateway.Stage) { s.ClientCertificate = ctest.K("") }), Want: control.Fail},
		{Name: "denied", Control: "ONUS-APIGW-003", Estate: stage(func(s *apigateway.Stage) { s.ClientCertificate = ctest.U[string](denied) }), Want: control.Unknown},
	}
	ctest.Run(t, Controls(), cases)
}

package ssm

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

func doc(meta base.Meta, shared source.Value[[]string]) *model.Estate {
	return &model.Estate{SSMDocuments: []*ssm.Document{{Meta: meta, SharedWith: shared}}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	tf := ctest.TF("aws_ssm_document", "runbook")
	cases := []ctest.Case{
		{Name: "private", Control: "ONUS-SSM-001", Estate: doc(tf, ctest.K([]string{})), Want: control.Pass},
		{Name: "named", Control: "ONUS-SSM-001", Estate: doc(tf, ctest.K([]string{"111122223333"})), Want: control.Pass},
		{Name: "cfn private", Control: "ONUS-SSM-001", Estate: doc(ctest.CFN("AWS::SSM::Document", "Runbook"), ctest.K([]string{})), Want: control.Pass},
		{Name: "public", Control: "ONUS-SSM-001", Estate: doc(tf, ctest.K([]string{"all"})), Want: control.Fail},
		{Name: "live public", Control: "ONUS-SSM-001", Estate: doc(ctest.Live("AWS::SSM::Document", "arn:aws:ssm:eu-west-1:111122223333:document/runbook"), ctest.K([]string{"All"})), Want: control.Fail},
		{Name: "var", Control: "ONUS-SSM-001", Estate: doc(tf, ctest.U[[]string]("var.share has no value")), Want: control.Unknown},
	}
	ctest.Run(t, Controls(), append(cases, settingCases()...))
}

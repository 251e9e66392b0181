package secrets

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

func lit(ctx, key, val string, sensitive bool) *model.Estate {
	m := base.Meta{Type: "variable", Address: "var." + key, Source: source.Terraform, Loc: source.Loc{File: "variables.tf", Start: source.Pos{Line: 3}}}
	return &model.Estate{Literals: []*account.Literal{{Context: ctx, Key: key, Value: val, Sensitive: sensitive, Meta: m}}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const id = "ONUS-SECRETS-001"
	cases := []ctest.Case{
		{Name: "password default", Control: id, Estate: lit("terraform variable default", "db_password", "Sup3rS3cret!", false), Want: control.Fail, Secret: "Sup3rS3cret!", Reason: "Su…(12 chars)"},
		{Name: "aws key in provider", Control: id, Estate: lit("terraform provider", "access_key", "AKIAIOSFODNN7EXAMPLE", false), Want: control.Fail, Secret: "AKIAIOSFODNN7EXAMPLE"},
		{Name: "sensitive default", Control: id, Estate: lit("terraform variable default", "admin", "letmein-now", true), Want: control.Fail, Secret: "letmein-now"},
		{Name: "noecho output", Control: id, Estate: lit("cloudformation output", "SecretKey", "${AccessKey.SecretAccessKey}", true), Want: control.Fail},
		{Name: "entropy in local", Control: id, Estate: lit("terraform local", "signing", "q8Zx3Lm0Pw7Rt5Yv2Nb9Kc4Hd6Jf1Gs", false), Want: control.Fail},
		{Name: "reference", Control: id, Estate: lit("cloudformation parameter default", "DbPassword", "{{resolve:secretsmanager:app/db:SecretString:password}}", false), Want: control.Pass},
		{Name: "empty sensitive", Control: id, Estate: lit("terraform variable default", "db_password", "", true), Want: control.Pass},
		{Name: "script literal", Control: id, Estate: lit("terraform local", "user_data", "#!/bin/bash\nexport DB_PASSWORD=hunter2hunter2\necho ok\n", false), Want: control.Fail, Secret: "hunter2hunter2", Reason: "line 2"},
		{Name: "clean script", Control: id, Estate: lit("terraform local", "user_data", "#!/bin/bash\necho ok\n", false), N: -1},
		{Name: "ordinary", Control: id, Estate: lit("terraform variable default", "region", "eu-west-1", false), N: -1},
	}
	ctest.Run(t, Controls(), cases, ctest.Exempt{Control: id, Outcome: control.Unknown,
		Why: "literals are text read from code, always known; unresolvable values are not literals"})
}

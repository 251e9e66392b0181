package ecs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// fargateCases are ONUS-ECS-009's rows, run with the package's others.
func fargateCases() []ctest.Case {
	svc := func(fargate source.Value[bool], version source.Value[string]) *model.Estate {
		return &model.Estate{ECSServices: []*ecs.Service{{Meta: ctest.TF("aws_ecs_service", "s"), Fargate: fargate, PlatformVersion: version}}}
	}
	yes := ctest.K(true)
	cases := []ctest.Case{
		{Name: "latest", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.K("LATEST")), Want: pass},
		{Name: "1.4.0", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.K("1.4.0")), Want: pass},
		{Name: "1.3.0", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.K("1.3.0")), Want: fail},
		{Name: "1.0.0 windows or linux", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.K("1.0.0")), Want: unk},
		{Name: "unheard-of version", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.K("9.9.9")), Want: unk},
		{Name: "version unknown", Control: "ONUS-ECS-009", Estate: svc(yes, ctest.U[string]("variable")), Want: unk},
		{Name: "on ec2", Control: "ONUS-ECS-009", Estate: svc(ctest.K(false), ctest.K("LATEST")), Want: control.NotApplicable},
		{Name: "launch type unknown", Control: "ONUS-ECS-009", Estate: svc(ctest.U[bool]("cluster default strategy"), ctest.K("1.3.0")), Want: unk},
	}
	return cases
}

package ecs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// taskSetCases are ONUS-ECS-010's rows, run with the package's others.
func taskSetCases() []ctest.Case {
	set := func(meta base.Meta, public source.Value[bool]) *model.Estate {
		return &model.Estate{ECSTaskSets: []*ecs.TaskSet{{Meta: meta, Service: ctest.K("app"), AssignPublicIP: public}}}
	}
	tf := ctest.TF("aws_ecs_task_set", "blue")
	cfn := ctest.CFN("AWS::ECS::TaskSet", "Blue")
	live := ctest.Live("AWS::ECS::TaskSet", "arn:aws:ecs:eu-west-1:111122223333:task-set/main/app/ecs-svc/1234")
	gap := func(e *model.Estate) *model.Estate {
		e.AccountWide, e.ScannedRegions = true, []string{"eu-west-1"}
		e.Gaps = append(e.Gaps, model.Gap{Type: TaskSetGapType, Region: "eu-west-1", Reason: "ecs:DescribeServices: AccessDeniedException (permission denied)"})
		return e
	}
	return []ctest.Case{
		{Name: "terraform private", Control: "ONUS-ECS-010", Estate: set(tf, ctest.K(false)), Want: pass},
		{Name: "terraform public", Control: "ONUS-ECS-010", Estate: set(tf, ctest.K(true)), Want: fail},
		{Name: "terraform variable", Control: "ONUS-ECS-010", Estate: set(tf, ctest.U[bool]("var.public has no value")), Want: unk, Reason: "var.public"},
		{Name: "cloudformation default", Control: "ONUS-ECS-010", Estate: set(cfn, ctest.K(false)), Want: pass},
		{Name: "cloudformation enabled", Control: "ONUS-ECS-010", Estate: set(cfn, ctest.K(true)), Want: fail},
		{Name: "cloudformation parameter", Control: "ONUS-ECS-010", Estate: set(cfn, ctest.U[bool]("parameter PublicIp has no default")), Want: unk},
		{Name: "live disabled", Control: "ONUS-ECS-010", Estate: set(live, ctest.K(false)), Want: pass},
		{Name: "live enabled", Control: "ONUS-ECS-010", Estate: set(live, ctest.K(true)), Want: fail},
		{Name: "live services not described", Control: "ONUS-ECS-010", Estate: gap(&model.Estate{}), Want: unk, Reason: "AccessDenied"},
		{Name: "no task sets", Control: "ONUS-ECS-010", Estate: &model.Estate{}, Want: control.NotApplicable, N: -1},
	}
}

package ecs

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ecs"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
)

func td(cs ...ecs.Container) *model.Estate {
	return &model.Estate{ECSTaskDefinitions: []*ecs.TaskDefinition{{Meta: ctest.TF("aws_ecs_task_definition", "app"), Containers: ctest.K(cs), PIDMode: ctest.K("")}}}
}

func tdUnknown() *model.Estate {
	return &model.Estate{ECSTaskDefinitions: []*ecs.TaskDefinition{{Meta: ctest.TF("aws_ecs_task_definition", "app"),
		Containers: ctest.U[[]ecs.Container]("unresolved expression templatefile(...)")}}}
}

var good = ecs.Container{Name: "app", User: "1000", ReadonlyRootFilesystem: true, LogDriver: "awslogs",
	Environment: []ecs.EnvVar{{Name: "LOG_LEVEL", Value: "info"}}}

func with(f func(*ecs.Container)) ecs.Container {
	c := good
	f(&c)
	return c
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	svc := func(v bool) *model.Estate {
		return &model.Estate{ECSServices: []*ecs.Service{{Meta: ctest.TF("aws_ecs_service", "s"), AssignPublicIP: ctest.K(v)}}}
	}
	cl := func(v bool) *model.Estate {
		return &model.Estate{ECSClusters: []*ecs.Cluster{{Meta: ctest.TF("aws_ecs_cluster", "c"), ContainerInsights: ctest.K(v)}}}
	}
	pid := func(m string) *model.Estate {
		e := td(good)
		e.ECSTaskDefinitions[0].PIDMode = ctest.K(m)
		return e
	}
	cases := []ctest.Case{
		{Name: "ok", Control: "ONUS-ECS-001", Estate: td(good), Want: pass},
		{Name: "privileged", Control: "ONUS-ECS-001", Estate: td(good, with(func(c *ecs.Container) { c.Name, c.Privileged = "side", true })), Want: fail, Reason: "side"},
		{Name: "unknown", Control: "ONUS-ECS-001", Estate: tdUnknown(), Want: unk},

		{Name: "ok", Control: "ONUS-ECS-002", Estate: td(good), Want: pass},
		{Name: "aws key", Control: "ONUS-ECS-002", Estate: td(with(func(c *ecs.Container) {
			c.Environment = []ecs.EnvVar{{Name: "AWS_SECRET_ACCESS_KEY", Value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}
		})), Want: fail, Secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Reason: "wJ…(40 chars)"},
		{Name: "unknown", Control: "ONUS-ECS-002", Estate: tdUnknown(), Want: unk},
		{Name: "unresolved value under a credential name", Control: "ONUS-ECS-002", Estate: td(with(func(c *ecs.Container) {
			c.Environment = []ecs.EnvVar{{Name: "API_KEY", Unknown: "Fn::ImportValue key is exported by another stack"}}
		})), Want: unk, Reason: "API_KEY"},
		{Name: "unresolved variable", Control: "ONUS-ECS-002", Estate: td(with(func(c *ecs.Container) {
			c.Environment = []ecs.EnvVar{{Unknown: "Fn::ImportValue env is exported by another stack"}}
		})), Want: unk, Reason: "env"},
		{Name: "unresolved value under a plain name", Control: "ONUS-ECS-002", Estate: td(with(func(c *ecs.Container) {
			c.Environment = []ecs.EnvVar{{Name: "LOG_LEVEL", Unknown: "Fn::ImportValue level is exported by another stack"}}
		})), Want: pass},

		{Name: "ro", Control: "ONUS-ECS-003", Estate: td(good), Want: pass},
		{Name: "rw", Control: "ONUS-ECS-003", Estate: td(with(func(c *ecs.Container) { c.ReadonlyRootFilesystem = false })), Want: fail},
		{Name: "unknown", Control: "ONUS-ECS-003", Estate: tdUnknown(), Want: unk},

		{Name: "uid", Control: "ONUS-ECS-004", Estate: td(good), Want: pass},
		{Name: "root", Control: "ONUS-ECS-004", Estate: td(with(func(c *ecs.Container) { c.User = "root" })), Want: fail},
		{Name: "0:0", Control: "ONUS-ECS-004", Estate: td(with(func(c *ecs.Container) { c.User = "0:0" })), Want: fail},
		{Name: "unset", Control: "ONUS-ECS-004", Estate: td(with(func(c *ecs.Container) { c.User = "" })), Want: unk},
		{Name: "unknown", Control: "ONUS-ECS-004", Estate: tdUnknown(), Want: unk},

		{Name: "awslogs", Control: "ONUS-ECS-005", Estate: td(good), Want: pass},
		{Name: "none", Control: "ONUS-ECS-005", Estate: td(with(func(c *ecs.Container) { c.LogDriver = "" })), Want: fail},
		{Name: "unknown", Control: "ONUS-ECS-005", Estate: tdUnknown(), Want: unk},

		{Name: "unset", Control: "ONUS-ECS-006", Estate: pid(""), Want: pass},
		{Name: "host", Control: "ONUS-ECS-006", Estate: pid("host"), Want: fail},
		{Name: "unknown", Control: "ONUS-ECS-006", Estate: tdUnknown(), Want: unk},

		{Name: "private", Control: "ONUS-ECS-007", Estate: svc(false), Want: pass},
		{Name: "public", Control: "ONUS-ECS-007", Estate: svc(true), Want: fail},
		{Name: "unknown", Control: "ONUS-ECS-007", Estate: &model.Estate{ECSServices: []*ecs.Service{{Meta: ctest.TF("aws_ecs_service", "s")}}}, Want: unk},

		{Name: "on", Control: "ONUS-ECS-008", Estate: cl(true), Want: pass},
		{Name: "off", Control: "ONUS-ECS-008", Estate: cl(false), Want: fail},
		{Name: "unknown", Control: "ONUS-ECS-008", Estate: &model.Estate{ECSClusters: []*ecs.Cluster{{Meta: ctest.TF("aws_ecs_cluster", "c")}}}, Want: unk},
	}
	cases = append(cases, fargateCases()...)
	cases = append(cases, taskSetCases()...)
	ctest.Run(t, Controls(), cases)
}

package terraform

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

func TestECSTaskSetPublicIP(t *testing.T) {
	got := outcomesOf(t, `
variable "public" {}
resource "aws_ecs_task_set" "blue" {
  service         = "app"
  cluster         = "main"
  task_definition = "app:1"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }
}
resource "aws_ecs_task_set" "green" {
  service         = "app"
  cluster         = "main"
  task_definition = "app:2"
  network_configuration {
    subnets = ["subnet-1"]
  }
}
resource "aws_ecs_task_set" "bare" {
  service         = "app"
  cluster         = "main"
  task_definition = "app:3"
}
resource "aws_ecs_task_set" "var" {
  service         = "app"
  cluster         = "main"
  task_definition = "app:4"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = var.public
  }
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ECS-010", "aws_ecs_task_set.blue", control.Fail, ""},
		{"ONUS-ECS-010", "aws_ecs_task_set.green", control.Pass, ""},
		{"ONUS-ECS-010", "aws_ecs_task_set.bare", control.Pass, ""},
		{"ONUS-ECS-010", "aws_ecs_task_set.var", control.Unknown, `variable "public" has no value`},
	})
}

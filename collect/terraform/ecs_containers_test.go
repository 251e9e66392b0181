package terraform

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

// TestECSContainerEnvironmentUnknowns: a value of container_definitions
// known only at apply is unknown where it is, as in the CloudFormation
// reader: an environment value for that variable alone (ONUS-ECS-002 is
// UNKNOWN under a credential-like name, other controls still judge the
// container), a flag, user or log driver for the whole list.
func TestECSContainerEnvironmentUnknowns(t *testing.T) {
	def := func(env, extra string) string {
		return `jsonencode([{
    name                   = "app"
    image                  = "nginx"
    readonlyRootFilesystem = true
    user                   = "1000"
    logConfiguration       = { logDriver = "awslogs" }
    environment            = ` + env + `
` + extra + `  }])`
	}
	got := outcomesOf(t, `variable "x" {}
resource "random_password" "db" {
  length = 20
}
resource "aws_ecs_task_definition" "var_value" {
  family                = "a"
  container_definitions = `+def(`[{ name = "DB_PASSWORD", value = var.x }, { name = "LOG_LEVEL", value = "info" }]`, "")+`
}
resource "aws_ecs_task_definition" "computed_value" {
  family                = "b"
  container_definitions = `+def(`[{ name = "DB_PASSWORD", value = random_password.db.result }]`, "")+`
}
resource "aws_ecs_task_definition" "plain_name" {
  family                = "c"
  container_definitions = `+def(`[{ name = "LOG_LEVEL", value = var.x }, { name = "DB_SECRET_ARN", value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }]`, "")+`
}
resource "aws_ecs_task_definition" "unknown_name" {
  family                = "d"
  container_definitions = `+def(`[{ name = var.x, value = "hunter2hunter2" }]`, "")+`
}
resource "aws_ecs_task_definition" "unknown_list" {
  family                = "e"
  container_definitions = `+def(`var.x`, "")+`
}
resource "aws_ecs_task_definition" "unknown_flag" {
  family                = "f"
  container_definitions = `+def(`[]`, "    privileged = var.x\n")+`
}
resource "aws_ecs_task_definition" "unknown_driver" {
  family                = "g"
  container_definitions = jsonencode([{
    name                   = "app"
    readonlyRootFilesystem = true
    logConfiguration       = { logDriver = var.x }
  }])
}
resource "aws_ecs_task_definition" "literal" {
  family                = "h"
  container_definitions = jsonencode([{
    name                   = "app"
    readonlyRootFilesystem = true
    environment            = [{ name = "DB_PASSWORD", value = "hunter2hunter2" }]
  }])
}
resource "aws_ecs_task_definition" "json_pascal_case" {
  family                = "i"
  container_definitions = <<-JSON
    [{"Name": "app", "Privileged": true, "ReadonlyRootFilesystem": true,
      "Environment": [{"Name": "API_TOKEN", "Value": "hunter2hunter2"}]}]
  JSON
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ECS-002", "aws_ecs_task_definition.var_value", control.Unknown, `value of DB_PASSWORD is unknown (variable "x" has no value`},
		{"ONUS-ECS-003", "aws_ecs_task_definition.var_value", control.Pass, "all read-only"},
		{"ONUS-ECS-004", "aws_ecs_task_definition.var_value", control.Pass, ""},
		{"ONUS-ECS-005", "aws_ecs_task_definition.var_value", control.Pass, ""},
		{"ONUS-ECS-002", "aws_ecs_task_definition.computed_value", control.Unknown, "known after apply: random_password.db.result"},
		{"ONUS-ECS-002", "aws_ecs_task_definition.plain_name", control.Pass, ""},
		{"ONUS-ECS-002", "aws_ecs_task_definition.unknown_name", control.Unknown, `environment[0] name: variable "x"`},
		{"ONUS-ECS-002", "aws_ecs_task_definition.unknown_list", control.Unknown, `environment: variable "x"`},
		{"ONUS-ECS-003", "aws_ecs_task_definition.unknown_list", control.Pass, ""},
		{"ONUS-ECS-001", "aws_ecs_task_definition.unknown_flag", control.Unknown, `privileged: variable "x"`},
		{"ONUS-ECS-002", "aws_ecs_task_definition.unknown_flag", control.Unknown, `privileged: variable "x"`},
		{"ONUS-ECS-005", "aws_ecs_task_definition.unknown_driver", control.Unknown, `logDriver: variable "x"`},
		{"ONUS-ECS-002", "aws_ecs_task_definition.literal", control.Fail, "DB_PASSWORD"},
		{"ONUS-ECS-001", "aws_ecs_task_definition.json_pascal_case", control.Fail, ""},
		{"ONUS-ECS-002", "aws_ecs_task_definition.json_pascal_case", control.Fail, "API_TOKEN"},
		{"ONUS-ECS-003", "aws_ecs_task_definition.json_pascal_case", control.Pass, ""},
	})
}

package terraform

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

func TestECSFargatePlatform(t *testing.T) {
	got := outcomesOf(t, `
resource "aws_ecs_service" "latest" {
  name        = "a"
  launch_type = "FARGATE"
}
resource "aws_ecs_service" "pinned" {
  name             = "b"
  launch_type      = "FARGATE"
  platform_version = "1.3.0"
}
resource "aws_ecs_service" "spot" {
  name             = "c"
  platform_version = "1.2.0"
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
}
resource "aws_ecs_service" "ec2" {
  name        = "d"
  launch_type = "EC2"
}
resource "aws_ecs_service" "cluster_default" {
  name = "e"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-ECS-009", "aws_ecs_service.latest", control.Pass, "LATEST"},
		{"ONUS-ECS-009", "aws_ecs_service.pinned", control.Fail, "1.3.0"},
		{"ONUS-ECS-009", "aws_ecs_service.spot", control.Fail, "1.2.0"},
		{"ONUS-ECS-009", "aws_ecs_service.ec2", control.NotApplicable, ""},
		{"ONUS-ECS-009", "aws_ecs_service.cluster_default", control.Unknown, "default capacity provider strategy"},
	})
}

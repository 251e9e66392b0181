package ecs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// TaskSetGapType is the listing-gap type of task sets: the services whose
// task sets they would be could not be listed or described.
const TaskSetGapType = "AWS::ECS::TaskSet"

func taskSetPublicIP() *control.Control {
	judge := ck.BoolCheck(func(e *model.Estate) []*ecs.TaskSet { return e.ECSTaskSets },
		func(s *ecs.TaskSet) source.Value[bool] { return s.AssignPublicIP }, false, "public IP assignment")
	return &control.Control{
		ID: "ONUS-ECS-010", Title: "ECS task sets do not assign public IP addresses", Severity: control.High,
		Service: "ecs", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("ECS.16"), fw.Network()),
		Rationale: "A task set (the tasks of a blue/green or external deployment) has its own network " +
			"configuration: with public IP assignment its tasks are reachable from the internet whenever their " +
			"security group allows it, even when the service itself keeps its tasks private.",
		Checked: "assignPublicIp of every task set's awsvpc network configuration: Terraform aws_ecs_task_set " +
			"network_configuration.assign_public_ip (default false), CloudFormation AWS::ECS::TaskSet " +
			"NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp (default DISABLED), live the task sets " +
			"ecs:DescribeServices returns for services with an EXTERNAL or CODE_DEPLOY deployment controller. " +
			"DISABLED passes; ENABLED fails; a value from a variable without a value is unknown, and so is a " +
			"region whose clusters or services could not be listed or described (its task sets were not seen).",
		Remediation: control.Remediation{
			Summary: "A task set's network configuration cannot be changed: create a replacement task set in private " +
				"subnets without public IPs, move traffic to it, and delete the old one.",
			Terraform: "resource \"aws_ecs_task_set\" \"green\" {\n  service         = aws_ecs_service.app.id\n  cluster         = aws_ecs_cluster.main.id\n" +
				"  task_definition = aws_ecs_task_definition.app.arn\n  network_configuration {\n    subnets          = aws_subnet.private[*].id\n" +
				"    security_groups  = [aws_security_group.app.id]\n    assign_public_ip = false\n  }\n}",
			CloudFormation: "GreenTaskSet:\n  Type: AWS::ECS::TaskSet\n  Properties:\n    Cluster: !Ref Cluster\n    Service: !Ref Service\n" +
				"    TaskDefinition: !Ref TaskDefinition\n    NetworkConfiguration:\n      AwsVpcConfiguration:\n        AssignPublicIp: DISABLED\n" +
				"        Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]",
			CLI: "aws ecs create-task-set --cluster main --service app --task-definition app:7 " +
				"--network-configuration 'awsvpcConfiguration={subnets=[subnet-0a1b2c3d],assignPublicIp=DISABLED}'\n" +
				"aws ecs update-service-primary-task-set --cluster main --service app --primary-task-set NEW_TASK_SET_ID\n" +
				"aws ecs delete-task-set --cluster main --service app --task-set OLD_TASK_SET_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			out := judge(e)
			if !e.AccountWide {
				return out
			}
			seen := map[string]bool{}
			for _, g := range e.Gaps {
				if g.Type != TaskSetGapType || seen[g.Region] {
					continue
				}
				seen[g.Region] = true
				m := scope.Account(e)
				if g.Region != "" {
					m = scope.RegionMeta(e, g.Region)
				}
				out = append(out, control.On(m).Unknown("task sets could not be read: "+g.Reason))
			}
			return out
		},
	}
}

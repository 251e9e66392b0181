package ecs

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/secretscan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/source"
)

// Controls returns the ECS controls.
func Controls() []*control.Control {
	return []*control.Control{privileged(), envSecrets(), readonlyRoot(), nonRoot(), logging(), hostPID(),
		servicePublicIP(), containerInsights(), fargatePlatform(), taskSetPublicIP()}
}

func services(e *model.Estate) []*ecs.Service { return e.ECSServices }

func clusters(e *model.Estate) []*ecs.Cluster { return e.ECSClusters }

// containers judges every container of every task definition with f, which
// returns a problem description ("" when the container is fine) or, with
// unknown set, why it cannot tell.
func containers(e *model.Estate, pass string, f func(c ecs.Container) (problem string, unknown string)) []control.Result {
	return ck.Each(e.ECSTaskDefinitions, func(td *ecs.TaskDefinition, b control.Builder) control.Result {
		cs, ok := td.Containers.Get()
		if !ok {
			return b.Result(ck.Unknown(td.Containers, "container definitions"))
		}
		var fails, unknowns []control.Verdict
		for _, c := range cs {
			p, u := f(c)
			switch {
			case p != "":
				fails = append(fails, ck.V(control.Fail, fmt.Sprintf("container %s: %s", c.Name, p), c.Prov))
			case u != "":
				unknowns = append(unknowns, ck.V(control.Unknown, fmt.Sprintf("container %s: %s", c.Name, u), c.Prov))
			}
		}
		switch {
		case len(fails) > 0:
			return b.Result(control.Combine(fails...))
		case len(unknowns) > 0:
			return b.Result(control.Combine(unknowns...))
		}
		return b.Pass(fmt.Sprintf("%d containers: %s", len(cs), pass), ck.Ev("container definitions", td.Containers))
	})
}

func privileged() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-001", Title: "ECS containers do not run privileged", Severity: control.High,
		Service: "ecs", Layer: "application",
		Frameworks: fw.Of(fw.FSBP("ECS.4"), fw.M{fw.NIST: {"AC-6"}, fw.ISO: {"A.8.2"}}),
		Rationale: "A privileged container has root on the host: a compromise of the application becomes a " +
			"compromise of the node and every task on it.",
		Checked: "privileged of every container in every task definition: false passes; true fails.",
		Remediation: control.Remediation{
			Summary:        "Remove privileged: true; grant only the Linux capabilities the container needs.",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  container_definitions = jsonencode([{\n    name       = \"app\"\n    privileged = false\n  }])\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions:\n      - Name: app\n        Privileged: false",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-unprivileged.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return containers(e, "none privileged", func(c ecs.Container) (string, string) {
				if c.Privileged {
					return "runs privileged", ""
				}
				return "", ""
			})
		},
	}
}

func envSecrets() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-002", Title: "ECS container environments hold no secrets", Severity: control.High,
		Service: "ecs", Layer: "secrets",
		Frameworks: fw.Of(fw.FSBP("ECS.8"), fw.Secrets()),
		Rationale: "Environment values in a task definition are visible to anyone who can describe it and are " +
			"kept in every revision; secrets belong in the secrets field, resolved from Secrets Manager or " +
			"Parameter Store at start.",
		Checked: "Every environment variable of every container: a known credential format, a literal under a " +
			"credential-like name, or a high-entropy token fails (key reported, value redacted to its first " +
			"two characters and length); a value only the deployment resolves under a credential-like name is unknown.",
		Remediation: control.Remediation{
			Summary:        "Move the value to Secrets Manager and reference it in the container's secrets.",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  container_definitions = jsonencode([{\n    name = \"app\"\n    secrets = [{ name = \"DB_PASSWORD\", valueFrom = aws_secretsmanager_secret.db.arn }]\n  }])\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions:\n      - Name: app\n        Secrets:\n          - Name: DB_PASSWORD\n            ValueFrom: !Ref DbSecret",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-with-secrets.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return containers(e, "no secret-like environment values", func(c ecs.Container) (string, string) {
				var found, unknown []string
				for _, ev := range c.Environment {
					if ev.Unknown != "" {
						switch {
						case ev.Name == "":
							unknown = append(unknown, fmt.Sprintf("an environment variable is unknown (%s)", ev.Unknown))
						case secretscan.SecretKey(ev.Name):
							unknown = append(unknown, fmt.Sprintf("value of %s is unknown (%s); a credential under this name would sit in clear in the task definition", ev.Name, ev.Unknown))
						}
						continue
					}
					if f, bad := secretscan.Check(ev.Name, ev.Value); bad {
						found = append(found, f.String())
					}
				}
				return strings.Join(found, "; "), strings.Join(unknown, "; ")
			})
		},
	}
}

func readonlyRoot() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-003", Title: "ECS containers have read-only root filesystems", Severity: control.Medium,
		Service: "ecs", Layer: "application",
		Frameworks: fw.Of(fw.FSBP("ECS.5"), fw.M{fw.NIST: {"CM-7"}}),
		Rationale: "A read-only root filesystem stops an intruder from dropping tools or modifying binaries " +
			"inside the container; writable paths can be mounted explicitly.",
		Checked: "readonlyRootFilesystem of every container: true passes; false or unset fails.",
		Remediation: control.Remediation{
			Summary:        "Set readonlyRootFilesystem: true and mount volumes for paths that must be writable.",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  container_definitions = jsonencode([{\n    name                   = \"app\"\n    readonlyRootFilesystem = true\n  }])\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions:\n      - Name: app\n        ReadonlyRootFilesystem: true",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-readonly.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return containers(e, "all read-only", func(c ecs.Container) (string, string) {
				if !c.ReadonlyRootFilesystem {
					return "root filesystem is writable", ""
				}
				return "", ""
			})
		},
	}
}

func nonRoot() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-004", Title: "ECS containers run as a non-root user", Severity: control.Medium,
		Service: "ecs", Layer: "application",
		Frameworks: fw.Of(fw.FSBP("ECS.1"), fw.M{fw.NIST: {"AC-6"}}),
		Rationale: "Root inside a container is root on the host's kernel interfaces; container escapes and " +
			"host-network tasks turn it into host compromise.",
		Checked: "user of every container: a non-root user or uid passes; root, 0 or 0:0 fails; no user set " +
			"is unknown (the image's default user applies and is not in the task definition).",
		Remediation: control.Remediation{
			Summary:        "Set a non-root user in the container definition (and in the image).",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  container_definitions = jsonencode([{\n    name = \"app\"\n    user = \"1000:1000\"\n  }])\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions:\n      - Name: app\n        User: \"1000:1000\"",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-nonroot.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return containers(e, "all run as non-root users", func(c ecs.Container) (string, string) {
				u := strings.TrimSpace(c.User)
				if u == "" {
					return "", "no user is set, so the image's default user (often root) applies"
				}
				name := u
				if i := strings.IndexByte(u, ':'); i >= 0 {
					name = u[:i]
				}
				if name == "root" || name == "0" {
					return "runs as " + u, ""
				}
				return "", ""
			})
		},
	}
}

func logging() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-005", Title: "ECS containers have a log configuration", Severity: control.Medium,
		Service: "ecs", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("ECS.9"), fw.Logging()),
		Rationale: "Without a log driver, container output disappears with the task; application logs are the " +
			"customer's evidence of abuse.",
		Checked: "logConfiguration.logDriver of every container: any driver passes; none fails.",
		Remediation: control.Remediation{
			Summary:        "Configure the awslogs (or FireLens) log driver.",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  container_definitions = jsonencode([{\n    name = \"app\"\n    logConfiguration = {\n      logDriver = \"awslogs\"\n      options = {\n        awslogs-group         = aws_cloudwatch_log_group.app.name\n        awslogs-region        = \"eu-west-1\"\n        awslogs-stream-prefix = \"app\"\n      }\n    }\n  }])\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    ContainerDefinitions:\n      - Name: app\n        LogConfiguration:\n          LogDriver: awslogs\n          Options:\n            awslogs-group: !Ref AppLogGroup\n            awslogs-region: !Ref AWS::Region\n            awslogs-stream-prefix: app",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-logging.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return containers(e, "all log", func(c ecs.Container) (string, string) {
				if c.LogDriver == "" {
					return "no log driver", ""
				}
				return "", ""
			})
		},
	}
}

func hostPID() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-006", Title: "ECS tasks do not share the host's process namespace", Severity: control.High,
		Service: "ecs", Layer: "application",
		Frameworks: fw.Of(fw.FSBP("ECS.3"), fw.M{fw.NIST: {"SC-39"}}),
		Rationale: "With pidMode host, containers see and can signal every process on the host, breaking the " +
			"isolation between tasks.",
		Checked: "pidMode of every task definition: host fails; task or unset passes.",
		Remediation: control.Remediation{
			Summary:        "Remove pidMode host.",
			Terraform:      "resource \"aws_ecs_task_definition\" \"app\" {\n  pid_mode = \"task\"\n}",
			CloudFormation: "TaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    PidMode: task",
			CLI:            "aws ecs register-task-definition --cli-input-json file://taskdef-without-host-pid.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.ECSTaskDefinitions, func(td *ecs.TaskDefinition) control.Verdict {
				return ck.Judge(td.PIDMode, "pid mode", func(m string) (bool, string) {
					if strings.EqualFold(m, "host") {
						return false, "the task shares the host's process namespace (pidMode host)"
					}
					if m == "" {
						return true, "pidMode is not set (private namespace)"
					}
					return true, "pidMode is " + m
				})
			})
		},
	}
}

func servicePublicIP() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-007", Title: "ECS services do not assign public IP addresses", Severity: control.High,
		Service: "ecs", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("ECS.2"), fw.Network()),
		Rationale: "Tasks with public addresses are reachable from the internet whenever their security group " +
			"allows it; put them in private subnets behind a load balancer.",
		Checked: "assignPublicIp of every service's awsvpc network configuration: DISABLED passes; ENABLED fails.",
		Remediation: control.Remediation{
			Summary:        "Disable public IP assignment and use private subnets with a NAT gateway or VPC endpoints.",
			Terraform:      "resource \"aws_ecs_service\" \"app\" {\n  network_configuration {\n    subnets          = aws_subnet.private[*].id\n    assign_public_ip = false\n  }\n}",
			CloudFormation: "Service:\n  Type: AWS::ECS::Service\n  Properties:\n    NetworkConfiguration:\n      AwsvpcConfiguration:\n        AssignPublicIp: DISABLED\n        Subnets: [!Ref PrivateSubnetA]",
			CLI:            "aws ecs update-service --cluster main --service app --network-configuration 'awsvpcConfiguration={subnets=[subnet-a],assignPublicIp=DISABLED}'",
		},
		Check: ck.BoolCheck(services, func(s *ecs.Service) source.Value[bool] { return s.AssignPublicIP }, false, "public IP assignment"),
	}
}

func containerInsights() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-008", Title: "ECS clusters use Container Insights", Severity: control.Low,
		Service: "ecs", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("ECS.12"), fw.Monitoring()),
		Rationale: "Container Insights collects per-task metrics and events that show resource abuse and " +
			"failing deployments.",
		Checked: "The containerInsights setting of every cluster: enabled (or enhanced) passes; disabled fails.",
		Remediation: control.Remediation{
			Summary:        "Enable Container Insights on the cluster.",
			Terraform:      "resource \"aws_ecs_cluster\" \"main\" {\n  setting {\n    name  = \"containerInsights\"\n    value = \"enabled\"\n  }\n}",
			CloudFormation: "Cluster:\n  Type: AWS::ECS::Cluster\n  Properties:\n    ClusterSettings:\n      - Name: containerInsights\n        Value: enabled",
			CLI:            "aws ecs update-cluster-settings --cluster main --settings name=containerInsights,value=enabled",
		},
		Check: ck.BoolCheck(clusters, func(c *ecs.Cluster) source.Value[bool] { return c.ContainerInsights }, true, "Container Insights"),
	}
}

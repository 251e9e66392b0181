package ecs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ecs"
)

// Fargate platform versions (AWS Fargate platform versions page): Linux
// 1.4.0 is the latest, 1.0.0–1.3.0 are older; Windows has only 1.0.0, so
// "1.0.0" alone cannot be judged without the task's operating system.
const latestLinuxFargate = "1.4.0"

var outdatedLinuxFargate = map[string]bool{"1.1.0": true, "1.2.0": true, "1.3.0": true}

func fargatePlatform() *control.Control {
	return &control.Control{
		ID: "ONUS-ECS-009", Title: "ECS Fargate services run on the latest platform version", Severity: control.Medium,
		Service: "ecs", Layer: "guest-os",
		Frameworks: fw.Of(fw.FSBP("ECS.10"), fw.Patching()),
		Rationale: "AWS patches the Fargate hosts, but a service pinned to an old platform version keeps its " +
			"old kernel, runtime and features until the customer moves it: choosing the version is the " +
			"customer's share of patching on Fargate.",
		Checked: "Every service that runs on Fargate (launch type FARGATE, or a FARGATE/FARGATE_SPOT capacity " +
			"provider): platform version LATEST (the default) or " + latestLinuxFargate + " passes; 1.1.0–1.3.0 fail; " +
			"1.0.0 is UNKNOWN (latest on Windows, outdated on Linux, and the task's OS is not read). Services on " +
			"EC2 or external instances are not applicable; a service whose launch type comes from the cluster's " +
			"default capacity provider strategy is UNKNOWN in code.",
		Remediation: control.Remediation{
			Summary:        "Use platform version LATEST (or remove the pin) and redeploy the service.",
			Terraform:      "resource \"aws_ecs_service\" \"app\" {\n  launch_type      = \"FARGATE\"\n  platform_version = \"LATEST\"\n}",
			CloudFormation: "Service:\n  Type: AWS::ECS::Service\n  Properties:\n    LaunchType: FARGATE\n    PlatformVersion: LATEST",
			CLI:            "aws ecs update-service --cluster main --service app --platform-version LATEST --force-new-deployment",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.ECSServices, func(s *ecs.Service) control.Verdict {
				fargate, ok := s.Fargate.Get()
				if !ok {
					return ck.Unknown(s.Fargate, "whether the service runs on Fargate")
				}
				if !fargate {
					return ck.NA("the service does not run on Fargate")
				}
				v, ok := s.PlatformVersion.Get()
				if !ok {
					return ck.Unknown(s.PlatformVersion, "platform version")
				}
				switch {
				case v == "LATEST" || v == latestLinuxFargate:
					return ck.PassAt("platform version "+v, s.PlatformVersion.PackedProv())
				case outdatedLinuxFargate[v]:
					return ck.FailAt("platform version "+v+" is older than "+latestLinuxFargate, s.PlatformVersion.PackedProv())
				case v == "1.0.0":
					return control.Verdict{Outcome: control.Unknown, Reason: "platform version 1.0.0 is the latest for Windows " +
						"and outdated for Linux; onus does not read the task's operating system",
						Evidence: []control.Evidence{control.EvAt("platform version 1.0.0", s.PlatformVersion.PackedProv())}}
				}
				return control.Verdict{Outcome: control.Unknown, Reason: "platform version " + v + " is not one onus knows",
					Evidence: []control.Evidence{control.EvAt("platform version "+v, s.PlatformVersion.PackedProv())}}
			})
		},
	}
}

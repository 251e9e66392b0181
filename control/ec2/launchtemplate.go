package ec2

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// templateControls judge EC2 launch templates, from which Auto Scaling
// groups, fleets and instances inherit their settings.
func templateControls() []*control.Control {
	return []*control.Control{templatePublicIP(), templateIMDSv2(), templateEBS(), sourceDestCheck()}
}

func eachTemplate(e *model.Estate, f func(t *ec2.LaunchTemplate) control.Verdict) []control.Result {
	return ck.Per(e.LaunchTemplates, f)
}

func templatePublicIP() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-009", Title: "EC2 launch templates do not assign public IP addresses", Severity: control.High,
		Service: "ec2", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.25"), fw.PublicAccess()),
		Rationale: "Every instance launched from the template gets an internet-routable address, so one " +
			"permissive security group exposes the whole fleet; exposure belongs behind a load balancer.",
		Checked: "The network interfaces of every launch template: none with AssociatePublicIpAddress true " +
			"passes; any fails.",
		Remediation: control.Remediation{
			Summary:        "Do not associate public IPs in the template; expose services through a load balancer.",
			Terraform:      "resource \"aws_launch_template\" \"app\" {\n  network_interfaces {\n    associate_public_ip_address = false\n  }\n}",
			CloudFormation: "AppTemplate:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n      NetworkInterfaces:\n        - DeviceIndex: 0\n          AssociatePublicIpAddress: false",
			CLI:            "aws ec2 create-launch-template-version --launch-template-id lt-0123 --source-version 1 --launch-template-data '{\"NetworkInterfaces\":[{\"DeviceIndex\":0,\"AssociatePublicIpAddress\":false}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachTemplate(e, func(t *ec2.LaunchTemplate) control.Verdict {
				return ck.Judge(t.PublicIPInterfaces, "network interfaces", func(l []string) (bool, string) {
					if len(l) > 0 {
						return false, "the template associates a public IP address on " + strings.Join(l, ", ")
					}
					return true, "no network interface of the template associates a public IP address"
				})
			})
		},
	}
}

func templateIMDSv2() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-010", Title: "EC2 launch templates require IMDSv2", Severity: control.Medium,
		Service: "ec2", Layer: "guest-os",
		Frameworks: fw.Of(fw.FSBP("EC2.170"), fw.M{fw.NIST: {"AC-3", "SC-7"}}),
		Rationale: "Instances inherit the template's metadata options; IMDSv1 hands the instance role's " +
			"credentials to any server-side request forgery in the application.",
		Checked: "HttpTokens in the metadata options of every launch template: required passes; optional or " +
			"not set (left to AMI and account defaults) fails.",
		Remediation: control.Remediation{
			Summary:        "Set http_tokens = required in the template's metadata options.",
			Terraform:      "resource \"aws_launch_template\" \"app\" {\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n}",
			CloudFormation: "AppTemplate:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n      MetadataOptions:\n        HttpTokens: required\n        HttpEndpoint: enabled",
			CLI:            "aws ec2 create-launch-template-version --launch-template-id lt-0123 --source-version 1 --launch-template-data '{\"MetadataOptions\":{\"HttpTokens\":\"required\"}}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachTemplate(e, func(t *ec2.LaunchTemplate) control.Verdict {
				return ck.Judge(t.HTTPTokens, "metadata HttpTokens", func(s string) (bool, string) {
					switch strings.ToLower(s) {
					case "required":
						return true, "the template requires IMDSv2 session tokens"
					case "":
						return false, "the template does not set HttpTokens, so IMDSv1 stays available unless the AMI or account default forbids it"
					}
					return false, "the template sets HttpTokens to " + s + ", which allows IMDSv1"
				})
			})
		},
	}
}

func templateEBS() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-011", Title: "EC2 launch templates encrypt their EBS volumes", Severity: control.Medium,
		Service: "ec2", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("EC2.181"), fw.AtRest()),
		Rationale: "Volumes created from the template carry the application's data; the template is where " +
			"their encryption is decided for every instance of the fleet.",
		Checked: "The EBS block device mappings of every launch template: all with Encrypted true passes; any " +
			"with Encrypted false or not set fails (the region's encryption-by-default is judged separately by " +
			"ONUS-EBS-004).",
		Remediation: control.Remediation{
			Summary:        "Set encrypted = true (with a KMS key) on every EBS mapping of the template.",
			Terraform:      "resource \"aws_launch_template\" \"app\" {\n  block_device_mappings {\n    device_name = \"/dev/xvda\"\n    ebs {\n      encrypted  = true\n      kms_key_id = aws_kms_key.ebs.arn\n    }\n  }\n}",
			CloudFormation: "AppTemplate:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n      BlockDeviceMappings:\n        - DeviceName: /dev/xvda\n          Ebs:\n            Encrypted: true\n            KmsKeyId: !Ref EbsKey",
			CLI:            "aws ec2 create-launch-template-version --launch-template-id lt-0123 --source-version 1 --launch-template-data '{\"BlockDeviceMappings\":[{\"DeviceName\":\"/dev/xvda\",\"Ebs\":{\"Encrypted\":true}}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachTemplate(e, func(t *ec2.LaunchTemplate) control.Verdict {
				return ck.Judge(t.UnencryptedVolumes, "EBS mappings", func(l []string) (bool, string) {
					if len(l) > 0 {
						return false, "EBS volumes without encryption: " + strings.Join(l, ", ")
					}
					return true, "every EBS volume of the template is encrypted"
				})
			})
		},
	}
}

func sourceDestCheck() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-012", Title: "EC2 instances keep source/destination checking on", Severity: control.Medium,
		Service: "ec2", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.180"), fw.M{fw.NIST: {"SC-7", "AC-4"}}),
		Rationale: "With the check off, an instance may forward traffic not addressed to it, which bypasses " +
			"the network design; only NAT and routing appliances need that.",
		Checked: "SourceDestCheck of every instance's primary network interface: true (the default) passes; " +
			"false fails.",
		Remediation: control.Remediation{
			Summary:        "Turn source/destination checking back on unless the instance is a NAT or routing appliance.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  source_dest_check = true\n}",
			CloudFormation: "Web:\n  Type: AWS::EC2::Instance\n  Properties:\n    SourceDestCheck: true",
			CLI:            "aws ec2 modify-instance-attribute --instance-id i-0123 --source-dest-check Value=true",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.EC2Instances, func(i *ec2.Instance, b control.Builder) control.Result {
				return b.Result(ck.Bool(i.SourceDestCheck, true, "source/destination checking"))
			})
		},
	}
}

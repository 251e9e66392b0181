package ec2

import (
	"fmt"
	"path"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/secretscan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// Controls returns the EC2 and EBS controls.
func Controls() []*control.Control {
	return append(append(append(append(instanceControls(), ebsControls()...), templateControls()...), imageControls()...), fsbpControls()...)
}

func instanceControls() []*control.Control {
	return []*control.Control{imdsv2(), noPublicIP(), instanceProfile(), userDataSecrets(), amiAllowList(),
		detailedMonitoring(), ssmManaged(), notDefaultVPC()}
}

func each(e *model.Estate, f func(i *ec2.Instance) control.Verdict) []control.Result {
	return ck.Per(e.EC2Instances, f)
}

func imdsv2() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-001", Title: "EC2 instances require IMDSv2", Severity: control.High,
		Service: "ec2", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("6.7"), fw.FSBP("EC2.8"), fw.M{fw.NIST: {"AC-3", "SC-7"}}),
		Rationale: "IMDSv1 answers plain GET requests, so a server-side request forgery in the application " +
			"hands the instance role's credentials to an attacker; IMDSv2's session tokens block that.",
		Checked: "The metadata options of every instance: http_tokens required passes, or the metadata " +
			"endpoint disabled; http_tokens optional fails.",
		Remediation: control.Remediation{
			Summary:        "Require IMDSv2 session tokens.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n}",
			CloudFormation: "LaunchTemplate:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n      MetadataOptions:\n        HttpEndpoint: enabled\n        HttpTokens: required",
			CLI:            "aws ec2 modify-instance-metadata-options --instance-id i-0123 --http-tokens required --http-endpoint enabled",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				if ep, ok := ck.Str(i.HTTPEndpoint); ok && ep == "disabled" {
					return ck.PassAt("the instance metadata endpoint is disabled", i.HTTPEndpoint.PackedProv())
				}
				return ck.Judge(i.HTTPTokens, "metadata http_tokens", func(t string) (bool, string) {
					if strings.EqualFold(t, "required") {
						return true, "IMDSv2 is required (http_tokens = required)"
					}
					return false, "IMDSv1 is allowed (http_tokens = " + t + ")"
				})
			})
		},
	}
}

func noPublicIP() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-002", Title: "EC2 instances have no public IPv4 address", Severity: control.High,
		Service: "ec2", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.9"), fw.Network()),
		Rationale: "An instance with a public address is one security group mistake away from the internet; " +
			"intended exposure belongs behind a load balancer or a NAT gateway.",
		Checked: "Whether every instance gets a public IPv4 address (associate_public_ip_address, or the " +
			"subnet's auto-assign for code; the live public IP): none passes; one fails. Suppress the result " +
			"with a reason for deliberately public hosts.",
		Remediation: control.Remediation{
			Summary:        "Launch the instance without a public IP, in a private subnet behind a load balancer or NAT.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  associate_public_ip_address = false\n  subnet_id                   = aws_subnet.private.id\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    NetworkInterfaces:\n      - DeviceIndex: \"0\"\n        AssociatePublicIpAddress: false\n        SubnetId: !Ref PrivateSubnet",
			CLI:            "aws ec2 modify-subnet-attribute --subnet-id subnet-0123 --no-map-public-ip-on-launch   # then relaunch the instance in it",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				return ck.Judge(i.PublicIP, "public IPv4 address", func(p bool) (bool, string) {
					if p {
						return false, "the instance has a public IPv4 address"
					}
					return true, "the instance has no public IPv4 address"
				})
			})
		},
	}
}

func instanceProfile() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-003", Title: "EC2 instances use an instance profile for AWS access", Severity: control.Medium,
		Service: "ec2", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("2.16"), fw.M{fw.NIST: {"IA-5", "AC-6"}, fw.ISO: {"A.5.17"}}),
		Rationale: "An instance role delivers short-lived, automatically rotated credentials; without one, " +
			"applications tend to carry long-lived access keys on disk or in user data.",
		Checked: "The IAM instance profile of every instance: present passes; none fails.",
		Remediation: control.Remediation{
			Summary:        "Attach an IAM instance profile with a least-privilege role.",
			Terraform:      "resource \"aws_iam_instance_profile\" \"web\" {\n  role = aws_iam_role.web.name\n}\nresource \"aws_instance\" \"web\" {\n  iam_instance_profile = aws_iam_instance_profile.web.name\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    IamInstanceProfile: !Ref WebInstanceProfile",
			CLI:            "aws ec2 associate-iam-instance-profile --instance-id i-0123 --iam-instance-profile Name=web",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				return ck.Judge(i.InstanceProfile, "instance profile", func(p string) (bool, string) {
					if p == "" {
						return false, "the instance has no instance profile"
					}
					return true, "instance profile " + p
				})
			})
		},
	}
}

func userDataSecrets() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-004", Title: "EC2 user data holds no secrets", Severity: control.Critical,
		Service: "ec2", Layer: "secrets",
		Frameworks: fw.Of(fw.Secrets()),
		Rationale: "User data is readable by anyone who can describe the instance attribute and by every " +
			"process on the instance through the metadata service; keys or passwords in it are exposed.",
		Checked: "The decoded user data of every instance, line by line: known credential formats (AWS access " +
			"keys, private keys, tokens, passwords in URLs) and assignments of literals to credential-like " +
			"names fail, reported by line and key with the value redacted; none passes. User data that is " +
			"only partly known (a template with unresolved parts) fails on a secret in its literal parts " +
			"and is otherwise UNKNOWN.",
		Remediation: control.Remediation{
			Summary:        "Remove credentials from user data; use the instance role and fetch secrets from Secrets Manager at boot.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  iam_instance_profile = aws_iam_instance_profile.web.name\n  user_data = <<-EOT\n    #!/bin/bash\n    DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id app/db --query SecretString --output text)\n  EOT\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    IamInstanceProfile: !Ref WebInstanceProfile\n    UserData:\n      Fn::Base64: |\n        #!/bin/bash\n        DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id app/db --query SecretString --output text)",
			CLI:            "aws ec2 stop-instances --instance-ids i-0123\naws ec2 modify-instance-attribute --instance-id i-0123 --attribute userData --value file://clean-user-data.b64\n# and rotate every credential that was in the old user data",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				ud, ok := i.UserData.Get()
				if !ok {
					// Literal secrets in the known parts of a partly
					// unknown template still fail; their absence proves
					// nothing, since the unknown parts may hold one.
					if part, pok := i.UserDataPartial.Get(); pok {
						if fs := secretscan.ScanText(part); len(fs) > 0 {
							var parts []string
							for _, f := range fs {
								parts = append(parts, f.String())
							}
							return ck.FailAt("user data holds secret-like values in its literal parts: "+strings.Join(parts, "; "), i.UserDataPartial.PackedProv())
						}
					}
					return ck.Unknown(i.UserData, "user data")
				}
				fs := secretscan.ScanText(ud)
				if len(fs) == 0 {
					if ud == "" {
						return ck.PassAt("the instance has no user data", i.UserData.PackedProv())
					}
					return ck.PassAt("no secret-like value in the user data", i.UserData.PackedProv())
				}
				var parts []string
				for _, f := range fs {
					parts = append(parts, f.String())
				}
				return ck.FailAt("user data holds secret-like values: "+strings.Join(parts, "; "), i.UserData.PackedProv())
			})
		},
	}
}

func amiAllowList() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-005", Title: "EC2 instances run approved (hardened) AMIs", Severity: control.Medium,
		Service: "ec2", Layer: "guest-os",
		Frameworks: fw.Of(fw.M{fw.NIST: {"CM-2", "CM-7"}, fw.PCI: {"2.2.1"}, fw.ISO: {"A.8.9"}, fw.SOC2: {"CC7.1"}}),
		Rationale: "The guest OS is the customer's: hardened, patched golden images are how that duty is met " +
			"at scale, and an instance from an arbitrary AMI bypasses it.",
		Checked: "The image id of every instance against ami_allow_list in .onus.yaml (ids, * and ? wildcards " +
			"allowed): listed passes; not listed fails. With no allow-list configured the control is not applicable.",
		Remediation: control.Remediation{
			Summary:        "Launch from an approved image and list approved AMIs in .onus.yaml (ami_allow_list).",
			Terraform:      "data \"aws_ami\" \"hardened\" {\n  owners      = [\"self\"]\n  most_recent = true\n  filter {\n    name   = \"name\"\n    values = [\"cis-hardened-al2023-*\"]\n  }\n}\nresource \"aws_instance\" \"web\" {\n  ami = data.aws_ami.hardened.id\n}",
			CloudFormation: "Parameters:\n  HardenedAmi:\n    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n    Default: /golden/ami/latest\nResources:\n  Instance:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: !Ref HardenedAmi",
			CLI:            "# .onus.yaml\nami_allow_list:\n  - ami-0123456789abcdef0\n  - ami-0fedcba*",
		},
		Check: func(e *model.Estate) []control.Result {
			allow := e.Settings.AMIAllowList
			return each(e, func(i *ec2.Instance) control.Verdict {
				if model.Unset(allow) {
					return ck.NA("no AMI allow-list is configured (ami_allow_list in .onus.yaml)")
				}
				list, ok := allow.Get()
				if !ok {
					return ck.Unknown(allow, "the AMI allow-list")
				}
				if len(list) == 0 {
					return ck.NA("the AMI allow-list in .onus.yaml is empty")
				}
				return ck.Judge(i.ImageID, "AMI id", func(id string) (bool, string) {
					for _, pat := range list {
						if m, err := path.Match(pat, id); err == nil && m {
							return true, fmt.Sprintf("AMI %s is on the allow-list (%s)", id, pat)
						}
					}
					return false, fmt.Sprintf("AMI %s is not on the allow-list", id)
				})
			})
		},
	}
}

func detailedMonitoring() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-006", Title: "EC2 detailed monitoring is enabled", Severity: control.Info,
		Service: "ec2", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.Monitoring()),
		Rationale: "One-minute metrics make abuse such as crypto-mining or a traffic spike visible quickly. " +
			"Informational: five-minute metrics suffice for many workloads.",
		Checked: "The monitoring setting of every instance: detailed passes; basic fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Enable detailed monitoring.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  monitoring = true\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    Monitoring: true",
			CLI:            "aws ec2 monitor-instances --instance-ids i-0123",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict { return ck.Bool(i.Monitoring, true, "detailed monitoring") })
		},
	}
}

func ssmManaged() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-007", Title: "EC2 instances are managed by Systems Manager", Severity: control.Medium,
		Service: "ec2", Layer: "guest-os",
		Frameworks: fw.Of(fw.FSBP("SSM.1"), fw.Patching()),
		Rationale: "On EC2, patching the guest OS is the customer's duty; an SSM managed node can be patched, " +
			"inventoried and reached without SSH, the usual way that duty is met.",
		Checked: "Whether SSM reports every instance as a managed node (live scans): yes passes; no fails. " +
			"Code cannot show registration with SSM, so code sources are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Run the SSM agent with an instance role that has AmazonSSMManagedInstanceCore.",
			Terraform:      "resource \"aws_iam_role_policy_attachment\" \"ssm\" {\n  role       = aws_iam_role.web.name\n  policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}",
			CloudFormation: "WebRole:\n  Type: AWS::IAM::Role\n  Properties:\n    ManagedPolicyArns:\n      - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
			CLI:            "aws iam attach-role-policy --role-name web --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				return ck.LiveOnly(&i.Meta, i.SSMManaged, "SSM managed-node status", func(m bool) (bool, string) {
					if m {
						return true, "SSM manages the instance"
					}
					return false, "SSM does not manage the instance"
				})
			})
		},
	}
}

func notDefaultVPC() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-008", Title: "EC2 instances do not run in the default VPC", Severity: control.Medium,
		Service: "ec2", Layer: "network-config",
		Frameworks: fw.Of(fw.Network()),
		Rationale: "The default VPC has only public subnets that assign public addresses; workloads belong in " +
			"a VPC the customer designed, with private subnets and flow logs.",
		Checked: "Whether every instance is in its region's default VPC (code: launched without a subnet): no " +
			"passes; yes fails.",
		Remediation: control.Remediation{
			Summary:        "Launch the instance into a subnet of a purpose-built VPC.",
			Terraform:      "resource \"aws_instance\" \"web\" {\n  subnet_id = aws_subnet.private.id\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    SubnetId: !Ref PrivateSubnet",
			CLI:            "aws ec2 run-instances --subnet-id subnet-private --image-id ami-0123 --instance-type t3.micro",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				return ck.Judge(i.InDefaultVPC, "default VPC placement", func(d bool) (bool, string) {
					if d {
						return false, "the instance runs in the default VPC"
					}
					return true, "the instance runs in a non-default VPC"
				})
			})
		},
	}
}

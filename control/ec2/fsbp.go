package ec2

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

// fsbpControls are the FSBP EC2 controls added after the first catalogue:
// stopped instances, multiple ENIs, paravirtual instances, Spot Fleet EBS.
func fsbpControls() []*control.Control {
	return []*control.Control{stoppedInstances(), multipleENIs(), paravirtual(), spotFleetEBS()}
}

// stoppedDays is Security Hub EC2.4's AllowedDays (the ec2-stopped-instance
// Config rule's parameter, 30 by default there and here). Literal data.
var stoppedDays = control.Param{Control: "ONUS-EC2-014", Name: "max_stopped_days", Unit: "days",
	Default: 30, Min: 1, Max: 3650,
	Summary: "Most days an instance may stay stopped. Security Hub EC2.4 AllowedDays."}

func stoppedInstances() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-014", Title: "Stopped EC2 instances are removed after {{max_stopped_days}} days", Severity: control.Medium,
		Service: "ec2", Layer: "guest-os",
		Frameworks: fw.Of(fw.FSBP("EC2.4"), fw.M{fw.NIST: {"CM-2"}}),
		Rationale: "A stopped instance misses every patch while it is down and keeps its disks, role and " +
			"network placement: started again months later it is an unpatched host with live credentials. " +
			"Keeping the guest OS current is the customer's duty on EC2; instances nobody runs should go.",
		Checked: "Every stopped instance (live scans): stopped for at most {{max_stopped_days}} days (the parameter max_stopped_days) passes; longer fails. The stop time is the one the API's state transition reason records, " +
			"judged against the scan time (so a snapshot rescanned later gives the same answer); a stop time " +
			"the API does not state is UNKNOWN. Instances in any other state are not applicable, and so are " +
			"instances declared in code, which says nothing about when an instance stopped.",
		Remediation: control.Remediation{
			Summary:        "Terminate instances stopped for more than {{max_stopped_days}} days (snapshot or image them first if the data is needed).",
			Terraform:      "# Remove the aws_instance (and any aws_ec2_instance_state that keeps it stopped), then apply:\n# terraform destroy -target=aws_instance.old",
			CloudFormation: "# Delete the AWS::EC2::Instance resource from the template and update the stack.",
			CLI:            "aws ec2 create-image --instance-id i-0123 --name old-backup   # if the disks are needed\naws ec2 terminate-instances --instance-ids i-0123",
		},
		Params: []control.Param{stoppedDays},
		Check: func(e *model.Estate) []control.Result {
			now := scope.Now(e)
			maxStoppedDays, limit := stoppedDays.Limit(e)
			return each(e, func(i *ec2.Instance) control.Verdict {
				if ck.IsCode(&i.Meta) {
					return ck.NA(fmt.Sprintf("how long an instance has been stopped is not expressed in %s code; only a live scan can read it", i.Source))
				}
				st, ok := ck.Str(i.State)
				if !ok {
					return ck.Unknown(i.State, "instance state")
				}
				if st != "stopped" {
					return ck.NA("the instance is " + st + ", not stopped")
				}
				ts, ok := i.StateTransitionTime.Get()
				if !ok {
					return ck.Unknown(i.StateTransitionTime, "the time the instance stopped")
				}
				t, err := time.Parse(time.RFC3339, ts)
				if err != nil {
					return control.Verdict{Outcome: control.Unknown, Reason: "the stop time " + strconv.Quote(ts) + " is not a time",
						Evidence: []control.Evidence{ck.Ev("stop time", i.StateTransitionTime)}}
				}
				days := scope.Age(now, t)
				desc := fmt.Sprintf("stopped since %s (%d days", t.UTC().Format("2006-01-02"), days)
				if now.Sub(t) > time.Duration(maxStoppedDays)*24*time.Hour {
					return ck.FailAt(fmt.Sprintf("%s, more than %s)", desc, limit), i.StateTransitionTime.PackedProv())
				}
				return ck.PassAt(fmt.Sprintf("%s, at most %s)", desc, limit), i.StateTransitionTime.PackedProv())
			})
		},
	}
}

func multipleENIs() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-015", Title: "EC2 instances do not use multiple network interfaces", Severity: control.Low,
		Service: "ec2", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EC2.17"), fw.M{fw.NIST: {"AC-4(21)"}}),
		Rationale: "An instance with interfaces in several subnets bridges them: traffic can cross between " +
			"networks through the host, around the route tables, network ACLs and security groups that " +
			"were meant to separate them.",
		Checked: "The network interfaces attached to every instance: the primary interface alone passes; more " +
			"than one fails. Code counts the instance's network_interface blocks (Terraform) or " +
			"NetworkInterfaces (CloudFormation, also from its launch template) plus separate attachments " +
			"(aws_network_interface_attachment, aws_network_interface attachment blocks, " +
			"AWS::EC2::NetworkInterfaceAttachment); live scans read the instance's interfaces. Suppress the " +
			"result with a reason for a deliberate multi-homed appliance.",
		Remediation: control.Remediation{
			Summary:        "Detach the secondary network interfaces; put multi-homed appliances behind a reviewed design.",
			Terraform:      "# Remove aws_network_interface_attachment resources and extra network_interface blocks:\nresource \"aws_instance\" \"web\" {\n  subnet_id = aws_subnet.private.id\n}",
			CloudFormation: "Instance:\n  Type: AWS::EC2::Instance\n  Properties:\n    SubnetId: !Ref PrivateSubnet   # one interface; no NetworkInterfaceAttachment",
			CLI:            "aws ec2 describe-instances --instance-ids i-0123 --query 'Reservations[].Instances[].NetworkInterfaces[].Attachment.AttachmentId'\naws ec2 detach-network-interface --attachment-id eni-attach-0123",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				return ck.Judge(i.NetworkInterfaces, "network interfaces", func(l []string) (bool, string) {
					if len(l) > 1 {
						return false, fmt.Sprintf("the instance has %d network interfaces: %s", len(l), strings.Join(l, ", "))
					}
					if len(l) == 0 {
						return true, "the instance has no network interface attached"
					}
					return true, "the instance has one network interface (" + l[0] + ")"
				})
			})
		},
	}
}

// hvmOnlyFamilies are instance families before the fourth generation that
// run only HVM AMIs. Only the previous-generation families C1, C3, HS1, M1,
// M2, M3 and T1 (and a few more of that era) ever ran paravirtual AMIs; every
// family of the fourth generation and later is HVM only.
var hvmOnlyFamilies = map[string]bool{
	"t2": true, "t3": true, "t3a": true, "x2gd": true, "x2idn": true, "x2iedn": true, "x2iezn": true,
	"inf2": true, "trn2": true, "r3": true, "i2": true, "i3": true, "i3en": true, "d2": true, "g2": true, "g3": true,
	"g3s": true, "p2": true, "p3": true, "p3dn": true, "x1": true, "x1e": true, "f1": true, "h1": true,
	"a1": true, "z1d": true, "inf1": true, "trn1": true, "mac1": true, "mac2": true,
}

// hvmOnly reports whether an instance type cannot run paravirtual AMIs:
// a known HVM-only family, or a family of generation 4 or later (the
// letters, then the generation digit: m5, c6gn, r7iz). Anything else
// (m1.small, c3.large, an unparsable name) may run either.
func hvmOnly(typ string) bool {
	fam, _, ok := strings.Cut(strings.ToLower(strings.TrimSpace(typ)), ".")
	if !ok || fam == "" {
		return false
	}
	if hvmOnlyFamilies[fam] {
		return true
	}
	i := 0
	for i < len(fam) && fam[i] >= 'a' && fam[i] <= 'z' {
		i++
	}
	if i == 0 || i == len(fam) || fam[i] < '0' || fam[i] > '9' {
		return false
	}
	return fam[i] >= '4'
}

func paravirtual() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-016", Title: "EC2 instances do not use paravirtual virtualization", Severity: control.Medium,
		Service: "ec2", Layer: "guest-os",
		Frameworks: fw.Of(fw.FSBP("EC2.24"), fw.M{fw.NIST: {"CM-2"}}),
		Rationale: "Paravirtual AMIs run only on retired instance generations with old kernels and drivers; " +
			"they miss the hardware protections and the patches of current HVM images. The choice of AMI " +
			"is the customer's share of the virtualization layer.",
		Checked: "The virtualization type of every instance (live scans): hvm passes; paravirtual fails. In " +
			"code the AMI decides, which code names but does not describe: an instance type that runs only " +
			"HVM AMIs (every fourth-generation or later family, and T2, T3, R3, I2, D2, G2 and the like) passes; " +
			"a previous-generation type that may run paravirtual AMIs (M1, M2, M3, C1, C3, T1, HS1) or an " +
			"instance type the code does not state is UNKNOWN.",
		Remediation: control.Remediation{
			Summary:        "Rebuild the instance from an HVM AMI on a current-generation instance type.",
			Terraform:      "data \"aws_ami\" \"al2023\" {\n  owners      = [\"amazon\"]\n  most_recent = true\n  filter {\n    name   = \"virtualization-type\"\n    values = [\"hvm\"]\n  }\n  filter {\n    name   = \"name\"\n    values = [\"al2023-ami-*-x86_64\"]\n  }\n}\nresource \"aws_instance\" \"web\" {\n  ami           = data.aws_ami.al2023.id\n  instance_type = \"t3.micro\"\n}",
			CloudFormation: "Parameters:\n  HvmAmi:\n    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\nResources:\n  Instance:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: !Ref HvmAmi\n      InstanceType: t3.micro",
			CLI:            "aws ec2 describe-instances --filters Name=virtualization-type,Values=paravirtual --query 'Reservations[].Instances[].InstanceId'\n# relaunch each from an HVM AMI, e.g.:\naws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t3.micro",
		},
		Check: func(e *model.Estate) []control.Result {
			return each(e, func(i *ec2.Instance) control.Verdict {
				if _, ok := i.VirtualizationType.Get(); ok || !ck.IsCode(&i.Meta) {
					return ck.Judge(i.VirtualizationType, "virtualization type", func(v string) (bool, string) {
						if strings.EqualFold(v, "paravirtual") {
							return false, "the instance uses paravirtual virtualization"
						}
						return true, "the instance uses " + v + " virtualization"
					})
				}
				typ, ok := i.InstanceType.Get()
				if !ok {
					return ck.Unknown(i.InstanceType, "instance type (the AMI decides the virtualization type)")
				}
				if hvmOnly(typ) {
					return ck.PassAt("instance type "+typ+" runs only HVM AMIs", i.InstanceType.PackedProv())
				}
				return control.Verdict{Outcome: control.Unknown,
					Reason:   "instance type " + typ + " may run paravirtual AMIs; the AMI decides, and code does not describe it",
					Evidence: []control.Evidence{ck.Ev("instance type "+typ, i.InstanceType)}}
			})
		},
	}
}

func spotFleetEBS() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-017", Title: "Spot Fleet launch specifications encrypt their EBS volumes", Severity: control.Medium,
		Service: "ec2", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("EC2.173"), fw.AtRest()),
		Rationale: "A Spot Fleet request that carries its own launch parameters creates volumes exactly as its " +
			"block device mappings say; a mapping without encryption gives every fleet instance a disk in clear.",
		Checked: "The EBS block device mappings of every launch specification of every Spot Fleet request: all " +
			"encrypted passes; any mapping with encryption off or not set fails. Requests that launch only from " +
			"launch templates are not applicable (ONUS-EC2-011 judges the templates). Volumes the AMI brings " +
			"without a mapping in the request are not judged here (EBS encryption by default, ONUS-EBS-004, " +
			"covers them).",
		Remediation: control.Remediation{
			Summary:        "Set encrypted on every EBS block device of the launch specifications, or launch from an encrypted launch template.",
			Terraform:      "resource \"aws_spot_fleet_request\" \"batch\" {\n  launch_specification {\n    ami           = data.aws_ami.al2023.id\n    instance_type = \"c6i.large\"\n    root_block_device {\n      encrypted = true\n    }\n    ebs_block_device {\n      device_name = \"/dev/xvdb\"\n      encrypted   = true\n    }\n  }\n}",
			CloudFormation: "Fleet:\n  Type: AWS::EC2::SpotFleet\n  Properties:\n    SpotFleetRequestConfigData:\n      LaunchSpecifications:\n        - ImageId: !Ref Ami\n          InstanceType: c6i.large\n          BlockDeviceMappings:\n            - DeviceName: /dev/xvda\n              Ebs:\n                Encrypted: true",
			CLI:            "# Spot Fleet requests cannot be modified in place: cancel and request again with encrypted mappings\naws ec2 cancel-spot-fleet-requests --spot-fleet-request-ids sfr-0123 --terminate-instances\naws ec2 request-spot-fleet --spot-fleet-request-config file://config-with-encrypted-ebs.json",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.SpotFleetRequests, func(r *ec2.SpotFleetRequest) control.Verdict {
				n, ok := r.LaunchSpecifications.Get()
				if !ok {
					return ck.Unknown(r.LaunchSpecifications, "launch specifications")
				}
				if n == 0 {
					return ck.NA("the request launches from launch templates only (see ONUS-EC2-011)")
				}
				return ck.Judge(r.UnencryptedVolumes, "EBS encryption of the launch specifications", func(bad []string) (bool, string) {
					if len(bad) > 0 {
						return false, "EBS volumes without encryption: " + strings.Join(bad, ", ")
					}
					return true, "every EBS volume of the launch specifications is encrypted"
				})
			})
		},
	}
}

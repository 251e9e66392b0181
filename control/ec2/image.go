package ec2

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
)

func imageControls() []*control.Control {
	return []*control.Control{amiNotPublic()}
}

func amiNotPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-EC2-013", Title: "AMIs owned by the account are not public", Severity: control.Critical,
		Service: "ec2", Layer: "data-protection",
		Frameworks: fw.Of(fw.PublicAccess()),
		Rationale: "An AMI carries the instance's disks: installed software, configuration files and often " +
			"credentials or data left on them. A public launch permission lets every AWS account copy it, and " +
			"who may launch an image is the owner's setting, not AWS's.",
		Checked: "The launch permission of every AMI the account owns (live: DescribeImages with Owners=self; " +
			"AMIs of other owners are not judged): shared with everyone fails; private or shared with named " +
			"accounts passes. Code sources declare no AMI sharing onus reads, so they produce no result.",
		Remediation: control.Remediation{
			Summary: "Remove the public launch permission; share with named accounts or an organization instead.",
			Terraform: "# Remove any aws_ami_launch_permission with group = \"all\"; share with accounts instead:\n" +
				"resource \"aws_ami_launch_permission\" \"share\" {\n  image_id   = aws_ami.golden.id\n  account_id = \"111122223333\"\n}",
			CloudFormation: "# AWS::EC2::Image has no sharing property: remove the public permission with the CLI.",
			CLI:            "aws ec2 modify-image-attribute --image-id ami-0123456789abcdef0 --launch-permission \"Remove=[{Group=all}]\"",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.Images, func(im *ec2.Image) control.Verdict {
				return ck.Judge(im.Public, "launch permission", func(public bool) (bool, string) {
					if public {
						return false, "the AMI's launch permission is shared with all AWS accounts"
					}
					return true, "the AMI is not shared with all AWS accounts"
				})
			})
		},
	}
}

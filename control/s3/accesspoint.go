package s3

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
)

func accessPointBlock() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-016", Title: "S3 access points block all public access", Severity: control.Critical,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("S3.19"), fw.PublicAccess()),
		Rationale: "An access point has its own policy and its own public access block; one with the block " +
			"relaxed can publish the bucket's data even when the bucket itself blocks public access.",
		Checked: "The public access block of every S3 access point: all four settings (BlockPublicAcls, " +
			"IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) true passes (the default when not " +
			"configured); any false fails.",
		Remediation: control.Remediation{
			Summary:        "Recreate the access point with every public access block setting on (it cannot be changed in place).",
			Terraform:      "resource \"aws_s3_access_point\" \"app\" {\n  bucket = aws_s3_bucket.data.id\n  name   = \"app\"\n  public_access_block_configuration {\n    block_public_acls       = true\n    ignore_public_acls      = true\n    block_public_policy     = true\n    restrict_public_buckets = true\n  }\n}",
			CloudFormation: "AppAccessPoint:\n  Type: AWS::S3::AccessPoint\n  Properties:\n    Bucket: !Ref DataBucket\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true",
			CLI:            "aws s3control create-access-point --account-id ACCOUNT --name app --bucket data --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.S3AccessPoints, func(ap *s3.AccessPoint) control.Verdict {
				return blocksAll(ap.PublicAccessBlock, "the access point")
			})
		},
	}
}

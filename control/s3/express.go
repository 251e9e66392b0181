package s3

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// blocksAll judges a public access block that must have all four switches
// on: FAIL names the switches off, UNKNOWN the ones not known.
func blocksAll(v source.Value[*s3.PublicAccessBlock], what string) control.Verdict {
	p, ok := v.Get()
	switch {
	case !ok:
		return ck.Unknown(v, what+"'s public access block")
	case p == nil:
		return ck.FailAt(what+" has no public access block", v.PackedProv())
	}
	var off, unknown []string
	for _, s := range []struct {
		name string
		v    source.Value[bool]
	}{{"BlockPublicAcls", p.BlockPublicACLs}, {"IgnorePublicAcls", p.IgnorePublicACLs},
		{"BlockPublicPolicy", p.BlockPublicPolicy}, {"RestrictPublicBuckets", p.RestrictPublicBuckets}} {
		on, known := s.v.Get()
		switch {
		case !known:
			unknown = append(unknown, s.name+" is unknown: "+s.v.Reason())
		case !on:
			off = append(off, s.name)
		}
	}
	switch {
	case len(off) > 0:
		return ck.FailAt(what+"'s public access block has "+strings.Join(off, ", ")+" off", p.Prov)
	case len(unknown) > 0:
		return control.Verdict{Outcome: control.Unknown, Reason: strings.Join(unknown, "; "), Evidence: []control.Evidence{ck.Ev(what, v)}}
	}
	return ck.PassAt(what+" blocks all public access", p.Prov)
}

func mrapBlock() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-021", Title: "S3 Multi-Region Access Points block public access", Severity: control.High,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("S3.24"), fw.PublicAccess()),
		Rationale: "A Multi-Region Access Point is a global endpoint in front of buckets in several regions; its " +
			"public access block is fixed when it is created, so one created with a switch off stays a path to " +
			"public data until it is deleted and recreated.",
		Checked: "The public access block of every Multi-Region Access Point: all four switches on passes (AWS's " +
			"default when the creation request sets none); any off fails.",
		Remediation: control.Remediation{
			Summary: "Recreate the Multi-Region Access Point with all four public access block settings on (they cannot be changed).",
			Terraform: "resource \"aws_s3control_multi_region_access_point\" \"global\" {\n  details {\n    name = \"global\"\n" +
				"    public_access_block {\n      block_public_acls       = true\n      ignore_public_acls      = true\n" +
				"      block_public_policy     = true\n      restrict_public_buckets = true\n    }\n" +
				"    region {\n      bucket = aws_s3_bucket.eu.id\n    }\n  }\n}",
			CloudFormation: "GlobalAccessPoint:\n  Type: AWS::S3::MultiRegionAccessPoint\n  Properties:\n    Regions:\n      - Bucket: !Ref EuBucket\n" +
				"    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true",
			CLI: "aws s3control create-multi-region-access-point --account-id 111122223333 --details " +
				"'Name=global,PublicAccessBlock={BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true},Regions=[{Bucket=eu-bucket}]'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.S3MultiRegionAccessPoints, func(m *s3.MultiRegionAccessPoint) control.Verdict {
				return blocksAll(m.PublicAccessBlock, "the Multi-Region Access Point")
			})
		},
	}
}

func directoryLifecycle() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-022", Title: "S3 directory buckets have lifecycle rules", Severity: control.Low,
		Service: "s3", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("S3.25"), fw.M{fw.NIST: {"SI-12"}}),
		Rationale: "S3 Express One Zone holds short-lived, high-performance data in a single zone; without " +
			"lifecycle rules it accumulates (incomplete multipart uploads included) past any retention the data " +
			"owner intended, at the highest S3 storage price.",
		Checked: "The lifecycle configuration of every directory bucket: at least one enabled rule passes; none fails. " +
			"Live scans do not read directory buckets (the emulator onus is tested against has no S3 Express API).",
		Remediation: control.Remediation{
			Summary: "Add a lifecycle configuration with an enabled expiration rule to the directory bucket.",
			Terraform: "resource \"aws_s3_bucket_lifecycle_configuration\" \"express\" {\n  bucket = aws_s3_directory_bucket.express.bucket\n" +
				"  rule {\n    id     = \"expire\"\n    status = \"Enabled\"\n    expiration {\n      days = 7\n    }\n" +
				"    abort_incomplete_multipart_upload {\n      days_after_initiation = 1\n    }\n  }\n}",
			CloudFormation: "ExpressBucket:\n  Type: AWS::S3Express::DirectoryBucket\n  Properties:\n    DataRedundancy: SingleAvailabilityZone\n" +
				"    LocationName: use1-az4\n    LifecycleConfiguration:\n      Rules:\n        - Id: expire\n          Status: Enabled\n          ExpirationInDays: 7",
			CLI: "aws s3api put-bucket-lifecycle-configuration --bucket express--use1-az4--x-s3 --lifecycle-configuration " +
				"'{\"Rules\":[{\"ID\":\"expire\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.S3DirectoryBuckets, func(d *s3.DirectoryBucket) control.Verdict {
				return ck.Bool(d.Lifecycle, true, "an enabled lifecycle rule")
			})
		},
	}
}

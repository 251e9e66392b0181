package s3

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
)

func TestExpressControls(t *testing.T) {
	mrap := func(p *s3.PublicAccessBlock) *model.Estate {
		return &model.Estate{S3MultiRegionAccessPoints: []*s3.MultiRegionAccessPoint{{Meta: ctest.CFN("AWS::S3::MultiRegionAccessPoint", "Global"), PublicAccessBlock: ctest.K(p)}}}
	}
	dir := func(l bool) *model.Estate {
		return &model.Estate{S3DirectoryBuckets: []*s3.DirectoryBucket{{Meta: ctest.TF("aws_s3_directory_bucket", "x"), Lifecycle: ctest.K(l)}}}
	}
	halfKnown := pab(true, true, true, true)
	halfKnown.RestrictPublicBuckets = ctest.U[bool]("var.restrict has no value")
	cases := []ctest.Case{
		{Name: "all on", Control: "ONUS-S3-021", Estate: mrap(pab(true, true, true, true)), Want: pass},
		{Name: "policy block off", Control: "ONUS-S3-021", Estate: mrap(pab(true, true, false, true)), Want: fail, Reason: "BlockPublicPolicy"},
		{Name: "none", Control: "ONUS-S3-021", Estate: mrap(nil), Want: fail},
		{Name: "switch unknown", Control: "ONUS-S3-021", Estate: mrap(halfKnown), Want: unk, Reason: "var.restrict"},
		{Name: "block unknown", Control: "ONUS-S3-021", Estate: &model.Estate{S3MultiRegionAccessPoints: []*s3.MultiRegionAccessPoint{{
			Meta:              ctest.Live("AWS::S3::MultiRegionAccessPoint", "arn:aws:s3::111122223333:accesspoint/x.mrap"),
			PublicAccessBlock: ctest.U[*s3.PublicAccessBlock]("s3control:ListMultiRegionAccessPoints: AccessDenied")}}}, Want: unk},

		{Name: "rules", Control: "ONUS-S3-022", Estate: dir(true), Want: pass},
		{Name: "no rules", Control: "ONUS-S3-022", Estate: dir(false), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-022", Estate: &model.Estate{S3DirectoryBuckets: []*s3.DirectoryBucket{{Meta: ctest.TF("aws_s3_directory_bucket", "x"),
			Lifecycle: ctest.U[bool]("aws_s3_bucket_lifecycle_configuration.x.bucket is unknown")}}}, Want: unk},
	}
	ctest.Run(t, []*control.Control{mrapBlock(), directoryLifecycle()}, cases)
}

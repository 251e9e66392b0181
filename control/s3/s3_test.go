package s3

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
	na   = control.NotApplicable
)

func bucket(f func(*s3.Bucket)) *model.Estate {
	b := &s3.Bucket{Meta: ctest.TF("aws_s3_bucket", "b"), Name: ctest.K("b")}
	f(b)
	return &model.Estate{S3Buckets: []*s3.Bucket{b}}
}

func pab(a, b, c, d bool) *s3.PublicAccessBlock {
	return &s3.PublicAccessBlock{BlockPublicACLs: ctest.K(a), IgnorePublicACLs: ctest.K(b), BlockPublicPolicy: ctest.K(c), RestrictPublicBuckets: ctest.K(d)}
}

func withAccount(e *model.Estate, p *s3.PublicAccessBlock) *model.Estate {
	e.S3AccountBlocks = []*s3.AccountPublicAccessBlock{{Meta: ctest.TF("aws_s3_account_public_access_block", "a"), Block: ctest.K(p)}}
	return e
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	enc := func(alg string) func(*s3.Bucket) {
		return func(b *s3.Bucket) { b.Encryption = ctest.K(&s3.Encryption{Algorithm: alg}) }
	}
	noEnc := func(b *s3.Bucket) { b.Encryption = ctest.K[*s3.Encryption](nil) }
	partial := pab(true, true, true, true)
	partial.RestrictPublicBuckets = ctest.U[bool]("var.restrict has no value")
	cases := []ctest.Case{
		{Name: "kms", Control: "ONUS-S3-001", Estate: bucket(enc("aws:kms")), Want: pass},
		{Name: "dsse", Control: "ONUS-S3-001", Estate: bucket(enc("aws:kms:dsse")), Want: pass},
		{Name: "sse-s3", Control: "ONUS-S3-001", Estate: bucket(enc("AES256")), Want: fail},
		{Name: "none", Control: "ONUS-S3-001", Estate: bucket(noEnc), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-001", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "aes", Control: "ONUS-S3-003", Estate: bucket(enc("AES256")), Want: pass},
		{Name: "none", Control: "ONUS-S3-003", Estate: bucket(noEnc), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-003", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "all on", Control: "ONUS-S3-005", Estate: bucket(func(b *s3.Bucket) { b.PublicAccessBlock = ctest.K(pab(true, true, true, true)) }), Want: pass},
		{Name: "account covers", Control: "ONUS-S3-005", Estate: withAccount(bucket(func(b *s3.Bucket) { b.PublicAccessBlock = ctest.K[*s3.PublicAccessBlock](nil) }), pab(true, true, true, true)), Want: pass, Reason: "account-level"},
		{Name: "one off", Control: "ONUS-S3-005", Estate: bucket(func(b *s3.Bucket) { b.PublicAccessBlock = ctest.K(pab(true, true, false, true)) }), Want: fail, Reason: "BlockPublicPolicy"},
		{Name: "no block declared in code", Control: "ONUS-S3-005", Estate: bucket(func(b *s3.Bucket) { b.PublicAccessBlock = ctest.K[*s3.PublicAccessBlock](nil) }), Want: fail, Reason: "the code declares no public access block for the bucket: AWS turns all four settings on for buckets created since April 2023"},
		{Name: "no block on a live bucket", Control: "ONUS-S3-005", Estate: bucket(func(b *s3.Bucket) {
			b.Meta.Source = source.AWS
			b.PublicAccessBlock = ctest.K[*s3.PublicAccessBlock](nil)
		}), Want: fail, Reason: "the bucket has no public access block"},
		{Name: "one unknown", Control: "ONUS-S3-005", Estate: bucket(func(b *s3.Bucket) { b.PublicAccessBlock = ctest.K(partial) }), Want: unk, Reason: "var.restrict"},
		{Name: "unknown", Control: "ONUS-S3-005", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "on", Control: "ONUS-S3-006", Estate: withAccount(&model.Estate{}, pab(true, true, true, true)), Want: pass},
		{Name: "off", Control: "ONUS-S3-006", Estate: withAccount(&model.Estate{}, pab(false, true, true, true)), Want: fail},
		{Name: "not configured", Control: "ONUS-S3-006", Estate: withAccount(&model.Estate{}, nil), Want: fail},
		{Name: "live not read", Control: "ONUS-S3-006", Estate: func() *model.Estate {
			e := bucket(func(*s3.Bucket) {})
			e.AccountWide = true
			return e
		}(), Want: unk},
		{Name: "code without declaration", Control: "ONUS-S3-006", Estate: bucket(func(*s3.Bucket) {}), Want: na},
		{Name: "no buckets, no result", Control: "ONUS-S3-006", Estate: &model.Estate{}, N: -1},

		{Name: "enforced", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) { b.Ownership = ctest.K("BucketOwnerEnforced") }), Want: pass},
		{Name: "private", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) { b.ACL, b.Grants = ctest.K("private"), ctest.K([]s3.Grant{}) }), Want: pass},
		{Name: "public-read", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) { b.ACL, b.Grants = ctest.K("public-read"), ctest.K([]s3.Grant{}) }), Want: fail},
		{Name: "allusers grant", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) {
			b.ACL, b.Grants = ctest.K(""), ctest.K([]s3.Grant{{GranteeType: "Group", GranteeURI: "http://acs.amazonaws.com/groups/global/AllUsers", Permission: "READ"}})
		}), Want: fail},
		{Name: "neutralised", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) {
			b.ACL, b.Grants = ctest.K("public-read"), ctest.K([]s3.Grant{})
			b.PublicAccessBlock = ctest.K(pab(true, true, true, true))
		}), Want: pass},
		{Name: "grants unknown", Control: "ONUS-S3-007", Estate: bucket(func(b *s3.Bucket) { b.ACL = ctest.K("private") }), Want: unk},

		{Name: "on", Control: "ONUS-S3-009", Estate: bucket(func(b *s3.Bucket) { b.Logging = ctest.K(&s3.Logging{TargetBucket: "logs"}) }), Want: pass},
		{Name: "off", Control: "ONUS-S3-009", Estate: bucket(func(b *s3.Bucket) { b.Logging = ctest.K[*s3.Logging](nil) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-009", Estate: bucket(func(*s3.Bucket) {}), Want: unk},
		{Name: "enabled", Control: "ONUS-S3-010", Estate: bucket(func(b *s3.Bucket) { b.Versioning = ctest.K(&s3.Versioning{Status: "Enabled"}) }), Want: pass},
		{Name: "suspended", Control: "ONUS-S3-010", Estate: bucket(func(b *s3.Bucket) { b.Versioning = ctest.K(&s3.Versioning{Status: "Suspended"}) }), Want: fail},
		{Name: "never", Control: "ONUS-S3-010", Estate: bucket(func(b *s3.Bucket) { b.Versioning = ctest.K[*s3.Versioning](nil) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-010", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "on", Control: "ONUS-S3-011", Estate: bucket(func(b *s3.Bucket) { b.Versioning = ctest.K(&s3.Versioning{Status: "Enabled", MFADelete: true}) }), Want: pass},
		{Name: "off", Control: "ONUS-S3-011", Estate: bucket(func(b *s3.Bucket) { b.Versioning = ctest.K(&s3.Versioning{Status: "Enabled"}) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-011", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "on", Control: "ONUS-S3-012", Estate: bucket(func(b *s3.Bucket) { b.ObjectLock = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-S3-012", Estate: bucket(func(b *s3.Bucket) { b.ObjectLock = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-012", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "on", Control: "ONUS-S3-013", Estate: bucket(func(b *s3.Bucket) { b.EventNotifications = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-S3-013", Estate: bucket(func(b *s3.Bucket) { b.EventNotifications = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-013", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "on", Control: "ONUS-S3-014", Estate: bucket(func(b *s3.Bucket) { b.Lifecycle = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-S3-014", Estate: bucket(func(b *s3.Bucket) { b.Lifecycle = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-014", Estate: bucket(func(*s3.Bucket) {}), Want: unk},

		{Name: "enforced", Control: "ONUS-S3-015", Estate: bucket(func(b *s3.Bucket) { b.Ownership = ctest.K("BucketOwnerEnforced") }), Want: pass},
		{Name: "preferred", Control: "ONUS-S3-015", Estate: bucket(func(b *s3.Bucket) { b.Ownership = ctest.K("BucketOwnerPreferred") }), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-015", Estate: bucket(func(*s3.Bucket) {}), Want: unk},
	}
	ctest.Run(t, configControls(), cases)
}

func TestLogBucketIsNotApplicable(t *testing.T) {
	logs := &s3.Bucket{Meta: ctest.TF("aws_s3_bucket", "logs"), Name: ctest.K("my-logs"), Logging: ctest.K[*s3.Logging](nil)}
	app := &s3.Bucket{Meta: ctest.TF("aws_s3_bucket", "app"), Name: ctest.K("app"), Logging: ctest.K(&s3.Logging{TargetBucket: "aws_s3_bucket.logs.id"})}
	e := &model.Estate{S3Buckets: []*s3.Bucket{logs, app}}
	rs := control.Run(t.Context(), e, []*control.Control{accessLogging()}).Slice()
	got := map[string]control.Outcome{}
	for _, r := range rs {
		got[r.Resource.Address] = r.Outcome
	}
	if got["aws_s3_bucket.logs"] != na || got["aws_s3_bucket.app"] != pass {
		t.Fatalf("got %v", got)
	}
}

func TestAccessPoints(t *testing.T) {
	ap := func(meta base.Meta, p source.Value[*s3.PublicAccessBlock]) *model.Estate {
		return &model.Estate{S3AccessPoints: []*s3.AccessPoint{{Meta: meta, PublicAccessBlock: p}}}
	}
	tf := ctest.TF("aws_s3_access_point", "app")
	cfn := ctest.CFN("AWS::S3::AccessPoint", "AppAccessPoint")
	open := pab(true, true, false, false)
	half := pab(true, true, true, true)
	half.RestrictPublicBuckets = ctest.U[bool]("var.restrict has no value")
	cases := []ctest.Case{
		{Name: "default", Control: "ONUS-S3-016", Estate: ap(tf, ctest.K(pab(true, true, true, true))), Want: pass},
		{Name: "relaxed", Control: "ONUS-S3-016", Estate: ap(tf, ctest.K(open)), Want: fail, Reason: "BlockPublicPolicy"},
		{Name: "cfn relaxed", Control: "ONUS-S3-016", Estate: ap(cfn, ctest.K(open)), Want: fail},
		{Name: "none", Control: "ONUS-S3-016", Estate: ap(ctest.Live("AWS::S3::AccessPoint", "arn:aws:s3:eu-west-1:111122223333:accesspoint/app"), ctest.K[*s3.PublicAccessBlock](nil)), Want: fail},
		{Name: "partly unknown", Control: "ONUS-S3-016", Estate: ap(tf, ctest.K(half)), Want: unk},
		{Name: "unknown", Control: "ONUS-S3-016", Estate: ap(tf, ctest.U[*s3.PublicAccessBlock]("dynamic block")), Want: unk},
	}
	ctest.Run(t, []*control.Control{accessPointBlock()}, cases)
}

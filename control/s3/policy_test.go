package s3

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
)

func pol(t *testing.T, doc string) *iampolicy.Policy {
	t.Helper()
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	tlsDeny = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
	 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	tlsDenyObjectsOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",
	 "Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`
	kmsDeny = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject",
	 "Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`
	explicitOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*",
	 "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"},"Null":{"s3:x-amz-server-side-encryption":"false"}}}]}`
	elbLogs = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"},
	 "Action":"s3:PutObject","Resource":"arn:aws:s3:::b/alb/*"}]}`
	elbLogsUnknownAccount = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"},
	 "Action":"s3:PutObject","Resource":"arn:aws:s3:::b/alb/AWSLogs/${data.aws_caller_identity.current.account_id}/*"}]}`
	publicReadUnknownPath = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${var.prefix}/*"}]}`
	publicRead            = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	vpceRead              = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
	 "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1234"}}}]}`
)

func TestPolicyControls(t *testing.T) {
	ctest.Validate(t, Controls())
	withPolicy := func(doc string) *model.Estate {
		return bucket(func(b *s3.Bucket) { b.Policy = ctest.K(pol(t, doc)) })
	}
	noPolicy := bucket(func(b *s3.Bucket) { b.Policy = ctest.K[*iampolicy.Policy](nil) })
	unknownPolicy := bucket(func(b *s3.Bucket) {
		b.Policy = ctest.U[*iampolicy.Policy]("unresolved expression data.aws_iam_policy_document.x.json")
	})
	cases := []ctest.Case{
		{Name: "deny", Control: "ONUS-S3-002", Estate: withPolicy(tlsDeny), Want: pass},
		{Name: "objects only", Control: "ONUS-S3-002", Estate: withPolicy(tlsDenyObjectsOnly), Want: fail},
		{Name: "no policy", Control: "ONUS-S3-002", Estate: noPolicy, Want: fail},
		{Name: "other policy", Control: "ONUS-S3-002", Estate: withPolicy(publicRead), Want: fail},
		{Name: "unknown", Control: "ONUS-S3-002", Estate: unknownPolicy, Want: unk},

		{Name: "deny", Control: "ONUS-S3-004", Estate: withPolicy(kmsDeny), Want: pass},
		{Name: "tls only", Control: "ONUS-S3-004", Estate: withPolicy(tlsDeny), Want: fail},
		{Name: "no policy", Control: "ONUS-S3-004", Estate: noPolicy, Want: fail},
		{Name: "unknown", Control: "ONUS-S3-004", Estate: unknownPolicy, Want: unk},
		{Name: "kms default + explicit deny", Control: "ONUS-S3-004", Estate: bucket(func(b *s3.Bucket) {
			b.Policy, b.Encryption = ctest.K(pol(t, explicitOnly)), ctest.K(&s3.Encryption{Algorithm: "aws:kms"})
		}), Want: pass},
		{Name: "explicit deny without kms default", Control: "ONUS-S3-004", Estate: bucket(func(b *s3.Bucket) {
			b.Policy, b.Encryption = ctest.K(pol(t, explicitOnly)), ctest.K(&s3.Encryption{Algorithm: "AES256"})
		}), Want: fail},
		{Name: "kms default, tls deny only", Control: "ONUS-S3-004", Estate: bucket(func(b *s3.Bucket) {
			b.Policy, b.Encryption = ctest.K(pol(t, tlsDeny)), ctest.K(&s3.Encryption{Algorithm: "aws:kms"})
		}), Want: fail, Reason: "AES256"},
		{Name: "elb log bucket", Control: "ONUS-S3-004", Estate: withPolicy(elbLogs), Want: na},

		{Name: "no policy", Control: "ONUS-S3-008", Estate: noPolicy, Want: pass},
		{Name: "deny only", Control: "ONUS-S3-008", Estate: withPolicy(tlsDeny), Want: pass},
		{Name: "vpce restricted", Control: "ONUS-S3-008", Estate: withPolicy(vpceRead), Want: pass},
		{Name: "public read", Control: "ONUS-S3-008", Estate: withPolicy(publicRead), Want: fail, Reason: "s3:GetObject"},
		{Name: "public but restricted", Control: "ONUS-S3-008", Estate: bucket(func(b *s3.Bucket) {
			b.Policy = ctest.K(pol(t, publicRead))
			b.PublicAccessBlock = ctest.K(pab(true, true, true, true))
		}), Want: pass},
		{Name: "unknown", Control: "ONUS-S3-008", Estate: unknownPolicy, Want: unk},
		// A service grant stays a service grant whatever the unknown path
		// becomes; a grant to anyone on b/<one unknown prefix>/* covers some
		// of this bucket's objects whatever the prefix is.
		{Name: "service grant, unknown account in path", Control: "ONUS-S3-008", Estate: withPolicy(elbLogsUnknownAccount), Want: pass},
		{Name: "anyone, unknown path", Control: "ONUS-S3-008", Estate: withPolicy(publicReadUnknownPath), Want: fail, Reason: "anyone may s3:GetObject"},
		{Name: "live status public", Control: "ONUS-S3-008", Estate: bucket(func(b *s3.Bucket) { b.PolicyIsPublic = ctest.K(true) }), Want: fail},
	}
	ctest.Run(t, policyControls(), cases)
}

func TestBucketARNFromPolicy(t *testing.T) {
	b := &s3.Bucket{Name: ctest.U[string]("bucket_prefix"), Policy: ctest.K(pol(t, tlsDeny))}
	if got := policyck.BucketARN(b); got != "arn:aws:s3:::b" {
		t.Fatalf("got %q", got)
	}
	rs := control.Run(t.Context(), &model.Estate{S3Buckets: []*s3.Bucket{b}}, []*control.Control{denyInsecureTransport()}).Slice()
	if rs[0].Outcome != pass {
		t.Fatalf("got %s: %s", rs[0].Outcome, rs[0].Reason)
	}
}

func TestELBLogBucketNotApplicableForKMS(t *testing.T) {
	e := bucket(func(b *s3.Bucket) {
		b.Policy = ctest.K(pol(t, elbLogs))
		b.Encryption = ctest.K(&s3.Encryption{Algorithm: "AES256"})
	})
	rs := control.Run(t.Context(), e, []*control.Control{kmsEncryption()}).Slice()
	if len(rs) != 1 || rs[0].Outcome != na {
		t.Fatalf("got %+v", rs)
	}
}

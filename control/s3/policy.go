package s3

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
)

// policyControls are the bucket policy controls.
func policyControls() []*control.Control {
	return []*control.Control{denyInsecureTransport(), denyUnencryptedPut(), noPublicPolicy()}
}

func denyInsecureTransport() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-002", Title: "S3 bucket policies deny requests without TLS", Severity: control.Medium,
		Service: "s3", Layer: "data-protection",
		Frameworks: fw.Of(fw.CIS("3.1.1"), fw.FSBP("S3.5"), fw.InTransit()),
		Rationale: "S3 accepts plain HTTP unless the bucket policy refuses it; encryption in transit is the " +
			"customer's configuration, enforced with a Deny on aws:SecureTransport false.",
		Checked: "The bucket policy of every bucket, evaluated by onus's IAM engine: it must explicitly deny " +
			"every s3 action on the bucket and its objects, for every caller, when aws:SecureTransport is " +
			"false (Bool or StringEquals, string or boolean false). No policy or a gap fails with an example " +
			"request that is not denied.",
		Remediation: control.Remediation{
			Summary:        "Add a Deny statement for aws:SecureTransport = false on the bucket and its objects.",
			Terraform:      "data \"aws_iam_policy_document\" \"tls\" {\n  statement {\n    sid       = \"DenyInsecureTransport\"\n    effect    = \"Deny\"\n    actions   = [\"s3:*\"]\n    resources = [aws_s3_bucket.b.arn, \"${aws_s3_bucket.b.arn}/*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    condition {\n      test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }\n  }\n}\nresource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  policy = data.aws_iam_policy_document.tls.json\n}",
			CloudFormation: "BucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Bucket\n    PolicyDocument:\n      Version: \"2012-10-17\"\n      Statement:\n        - Sid: DenyInsecureTransport\n          Effect: Deny\n          Principal: \"*\"\n          Action: \"s3:*\"\n          Resource: [!GetAtt Bucket.Arn, !Sub \"${Bucket.Arn}/*\"]\n          Condition:\n            Bool: {aws:SecureTransport: \"false\"}",
			CLI:            "aws s3api put-bucket-policy --bucket my-bucket --policy '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::my-bucket\",\"arn:aws:s3:::my-bucket/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return policyck.WithBucketARN(b, func(arn string) control.Verdict {
					return policyck.Denies(b.Policy, "requests without TLS (aws:SecureTransport false)",
						func(p *iampolicy.Policy) iampolicy.Verdict { return memo.DeniesInsecureTransport(p, arn) })
				})
			})
		},
	}
}

func denyUnencryptedPut() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-004", Title: "S3 bucket policies deny uploads without SSE-KMS", Severity: control.Low,
		Service: "s3", Layer: "data-protection",
		Frameworks: fw.Of(fw.AtRest()),
		Rationale: "Default encryption covers uploads that ask for nothing, but a client can still request " +
			"SSE-S3 explicitly; a Deny on PutObject without aws:kms makes KMS encryption (and its key policy " +
			"and audit trail) non-optional.",
		Checked: "The bucket policy of every bucket, evaluated by onus's IAM engine: it passes when it " +
			"explicitly denies s3:PutObject whenever the s3:x-amz-server-side-encryption header is absent, " +
			"AES256, or anything but aws:kms/aws:kms:dsse; or when default encryption is SSE-KMS and the policy " +
			"denies uploads that explicitly request another algorithm. No policy fails. ELB access-log buckets " +
			"are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Add a Deny on s3:PutObject unless s3:x-amz-server-side-encryption is aws:kms.",
			Terraform:      "data \"aws_iam_policy_document\" \"sse\" {\n  statement {\n    sid       = \"DenyNonKmsUploads\"\n    effect    = \"Deny\"\n    actions   = [\"s3:PutObject\"]\n    resources = [\"${aws_s3_bucket.b.arn}/*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    condition {\n      test     = \"StringNotEquals\"\n      variable = \"s3:x-amz-server-side-encryption\"\n      values   = [\"aws:kms\"]\n    }\n  }\n}",
			CloudFormation: "        - Sid: DenyNonKmsUploads\n          Effect: Deny\n          Principal: \"*\"\n          Action: s3:PutObject\n          Resource: !Sub \"${Bucket.Arn}/*\"\n          Condition:\n            StringNotEquals: {s3:x-amz-server-side-encryption: aws:kms}",
			CLI:            "aws s3api put-bucket-policy --bucket my-bucket --policy file://deny-non-kms.json",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				if elbLogBucket(b) {
					return ck.NA("the bucket receives Elastic Load Balancing access logs, which support only SSE-S3")
				}
				return policyck.WithBucketARN(b, func(arn string) control.Verdict {
					v := policyck.Denies(b.Policy, "uploads without SSE-KMS",
						func(p *iampolicy.Policy) iampolicy.Verdict { return memo.DeniesUnencryptedPut(p, arn) })
					if v.Outcome != control.Fail {
						return v
					}
					// With KMS default encryption, uploads that ask for nothing
					// get SSE-KMS; only an explicit other choice must be denied.
					enc, ok := b.Encryption.Get()
					if !ok || enc == nil || !strings.HasPrefix(strings.ToLower(enc.Algorithm), "aws:kms") {
						return v
					}
					p, _ := b.Policy.Get()
					if p != nil && memo.Bool("s3-deny-explicit-non-kms", p, arn, deniesExplicitNonKMS) {
						return ck.PassAt("default encryption is "+enc.Algorithm+" and the policy denies uploads that request other encryption",
							b.Policy.PackedProv())
					}
					return control.Verdict{Outcome: control.Fail, Evidence: v.Evidence,
						Reason: "default encryption is " + enc.Algorithm + ", but the policy lets uploads request SSE-S3 (AES256) instead"}
				})
			})
		},
	}
}

// deniesExplicitNonKMS reports whether the policy explicitly denies
// s3:PutObject requests that ask for AES256 or an unknown algorithm, for
// anonymous, same-account and foreign callers.
func deniesExplicitNonKMS(p *iampolicy.Policy, arn string) bool {
	if p == nil {
		return false
	}
	const owner = "111111111111"
	allowAll := []*iampolicy.Policy{{Version: iampolicy.Version2012, Statements: []iampolicy.Statement{
		{Effect: iampolicy.EffectAllow, Action: []string{"*"}, Resource: []string{"*"}}}}}
	for _, caller := range []string{"", "arn:aws:iam::" + owner + ":user/onus-probe", "arn:aws:iam::999999999999:user/onus-probe"} {
		for _, alg := range []string{"AES256", "onus-probe-algorithm"} {
			req := iampolicy.Request{Principal: caller, Action: "s3:PutObject", Resource: arn + "/onus-probe-object",
				ResourceAccount: owner, Context: map[string][]string{"s3:x-amz-server-side-encryption": {alg}}}
			set := iampolicy.PolicySet{Resource: p}
			if caller != "" {
				set.Identity = allowAll
			}
			if iampolicy.Evaluate(req, set).Outcome != iampolicy.ExplicitDeny {
				return false
			}
		}
	}
	return true
}

// elbAccounts are the Elastic Load Balancing log-delivery accounts of the
// regions that predate the logdelivery service principal.
var elbAccounts = []string{"127311923021", "033677994240", "027434742980", "797873946194", "156460612806",
	"054676820928", "652711504416", "009996457667", "114774131450", "783225319266", "582318560864",
	"600734575887", "383597477331", "718504428378", "985666609251", "507241528517", "048591011584"}

// elbLogBucket reports whether the bucket policy lets Elastic Load Balancing
// deliver access logs into the bucket.
func elbLogBucket(b *s3.Bucket) bool {
	p, ok := b.Policy.Get()
	if !ok || p == nil {
		return false
	}
	if len(p.Variants) > 0 {
		// The ELB account is often looked up by region: an ELB log
		// bucket whatever the region is.
		for _, v := range p.Variants {
			if !elbLogPolicy(v.Policy) {
				return false
			}
		}
		return true
	}
	return elbLogPolicy(p)
}

func elbLogPolicy(p *iampolicy.Policy) bool {
	if p == nil {
		return false
	}
	for _, st := range p.Statements {
		if st.Effect != iampolicy.EffectAllow || st.Principal == nil {
			continue
		}
		for _, svc := range st.Principal.Service {
			if svc == "logdelivery.elasticloadbalancing.amazonaws.com" || svc == "logdelivery.elb.amazonaws.com" {
				return true
			}
		}
		for _, a := range st.Principal.AWS {
			for _, acct := range elbAccounts {
				if strings.Contains(a, acct) {
					return true
				}
			}
		}
	}
	return false
}

// restrictPublic reports whether RestrictPublicBuckets is known on for the
// bucket or its account, which confines a public policy to the account and
// AWS services.
func restrictPublic(e *model.Estate, b *s3.Bucket) (control.Evidence, bool) {
	if p, ok := b.PublicAccessBlock.Get(); ok && p != nil {
		if on, ok := p.RestrictPublicBuckets.Get(); ok && on {
			return ck.Ev("RestrictPublicBuckets = true", p.RestrictPublicBuckets), true
		}
	}
	if a, ok := accountBlock(e, b); ok {
		if on, ok := a.RestrictPublicBuckets.Get(); ok && on {
			return ck.Ev("account RestrictPublicBuckets = true", a.RestrictPublicBuckets), true
		}
	}
	return control.Evidence{}, false
}

func noPublicPolicy() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-008", Title: "S3 bucket policies do not grant public access", Severity: control.Critical,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("2.21"), fw.FSBP("S3.2", "S3.3"), fw.PublicAccess()),
		Rationale: "A bucket policy that allows Principal \"*\" without a condition an outsider cannot meet " +
			"(source VPC endpoint, organization, account) publishes the bucket to the internet.",
		Checked: "The bucket policy of every bucket, analysed by onus's IAM engine with anonymous and " +
			"foreign-account callers over representative read, write and permission actions: any allowed " +
			"probe fails, unless RestrictPublicBuckets (bucket or account) confines it. On live scans S3's own " +
			"policy status is used when the policy could not be read.",
		Remediation: control.Remediation{
			Summary:        "Remove public statements or restrict them with aws:SourceVpce / aws:PrincipalOrgID; serve public content through CloudFront with OAC.",
			Terraform:      "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_policy     = true\n  restrict_public_buckets = true\n  block_public_acls       = true\n  ignore_public_acls      = true\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true\n      BlockPublicAcls: true\n      IgnorePublicAcls: true",
			CLI:            "aws s3api delete-bucket-policy --bucket my-bucket   # or put a policy without Principal \"*\" grants",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				if _, ok := b.Policy.Get(); !ok {
					if pub, ok := b.PolicyIsPublic.Get(); ok {
						if pub {
							return ck.FailAt("S3 reports the bucket policy as public (GetBucketPolicyStatus)", b.PolicyIsPublic.PackedProv())
						}
						return ck.PassAt("S3 reports the bucket policy as not public (GetBucketPolicyStatus)", b.PolicyIsPublic.PackedProv())
					}
				}
				v := policyck.WithBucketARN(b, func(arn string) control.Verdict {
					return policyck.NotPublicIn(memo, &b.Meta, b.Policy, arn, "bucket policy")
				})
				if v.Outcome == control.Fail {
					if evd, ok := restrictPublic(e, b); ok {
						return control.Verdict{Outcome: control.Pass, Evidence: []control.Evidence{evd},
							Reason: "RestrictPublicBuckets confines the public policy to the account and AWS services (" + v.Reason + ")"}
					}
				}
				return v
			})
		},
	}
}

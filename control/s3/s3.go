package s3

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// Controls returns the S3 controls.
func Controls() []*control.Control {
	return append(append(configControls(), policyControls()...), accessPointBlock(), crossAccountAdmin(), mrapBlock(), directoryLifecycle())
}

// configControls judge bucket settings other than the policy.
func configControls() []*control.Control {
	return []*control.Control{
		kmsEncryption(), defaultEncryption(), bucketPAB(), accountPAB(), noPublicACL(), accessLogging(),
		versioning(), mfaDelete(), objectLock(), eventNotifications(), lifecycle(), aclsDisabled(),
	}
}

func eachBucket(e *model.Estate, f func(b *s3.Bucket) control.Verdict) []control.Result {
	return ck.Per(e.S3Buckets, f)
}

func kmsEncryption() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-001", Title: "S3 buckets encrypt by default with AWS KMS", Severity: control.Medium,
		Service: "s3", Layer: "data-protection",
		Frameworks: fw.Of(fw.AtRest(), fw.KeyMgmt()),
		Rationale: "S3 encrypts new objects with S3-managed keys (SSE-S3) by default, but only SSE-KMS puts " +
			"decryption under a key policy the customer controls and logs every use of the key in CloudTrail.",
		Checked: "The default encryption rule of every bucket: aws:kms or aws:kms:dsse passes; AES256 " +
			"(SSE-S3) or no rule fails. Buckets whose policy lets Elastic Load Balancing deliver access logs " +
			"are not applicable (ELB supports only SSE-S3 there).",
		Remediation: control.Remediation{
			Summary:        "Set the bucket's default encryption to SSE-KMS with a bucket key.",
			Terraform:      "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketEncryption:\n      ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n            SSEAlgorithm: aws:kms\n            KMSMasterKeyID: !GetAtt S3Key.Arn\n          BucketKeyEnabled: true",
			CLI:            "aws s3api put-bucket-encryption --bucket my-bucket --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"alias/s3\"},\"BucketKeyEnabled\":true}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				if elbLogBucket(b) {
					return ck.NA("the bucket receives Elastic Load Balancing access logs, which support only SSE-S3")
				}
				enc, ok := b.Encryption.Get()
				if !ok {
					return ck.Unknown(b.Encryption, "default encryption")
				}
				if enc == nil {
					return ck.FailAt("no default encryption rule: S3 falls back to SSE-S3, not KMS", b.Encryption.PackedProv())
				}
				alg := strings.ToLower(enc.Algorithm)
				if strings.HasPrefix(alg, "aws:kms") {
					key := enc.KMSKeyID
					if key == "" {
						key = "the AWS managed key aws/s3"
					}
					return ck.Pass(fmt.Sprintf("default encryption is %s with %s", enc.Algorithm, key), prov(enc.Prov.Prov(), b.Encryption.Prov()))
				}
				return ck.Fail("default encryption is "+enc.Algorithm+" (S3-managed keys), not KMS", prov(enc.Prov.Prov(), b.Encryption.Prov()))
			})
		},
	}
}

func prov(p, fallback source.Prov) source.Prov {
	if p == (source.Prov{}) {
		return fallback
	}
	return p
}

func defaultEncryption() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-003", Title: "S3 buckets declare default encryption", Severity: control.Low,
		Service: "s3", Layer: "data-protection",
		Frameworks: fw.Of(fw.AtRest()),
		Rationale: "Since January 2023 S3 applies SSE-S3 when nothing is configured, but a declared rule makes " +
			"the choice explicit, reviewable and resistant to drift.",
		Checked: "Whether every bucket has a default encryption rule: any algorithm passes; none fails.",
		Remediation: control.Remediation{
			Summary:        "Declare a default encryption rule (preferably SSE-KMS).",
			Terraform:      "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = \"aws:kms\"\n    }\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketEncryption:\n      ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n            SSEAlgorithm: aws:kms",
			CLI:            "aws s3api put-bucket-encryption --bucket my-bucket --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return ck.Judge(b.Encryption, "default encryption", func(enc *s3.Encryption) (bool, string) {
					if enc == nil {
						return false, "no default encryption rule is declared"
					}
					return true, "default encryption is " + enc.Algorithm
				})
			})
		},
	}
}

// pabVerdict judges the four switches of a public access block.
func pabVerdict(p *s3.PublicAccessBlock, where string) control.Verdict {
	v := control.Combine(
		ck.Bool(p.BlockPublicACLs, true, "BlockPublicAcls"),
		ck.Bool(p.IgnorePublicACLs, true, "IgnorePublicAcls"),
		ck.Bool(p.BlockPublicPolicy, true, "BlockPublicPolicy"),
		ck.Bool(p.RestrictPublicBuckets, true, "RestrictPublicBuckets"))
	if v.Outcome == control.Pass {
		v.Reason = "all four " + where + " public access block settings are on"
		v.Evidence = []control.Evidence{control.EvAt(v.Reason, p.Prov)}
	}
	return v
}

// accountBlock is the account-level block that covers bucket b, if known.
func accountBlock(e *model.Estate, b *s3.Bucket) (*s3.PublicAccessBlock, bool) {
	for _, a := range e.S3AccountBlocks {
		if a.Account != "" && b.Account != "" && a.Account != b.Account {
			continue
		}
		if p, ok := a.Block.Get(); ok && p != nil {
			return p, true
		}
	}
	return nil, false
}

func bucketPAB() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-005", Title: "S3 buckets block public access", Severity: control.High,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("3.1.4"), fw.FSBP("S3.8"), fw.PublicAccess()),
		Rationale: "Block Public Access overrides any ACL or bucket policy that would make data public, so a " +
			"single mistaken grant cannot expose the bucket.",
		Checked: "The bucket-level public access block of every bucket: all four settings (BlockPublicAcls, " +
			"IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) true passes, or an account-level block " +
			"with all four true; any false or no block fails.",
		Remediation: control.Remediation{
			Summary:        "Turn on all four Block Public Access settings for the bucket.",
			Terraform:      "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true",
			CLI:            "aws s3api put-public-access-block --bucket my-bucket --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				if a, ok := accountBlock(e, b); ok {
					if v := pabVerdict(a, "account-level"); v.Outcome == control.Pass {
						return v
					}
				}
				p, ok := b.PublicAccessBlock.Get()
				if !ok {
					return ck.Unknown(b.PublicAccessBlock, "public access block")
				}
				if p == nil && ck.IsCode(&b.Meta) {
					// Not an account fact: the code simply does not say.
					return ck.FailAt("the code declares no public access block for the bucket: AWS turns all four settings on "+
						"for buckets created since April 2023, but a bucket created earlier keeps its own, and a change made "+
						"outside the code goes unseen", b.PublicAccessBlock.PackedProv())
				}
				if p == nil {
					return ck.FailAt("the bucket has no public access block", b.PublicAccessBlock.PackedProv())
				}
				return pabVerdict(p, "bucket-level")
			})
		},
	}
}

func accountPAB() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-006", Title: "S3 Block Public Access is on for the account", Severity: control.Medium,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.CIS("3.1.4"), fw.FSBP("S3.1"), fw.PublicAccess()),
		Rationale: "The account-level block protects every bucket, including ones created later outside the " +
			"customer's templates.",
		Checked: "The account-level S3 public access block: all four settings true passes; any false or not " +
			"configured fails. Code that does not declare it is not applicable (it is checked on live scans).",
		Remediation: control.Remediation{
			Summary:        "Turn on all four Block Public Access settings for the account.",
			Terraform:      "resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
			CloudFormation: "# No CloudFormation resource exists for the account-level block; use the CLI or AWS Organizations.",
			CLI:            "aws s3control put-public-access-block --account-id 111122223333 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
		},
		Check: func(e *model.Estate) []control.Result {
			out := ck.Each(e.S3AccountBlocks, func(a *s3.AccountPublicAccessBlock, b control.Builder) control.Result {
				p, ok := a.Block.Get()
				if !ok {
					return b.Result(ck.Unknown(a.Block, "account public access block"))
				}
				if p == nil {
					return b.Fail("the account has no S3 public access block", ck.Ev("account public access block", a.Block))
				}
				return b.Result(pabVerdict(p, "account-level"))
			})
			if len(out) > 0 || len(e.S3Buckets) == 0 {
				return out
			}
			acct := scope.Account(e)
			if !e.AccountWide {
				return []control.Result{control.On(acct).NA(scope.CodeNA("the account-level S3 public access block"))}
			}
			reason := "the account-level S3 public access block was not read"
			if r, gap := scope.ListingGap(e, "AWS::S3::AccountPublicAccessBlock"); gap {
				reason += ": " + r
			}
			return []control.Result{control.On(acct).Unknown(reason)}
		},
	}
}

var publicCanned = map[string]bool{"public-read": true, "public-read-write": true, "authenticated-read": true}

func publicGrantee(uri string) bool {
	return strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers")
}

func noPublicACL() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-007", Title: "S3 bucket ACLs do not grant public access", Severity: control.Critical,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("S3.2", "S3.3"), fw.PublicAccess()),
		Rationale: "An ACL grant to AllUsers or AuthenticatedUsers (any AWS account) exposes the bucket's " +
			"listing or objects to the internet.",
		Checked: "The canned ACL and grants of every bucket: ACLs disabled (BucketOwnerEnforced) passes; " +
			"public-read, public-read-write, authenticated-read, or a grant to the AllUsers/AuthenticatedUsers " +
			"groups fails unless IgnorePublicAcls (bucket or account) neutralises it.",
		Remediation: control.Remediation{
			Summary:        "Disable ACLs (BucketOwnerEnforced) or set the ACL to private.",
			Terraform:      "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    OwnershipControls:\n      Rules:\n        - ObjectOwnership: BucketOwnerEnforced",
			CLI:            "aws s3api put-bucket-acl --bucket my-bucket --acl private\naws s3api put-bucket-ownership-controls --bucket my-bucket --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				if o, ok := b.Ownership.Get(); ok && o == "BucketOwnerEnforced" {
					return ck.PassAt("ACLs are disabled (BucketOwnerEnforced)", b.Ownership.PackedProv())
				}
				acl := ck.Judge(b.ACL, "canned ACL", func(a string) (bool, string) {
					if publicCanned[a] {
						return false, "canned ACL " + a + " is public"
					}
					if a == "" {
						return true, "no canned ACL"
					}
					return true, "canned ACL " + a
				})
				grants := ck.Judge(b.Grants, "ACL grants", func(gs []s3.Grant) (bool, string) {
					for _, g := range gs {
						if publicGrantee(g.GranteeURI) {
							return false, fmt.Sprintf("ACL grants %s to %s", g.Permission, g.GranteeURI)
						}
					}
					return true, fmt.Sprintf("%d ACL grants, none public", len(gs))
				})
				v := control.Combine(acl, grants)
				if v.Outcome != control.Fail {
					return v
				}
				if ign, ok := ignoreACLs(e, b); ok {
					return ck.Pass("a public ACL is set but IgnorePublicAcls neutralises it ("+v.Reason+")", ign)
				}
				return v
			})
		},
	}
}

// ignoreACLs reports whether IgnorePublicAcls is known on for the bucket or its account.
func ignoreACLs(e *model.Estate, b *s3.Bucket) (source.Prov, bool) {
	if p, ok := b.PublicAccessBlock.Get(); ok && p != nil {
		if on, ok := p.IgnorePublicACLs.Get(); ok && on {
			return p.IgnorePublicACLs.Prov(), true
		}
	}
	if a, ok := accountBlock(e, b); ok {
		if on, ok := a.IgnorePublicACLs.Get(); ok && on {
			return a.IgnorePublicACLs.Prov(), true
		}
	}
	return source.Prov{}, false
}

// receivesLogs reports whether another bucket in the estate delivers its
// server access logs to b.
func receivesLogs(e *model.Estate, b *s3.Bucket) bool {
	name, _ := b.Name.Get()
	for _, o := range e.S3Buckets {
		if o == b {
			continue
		}
		if l, ok := o.Logging.Get(); ok && l != nil && scope.SameRef(l.TargetBucket, &b.Meta, name) {
			return true
		}
	}
	return false
}

func accessLogging() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-009", Title: "S3 server access logging is enabled", Severity: control.Medium,
		Service: "s3", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("S3.9"), fw.Logging()),
		Rationale: "Server access logs record every request to the bucket, including anonymous ones that " +
			"CloudTrail data events may not cover; they are the customer's evidence in an investigation.",
		Checked: "The logging configuration of every bucket: a target bucket passes; none fails. Buckets that " +
			"receive other buckets' access logs are not applicable (logging them into themselves loops).",
		Remediation: control.Remediation{
			Summary:        "Enable server access logging to a dedicated log bucket.",
			Terraform:      "resource \"aws_s3_bucket_logging\" \"b\" {\n  bucket        = aws_s3_bucket.b.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"s3/b/\"\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      DestinationBucketName: !Ref LogBucket\n      LogFilePrefix: s3/b/",
			CLI:            "aws s3api put-bucket-logging --bucket my-bucket --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"my-logs\",\"TargetPrefix\":\"s3/my-bucket/\"}}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				l, ok := b.Logging.Get()
				if ok && l == nil && receivesLogs(e, b) {
					return ck.NA("the bucket receives other buckets' server access logs")
				}
				return ck.Judge(b.Logging, "access logging", func(l *s3.Logging) (bool, string) {
					if l == nil {
						return false, "server access logging is off"
					}
					return true, "access logs go to " + l.TargetBucket
				})
			})
		},
	}
}

func versioning() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-010", Title: "S3 bucket versioning is enabled", Severity: control.Low,
		Service: "s3", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.Backup()),
		Rationale: "Versioning keeps overwritten and deleted objects recoverable, the customer's defence " +
			"against accidental deletion and ransomware-style overwrites.",
		Checked: "The versioning status of every bucket: Enabled passes; Suspended or never enabled fails.",
		Remediation: control.Remediation{
			Summary:        "Enable versioning.",
			Terraform:      "resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled",
			CLI:            "aws s3api put-bucket-versioning --bucket my-bucket --versioning-configuration Status=Enabled",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return ck.Judge(b.Versioning, "versioning", func(v *s3.Versioning) (bool, string) {
					if v == nil || v.Status == "" {
						return false, "versioning has never been enabled"
					}
					return v.Status == "Enabled", "versioning is " + v.Status
				})
			})
		},
	}
}

func mfaDelete() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-011", Title: "S3 MFA delete is enabled", Severity: control.Info,
		Service: "s3", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.CIS("3.1.2")),
		Rationale: "MFA delete requires the root user's MFA code to change versioning or permanently delete a " +
			"version, so stolen access keys alone cannot destroy history. Only the root user can enable it, " +
			"which makes it impractical for many accounts: informational.",
		Checked: "The MFA delete flag of every bucket's versioning configuration: on passes; off or no " +
			"versioning fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Enable MFA delete as the root user with its MFA device.",
			Terraform:      "resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  mfa    = \"arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456\"\n  versioning_configuration {\n    status     = \"Enabled\"\n    mfa_delete = \"Enabled\"\n  }\n}",
			CloudFormation: "# CloudFormation cannot enable MFA delete; use the CLI as the root user.",
			CLI:            "aws s3api put-bucket-versioning --bucket my-bucket --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return ck.Judge(b.Versioning, "versioning", func(v *s3.Versioning) (bool, string) {
					if v == nil {
						return false, "no versioning, so no MFA delete"
					}
					if v.MFADelete {
						return true, "MFA delete is on"
					}
					return false, "MFA delete is off"
				})
			})
		},
	}
}

func objectLock() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-012", Title: "S3 Object Lock is enabled", Severity: control.Info,
		Service: "s3", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.M{fw.NIST: {"SI-12"}}),
		Rationale: "Object Lock makes objects immutable for a retention period (WORM), protecting records and " +
			"backups against deletion by anyone, including the root user in compliance mode. Informational: " +
			"not every bucket needs it.",
		Checked: "Whether Object Lock is enabled on every bucket: on passes; off fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Enable Object Lock (at creation, or on an existing versioned bucket) with a default retention.",
			Terraform:      "resource \"aws_s3_bucket\" \"b\" {\n  object_lock_enabled = true\n}\nresource \"aws_s3_bucket_object_lock_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    default_retention {\n      mode = \"GOVERNANCE\"\n      days = 30\n    }\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    ObjectLockEnabled: true\n    ObjectLockConfiguration:\n      ObjectLockEnabled: Enabled\n      Rule:\n        DefaultRetention: {Mode: GOVERNANCE, Days: 30}",
			CLI:            "aws s3api put-object-lock-configuration --bucket my-bucket --object-lock-configuration '{\"ObjectLockEnabled\":\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":\"GOVERNANCE\",\"Days\":30}}}'",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, "Object Lock")
			return eachBucket(e, func(b *s3.Bucket) control.Verdict { return is.Judge(b.ObjectLock) })
		},
	}
}

func eventNotifications() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-013", Title: "S3 event notifications are configured", Severity: control.Info,
		Service: "s3", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.Monitoring()),
		Rationale: "Event notifications let the customer react to object creation and deletion (malware " +
			"scanning, alerting on unexpected deletes). Informational.",
		Checked: "Whether every bucket has at least one event notification: yes passes; no fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Send object events to EventBridge, SNS, SQS or Lambda.",
			Terraform:      "resource \"aws_s3_bucket_notification\" \"b\" {\n  bucket      = aws_s3_bucket.b.id\n  eventbridge = true\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    NotificationConfiguration:\n      EventBridgeConfiguration:\n        EventBridgeEnabled: true",
			CLI:            "aws s3api put-bucket-notification-configuration --bucket my-bucket --notification-configuration '{\"EventBridgeConfiguration\":{}}'",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, "event notifications")
			return eachBucket(e, func(b *s3.Bucket) control.Verdict { return is.Judge(b.EventNotifications) })
		},
	}
}

func lifecycle() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-014", Title: "S3 buckets have a lifecycle configuration", Severity: control.Low,
		Service: "s3", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("S3.13"), fw.M{fw.NIST: {"SI-12"}, fw.ISO: {"A.8.10"}}),
		Rationale: "Retention is the data owner's decision; lifecycle rules expire data and old versions that " +
			"should not be kept, limiting what a breach can expose.",
		Checked: "Whether every bucket has a lifecycle configuration: yes passes; no fails.",
		Remediation: control.Remediation{
			Summary:        "Add lifecycle rules that expire or transition data per its retention policy.",
			Terraform:      "resource \"aws_s3_bucket_lifecycle_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    id     = \"expire-old-versions\"\n    status = \"Enabled\"\n    filter {}\n    noncurrent_version_expiration {\n      noncurrent_days = 90\n    }\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LifecycleConfiguration:\n      Rules:\n        - Id: expire-old-versions\n          Status: Enabled\n          NoncurrentVersionExpiration: {NoncurrentDays: 90}",
			CLI:            "aws s3api put-bucket-lifecycle-configuration --bucket my-bucket --lifecycle-configuration file://lifecycle.json",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, "lifecycle configuration")
			return eachBucket(e, func(b *s3.Bucket) control.Verdict { return is.Judge(b.Lifecycle) })
		},
	}
}

func aclsDisabled() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-015", Title: "S3 bucket ACLs are disabled", Severity: control.Medium,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("S3.12"), fw.M{fw.NIST: {"AC-3"}}),
		Rationale: "With ACLs disabled (BucketOwnerEnforced) access is governed by policies alone, which are " +
			"easier to review, and objects uploaded by other accounts belong to the bucket owner.",
		Checked: "The object ownership setting of every bucket: BucketOwnerEnforced passes; BucketOwnerPreferred, " +
			"ObjectWriter or none fails.",
		Remediation: control.Remediation{
			Summary:        "Set object ownership to BucketOwnerEnforced.",
			Terraform:      "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
			CloudFormation: "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    OwnershipControls:\n      Rules:\n        - ObjectOwnership: BucketOwnerEnforced",
			CLI:            "aws s3api put-bucket-ownership-controls --bucket my-bucket --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
		},
		Check: func(e *model.Estate) []control.Result {
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return ck.Judge(b.Ownership, "object ownership", func(o string) (bool, string) {
					if o == "BucketOwnerEnforced" {
						return true, "ACLs are disabled (BucketOwnerEnforced)"
					}
					if o == "" {
						return false, "no object ownership setting: ACLs are in effect"
					}
					return false, "object ownership is " + o + ": ACLs are in effect"
				})
			})
		},
	}
}

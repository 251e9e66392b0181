package s3

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// adminActions are the actions FSBP S3.6 (Config rule
// s3-bucket-blacklisted-actions-prohibited) forbids granting to other
// accounts: each lets an outsider rewrite who may access the data.
var adminActions = []string{"s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy",
	"s3:PutEncryptionConfiguration", "s3:PutObjectAcl"}

// selfAccount matches the placeholders code writes for the deploying
// account: the stack's ${AWS::AccountId} and Terraform's caller identity.
// Both name the account that owns the bucket the code creates.
var selfAccount = regexp.MustCompile(`\$\{(AWS::AccountId|data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id)\}`)

// standInOwner stands for the bucket's account when the source does not
// know it; principals written as that account (selfAccount) become it.
const standInOwner = "111111111111"

func crossAccountAdmin() *control.Control {
	return &control.Control{
		ID: "ONUS-S3-020", Title: "S3 bucket policies do not let other accounts change the bucket's access controls", Severity: control.High,
		Service: "s3", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("S3.6"), fw.M{fw.NIST: {"AC-3", "AC-6"}, fw.ISO: {"A.5.15"}, fw.SOC2: {"CC6.3"}}),
		Rationale: "A principal of another account allowed to put the bucket policy or ACLs, delete the policy or " +
			"change the encryption configuration can grant itself (or everyone) the data and lock the owner out; " +
			"cross-account access should be limited to the data actions the partner needs.",
		Checked: "The bucket policy of every bucket, evaluated by onus's IAM engine for anonymous callers, an " +
			"unrelated account and every principal the policy names, on " + strings.Join(adminActions, ", ") +
			": any of them allowed to a principal outside the bucket's account (or to anyone) fails; conditions " +
			"an outsider cannot meet (aws:PrincipalOrgID, aws:SourceVpce, ...) count as restricting. No policy " +
			"passes. UNKNOWN when the policy could not be read, when the bucket's account is unknown and the " +
			"policy names principals of other accounts, or when a grant depends on values unknown before apply.",
		Remediation: control.Remediation{
			Summary: "Remove the bucket-administration actions from statements that allow principals of other accounts.",
			Terraform: "data \"aws_iam_policy_document\" \"partner\" {\n  statement {\n    sid       = \"PartnerRead\"\n" +
				"    actions   = [\"s3:GetObject\", \"s3:ListBucket\"] # never s3:PutBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl, ...\n" +
				"    resources = [aws_s3_bucket.b.arn, \"${aws_s3_bucket.b.arn}/*\"]\n    principals {\n      type        = \"AWS\"\n" +
				"      identifiers = [\"arn:aws:iam::444455556666:root\"]\n    }\n  }\n}",
			CloudFormation: "        - Sid: PartnerRead\n          Effect: Allow\n          Principal: {AWS: arn:aws:iam::444455556666:root}\n" +
				"          Action: [s3:GetObject, s3:ListBucket] # never s3:PutBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl, ...\n" +
				"          Resource: [!GetAtt Bucket.Arn, !Sub \"${Bucket.Arn}/*\"]",
			CLI: "aws s3api get-bucket-policy --bucket my-bucket --query Policy --output text > policy.json\n" +
				"# remove the administration actions from the cross-account statements, then\n" +
				"aws s3api put-bucket-policy --bucket my-bucket --policy file://policy.json",
		},
		Check: func(e *model.Estate) []control.Result {
			memo := policyck.NewMemo(e)
			return eachBucket(e, func(b *s3.Bucket) control.Verdict {
				return policyck.WithBucketARN(b, func(arn string) control.Verdict { return crossAccountVerdict(memo, b, arn) })
			})
		},
	}
}

func crossAccountVerdict(memo *iampolicy.Memo, b *s3.Bucket, arn string) control.Verdict {
	if vd, ok := policyck.EachVariant(b.Policy, func(x source.Value[*iampolicy.Policy]) control.Verdict {
		one := *b
		one.Policy = x
		return crossAccountVerdict(memo, &one, arn)
	}); ok {
		return vd
	}
	p, ok := b.Policy.Get()
	if !ok {
		return ck.Unknown(b.Policy, "bucket policy")
	}
	if p == nil {
		return ck.PassAt("the bucket has no policy", b.Policy.PackedProv())
	}
	owner := b.Account
	if owner == "" {
		owner = standInOwner
	}
	x := memo.AnalyzeExposureOf(withOwner(p, owner), arn, owner, adminActions)
	var fails, unknowns []string
	for _, g := range x.Grants {
		desc := fmt.Sprintf("%s may %s", grantee(g.Principal), strings.Join(g.Actions, ", "))
		if len(g.Statements) > 0 {
			desc += " (" + strings.Join(g.Statements, ", ") + ")"
		}
		switch {
		case g.Scope != iampolicy.ScopePublic && g.Scope != iampolicy.ScopeCrossAccount && g.Scope != iampolicy.ScopeUnknownAccount:
			// Service and federated principals act for this account.
		case g.Uncertain:
			unknowns = append(unknowns, desc+" if values unknown before apply allow it ("+strings.Join(iampolicy.Placeholders(p), ", ")+")")
		case g.Scope == iampolicy.ScopePublic:
			fails = append(fails, desc)
		case b.Account == "" || g.Scope == iampolicy.ScopeUnknownAccount:
			unknowns = append(unknowns, desc+", and whether it is outside the bucket's account is unknown (the account is not known to this source)")
		default:
			fails = append(fails, desc)
		}
	}
	switch {
	case len(fails) > 0:
		return ck.FailAt("principals outside the bucket's account may change its access controls: "+strings.Join(fails, "; "), b.Policy.PackedProv())
	case len(unknowns) > 0:
		return control.Verdict{Outcome: control.Unknown, Reason: strings.Join(unknowns, "; "),
			Evidence: []control.Evidence{ck.Ev("bucket policy", b.Policy)}}
	case x.Truncated:
		return control.Verdict{Outcome: control.Unknown, Reason: "the analysis of the bucket policy hit its search bound",
			Evidence: []control.Evidence{ck.Ev("bucket policy", b.Policy)}}
	}
	return ck.PassAt("the bucket policy lets no principal outside the bucket's account change its access controls", b.Policy.PackedProv())
}

func grantee(p string) string {
	if p == "*" {
		return "anyone"
	}
	return p
}

// withOwner returns the policy with the deploying account's placeholders
// in AWS principals replaced by owner (a copy; p is not changed).
func withOwner(p *iampolicy.Policy, owner string) *iampolicy.Policy {
	changed := false
	c := *p
	c.Statements = make([]iampolicy.Statement, len(p.Statements))
	for i, st := range p.Statements {
		c.Statements[i] = st
		if st.Principal == nil || len(st.Principal.AWS) == 0 {
			continue
		}
		pr := *st.Principal
		pr.AWS = make([]string, len(st.Principal.AWS))
		for j, a := range st.Principal.AWS {
			pr.AWS[j] = selfAccount.ReplaceAllString(a, owner)
			changed = changed || pr.AWS[j] != a
		}
		c.Statements[i].Principal = &pr
	}
	if !changed {
		return p
	}
	return &c
}

package s3

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/s3"
)

func TestCrossAccountAdmin(t *testing.T) {
	const id = "ONUS-S3-020"
	stmt := func(principal, action, extra string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Principal":` + principal + `,"Action":` + action +
			`,"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]` + extra + `}]}`
	}
	owned := func(acct, doc string) *model.Estate {
		return bucket(func(b *s3.Bucket) { b.Account = acct; b.Policy = ctest.K(pol(t, doc)) })
	}
	partner := `{"AWS":"arn:aws:iam::444455556666:root"}`
	cases := []ctest.Case{
		{Name: "no policy", Control: id, Estate: bucket(func(b *s3.Bucket) { b.Policy = ctest.K[*iampolicy.Policy](nil) }), Want: pass},
		{Name: "partner reads", Control: id, Estate: owned("111122223333", stmt(partner, `["s3:GetObject","s3:ListBucket"]`, "")), Want: pass},
		{Name: "partner may put the policy", Control: id, Estate: owned("111122223333", stmt(partner, `"s3:PutBucketPolicy"`, "")), Want: fail,
			Reason: "arn:aws:iam::444455556666:root may s3:PutBucketPolicy"},
		{Name: "partner with s3:*", Control: id, Estate: owned("111122223333", stmt(partner, `"s3:*"`, "")), Want: fail, Reason: "s3:PutObjectAcl"},
		{Name: "partner with s3:Put*", Control: id, Estate: owned("111122223333", stmt(partner, `"s3:Put*"`, "")), Want: fail, Reason: "s3:PutEncryptionConfiguration"},
		{Name: "own account may administer", Control: id, Estate: owned("111122223333", stmt(`{"AWS":"arn:aws:iam::111122223333:role/admin"}`, `"s3:*"`, "")), Want: pass},
		{Name: "anyone", Control: id, Estate: owned("111122223333", stmt(`"*"`, `"s3:PutObjectAcl"`, "")), Want: fail, Reason: "anyone may s3:PutObjectAcl"},
		{Name: "anyone in the organization", Control: id, Estate: owned("111122223333", stmt(`"*"`, `"s3:*"`,
			`,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`)), Want: pass},
		{Name: "deny overrides the grant", Control: id, Estate: owned("111122223333", `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},
			{"Effect":"Deny","Principal":"*","Action":["s3:DeleteBucketPolicy","s3:PutBucketAcl","s3:PutBucketPolicy","s3:PutEncryptionConfiguration","s3:PutObjectAcl"],
			 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`), Want: pass},
		{Name: "account unknown, named principal", Control: id, Estate: owned("", stmt(partner, `"s3:PutBucketAcl"`, "")), Want: unk,
			Reason: "account is unknown"},
		{Name: "account unknown, deploying account placeholder", Control: id, Estate: owned("",
			stmt(`{"AWS":"arn:aws:iam::${AWS::AccountId}:root"}`, `"s3:*"`, "")), Want: pass},
		{Name: "account unknown, terraform caller identity", Control: id, Estate: owned("",
			stmt(`{"AWS":"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}`, `"s3:*"`, "")), Want: pass},
		{Name: "account unknown, anyone", Control: id, Estate: owned("", stmt(`"*"`, `"s3:PutBucketPolicy"`, "")), Want: fail},
		{Name: "unresolved principal", Control: id, Estate: owned("111122223333", stmt(`{"AWS":"${var.partner_arn}"}`, `"s3:PutBucketPolicy"`, "")), Want: unk},
		{Name: "policy unknown", Control: id, Estate: bucket(func(b *s3.Bucket) {
			b.Policy = ctest.U[*iampolicy.Policy]("s3:GetBucketPolicy: AccessDenied (permission denied)")
		}), Want: unk, Reason: "AccessDenied"},
	}
	ctest.Run(t, []*control.Control{crossAccountAdmin()}, cases)
}

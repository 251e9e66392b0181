package cloudformation_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// TestRealWorldSAMVerdicts: shapes met in public SAM templates, each with
// the verdict the template justifies. A row is a function Fn with extra
// properties (indented by 6) and the result of one control on one
// resource.
func TestRealWorldSAMVerdicts(t *testing.T) {
	for _, c := range []struct {
		name, props string
		key         string // control ID and resource address
		want        control.Outcome
		reason      string // a part of the reason
	}{
		// SAM's KMSDecryptPolicy writes arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId};
		// KeyId "*" is every key of the stack's account and region.
		{"kms decrypt template on every key", "      Policies:\n        - KMSDecryptPolicy:\n            KeyId: '*'\n",
			"ONUS-IAM-028 FnRole", control.Fail, "kms:Decrypt"},
		{"kms decrypt template on one key", "      Policies:\n        - KMSDecryptPolicy:\n            KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab\n",
			"ONUS-IAM-028 FnRole", control.Pass, ""},
		{"kms decrypt on every key of every region", "      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: kms:Decrypt\n              Resource: !Sub arn:aws:kms:*:${AWS::AccountId}:key/*\n",
			"ONUS-IAM-028 FnRole", control.Fail, "kms:Decrypt"},
		// The role's own account is ${AWS::AccountId}: the analysis cannot
		// bind it, and the reason says so instead of blaming its search.
		{"escalation on the stack's account", "      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: iam:AttachRolePolicy\n              Resource: !Sub arn:aws:iam::${AWS::AccountId}:role/*\n",
			"ONUS-IAM-022 FnRole", control.Unknown, "values known only at deployment (${AWS::AccountId})"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n" +
				"      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n" + c.props
			p := filepath.Join(t.TempDir(), "t.yaml")
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			e, diags := cloudformation.Load(context.Background(), p, cloudformation.Options{})
			for _, d := range diags {
				t.Errorf("diagnostic: %v", d)
			}
			for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
				if r.Control.ID+" "+r.Resource.Address != c.key {
					continue
				}
				if r.Outcome != c.want || !strings.Contains(r.Reason, c.reason) {
					t.Errorf("%s: %v %q, want %v with %q", c.key, r.Outcome, r.Reason, c.want, c.reason)
				}
				return
			}
			t.Errorf("%s: no result", c.key)
		})
	}
}

// TestSimpleTable: an AWS::Serverless::SimpleTable is the DynamoDB table
// SAM generates; before it was not modelled and no DynamoDB control judged
// it. Globals.SimpleTable applies.
func TestSimpleTable(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  SimpleTable:
    SSESpecification:
      SSEEnabled: true
Resources:
  Plain:
    Type: AWS::Serverless::SimpleTable
  Full:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: orders
      PrimaryKey:
        Name: pk
        Type: String
      ProvisionedThroughput:
        ReadCapacityUnits: 5
        WriteCapacityUnits: 5
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: alias/mykey
`
	p := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := resultsOf(t, p)
	for _, c := range []struct {
		key    string
		want   control.Outcome
		reason string
	}{
		{"ONUS-DYNAMODB-001 Plain", control.Fail, "point-in-time recovery"},
		{"ONUS-DYNAMODB-001 Full", control.Pass, ""},
		{"ONUS-DYNAMODB-002 Plain", control.Fail, "AWS managed key"}, // SSEEnabled from Globals, no key
		{"ONUS-DYNAMODB-002 Full", control.Pass, "alias/mykey"},
		{"ONUS-DYNAMODB-003 Plain", control.Fail, "deletion protection"},
		{"ONUS-DYNAMODB-004 Plain", control.Pass, "on-demand"}, // SAM sets PAY_PER_REQUEST
		{"ONUS-DYNAMODB-004 Full", control.Fail, "provisioned capacity"},
	} {
		r, ok := got[c.key]
		if !ok {
			t.Errorf("%s: no result", c.key)
			continue
		}
		if r.Outcome != c.want || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s: %v %q, want %v with %q", c.key, r.Outcome, r.Reason, c.want, c.reason)
		}
	}
}

// TestTLSDenyOnObjectsOnly: a TLS deny written for the objects only
// (Resource: <bucket>/*, common in public templates) leaves bucket-level
// requests allowed; the FAIL names a request that exists on the bucket,
// not "s3:GetObject" (which the statement does deny on objects).
func TestTLSDenyOnObjectsOnly(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: !Sub "${B.Arn}/*"
            Condition:
              Bool:
                aws:SecureTransport: "false"
`
	p := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, _ := cloudformation.Load(context.Background(), p, cloudformation.Options{})
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		if r.Control.ID == "ONUS-S3-002" && r.Resource.Address == "B" {
			if r.Outcome != control.Fail || !strings.Contains(r.Reason, "s3:ListBucket on the bucket itself") {
				t.Errorf("%v %q, want FAIL naming s3:ListBucket on the bucket itself", r.Outcome, r.Reason)
			}
			return
		}
	}
	t.Error("no ONUS-S3-002 result for B")
}

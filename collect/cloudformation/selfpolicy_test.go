package cloudformation

import (
	"testing"

	"github.com/onus-sec/onus/control"
	controls3 "github.com/onus-sec/onus/control/s3"
)

// TestBucketPolicySelfReference: a bucket named from pseudo parameters and
// a policy that names it with !GetAtt/!Sub of the bucket. A Deny written for
// the bucket ARN alone does not cover its objects, and an Allow to anyone
// on a prefix of its objects is public: neither may read as a PASS (they
// did when a self reference was read as "*").
func TestBucketPolicySelfReference(t *testing.T) {
	const head = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-logs-${AWS::AccountId}"
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
`
	const tlsBucketOnly = `          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: !GetAtt Logs.Arn
            Condition: {Bool: {aws:SecureTransport: "false"}}
`
	const tlsBoth = `          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Logs.Arn, !Sub "${Logs.Arn}/*"]
            Condition: {Bool: {aws:SecureTransport: "false"}}
`
	const publicPrefix = `          - Effect: Allow
            Principal: "*"
            Action: "s3:GetObject"
            Resource: !Sub "arn:${AWS::Partition}:s3:::${Logs}/shared/*"
`
	tests := []struct {
		name, statements string
		want             map[string]control.Outcome
	}{
		{"deny on the bucket ARN only, public prefix", tlsBucketOnly + publicPrefix, map[string]control.Outcome{
			"ONUS-S3-002": control.Fail, "ONUS-S3-008": control.Fail}},
		{"deny on bucket and objects", tlsBoth, map[string]control.Outcome{
			"ONUS-S3-002": control.Pass, "ONUS-S3-008": control.Pass}},
		{"deny on bucket and objects, public prefix", tlsBoth + publicPrefix, map[string]control.Outcome{
			"ONUS-S3-002": control.Pass, "ONUS-S3-008": control.Fail}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, diags := loadString(t, "t.yaml", head+tc.statements, Options{})
			if diags.HasErrors() {
				t.Fatalf("diagnostics: %v", diags)
			}
			got := map[string]control.Outcome{}
			for _, r := range control.Run(t.Context(), e, controls3.Controls()).Slice() {
				if _, ok := tc.want[r.Control.ID]; ok {
					got[r.Control.ID] = r.Outcome
					if r.Outcome != tc.want[r.Control.ID] {
						t.Errorf("%s: %s (%s), want %s", r.Control.ID, r.Outcome, r.Reason, tc.want[r.Control.ID])
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("results %v, want %v", got, tc.want)
			}
		})
	}
}

// TestBucketPolicyGeneratedName: the usual template leaves BucketName out
// and writes the policy with !Ref/!GetAtt of the bucket. The policy can name
// only its own bucket, so the controls judge it instead of UNKNOWN ("bucket
// name is unknown"), with the same verdicts as for a named bucket.
func TestBucketPolicyGeneratedName(t *testing.T) {
	const head = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Store:
    Type: AWS::S3::Bucket
  StorePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Store
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Condition: {Bool: {aws:SecureTransport: "false"}}
`
	tests := []struct {
		name, rest string
		want       map[string]control.Outcome
	}{
		{"deny on bucket and objects", `            Resource: [!GetAtt Store.Arn, !Sub "${Store.Arn}/*"]
`, map[string]control.Outcome{"ONUS-S3-002": control.Pass, "ONUS-S3-008": control.Pass}},
		{"deny on the objects only (Sub of the name)", `            Resource: !Sub "arn:${AWS::Partition}:s3:::${Store}/*"
`, map[string]control.Outcome{"ONUS-S3-002": control.Fail, "ONUS-S3-008": control.Pass}},
		{"public read of a prefix", `            Resource: [!GetAtt Store.Arn, !Sub "${Store.Arn}/*"]
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${Store.Arn}/site/*"
`, map[string]control.Outcome{"ONUS-S3-002": control.Pass, "ONUS-S3-008": control.Fail}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, diags := loadString(t, "t.yaml", head+tc.rest, Options{})
			if diags.HasErrors() {
				t.Fatalf("diagnostics: %v", diags)
			}
			n := 0
			for _, r := range control.Run(t.Context(), e, controls3.Controls()).Slice() {
				if want, ok := tc.want[r.Control.ID]; ok {
					n++
					if r.Outcome != want {
						t.Errorf("%s: %s (%s), want %s", r.Control.ID, r.Outcome, r.Reason, want)
					}
				}
			}
			if n != len(tc.want) {
				t.Errorf("%d results, want %d", n, len(tc.want))
			}
		})
	}
}

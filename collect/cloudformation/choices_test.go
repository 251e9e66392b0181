package cloudformation

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
)

// elbLogTemplate is the usual access-log bucket of a load balancer: the
// ELB account of the region is looked up in a mapping; %s is the
// statement that varies.
const elbLogTemplate = `Mappings:
  RegionMap:
    us-east-1: {ELBAccount: "127311923021", Other: "arn:aws:s3:::elb-logs/index.html", Secure: "false"}
    eu-west-1: {ELBAccount: "156460612806", Other: "arn:aws:s3:::unrelated/index.html", Secure: "true"}
    eu-west-3: {ELBAccount: "009996457667", Other: "arn:aws:s3:::elb-logs/index.html", Secure: "false"}
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: elb-logs
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Statement:
%s`

const elbStatements = `          - Effect: Allow
            Principal: {AWS: !FindInMap [RegionMap, !Ref "AWS::Region", ELBAccount]}
            Action: s3:PutObject
            Resource: !Sub "${Logs.Arn}/AWSLogs/${AWS::AccountId}/*"
          - Effect: Allow
            Principal: {AWS: !Join ["", ["arn:aws:iam::", !FindInMap [RegionMap, !Ref "AWS::Region", ELBAccount], ":root"]]}
            Action: s3:PutObject
            Resource: !Sub "${Logs.Arn}/other/*"
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Logs.Arn, !Sub "${Logs.Arn}/*"]
            Condition: {Bool: {"aws:SecureTransport": "false"}}
`

// TestFindInMapPolicyVariants: a policy holding a region lookup is judged
// once per value the mapping gives; outcomes that agree are kept, outcomes
// that differ are UNKNOWN naming the lookup, and a deny that holds for
// only some values never passes.
func TestFindInMapPolicyVariants(t *testing.T) {
	tests := []struct {
		name, statements string
		wants            []want
	}{
		{"ELB log delivery", elbStatements, []want{
			{"ONUS-S3-008", "Logs", control.Pass, "the same for each of the 3 documents the policy may be (Fn::FindInMap [RegionMap, ${AWS::Region}, ELBAccount])"},
			{"ONUS-S3-002", "Logs", control.Pass, "the policy denies requests without TLS"},
			{"ONUS-S3-020", "Logs", control.Pass, ""},
			{"ONUS-S3-004", "Logs", control.NotApplicable, "Elastic Load Balancing access logs"},
		}},
		{"public for some regions", `          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !FindInMap [RegionMap, !Ref "AWS::Region", Other]
`, []want{
			{"ONUS-S3-008", "Logs", control.Unknown, "the outcome depends on Fn::FindInMap [RegionMap, ${AWS::Region}, Other], known only at deployment: FAIL with Fn::FindInMap [RegionMap, ${AWS::Region}, Other] = arn:aws:s3:::elb-logs/index.html: bucket policy is public"},
		}},
		{"deny for some regions only", `          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Logs.Arn, !Sub "${Logs.Arn}/*"]
            Condition: {Bool: {"aws:SecureTransport": !FindInMap [RegionMap, !Ref "AWS::Region", Secure]}}
`, []want{
			{"ONUS-S3-002", "Logs", control.Unknown, "PASS with Fn::FindInMap [RegionMap, ${AWS::Region}, Secure] = false: the policy denies requests without TLS"},
			{"ONUS-S3-002", "Logs", control.Unknown, "FAIL with Fn::FindInMap [RegionMap, ${AWS::Region}, Secure] = true: the policy does not deny"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := outcomesOf(t, strings.Replace(elbLogTemplate, "%s", tc.statements, 1), Options{})
			checkOutcomes(t, got, tc.wants)
		})
	}
	// With the region given, the lookup is one value.
	got := outcomesOf(t, strings.Replace(elbLogTemplate, "%s", elbStatements, 1), Options{Params: map[string]string{"AWS::Region": "eu-west-1"}})
	checkOutcomes(t, got, []want{{"ONUS-S3-008", "Logs", control.Pass, ""}, {"ONUS-S3-002", "Logs", control.Pass, ""}})
}

// TestFindInMapUnknownReason: a lookup whose value is transformed, so that
// its choices do not carry over, is unknown naming the map and key.
func TestFindInMapUnknownReason(t *testing.T) {
	src := strings.Replace(elbLogTemplate, "%s", `          - Effect: Allow
            Principal: {AWS: !Select [0, [!FindInMap [RegionMap, !Ref "AWS::Region", ELBAccount]]]}
            Action: s3:PutObject
            Resource: !Sub "${Logs.Arn}/*"
`, 1)
	e, _ := loadString(t, "t.yaml", src, Options{})
	p := e.S3Buckets[0].Policy
	if p.Known() || !strings.Contains(p.Reason(), "Fn::FindInMap [RegionMap, ${AWS::Region}, ELBAccount]: the key is known only at deploy time and the entries of RegionMap differ") {
		t.Errorf("policy known=%v, reason %q does not name the lookup", p.Known(), p.Reason())
	}
}

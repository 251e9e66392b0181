package cloudformation

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestBucketPolicySameExpression: a bucket policy whose Bucket is built
// like a bucket's BucketName from parameters without a value is that
// bucket's policy, and no other's; an expression that is not the same is
// still taken to possibly name every bucket it could be equal to.
func TestBucketPolicySameExpression(t *testing.T) {
	const head = `Parameters:
  Project: {Type: String}
  Other: {Type: String}
  Env: {Type: String, Default: prod}
Resources:
  Generated:
    Type: AWS::S3::Bucket
  Audit:
    Type: AWS::S3::Bucket
    Properties: {BucketName: audit-data}
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: %s}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: %s
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt Logs.Arn, !Sub "${Logs.Arn}/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}]}
`
	tests := []struct {
		name, bucketName, policyBucket string
		extra                          string
		// unknown lists the buckets whose policy must be unknown; known
		// ones must be known, and Logs must hold the policy when known.
		unknown []string
	}{
		{"same Sub", `!Sub "${Project}-logs"`, `!Sub "${Project}-logs"`, "", nil},
		{"Ref and Sub of it", `!Ref Project`, `!Sub "${Project}"`, "", nil},
		{"Sub and Join alike", `!Sub "${Project}-logs-${AWS::AccountId}"`, `!Join ["-", [!Ref Project, logs, !Ref "AWS::AccountId"]]`, "", nil},
		{"Sub with variables", `!Sub ["${P}-logs", {P: !Ref Project}]`, `!Sub "${Project}-logs"`, "", nil},
		{"known parameter folded", `!Sub "${Project}-${Env}"`, `!Sub "${Project}-prod"`, "", nil},
		{"other parameter may be equal", `!Sub "${Project}-logs"`, `!Sub "${Other}-logs"`, "", []string{"Generated", "Logs"}},
		{"literal name it may equal", `!Sub "${Project}-logs"`, `!Sub "${Other}-data"`, "", []string{"Generated", "Audit", "Logs"}},
		{"different literal part still may be equal", `!Sub "${Project}-logs"`, `!Sub "${Project}-x"`, "", []string{"Generated", "Logs"}},
		{"two buckets alike: not told apart", `!Ref Project`, `!Ref Project`,
			"  Twin:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Ref Project}\n", []string{"Generated", "Audit", "Logs", "Twin"}},
		{"Select is not compared", `!Select [0, [!Ref Project]]`, `!Select [0, [!Ref Project]]`, "", []string{"Generated", "Audit", "Logs"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", tc.bucketName, 1), "%s", tc.policyBucket, 1) + tc.extra
			e, d := loadString(t, "t.yaml", src, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			unk := map[string]bool{}
			for _, id := range tc.unknown {
				unk[id] = true
			}
			for _, b := range e.S3Buckets {
				p, ok := b.Policy.Get()
				if ok == unk[b.Address] {
					t.Errorf("%s: policy known=%v (%s), want %v", b.Address, ok, b.Policy.Reason(), !unk[b.Address])
					continue
				}
				if !ok && !strings.Contains(b.Policy.Reason(), "AWS::S3::BucketPolicy Policy may apply to it") {
					t.Errorf("%s: reason %q does not name the policy", b.Address, b.Policy.Reason())
				}
				if ok && (p != nil) != (b.Address == "Logs") {
					t.Errorf("%s: policy %v", b.Address, p)
				}
			}
		})
	}
}

// TestLiteralBucketPolicyPattern: a literal Bucket may name a bucket whose
// name is a parameter only if the literal parts of that name allow it.
func TestLiteralBucketPolicyPattern(t *testing.T) {
	src := `Parameters:
  Project: {Type: String}
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Project}-logs"}
  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Join ["", [!Ref Project, "-data"]]}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: arn:aws:s3:::acme-data
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-data/*"}]}
`
	e, d := loadString(t, "t.yaml", src, Options{})
	if d.HasErrors() {
		t.Fatalf("diagnostics: %v", d)
	}
	for _, b := range e.S3Buckets {
		_, ok := b.Policy.Get()
		if want := b.Address == "Logs"; ok != want {
			t.Errorf("%s: policy known=%v (%s), want %v", b.Address, ok, b.Policy.Reason(), want)
		}
		if b.Address == "Data" && !strings.Contains(b.Policy.Reason(), `"arn:aws:s3:::acme-data"`) {
			t.Errorf("reason %q does not name the literal", b.Policy.Reason())
		}
	}
}

// TestNameTerms: which expressions reduce to terms, and which are alike.
func TestNameTerms(t *testing.T) {
	tests := []struct {
		a, b string
		ok   bool // both reduce
		same bool
	}{
		{`!Sub "${NoDefault}-x"`, `{"Fn::Join": ["", [{"Ref": NoDefault}, "-x"]]}`, true, true},
		{`!Sub "${NoDefault}-${Env}"`, `!Sub "${NoDefault}-prod"`, true, true},
		{`!Sub "${NoDefault}-${!Env}"`, `!Sub "${NoDefault}-prod"`, true, false},
		{`!Sub "${NoDefault}${AWS::Region}"`, `!Join ["", [!Ref NoDefault, !Ref "AWS::Region"]]`, true, true},
		{`!Sub "${NoDefault}${AWS::Region}"`, `!Sub "${AWS::Region}${NoDefault}"`, true, false},
		{`!Sub "${Thing.Arn}"`, `!GetAtt [Thing, Arn]`, true, true},
		// The argument of a long form is never read as text when it is a
		// function itself.
		{`{"Fn::Sub": !Ref NoDefault}`, `!Ref NoDefault`, false, false},
		{`{"Ref": !Sub NoDefault}`, `!Ref NoDefault`, false, false},
		{`!Join [",", !Ref Subnets]`, `!Join [",", !Ref Subnets]`, false, false},
		{`!Ref Subnets`, `!Ref Subnets`, false, false},
		{`!Ref Missing`, `!Ref Missing`, false, false},
		{`!If [IsProd, a, b]`, `!If [IsProd, a, b]`, false, false},
	}
	for _, tc := range tests {
		_, tp := evalExpr(t, "x", nil)
		ta, okA := tp.nameTerms(parseNode(t, tc.a))
		tb, okB := tp.nameTerms(parseNode(t, tc.b))
		if okA && okB != tc.ok {
			t.Errorf("%s / %s: reduce %v %v, want %v", tc.a, tc.b, okA, okB, tc.ok)
			continue
		}
		if got := okA && okB && sameTerms(ta, tb); got != tc.same {
			t.Errorf("%s / %s: same %v, want %v (%v, %v)", tc.a, tc.b, got, tc.same, ta, tb)
		}
	}
}

func parseNode(t *testing.T, expr string) *yaml.Node {
	t.Helper()
	root, err := parseYAML([]byte("V: " + expr + "\n"))
	if err != nil {
		t.Fatalf("parse %s: %v", expr, err)
	}
	if root.Kind == yaml.DocumentNode {
		root = root.Content[0]
	}
	n := lookup(root, "V")
	if n == nil {
		t.Fatalf("parse %s: no value", expr)
	}
	return n
}

// TestLambdaPermissionSameExpression: a permission whose FunctionName is
// the same expression as a function's is that function's, and no other's.
func TestLambdaPermissionSameExpression(t *testing.T) {
	const tpl = `Parameters:
  Project: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${Project}-handler"
      Role: arn:aws:iam::123456789012:role/r
      Runtime: python3.13
      Handler: a.b
      Code: {ZipFile: "x"}
  Other:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: billing
      Role: arn:aws:iam::123456789012:role/r
      Runtime: python3.13
      Handler: a.b
      Code: {ZipFile: "x"}
  Perm:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: %s, Action: "lambda:InvokeFunction", Principal: s3.amazonaws.com, SourceAccount: "123456789012"}
`
	for _, tc := range []struct {
		fn      string
		unknown []string
	}{
		{`!Join ["-", [!Ref Project, handler]]`, nil},
		{`!Sub "${Project}-other"`, []string{"Fn", "Other"}},
	} {
		e, d := loadString(t, "t.yaml", strings.Replace(tpl, "%s", tc.fn, 1), Options{})
		if d.HasErrors() {
			t.Fatalf("diagnostics: %v", d)
		}
		for _, f := range e.LambdaFunctions {
			p, ok := f.Policy.Get()
			want := !strings.Contains(strings.Join(tc.unknown, ","), f.Address)
			if ok != want {
				t.Errorf("%s with %s: policy known=%v (%s), want %v", f.Address, tc.fn, ok, f.Policy.Reason(), want)
			}
			if ok && (p != nil) != (f.Address == "Fn") {
				t.Errorf("%s with %s: policy %v", f.Address, tc.fn, p)
			}
		}
	}
}

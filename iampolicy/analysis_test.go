package iampolicy

import (
	"fmt"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) *Policy {
	t.Helper()
	p, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return p
}

const bucket = "arn:aws:s3:::amzn-s3-demo-bucket"

func TestAnalyzeExposure(t *testing.T) {
	tests := []struct {
		name        string
		policy      string
		resource    string
		owner       string
		public      bool
		cross       bool
		scopes      []Scope
		wantActions []string // subset expected in the public grant
	}{
		{name: "public read", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*"}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}, wantActions: []string{"s3:GetObject"}},
		{name: "AWS * is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["` + bucket + `","` + bucket + `/*"]}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}, wantActions: []string{"s3:PutBucketPolicy", "s3:ListBucket"}},
		{name: "public prefix only", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/public/*"}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "SourceVpce makes it private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`,
			resource: bucket, owner: "111122223333"},
		{name: "SourceVpce wildcard is still public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringLike":{"aws:SourceVpce":"vpce-*"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "StringNotEquals SourceVpce is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "IfExists SourceVpce is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "PrincipalOrgID makes it private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`,
			resource: bucket, owner: "111122223333"},
		{name: "SourceIp private range makes it private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}}]}`,
			resource: bucket, owner: "111122223333"},
		{name: "SourceIp world is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "NotIpAddress is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "SourceAccount own account is private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`,
			resource: "arn:aws:sqs:us-east-1:111122223333:q", owner: "111122223333"},
		{name: "SourceArn with account is private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}}]}`,
			resource: "arn:aws:sqs:us-east-1:111122223333:q", owner: "111122223333"},
		{name: "SourceArn any account is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}}]}`,
			resource: "arn:aws:sqs:us-east-1:111122223333:q", owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "SourceOwner is private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"aws:SourceOwner":"111122223333"}}}]}`,
			resource: "arn:aws:sns:us-east-1:111122223333:t", owner: "111122223333"},
		{name: "PrincipalAccount is private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`,
			resource: "arn:aws:kms:us-east-1:111122223333:key/k", owner: "111122223333"},
		{name: "free condition keys do not make it private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*","Condition":{"StringLike":{"aws:Referer":"https://example.com/*"},"Bool":{"aws:SecureTransport":"true"}}}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "public grant removed by deny unless vpce", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"` + bucket + `/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`,
			resource: bucket, owner: "111122223333"},
		{name: "NotAction allow to * is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","NotAction":"s3:DeleteBucket","Resource":["` + bucket + `","` + bucket + `/*"]}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "Allow NotPrincipal is public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/x"},"Action":"s3:GetObject","Resource":"` + bucket + `/*"}]}`,
			resource: bucket, owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
		{name: "own account only", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"` + bucket + `/*"}]}`,
			resource: bucket, owner: "111122223333"},
		{name: "other account is cross-account", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["444455556666","arn:aws:iam::111122223333:root"]},"Action":"s3:GetObject","Resource":"` + bucket + `/*"}]}`,
			resource: bucket, owner: "111122223333", cross: true, scopes: []Scope{ScopeCrossAccount}},
		{name: "owner unknown", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"` + bucket + `/*"}]}`,
			resource: bucket, owner: "", scopes: []Scope{ScopeUnknownAccount}},
		{name: "service without source condition", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"}]}`,
			resource: "arn:aws:sqs:us-east-1:111122223333:q", owner: "111122223333", scopes: []Scope{ScopeService}},
		{name: "service with SourceArn", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}}]}`,
			resource: "arn:aws:sqs:us-east-1:111122223333:q", owner: "111122223333"},
		{name: "lambda permission public", policy: `{"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f"}]}`,
			resource: "arn:aws:lambda:us-east-1:111122223333:function:f", owner: "111122223333", public: true, scopes: []Scope{ScopePublic}, wantActions: []string{"lambda:InvokeFunction"}},
		{name: "kms key policy delegating to account", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
			resource: "arn:aws:kms:us-east-1:111122223333:key/k", owner: "111122223333"},
		{name: "kms public via kms:CallerAccount is private", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
			resource: "arn:aws:kms:us-east-1:111122223333:key/k", owner: "111122223333"},
		{name: "secretsmanager public", policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`,
			resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf", owner: "111122223333", public: true, scopes: []Scope{ScopePublic}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := AnalyzeExposure(mustParse(t, tc.policy), tc.resource, tc.owner)
			if x.Public() != tc.public || x.CrossAccount() != tc.cross {
				t.Errorf("public=%v cross=%v, want %v %v; grants %+v", x.Public(), x.CrossAccount(), tc.public, tc.cross, x.Grants)
			}
			var scopes []Scope
			for _, g := range x.Grants {
				if len(scopes) == 0 || scopes[len(scopes)-1] != g.Scope {
					scopes = append(scopes, g.Scope)
				}
				if len(g.Statements) == 0 {
					t.Errorf("grant %+v without statements", g)
				}
			}
			if strings.Join(scopeStrings(scopes), ",") != strings.Join(scopeStrings(tc.scopes), ",") {
				t.Errorf("scopes %v, want %v; grants %+v", scopes, tc.scopes, x.Grants)
			}
			for _, a := range tc.wantActions {
				found := false
				for _, g := range x.Grants {
					for _, ga := range g.Actions {
						found = found || ga == a
					}
				}
				if !found {
					t.Errorf("action %s not reported; grants %+v", a, x.Grants)
				}
			}
			if x.Incomplete {
				t.Errorf("unexpected incomplete search")
			}
		})
	}
}

func scopeStrings(s []Scope) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

func TestExposureConditionsReported(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Sid":"Ref","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"`+bucket+`/*","Condition":{"StringLike":{"aws:Referer":"https://example.com/*"}}}]}`)
	x := AnalyzeExposure(p, bucket, "111122223333")
	if !x.Public() {
		t.Fatalf("want public, got %+v", x)
	}
	g := x.Grants[0]
	if len(g.Conditions) != 1 || g.Conditions[0].Operator != "StringLike" || g.Statements[0] != "Statement[0]" {
		t.Errorf("conditions/statements not reported: %+v", g)
	}
	if v := g.Witness["aws:referer"]; len(v) != 1 || !strings.HasPrefix(v[0], "https://example.com/") {
		t.Errorf("witness %v", g.Witness)
	}
}

func TestFullAdmin(t *testing.T) {
	tests := []struct {
		name        string
		policies    []string
		admin       bool
		conditional bool
	}{
		{"star star", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}, true, false},
		{"*:* star", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*:*","Resource":"*"}]}`}, true, false},
		{"action list with *", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":["arn:aws:s3:::x","*"]}]}`}, true, false},
		{"NotAction tiny exclusion", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:DeleteBucket"],"Resource":"*"}]}`}, true, false},
		{"PowerUserAccess is not full admin", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}`}, false, false},
		{"service wildcards are not admin", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","s3:*","ec2:*","kms:*","sts:*","organizations:*"],"Resource":"*"}]}`}, false, false},
		{"star on limited resource", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}`}, false, false},
		{"deny carves out iam", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`}, false, false},
		{"admin with MFA condition", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`}, true, true},
		{"admin across two policies is not * on *", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`}, false, false},
		{"admin in second policy", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}, true, false},
		{"wildcard action pattern covering all", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*:*","NotResource":"arn:aws:s3:::secret"}]}`}, true, false},
		{"deny all", []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ps []*Policy
			for _, s := range tc.policies {
				ps = append(ps, mustParse(t, s))
			}
			g, ok := FullAdmin(ps...)
			if ok != tc.admin {
				t.Fatalf("admin=%v, want %v (%+v)", ok, tc.admin, g)
			}
			if ok && g.Conditional != tc.conditional {
				t.Errorf("conditional=%v, want %v", g.Conditional, tc.conditional)
			}
			if ok && len(g.Statements) == 0 {
				t.Errorf("no statements reported")
			}
		})
	}
}

func TestDeniesInsecureTransport(t *testing.T) {
	b, o := bucket, bucket+"/*"
	tests := []struct {
		name   string
		policy string
		want   bool
	}{
		{"AWS example Bool false", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
		{"JSON boolean false", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":false}}}]}`, true},
		{"StringEquals form", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":["` + b + `","` + o + `"],"Condition":{"StringEquals":{"aws:SecureTransport":"false"}}}]}`, true},
		{"BoolIfExists form", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}`, true},
		{"Resource * covers both", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
		{"objects only", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"` + o + `","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"GetObject only", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"true instead of false (allow secure)", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`, false},
		{"Deny with true is wrong way round", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`, false},
		{"one principal only", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"NotPrincipal exempts a role", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/admin","arn:aws:sts::111122223333:assumed-role/admin/onus-probe","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"NotPrincipal exempts an account root", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"NotPrincipal listing only a user (account not listed) still denies everyone", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/ops"},"Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
		{"extra condition lets requests escape", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}`, false},
		{"NotAction deny keeps a hole", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":["` + b + `","` + o + `"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
		{"no deny at all", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}]}`, false},
		{"deny everything unconditionally", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`, true},
		{"TLS version condition is not SecureTransport", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["` + b + `","` + o + `"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}]}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := DeniesInsecureTransport(mustParse(t, tc.policy), bucket)
			if v.Holds != tc.want {
				t.Fatalf("holds=%v, want %v; counterexample %+v", v.Holds, tc.want, v.Counterexample)
			}
			if v.Holds && len(v.Statements) == 0 {
				t.Errorf("no deny statements named")
			}
			if !v.Holds && v.Counterexample == nil && !v.Incomplete {
				t.Errorf("no counterexample")
			}
		})
	}
	if DeniesInsecureTransport(nil, bucket).Holds {
		t.Error("nil policy holds")
	}
}

func TestDeniesUnencryptedPut(t *testing.T) {
	o := bucket + "/*"
	notKMS := `{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"` + o + `","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}`
	null := `{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"` + o + `","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}`
	tests := []struct {
		name   string
		policy string
		want   bool
	}{
		{"AWS example both statements", `{"Version":"2012-10-17","Statement":[` + notKMS + `,` + null + `]}`, true},
		{"StringNotEquals alone covers missing header", `{"Version":"2012-10-17","Statement":[` + notKMS + `]}`, true},
		{"Null alone lets AES256 through", `{"Version":"2012-10-17","Statement":[` + null + `]}`, false},
		{"StringNotEqualsIfExists also denies a missing header", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"` + o + `","Condition":{"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`, true},
		{"StringNotEqualsIfExists plus Null", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"` + o + `","Condition":{"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":"aws:kms"}}},` + null + `]}`, true},
		{"AES256 required is not SSE-KMS", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"` + o + `","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"AES256"}}}]}`, false},
		{"s3:* deny action", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"` + o + `","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`, true},
		{"other bucket", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::other/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`, false},
		{"no policy statements about it", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}]}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := DeniesUnencryptedPut(mustParse(t, tc.policy), bucket)
			if v.Holds != tc.want {
				t.Fatalf("holds=%v, want %v; counterexample %+v", v.Holds, tc.want, v.Counterexample)
			}
		})
	}
}

func TestPrivilegeEscalations(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		methods []string // first action of each expected method
	}{
		{"CreatePolicyVersion", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}]}`, []string{"iam:CreatePolicyVersion"}},
		{"PassRole alone is not enough", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`, nil},
		{"PassRole plus lambda create", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/lambda-admin"},{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"*"}]}`, []string{"iam:PassRole+lambda:CreateFunction"}},
		{"PassRole plus RunInstances", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}`, []string{"iam:PassRole+ec2:RunInstances"}},
		{"iam:Put* wildcard", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Put*Policy","Resource":"*"}]}`, []string{"iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy"}},
		{"self-service access keys are not escalation", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateAccessKey","iam:UpdateLoginProfile"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`, nil},
		{"read only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`, nil},
		{"denied by deny", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"*"},{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*"}]}`, nil},
		{"AddUserToGroup and UpdateAssumeRolePolicy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:AddUserToGroup","iam:UpdateAssumeRolePolicy"],"Resource":"*"}]}`, []string{"iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy"}},
		{"NotAction grants escalation", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*"],"Resource":"*"}]}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			esc, complete := PrivilegeEscalations(mustParse(t, tc.policy))
			if !complete {
				t.Errorf("incomplete")
			}
			var got []string
			for _, e := range esc {
				got = append(got, strings.Join(e.Actions, "+"))
				if len(e.Statements) == 0 {
					t.Errorf("%s: no statements", e.Method)
				}
			}
			if tc.name == "NotAction grants escalation" {
				if len(got) < 10 {
					t.Errorf("NotAction s3:* should grant most escalation paths, got %v", got)
				}
				return
			}
			if strings.Join(got, ",") != strings.Join(tc.methods, ",") {
				t.Errorf("got %v, want %v", got, tc.methods)
			}
		})
	}
}

func TestOpenTrust(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		open   []string
	}{
		{"star", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`, []string{"*"}},
		{"AWS star", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`, []string{"*"}},
		{"AWS star with ExternalId counts as restricted", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`, nil},
		{"AWS star with PrincipalOrgID", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}]}`, nil},
		{"AWS star with PrincipalArn", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/ci-*"}}}]}`, nil},
		{"AWS star with MFA only is open", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, []string{"*"}},
		{"named account", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`, nil},
		{"service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, nil},
		{"github without sub", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}`, []string{"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}},
		{"github with sub", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/app:*"}}}]}`, nil},
		{"github with sub wildcard only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}}]}`, []string{"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}},
		{"cognito with aud", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}`, nil},
		{"cognito without aud", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`, []string{"cognito-identity.amazonaws.com"}},
		{"saml provider is owned", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/corp"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			grants, complete := OpenTrust(mustParse(t, tc.policy))
			if !complete {
				t.Errorf("incomplete")
			}
			var got []string
			for _, g := range grants {
				got = append(got, g.Principal)
			}
			if strings.Join(got, ",") != strings.Join(tc.open, ",") {
				t.Errorf("got %v, want %v", got, tc.open)
			}
		})
	}
}

// TestSearchBoundIsReported: a condition space too large to search must be
// reported as incomplete, never as "no exposure".
func TestSearchBoundIsReported(t *testing.T) {
	conds := ""
	for i := 0; i < 7; i++ {
		if i > 0 {
			conds += ","
		}
		conds += `"custom:k` + string(rune('a'+i)) + `":["v1","v2","v3"]`
	}
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"`+bucket+`/*","Condition":{"StringEquals":{`+conds+`}}}]}`)
	x := AnalyzeExposure(p, bucket, "111122223333")
	if !x.Public() && (!x.Incomplete || !x.Truncated) {
		t.Fatalf("neither public nor incomplete: %+v", x)
	}
	// Statements about other actions do not enlarge the search.
	q := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"`+bucket+`/*"},
		{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{`+conds+`}}}]}`)
	y := AnalyzeExposure(q, bucket, "111122223333")
	if !y.Public() || y.Incomplete {
		t.Fatalf("want public and complete: %+v", y)
	}
}

// TestExposureWithPlaceholders: values unknown before apply make a grant
// uncertain; only an uncertain grant to anyone leaves publicness undecided.
func TestExposureWithPlaceholders(t *testing.T) {
	const acct = "${data.aws_caller_identity.current.account_id}"
	cases := []struct {
		name                     string
		stmt                     string
		public, undecided, trunc bool
	}{
		{"service grant on a path with an unknown account id",
			`{"Effect":"Allow","Principal":{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"},"Action":"s3:PutObject","Resource":"` + bucket + `/AWSLogs/` + acct + `/*"}`,
			false, false, false},
		{"anyone, on a resource that depends on an unknown",
			`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::${aws_s3_bucket.x.id}/*"}`,
			false, true, false},
		{"anyone, certainly",
			`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"` + bucket + `/*"},{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"` + bucket + `/` + acct + `/*"}`,
			true, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, `{"Version":"2012-10-17","Statement":[`+c.stmt+`]}`)
			if len(Placeholders(p)) == 0 {
				t.Fatal("the case must contain a placeholder")
			}
			x := AnalyzeExposure(p, bucket, "111122223333")
			if x.Public() != c.public || x.PublicUndecided() != c.undecided || x.Truncated != c.trunc {
				t.Errorf("public=%v undecided=%v truncated=%v, want %v %v %v: %+v",
					x.Public(), x.PublicUndecided(), x.Truncated, c.public, c.undecided, c.trunc, x)
			}
		})
	}
}

// TestEscalationPrefilterChangesNothing runs the escalation search with and
// without the mayAllowAll shortcut over policies that exercise every way a
// statement can name an action: the shortcut may only skip methods the full
// search would not find, and may only make an incomplete answer complete.
func TestEscalationPrefilterChangesNothing(t *testing.T) {
	docs := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"IAM:put*POLICY","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:Attach*","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${aws_iam_policy.x.action}","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"${var.excluded}","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:?ttachRolePolicy","Resource":"arn:aws:iam::123456789012:role/*"}]}`,
	}
	ps := make([]*Policy, len(docs))
	for i, d := range docs {
		ps[i] = mustParse(t, d)
	}
	sets := [][]*Policy{}
	for i := range ps {
		sets = append(sets, []*Policy{ps[i]})
	}
	// Pairs: a method's actions may come from different policies.
	sets = append(sets, []*Policy{ps[8], ps[9]}, []*Policy{ps[1], ps[8]}, []*Policy{ps[6], ps[8]}, []*Policy{ps[3], ps[5]})
	for _, set := range sets {
		for _, mode := range []phMode{phAWS, phMinAccess, phMaxAccess} {
			full, fullDone := privilegeEscalations(mode, set, false)
			fast, fastDone := privilegeEscalations(mode, set, true)
			if fmt.Sprint(full) != fmt.Sprint(fast) {
				t.Errorf("mode %d, %d policies: shortcut changed the escalations:\nfull %v\nfast %v", mode, len(set), full, fast)
			}
			if fullDone && !fastDone {
				t.Errorf("mode %d: shortcut made a complete search incomplete", mode)
			}
		}
	}
}

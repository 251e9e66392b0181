package iampolicy

import (
	"fmt"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		p, s string
		fold bool
		want bool
	}{
		{"*", "", false, true},
		{"*", "anything/at:all", false, true},
		{"a*c", "abbbc", false, true},
		{"a*c", "abbbd", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a?c", "aéc", false, true}, // ? is one character, not one byte
		{"*a*a*", "banana", false, true},
		{"s3:get*", "S3:GetObject", true, true},
		{"s3:get*", "S3:GetObject", false, false},
		{"a\x00*b", "a*b", false, true}, // escaped literal star
		{"a\x00*b", "axb", false, false},
		{"a\x00?b", "a?b", false, true},
		{"", "", false, true},
		{"", "x", false, false},
		{"**", "x", false, true},
	}
	for _, tc := range tests {
		if got := globMatch(tc.p, tc.s, tc.fold); got != tc.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", tc.p, tc.s, tc.fold, got, tc.want)
		}
	}
}

func TestArnMatch(t *testing.T) {
	tests := []struct {
		p, v string
		want bool
	}{
		{"*", "arn:aws:s3:::b", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b:c", true},
		{"arn:aws:sqs:*:*:q", "arn:aws:sqs:us-east-1:111122223333:q", true},
		{"arn:aws:sqs:us-east-1:*:q", "arn:aws:sqs:us-east-1:1:2:q", false},
		{"arn:aws:*", "arn:aws:s3:::b", true}, // not six parts: plain glob
		{"arn:aws:s3:::b", "not-an-arn", false},
	}
	for _, tc := range tests {
		if got := arnMatch(tc.p, tc.v); got != tc.want {
			t.Errorf("arnMatch(%q, %q) = %v, want %v", tc.p, tc.v, got, tc.want)
		}
	}
}

func TestResolveVariables(t *testing.T) {
	rc := &reqContext{entries: []ctxEntry{
		{key: "aws:username", vals: []string{"al*ce"}},
		{key: "aws:TagKeys", vals: []string{"a", "b"}},
	}}
	v := variables{enabled: true, rc: rc}
	tests := []struct {
		raw     string
		pattern bool
		want    string
		ok      bool
	}{
		{"home/${aws:username}/*", false, "home/al*ce/*", true},
		{"home/${aws:username}/*", true, "home/al\x00*ce/*", true},
		{"${AWS:UserName}", false, "al*ce", true},
		{"${aws:TagKeys}", false, "", false}, // multi-valued: no value
		{"${aws:missing}", false, "", false},
		{"${aws:missing, 'dflt'}", false, "dflt", true},
		{"${*}${?}${$}", false, "*?$", true},
		{"${*}${?}", true, "\x00*\x00?", true},
		{"no vars * here", true, "no vars * here", true},
		{"unclosed ${aws:username", false, "unclosed ${aws:username", true},
	}
	for _, tc := range tests {
		got, ok := v.resolve(tc.raw, tc.pattern)
		if got != tc.want || ok != tc.ok {
			t.Errorf("resolve(%q, %v) = %q, %v; want %q, %v", tc.raw, tc.pattern, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := (variables{enabled: false, rc: rc}).resolve("${aws:username}", false); got != "${aws:username}" || !ok {
		t.Errorf("disabled variables substituted: %q", got)
	}
}

func TestPolicyLabel(t *testing.T) {
	for i := 0; i < 12; i++ {
		if got, want := policyLabel(slotIdentity, 0, i), fmt.Sprintf("identity_policies[%d]", i); got != want {
			t.Errorf("got %q want %q", got, want)
		}
		for l := 0; l < 7; l++ {
			if got, want := policyLabel(slotSCP, l, i), fmt.Sprintf("scps[%d][%d]", l, i); got != want {
				t.Errorf("got %q want %q", got, want)
			}
			if got, want := policyLabel(slotRCP, l, i), fmt.Sprintf("rcps[%d][%d]", l, i); got != want {
				t.Errorf("got %q want %q", got, want)
			}
		}
	}
}

func TestParseCaller(t *testing.T) {
	tests := []struct {
		in      string
		kind    pKind
		account string
		chain   int
	}{
		{"", pAnonymous, "", 0},
		{"*", pAnonymous, "", 0},
		{"111122223333", pRoot, "111122223333", 1},
		{"arn:aws:iam::111122223333:root", pRoot, "111122223333", 1},
		{"arn:aws:iam::111122223333:user/path/alice", pUser, "111122223333", 2},
		{"arn:aws:iam::111122223333:role/path/app", pRole, "111122223333", 2},
		{"arn:aws:sts::111122223333:assumed-role/app/s", pAssumedRole, "111122223333", 3},
		{"arn:aws:sts::111122223333:federated-user/d", pFederatedUser, "111122223333", 2},
		{"lambda.amazonaws.com", pNamed, "", 0},
		{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", pNamed, "111122223333", 0},
	}
	for _, tc := range tests {
		c := parseCaller(tc.in)
		if c.kind != tc.kind || c.account != tc.account || len(c.chain) != tc.chain {
			t.Errorf("parseCaller(%q) = kind %d account %q chain %v", tc.in, c.kind, c.account, c.chain)
		}
	}
}

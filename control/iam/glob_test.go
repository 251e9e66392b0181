package iam

import (
	"strings"
	"testing"
)

// refGlob is glob as first written: both sides lowered with ToLower.
func refGlob(p, s string) bool {
	p, s = strings.ToLower(p), strings.ToLower(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func TestGlobMatchesToLowerGlob(t *testing.T) {
	pats := []string{"kms:Decrypt", "KMS:*", "kms:De?rypt", "*", "", "s3:Get*Object", "ÄB*", "äb?", "İ*", "kms:*crypt*"}
	strs := []string{"kms:decrypt", "KMS:DECRYPT", "kms:Encrypt", "", "s3:GetObject", "s3:getbucketobject", "äbc", "ÄBC", "i̇x", "İx", "kms:ReEncryptFrom"}
	for _, p := range pats {
		for _, s := range strs {
			if got, want := glob(p, s), refGlob(p, s); got != want {
				t.Errorf("glob(%q, %q) = %v, want %v", p, s, got, want)
			}
		}
	}
}

func TestEveryKey(t *testing.T) {
	tests := []struct {
		r    string
		want bool
	}{
		{"*", true},
		{"arn:aws:kms:us-east-1:111122223333:key/*", true},
		{"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*", true},
		{"arn:${AWS::Partition}", true},
		{"arn:aws:kms:us-east-1:111122223333:key/${KeyId}", false},
		{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", false},
		{"arn:aws:kms:*:*:alias/x", false},
		{"arn:aws:kms:us-east-1:111122223333:key/????????-*", false},
		{"arn:aws:kms:us-east-1:111122223333:key/?*", true},
	}
	for _, tt := range tests {
		if got := everyKey(tt.r); got != tt.want {
			t.Errorf("everyKey(%q) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

package iampolicy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Policies read from Terraform carry ${address.attr} placeholders for values
// unknown before apply. They are never AWS policy variables and must never
// turn an analysis into a false PASS.

func TestPlaceholders(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${aws_iam_role.r.arn}"},"Action":"s3:GetObject",
		"Resource":["${aws_s3_bucket.b.arn}/*","arn:aws:s3:::x/${aws:username}/*"],"Condition":{"StringEquals":{"aws:SourceVpce":"${aws_vpc_endpoint.e.id}"}}}]}`)
	got := Placeholders(p)
	want := []string{"${aws_iam_role.r.arn}", "${aws_s3_bucket.b.arn}", "${aws_vpc_endpoint.e.id}"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Placeholders (-want +got):\n%s", d)
	}
	q := p.Substitute(map[string]string{"${aws_s3_bucket.b.arn}": "arn:aws:s3:::b"})
	if q.Statements[0].Resource[0] != "arn:aws:s3:::b/*" || p.Statements[0].Resource[0] != "${aws_s3_bucket.b.arn}/*" {
		t.Errorf("Substitute: %v (original %v)", q.Statements[0].Resource, p.Statements[0].Resource)
	}
	if len(Placeholders(q)) != 2 {
		t.Errorf("after Substitute: %v", Placeholders(q))
	}
}

func TestPlaceholderEvaluateIsNotAVariable(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${aws_s3_bucket.b.arn}/*"}]}`)
	d := Evaluate(Request{Principal: "arn:aws:iam::111122223333:user/a", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, PolicySet{Identity: []*Policy{p}})
	if d.Outcome != ImplicitDeny {
		t.Errorf("placeholder resource matched in Evaluate: %v", d)
	}
}

func TestPlaceholderAnalysis(t *testing.T) {
	const topic = "arn:aws:sns:us-east-1:111122223333:t"
	tests := []struct {
		name       string
		policy     string
		resource   string
		public     bool
		incomplete bool
		scopes     string
	}{
		{"self reference in Resource is the resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"${aws_sns_topic.t.arn}"}]}`,
			topic, true, false, "public"},
		{"placeholder principal is one concrete identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${aws_iam_role.r.arn}"},"Action":"sns:Publish","Resource":"${aws_sns_topic.t.arn}"}]}`,
			topic, false, false, "unknown-account"},
		{"placeholder on a restricting key is owned", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"${aws_cloudwatch_event_rule.r.arn}"}}}]}`,
			topic, false, false, ""},
		{"negated restricting placeholder is public", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"ArnNotEquals":{"aws:SourceArn":"${aws_cloudwatch_event_rule.r.arn}"}}}]}`,
			topic, true, false, "public"},
		{"placeholder on a free key is uncertain", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"aws:UserAgent":"${random_id.x.hex}"}}}]}`,
			topic, false, true, "public"},
		{"placeholder inside an ARN is uncertain", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:${aws_sns_topic.t.name}"}]}`,
			topic, false, true, "public"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := AnalyzeExposure(mustParse(t, tc.policy), tc.resource, "111122223333")
			var scopes []string
			for _, g := range x.Grants {
				scopes = append(scopes, string(g.Scope))
			}
			if x.Public() != tc.public || x.Incomplete != tc.incomplete || strings.Join(scopes, ",") != tc.scopes {
				t.Errorf("public=%v incomplete=%v scopes=%v; want %v %v %v; grants %+v", x.Public(), x.Incomplete, scopes, tc.public, tc.incomplete, tc.scopes, x.Grants)
			}
		})
	}
}

func TestPlaceholderDenies(t *testing.T) {
	tests := []struct {
		name       string
		policy     string
		holds      bool
		incomplete bool
	}{
		{"TLS deny on the bucket by reference", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["${aws_s3_bucket.b.arn}","${aws_s3_bucket.b.arn}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true, false},
		{"TLS deny exempting a referenced role", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"${aws_iam_role.r.arn}"},"Action":"s3:*","Resource":["${aws_s3_bucket.b.arn}","${aws_s3_bucket.b.arn}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false, false},
		{"TLS deny with an unknown extra condition", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["${aws_s3_bucket.b.arn}","${aws_s3_bucket.b.arn}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:RequestedRegion":"${var_region.x}"}}}]}`, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := DeniesInsecureTransport(mustParse(t, tc.policy), bucket)
			if v.Holds != tc.holds || v.Incomplete != tc.incomplete {
				t.Errorf("holds=%v incomplete=%v, want %v %v (%+v)", v.Holds, v.Incomplete, tc.holds, tc.incomplete, v)
			}
		})
	}
	sse := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"${aws_s3_bucket.b.arn}/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`)
	if v := DeniesUnencryptedPut(sse, bucket); !v.Holds {
		t.Errorf("SSE deny by reference: %+v", v)
	}
}

func TestPlaceholderIdentityAnalysis(t *testing.T) {
	// An identity policy granting iam:PassRole on a referenced role plus a
	// service create is escalation whatever the role is.
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"${aws_iam_role.admin.arn}"},{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"*"}]}`)
	es, complete := PrivilegeEscalations(p)
	if len(es) != 1 || es[0].Actions[1] != "lambda:CreateFunction" || !complete {
		t.Errorf("PassRole on a referenced role: escalations %+v complete %v; want the lambda path", es, complete)
	}
	admin := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"${aws_s3_bucket.b.arn}"}]}`)
	if g, ok := FullAdmin(admin); ok || g.Incomplete {
		t.Errorf("* on one referenced resource: admin=%v %+v; want not admin", ok, g)
	}
	partial := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:${var_partition.x}"}]}`)
	if g, ok := FullAdmin(partial); ok || !g.Incomplete {
		t.Errorf("* on a partly unknown ARN: admin=%v %+v; want not proven, incomplete", ok, g)
	}
	star := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"${aws_iam_role.x.arn}"}]}`)
	if g, ok := FullAdmin(star); !ok {
		t.Errorf("* on * with a deny on one referenced role: admin=%v %+v", ok, g)
	}
}

// A CloudFormation bucket named from pseudo parameters is checked as
// arn:aws:s3:::${AWS::StackName}-logs; its policy names it with the same
// text. The placeholder is one unseen string, not an IAM policy variable.
func TestPlaceholderMatchSameText(t *testing.T) {
	const b = "arn:aws:s3:::${AWS::StackName}-logs"
	tests := []struct {
		name, pattern, resource string
		match, decided          bool
	}{
		{"objects of the bucket", b + "/*", b + "/k", true, true},
		{"the bucket itself", b, b + "/k", false, true},
		{"another prefix", b + "/public/*", b + "/private/k", false, true},
		{"two placeholders", "arn:aws:s3:::${AWS::StackName}-${AWS::Region}/*", "arn:aws:s3:::${AWS::StackName}-${AWS::Region}/k", true, true},
		{"placeholder absent from the request", b + "/*", "arn:aws:s3:::other/k", false, false},
		// a${X} and ${X}a can be the same string (X = "aa"): no verdict.
		{"texts that could still meet", "arn:aws:s3:::a${AWS::StackName}", "arn:aws:s3:::${AWS::StackName}a", false, false},
		{"question mark", b + "/?", b + "/k", false, false},
		{"terraform placeholder", "${aws_s3_bucket.b.arn}/*", "${aws_s3_bucket.b.arn}/k", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &evaluator{req: Request{Resource: tc.resource}}
			m, d := e.placeholderMatch(tc.pattern)
			if m != tc.match || d != tc.decided {
				t.Errorf("placeholderMatch(%q) on %q = %v, %v; want %v, %v", tc.pattern, tc.resource, m, d, tc.match, tc.decided)
			}
		})
	}
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"`+b+`/public/*"}]}`)
	if x := AnalyzeExposure(p, b, "111122223333"); !x.Public() {
		t.Errorf("a grant to anyone on the bucket's own objects is not public: %+v", x)
	}
}

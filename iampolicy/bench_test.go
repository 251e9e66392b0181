package iampolicy

import (
	"fmt"
	"strings"
	"testing"
)

// benchSet builds a realistic 50-statement policy set: 30 identity
// statements over three policies, a 10-statement bucket policy, a
// 4-statement permissions boundary, 3 SCP statements over two levels and a
// 3-statement session policy, with wildcards, NotAction, conditions and a
// policy variable. The request matches late statements, so every statement
// is examined.
func benchSet(tb testing.TB) (Request, PolicySet) {
	tb.Helper()
	var set PolicySet
	for p := 0; p < 3; p++ {
		var stmts []string
		for i := 0; i < 10; i++ {
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d%d","Effect":"Allow","Action":["ec2:Describe*","s3:List%d*","dynamodb:GetItem"],"Resource":"arn:aws:s3:::bucket-%d-%d/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":["t%d","blue"]},"IpAddress":{"aws:SourceIp":"10.%d.0.0/16"}}}`, p, i, i, p, i, i, i))
		}
		stmts[9] = `{"Sid":"Home","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`
		set.Identity = append(set.Identity, mustParse(tb, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[%s]}`, join(stmts))))
	}
	var rs []string
	for i := 0; i < 9; i++ {
		rs = append(rs, fmt.Sprintf(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::44445555%04d:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/shared/%d/*"}`, i, i))
	}
	rs = append(rs, `{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::amzn-s3-demo-bucket","arn:aws:s3:::amzn-s3-demo-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`)
	set.Resource = mustParse(tb, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[%s]}`, join(rs)))
	set.PermissionsBoundary = mustParse(tb, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"},
		{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}},
		{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`)
	set.SCPs = [][]*Policy{
		{mustParse(tb, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)},
		{mustParse(tb, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}`)},
	}
	set.Session = mustParse(tb, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}`)
	req := Request{
		Principal: "arn:aws:iam::111122223333:user/alice",
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt",
		Context: map[string][]string{
			"aws:SecureTransport": {"true"}, "aws:SourceIp": {"192.0.2.10"}, "aws:PrincipalTag/team": {"red"},
			"aws:RequestedRegion": {"eu-west-1"}, "aws:MultiFactorAuthPresent": {"true"},
		},
	}
	return req, set
}

func join(s []string) string {
	return strings.Join(s, ",")
}

func countStatements(set PolicySet) int {
	n := 0
	add := func(p *Policy) {
		if p != nil {
			n += len(p.Statements)
		}
	}
	for _, p := range set.Identity {
		add(p)
	}
	add(set.Resource)
	add(set.PermissionsBoundary)
	add(set.Session)
	for _, l := range set.SCPs {
		for _, p := range l {
			add(p)
		}
	}
	return n
}

func TestBenchSetDecision(t *testing.T) {
	req, set := benchSet(t)
	if n := countStatements(set); n != 50 {
		t.Fatalf("benchmark set has %d statements, want 50", n)
	}
	if d := Evaluate(req, set); d.Outcome != Allow {
		t.Fatalf("benchmark request: %s %v", d.Outcome, d.Reasons)
	}
}

// BenchmarkEvaluate50 measures one request against the 50-statement set
// (target: under 20 µs per evaluation).
func BenchmarkEvaluate50(b *testing.B) {
	req, set := benchSet(b)
	b.ReportAllocs()
	start, ok := processCPU()
	n := 0
	for b.Loop() {
		Evaluate(req, set)
		n++
	}
	if end, ok2 := processCPU(); ok && ok2 && n > 0 {
		b.ReportMetric(float64((end-start).Nanoseconds())/float64(n), "cpu-ns/op")
	}
}

package iampolicy

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

// memoShapes are policy shapes with NAME standing for the resource name;
// each is instantiated for several names and analysed directly and through
// one shared Memo, which must agree exactly.
var memoShapes = []struct {
	name     string
	arn      string // with NAME
	doc      string // with NAME
	memoised bool   // whether every instance may come from the memo
}{
	{"deny insecure transport", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Sid":"TLS-NAME","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
	{"partial tls deny", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::NAME/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
	{"public read", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::NAME/*"}]}`, true},
	{"public read from a VPC endpoint", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"],"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1234"}}}]}`, true},
	{"cross account", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["s3:PutObject","s3:PutObjectAcl"],"Resource":"arn:aws:s3:::NAME/logs/*"}]}`, true},
	{"source arn condition names the bucket", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::NAME/*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::NAME"}}}]}`, true},
	{"sse-kms put deny", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::NAME/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}},{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::NAME/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}`, true},
	{"any bucket wildcard", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::*","arn:aws:s3:::*/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, true},
	{"not principal deny", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:role/admin"},"Action":"s3:*","Resource":["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"]}]}`, true},
	// A prefix wildcard matches some names and not the canonical one: the
	// memo must not rename those (prod-*), and may for names it never
	// matched.
	{"prefix wildcard", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::prod-*"}]}`, false},
	{"single-character wildcards", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::????????????/*"}]}`, false},
	{"name in a principal", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/NAME"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::NAME/*"}]}`, false},
	{"name as prefix of another bucket", "arn:aws:s3:::NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::NAME-replica/*"]}]}`, false},
	{"public queue", "arn:aws:sqs:us-east-1:111111111111:NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:NAME"}]}`, true},
	{"queue for a topic", "arn:aws:sqs:us-east-1:111111111111:NAME",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:NAME","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:topic"}}}]}`, true},
}

func TestMemoAgreesWithDirectAnalysis(t *testing.T) {
	names := []string{"prod-logs-000001", "dev-assets-2", "prod-x", "a.b.c-bucket"}
	for _, sh := range memoShapes {
		t.Run(sh.name, func(t *testing.T) {
			m := NewMemo()
			before := 0
			for i, n := range names {
				arn := strings.ReplaceAll(sh.arn, "NAME", n)
				p, err := Parse([]byte(strings.ReplaceAll(sh.doc, "NAME", n)))
				if err != nil {
					t.Fatal(err)
				}
				agreesWithDirect(t, m, p, arn, n, "/probe")
				if sh.memoised && i > 0 && m.Hits() == before {
					t.Errorf("%s: the same shape was analysed again instead of coming from the memo", n)
				}
				before = m.Hits()
			}
			perName := 3 // two exposures and one exposure-of
			if strings.HasPrefix(sh.arn, "arn:aws:s3:::") {
				perName = 5
			}
			if !sh.memoised && m.Hits() == perName*(len(names)-1) {
				t.Errorf("every instance came from the memo; the shape must not be renamed for at least one name")
			}
		})
	}
}

func TestRenameResourceRefuses(t *testing.T) {
	for _, tc := range []struct{ name, arn, doc string }{
		{"placeholder", "arn:aws:s3:::b1-logs", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"${aws_s3_bucket.b.arn}/*"}]}`},
		{"short name", "arn:aws:s3:::ab", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::ab/*"}]}`},
		{"prefix wildcard matching the name", "arn:aws:s3:::prod-a", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::prod-*"}]}`},
		{"name in a condition value", "arn:aws:s3:::prod-a", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::prod-a/*","Condition":{"StringLike":{"s3:prefix":"prod-a/*"}}}]}`},
		{"canonical name in the policy", "arn:aws:s3:::prod-a", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + memoCanonicalName + `/*"}]}`},
		{"name in other case", "arn:aws:s3:::prod-a", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::PROD-A/*"}]}`},
	} {
		p, err := Parse([]byte(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := renameResource(p, tc.arn); ok {
			t.Errorf("%s: renamed, want refused", tc.name)
		}
	}
}

func TestFingerprintSeparatesPolicies(t *testing.T) {
	docs := []string{
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a:b","c"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a:bc"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["a:b","c"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":["a:b","c"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a:b","c"],"NotResource":"*"}]}`,
		`{"Statement":[{"Effect":"Deny","Principal":"*","Action":["a:b","c"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a:b","c"],"Resource":"*","Condition":{"Bool":{"k":"true"}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a:b","c"],"Resource":"*","Condition":{"Bool":{"k":["true","false"]}}}]}`,
	}
	seen := map[string]int{}
	for i, d := range docs {
		p, err := Parse([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		f := fingerprint(p)
		if j, dup := seen[f]; dup {
			t.Errorf("documents %d and %d share a fingerprint", j, i)
		}
		seen[f] = i
	}
}

// A CloudFormation bucket name can hold an unresolved ${AWS::Region}; its
// policy then names the bucket through "*" (the reader's self reference).
func TestMemoNameWithReference(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::*","arn:aws:s3:::*/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMemo()
	for _, n := range []string{"app-R10-${AWS::Region}", "app-R20-${AWS::Region}"} {
		arn := "arn:aws:s3:::" + n
		if got, want := m.DeniesInsecureTransport(p, arn), DeniesInsecureTransport(p, arn); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: memo %+v, direct %+v", n, got, want)
		}
	}
	if m.Hits() != 1 {
		t.Errorf("hits = %d, want 1", m.Hits())
	}
	// The same name written into the policy's Resource as the whole ARN is
	// renamed: the evaluator matches it as one literal (placeholderMatch),
	// which the renamed literal reproduces. TestMemoPlaceholderNames
	// checks the agreement shape by shape.
	q, err := Parse([]byte(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-${AWS::Region}/*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := renameResource(q, "arn:aws:s3:::app-${AWS::Region}"); !ok {
		t.Error("a policy naming its bucket, whose name holds a reference, by the whole ARN was not renamed")
	}
	// Anywhere else the name keeps its placeholder meaning: refused.
	for _, doc := range []string{
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-${AWS::Region}/?"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","NotResource":"arn:aws:s3:::app-${AWS::Region}/*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::app-${AWS::Region}"}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-${AWS::Region}-replica/*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::app-${AWS::Region}/*","arn:aws:s3:::${AWS::StackName}/*"]}]}`,
	} {
		q, err := Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := renameResource(q, "arn:aws:s3:::app-${AWS::Region}"); ok {
			t.Errorf("renamed, want refused: %s", doc)
		}
	}
}

// TestMemoPlaceholderNames: every memo shape instantiated with names that
// hold CloudFormation references (a bucket named from the stack and the
// region) gives exactly the direct analysis, and the shapes that name the
// bucket only by its ARN in Resource lists are shared across names.
func TestMemoPlaceholderNames(t *testing.T) {
	names := []string{"app-R10-${AWS::Region}", "${AWS::StackName}-logs", "bench7-R20-${AWS::Region}-${AWS::AccountId}"}
	shared := map[string]bool{"deny insecure transport": true, "partial tls deny": true, "public read": true,
		"public read from a VPC endpoint": true, "cross account": true, "sse-kms put deny": true, "not principal deny": true}
	for _, sh := range memoShapes {
		t.Run(sh.name, func(t *testing.T) {
			m := NewMemo()
			for _, n := range names {
				arn := strings.ReplaceAll(sh.arn, "NAME", n)
				p, err := Parse([]byte(strings.ReplaceAll(sh.doc, "NAME", n)))
				if err != nil {
					t.Fatal(err)
				}
				agreesWithDirect(t, m, p, arn, n, "/probe", "", "/logs/x")
			}
			if shared[sh.name] && m.Hits() == 0 {
				t.Errorf("no analysis was shared across the names")
			}
		})
	}
}

func TestMemoIdentityAnalyses(t *testing.T) {
	docs := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
	}
	m := NewMemo()
	for round := 0; round < 2; round++ {
		for i, d := range docs {
			p, err := Parse([]byte(d))
			if err != nil {
				t.Fatal(err)
			}
			set := []*Policy{p, nil}
			gm, okm := m.FullAdmin(set...)
			gd, okd := FullAdmin(set...)
			if okm != okd || !reflect.DeepEqual(gm, gd) {
				t.Errorf("doc %d: admin memo %v %+v, direct %v %+v", i, okm, gm, okd, gd)
			}
			em, cm := m.PrivilegeEscalations(set...)
			ed, cd := PrivilegeEscalations(set...)
			if cm != cd || !reflect.DeepEqual(em, ed) {
				t.Errorf("doc %d: escalations memo %v %+v, direct %v %+v", i, cm, em, cd, ed)
			}
		}
	}
	if m.Hits() != 2*len(docs) {
		t.Errorf("hits = %d, want %d (second round from the memo)", m.Hits(), 2*len(docs))
	}
}

// agreesWithDirect checks every memoised analysis of p on arn against the
// direct one; for a bucket, also a caller's own analysis probing each of
// objs under it.
func agreesWithDirect(t *testing.T, m *Memo, p *Policy, arn, n string, objs ...string) {
	t.Helper()
	for _, owner := range []string{"", "111111111111"} {
		if got, want := m.AnalyzeExposure(p, arn, owner), AnalyzeExposure(p, arn, owner); !reflect.DeepEqual(got, want) {
			t.Errorf("%s owner %q: exposure\n memo   %+v\n direct %+v", n, owner, got, want)
		}
	}
	admin := []string{"s3:PutBucketPolicy", "s3:PutObjectAcl"}
	if got, want := m.AnalyzeExposureOf(p, arn, "111111111111", admin), AnalyzeExposureOf(p, arn, "111111111111", admin); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: exposure of\n memo   %+v\n direct %+v", n, got, want)
	}
	if !strings.HasPrefix(arn, "arn:aws:s3:::") {
		return
	}
	if got, want := m.DeniesInsecureTransport(p, arn), DeniesInsecureTransport(p, arn); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: tls\n memo   %+v\n direct %+v", n, got, want)
	}
	if got, want := m.DeniesUnencryptedPut(p, arn), DeniesUnencryptedPut(p, arn); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: sse-kms\n memo   %+v\n direct %+v", n, got, want)
	}
	for _, obj := range objs {
		probe := func(p *Policy, arn string) bool {
			req := Request{Principal: "arn:aws:iam::999999999999:user/x", Action: "s3:GetObject", Resource: arn + obj, ResourceAccount: "111111111111"}
			return Evaluate(req, PolicySet{Resource: p}).Outcome == Allow
		}
		if got, want := m.Bool("probe"+obj, p, arn, probe), probe(p, arn); got != want {
			t.Errorf("%s%s: bool analysis: memo %v, direct %v", n, obj, got, want)
		}
	}
}

// The counters are what the scan-level performance guard reads: each
// analysis counts once, as computed (a miss, or no policy to key) or as
// served, in the memo and in the group it shares with memos running in
// parallel.
func TestMemoCounts(t *testing.T) {
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		ask              func(m *Memo)
		computed, served int64
	}{
		{"one shape, many names", func(m *Memo) {
			for _, n := range []string{"a-bucket", "b-bucket", "c-bucket"} {
				m.DeniesInsecureTransport(p, "arn:aws:s3:::"+n)
			}
		}, 1, 2},
		{"two analyses of one shape", func(m *Memo) {
			for _, n := range []string{"a-bucket", "b-bucket"} {
				m.DeniesInsecureTransport(p, "arn:aws:s3:::"+n)
				m.DeniesUnencryptedPut(p, "arn:aws:s3:::"+n)
			}
		}, 2, 2},
		{"no policy is analysed every time", func(m *Memo) {
			m.DeniesInsecureTransport(nil, "arn:aws:s3:::a-bucket")
			m.DeniesInsecureTransport(nil, "arn:aws:s3:::a-bucket")
		}, 2, 0},
		{"identity analyses", func(m *Memo) {
			m.FullAdmin(admin)
			m.FullAdmin(admin)
			m.PrivilegeEscalations(admin)
		}, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewMemoGroup()
			sink := g.Stats()
			m1, m2 := NewMemoIn(g), NewMemoIn(g)
			var wg sync.WaitGroup
			wg.Go(func() { tt.ask(m1) })
			wg.Go(func() { tt.ask(m2) })
			wg.Wait()
			for i, m := range []*Memo{m1, m2} {
				if s := m.Stats(); s.Computed() != tt.computed || s.Served() != tt.served || m.Hits() != int(tt.served) {
					t.Errorf("memo %d: computed %d served %d hits %d, want %d %d", i, s.Computed(), s.Served(), m.Hits(), tt.computed, tt.served)
				}
			}
			if sink.Computed() != 2*tt.computed || sink.Served() != 2*tt.served {
				t.Errorf("sink: computed %d served %d, want %d %d", sink.Computed(), sink.Served(), 2*tt.computed, 2*tt.served)
			}
		})
	}
	var none *Memo
	none.DeniesInsecureTransport(p, "arn:aws:s3:::a-bucket")
	if s := none.Stats(); s.Computed() != 0 || none.Hits() != 0 {
		t.Errorf("a nil memo counts nothing, got computed %d", s.Computed())
	}
}

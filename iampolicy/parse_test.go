package iampolicy

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Policy
	}{
		{
			name: "single statement object, string forms",
			in:   `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
			want: &Policy{Version: "2012-10-17", Statements: []Statement{{
				Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/*"}, Path: "Statement",
			}}},
		},
		{
			name: "principal forms and conditions in order",
			in: `{"Id":"x","Statement":[{"Sid":"a","Effect":"Deny","Principal":"*","NotAction":[],"NotResource":["r1","r2"],
			  "Condition":{"StringEquals":{"k2":["v"],"k1":true},"NumericLessThan":{"n":3.50}}},
			  {"Effect":"Allow","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root"],"Service":"s3.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"*"}]}`,
			want: &Policy{ID: "x", Statements: []Statement{
				{Sid: "a", Effect: "Deny", Principal: &Principals{All: true}, NotAction: []string{}, NotResource: []string{"r1", "r2"},
					Condition: Conditions{
						{Operator: "StringEquals", Entries: []ConditionEntry{{Key: "k2", Values: []string{"v"}}, {Key: "k1", Values: []string{"true"}}}},
						{Operator: "NumericLessThan", Entries: []ConditionEntry{{Key: "n", Values: []string{"3.50"}}}},
					}, Path: "Statement[0]"},
				{Effect: "Allow", NotPrincipal: &Principals{AWS: []string{"arn:aws:iam::111122223333:root"}, Service: []string{"s3.amazonaws.com"},
					Federated: []string{"cognito-identity.amazonaws.com"}, CanonicalUser: []string{"abc"}}, Action: []string{"*"}, Path: "Statement[1]"},
			}},
		},
		{
			name: "strings kept exactly as written",
			in:   `{"Statement":[{"Effect":"Allow","Action":" s3:GetObject ","Principal":{"AWS":"*"}}]}`,
			want: &Policy{Statements: []Statement{{Effect: "Allow", Action: []string{" s3:GetObject "}, Principal: &Principals{AWS: []string{"*"}}, Path: "Statement[0]"}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", d)
			}
			var decoded any
			if err := json.Unmarshal([]byte(tc.in), &decoded); err != nil {
				t.Fatal(err)
			}
			fv, err := FromValue(decoded)
			if err != nil {
				t.Fatal(err)
			}
			if len(fv.Statements) != len(got.Statements) {
				t.Fatalf("FromValue: %d statements, want %d", len(fv.Statements), len(got.Statements))
			}
			assertRoundTrip(t, got)
		})
	}
}

func assertRoundTrip(t *testing.T, p *Policy) {
	t.Helper()
	out, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("re-parse of %s: %v", out, err)
	}
	want := *p
	want.Statements = slices.Clone(p.Statements)
	for i := range want.Statements {
		want.Statements[i].Path = back.Statements[i].Path
	}
	if d := cmp.Diff(&want, back); d != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s\njson: %s", d, out)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, path, msg string }{
		{`[]`, "", "must be a JSON object"},
		{`{"Statement":[{"Effect":"allow","Action":"*"}]}`, "Statement[0].Effect", `exactly "Allow" or "Deny"`},
		{`{"Statement":[{"Action":"*"}]}`, "Statement[0].Effect", "missing"},
		{`{"Version":"2012-10-18","Statement":[]}`, "Version", "unsupported version"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"x"}]}`, "Statement[0]", "both Action and NotAction"},
		{`{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, "Statement[0]", "neither Action nor NotAction"},
		{`{"Statement":[{"Effect":"Allow","Action":[1]}]}`, "Statement[0].Action[0]", "must be a string"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Principal":"arn:aws:iam::1:root"}]}`, "Statement[0].Principal", `must be "*"`},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Principal":{"Foo":"x"}}]}`, "Statement[0].Principal.Foo", "unknown principal type"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"StringEqualz":{"a":"b"}}}]}`, "Statement[0].Condition.StringEqualz", "unknown condition operator"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"NullIfExists":{"a":"true"}}}]}`, "Statement[0].Condition.NullIfExists", "unknown condition operator"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"Bool":{"a":null}}}]}`, "Statement[0].Condition.Bool.a", "condition value"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Action":"x"}]}`, "Statement[0].Action", "duplicate key"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Foo":1}]}`, "Statement[0].Foo", "unknown statement element"},
		{`{"Statement":[{"Effect":"Allow","Action":"*"}]} x`, "", "after the policy document"},
		{`{"Statement":[{"Effect":"Allow","Action":"*"}`, "Statement", "invalid JSON"},
		{`{"Version":"2012-10-17"}`, "Statement", "missing"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Path != tc.path || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got path %q msg %q; want path %q msg containing %q", pe.Path, pe.Msg, tc.path, tc.msg)
			}
		})
	}
}

func TestFromValueGoTypes(t *testing.T) {
	v := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Effect":    "Allow",
			"Action":    []string{"s3:*"},
			"Resource":  "*",
			"Condition": map[string]any{"NumericLessThan": map[string]any{"a": 3, "b": int64(4), "c": 1.5, "d": json.Number("7")}, "Bool": map[string]any{"x": true}},
		}},
	}
	p, err := FromValue(v)
	if err != nil {
		t.Fatal(err)
	}
	want := Conditions{
		{Operator: "Bool", Entries: []ConditionEntry{{Key: "x", Values: []string{"true"}}}},
		{Operator: "NumericLessThan", Entries: []ConditionEntry{
			{Key: "a", Values: []string{"3"}}, {Key: "b", Values: []string{"4"}}, {Key: "c", Values: []string{"1.5"}}, {Key: "d", Values: []string{"7"}}}},
	}
	if d := cmp.Diff(want, p.Statements[0].Condition); d != "" {
		t.Errorf("conditions (-want +got):\n%s", d)
	}
	assertRoundTrip(t, p)
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
		`{"Statement":[{"Sid":"a","Effect":"Deny","Principal":"*","NotAction":[],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		`{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":["1","2"],"Service":"x"},"Action":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"k":[1,true,"v"]}}}]}`,
		`{"Statement":[]}`,
		`{"Statement":[{"Effect":"Allow","Action":"*","Action":"x"}]}`,
		`[1,2`,
		`{"Statement":[{"Effect":"Allow","Action":"\u003c\ud800"}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, want *ParseError: %v", err, err)
			}
			return
		}
		assertRoundTrip(t, p)
	})
}

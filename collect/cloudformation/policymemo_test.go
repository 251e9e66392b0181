package cloudformation

import (
	"reflect"
	"testing"

	"github.com/onus-sec/onus/iampolicy"
)

// TestPolicyMemo: documents that read the same to iampolicy.FromValue share
// one parse, any difference FromValue could see (a boolean against the
// text "true", a key, nesting, a JSON string against a mapping) gives a
// parse of its own, equal to an unmemoised one, and invalid documents are
// never kept.
func TestPolicyMemo(t *testing.T) {
	docs := []string{
		`{Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}`,
		`{Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}`,
		`{Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: [lambda.amazonaws.com]}, Action: sts:AssumeRole}]}`,
		`{Version: 2012-10-17, Statement: {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}}`,
		`{Version: 2012-10-17, Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: false}}}]}`,
		`{Version: 2012-10-17, Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: "false"}}}]}`,
		`{Version: 2012-10-17, Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: [false, "true"]}}}]}`,
		`'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'`,
		`{Version: 2012-10-17, Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}`,
		`{Version: 2012-10-17, Statement: [{Effect: Allow, Action: s3:GetObject, Resource: ["*", null]}]}`,
		`{Version: 2012-10-17, Statement: [{Effect: Maybe, Action: s3:GetObject, Resource: "*"}]}`,
	}
	var m policyMemo
	byDoc := map[string]*iampolicy.Policy{}
	for round := range 2 {
		for i, d := range docs {
			v, _ := evalExpr(t, d, nil)
			want, wantErr := iampolicy.FromValue(v.toAny())
			got, err := m.parse(v)
			if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
				t.Errorf("doc %d: got %+v, %v; want %+v, %v", i, got, err, want, wantErr)
			}
			if err != nil {
				continue
			}
			if round == 1 && got != byDoc[d] {
				t.Errorf("doc %d was parsed again", i)
			}
			byDoc[d] = got
		}
	}
	// The last two are invalid; the first two read the same.
	if want := len(docs) - 3; len(m.byKey) != want {
		t.Errorf("%d documents kept, want %d (every valid one, each once)", len(m.byKey), want)
	}
	if byDoc[docs[0]] != byDoc[docs[1]] {
		t.Error("a quoted and a plain spelling of the same texts were parsed twice")
	}
	seen := map[*iampolicy.Policy]string{}
	for i, d := range docs[1:] {
		if p := byDoc[d]; p != nil {
			if other, dup := seen[p]; dup {
				t.Errorf("doc %d shares a parse with %q", i+1, other)
			}
			seen[p] = d
		}
	}
}

package control

import (
	"encoding/json"
	"testing"

	"github.com/onus-sec/onus/source"
)

// TestEvidenceJSON: packed evidence writes exactly what the former plain
// struct {Summary string; Prov source.Prov} wrote, and reads it back.
func TestEvidenceJSON(t *testing.T) {
	type plain struct {
		Summary string      `json:"summary"`
		Prov    source.Prov `json:"prov"`
	}
	loc := source.Loc{File: "a/b.yaml", Start: source.Pos{Line: 4, Column: 3}, End: source.Pos{Line: 6, Column: 1}}
	live := source.Origin{ARN: "arn:aws:kms:eu-west-1:1:key/k", APICall: "kms:GetKeyRotationStatus"}
	for _, p := range []source.Prov{{}, {Loc: loc}, {Origin: live}, {Loc: loc, Origin: live}} {
		e := Ev("rotation = true", p)
		got, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(plain{Summary: e.Summary, Prov: p})
		if string(got) != string(want) {
			t.Errorf("got %s, want %s", got, want)
		}
		var back Evidence
		if err := json.Unmarshal(got, &back); err != nil || !back.Equal(e) || back.Prov() != p {
			t.Errorf("round trip of %s: %+v (%v)", got, back.Prov(), err)
		}
		// In a result, by pointer and in a slice, as a report would hold it.
		r := Result{Resource: &Ref{Type: "t"}, Outcome: Pass, Evidence: []Evidence{e}}
		rb, _ := json.Marshal(&r)
		var rback Result
		if err := json.Unmarshal(rb, &rback); err != nil || len(rback.Evidence) != 1 || !rback.Evidence[0].Equal(e) {
			t.Errorf("result round trip of %s: %+v (%v)", rb, rback.Evidence, err)
		}
	}
}

func TestEvidenceEqual(t *testing.T) {
	p := source.Prov{Loc: source.Loc{File: "x.tf", Start: source.Pos{Line: 1, Column: 1}}}
	v := source.Known(true, p)
	cases := []struct {
		name string
		a, b Evidence
		want bool
	}{
		{"packed separately", Ev("s", p), Ev("s", p), true},
		{"shared with the value", EvAt("s", v.PackedProv()), Ev("s", v.Prov()), true},
		{"other summary", Ev("s", p), Ev("t", p), false},
		{"other place", Ev("s", p), Ev("s", source.Prov{}), false},
		{"both empty", Evidence{Summary: "s"}, Ev("s", source.Prov{}), true},
	}
	for _, c := range cases {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: Equal = %v", c.name, got)
		}
	}
}

package ck

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/dynamodb"
	"github.com/onus-sec/onus/source"
)

func table(addr string, pitr source.Value[bool]) *dynamodb.Table {
	return &dynamodb.Table{Meta: base.Meta{Type: "aws_dynamodb_table", Address: addr}, PITR: pitr}
}

func TestBoolCheck(t *testing.T) {
	at := source.Prov{Loc: source.Loc{File: "main.tf"}}
	check := BoolCheck(func(e *model.Estate) []*dynamodb.Table { return e.DynamoDBTables },
		func(t *dynamodb.Table) source.Value[bool] { return t.PITR }, true, "point-in-time recovery")
	cases := []struct {
		name   string
		tables []*dynamodb.Table
		want   []control.Outcome
	}{
		{"no resources, no results", nil, nil},
		{"pass, fail, unknown in resource order", []*dynamodb.Table{
			table("a", source.Known(true, at)), table("b", source.Known(false, at)), table("c", source.Unknown[bool]("variable has no value", at)),
		}, []control.Outcome{control.Pass, control.Fail, control.Unknown}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := check(&model.Estate{DynamoDBTables: c.tables})
			if len(rs) != len(c.want) {
				t.Fatalf("%d results, want %d", len(rs), len(c.want))
			}
			for i, r := range rs {
				if r.Outcome != c.want[i] || r.Resource.Address != c.tables[i].Address {
					t.Errorf("result %d = %v on %s, want %v on %s", i, r.Outcome, r.Resource.Address, c.want[i], c.tables[i].Address)
				}
				// The same verdict Bool gives, so moving a control onto
				// BoolCheck cannot change its reason or evidence.
				v := Bool(c.tables[i].PITR, true, "point-in-time recovery")
				if r.Reason != v.Reason || len(r.Evidence) != len(v.Evidence) {
					t.Errorf("result %d reason %q (%d evidence), want %q (%d)", i, r.Reason, len(r.Evidence), v.Reason, len(v.Evidence))
				}
			}
		})
	}
}

func TestPer(t *testing.T) {
	ts := []*dynamodb.Table{table("a", source.Value[bool]{}), table("b", source.Value[bool]{})}
	rs := Per(ts, func(t *dynamodb.Table) control.Verdict { return NA("skip " + t.Address) })
	if len(rs) != 2 || rs[0].Reason != "skip a" || rs[1].Reason != "skip b" || rs[1].Outcome != control.NotApplicable {
		t.Fatalf("got %+v", rs)
	}
}

func TestFlagAndPresent(t *testing.T) {
	at := source.Prov{Loc: source.Loc{File: "main.tf"}}
	unk := source.Unknown[bool]("not read", at)
	cases := []struct {
		name    string
		got     control.Verdict
		outcome control.Outcome
		reason  string
	}{
		{"flag true wanted", Flag(source.Known(true, at), true, "x", "on", "off"), control.Pass, "on"},
		{"flag false wanted true", Flag(source.Known(false, at), true, "x", "on", "off"), control.Fail, "off"},
		{"flag true wanted false", Flag(source.Known(true, at), false, "x", "on", "off"), control.Fail, "on"},
		{"flag false wanted false", Flag(source.Known(false, at), false, "x", "on", "off"), control.Pass, "off"},
		{"flag unknown", Flag(unk, true, "x", "on", "off"), control.Unknown, "x is unknown: not read"},
		{"present", Present(source.Known("acl-1", at), "web ACL", "none", func(s string) string { return "uses " + s }), control.Pass, "uses acl-1"},
		{"absent", Present(source.Known("", at), "web ACL", "none", func(s string) string { return "uses " + s }), control.Fail, "none"},
		{"present unknown", Present(source.Unknown[string]("denied", at), "web ACL", "none", func(s string) string { return s }), control.Unknown, "web ACL is unknown: denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got.Outcome != c.outcome || c.got.Reason != c.reason || len(c.got.Evidence) != 1 {
				t.Errorf("got %v %q (%d evidence), want %v %q with one evidence", c.got.Outcome, c.got.Reason, len(c.got.Evidence), c.outcome, c.reason)
			}
		})
	}
}

// TestJudgeQuotesANote: a FAIL on a value the code left to a default says
// so instead of stating the default as the account's setting; a PASS on
// the same kind of value, and a FAIL on a stated value, are unchanged.
func TestJudgeQuotesANote(t *testing.T) {
	at := source.Prov{Loc: source.Loc{File: "main.tf"}}
	note := "encrypted is not set: the account default decides"
	if v := Bool(source.Defaulted(false, at, note), true, "encryption"); v.Outcome != control.Fail || v.Reason != note ||
		len(v.Evidence) != 1 || v.Evidence[0].Summary != note {
		t.Errorf("defaulted false: %v %q %+v", v.Outcome, v.Reason, v.Evidence)
	}
	if v := Bool(source.Defaulted(false, at, note), false, "encryption"); v.Outcome != control.Pass || v.Reason != "encryption is false" {
		t.Errorf("defaulted false wanted false: %v %q", v.Outcome, v.Reason)
	}
	if v := Bool(source.Known(false, at), true, "encryption"); v.Outcome != control.Fail || v.Reason != "encryption is false" {
		t.Errorf("stated false: %v %q", v.Outcome, v.Reason)
	}
}

// TestAtVariants: the packed-provenance verdicts say what V, Pass and Fail
// say, with the same evidence.
func TestAtVariants(t *testing.T) {
	v := source.Known("x", source.Prov{Loc: source.Loc{File: "main.tf", Start: source.Pos{Line: 2, Column: 1}}})
	cases := []struct {
		name      string
		got, want control.Verdict
	}{
		{"V", VAt(control.Unknown, "r", v.PackedProv()), V(control.Unknown, "r", v.Prov())},
		{"Pass", PassAt("ok", v.PackedProv()), Pass("ok", v.Prov())},
		{"Fail", FailAt("bad", v.PackedProv()), Fail("bad", v.Prov())},
	}
	for _, c := range cases {
		if c.got.Outcome != c.want.Outcome || c.got.Reason != c.want.Reason || len(c.got.Evidence) != 1 ||
			!c.got.Evidence[0].Equal(c.want.Evidence[0]) || c.got.Evidence[0].Prov() != v.Prov() {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
}

// TestBoolOfIsBool: the shared-reason judges say exactly what Bool and
// Flag say.
func TestBoolOfIsBool(t *testing.T) {
	at := source.Prov{Loc: source.Loc{File: "main.tf"}}
	vals := []source.Value[bool]{source.Known(true, at), source.Known(false, at), source.Unknown[bool]("denied", at),
		source.Defaulted(false, at, "left to the account default"), {}}
	for _, want := range []bool{true, false} {
		is := BoolOf(want, "encryption")
		flag := FlagOf(want, "encryption", "encrypted", "not encrypted")
		for i, v := range vals {
			got, exp := is.Judge(v), Bool(v, want, "encryption")
			if got.Outcome != exp.Outcome || got.Reason != exp.Reason || len(got.Evidence) != len(exp.Evidence) ||
				!got.Evidence[0].Equal(exp.Evidence[0]) {
				t.Errorf("want %v, value %d: got %+v, Bool gives %+v", want, i, got, exp)
			}
			got, exp = flag.Judge(v), Flag(v, want, "encryption", "encrypted", "not encrypted")
			if got.Outcome != exp.Outcome || got.Reason != exp.Reason || len(got.Evidence) != len(exp.Evidence) ||
				!got.Evidence[0].Equal(exp.Evidence[0]) {
				t.Errorf("FlagOf: want %v, value %d: got %+v, Flag gives %+v", want, i, got, exp)
			}
		}
	}
}

package control

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

func TestBool(t *testing.T) {
	m := &base.Meta{Type: "aws_db_instance", Address: "aws_db_instance.a"}
	cases := []struct {
		v    source.Value[bool]
		want Outcome
	}{
		{source.Known(true, source.Prov{}), Pass},
		{source.Known(false, source.Prov{}), Fail},
		{source.Unknown[bool]("var.enc has no value", source.Prov{}), Unknown},
		{source.Value[bool]{}, Unknown},
	}
	for _, c := range cases {
		r := On(m).Bool(c.v, true, "storage_encrypted")
		if r.Outcome != c.want {
			t.Errorf("%+v: got %s want %s", c.v, r.Outcome, c.want)
		}
		if r.Outcome == Unknown && r.Reason == "" {
			t.Error("unknown without reason")
		}
	}
}

func TestCombine(t *testing.T) {
	p := Verdict{Outcome: Pass, Reason: "p"}
	f := Verdict{Outcome: Fail, Reason: "f"}
	u := Verdict{Outcome: Unknown, Reason: "u"}
	cases := []struct {
		in   []Verdict
		want Outcome
	}{
		{[]Verdict{p, p}, Pass},
		{[]Verdict{p, u}, Unknown},
		{[]Verdict{u, f, p}, Fail},
		{nil, Unknown},
	}
	for i, c := range cases {
		if got := Combine(c.in...).Outcome; got != c.want {
			t.Errorf("case %d: got %s want %s", i, got, c.want)
		}
	}
}

func TestRunSortsAndSurvivesPanics(t *testing.T) {
	mk := func(addr string) Result { return On(&base.Meta{Address: addr}).Pass("ok") }
	cs := []*Control{
		{ID: "B-1", Service: "s3", Layer: "data-protection", Check: func(*model.Estate) []Result { return []Result{mk("z"), mk("a")} }},
		{ID: "A-1", Service: "s3", Layer: "identity-access", Check: func(*model.Estate) []Result { panic("boom") }},
		{ID: "C-1", Service: "ec2", Layer: "guest-os", Check: func(*model.Estate) []Result { return []Result{mk("m")} }},
	}
	rs := Run(context.Background(), &model.Estate{}, cs).Slice()
	var got []string
	for _, r := range rs {
		got = append(got, r.Control.ID+"/"+r.Resource.Address+"/"+r.Outcome.String())
	}
	// identity-access sorts before data-protection in the layer order.
	want := []string{"C-1/m/PASS", "A-1//UNKNOWN", "B-1/a/PASS", "B-1/z/PASS"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
}

// TestCombineJoins checks which verdicts Combine joins, in input order,
// and that NOT_APPLICABLE is ignored unless all are.
func TestCombineJoins(t *testing.T) {
	ev := func(s string) []Evidence { return []Evidence{Ev(s, source.Prov{})} }
	p1 := Verdict{Outcome: Pass, Reason: "p1", Evidence: ev("ep1")}
	p2 := Verdict{Outcome: Pass, Reason: "p2"}
	f1 := Verdict{Outcome: Fail, Reason: "f1", Evidence: ev("ef1")}
	f2 := Verdict{Outcome: Fail, Reason: "f2", Evidence: append(ev("ef2"), ev("ef3")...)}
	u1 := Verdict{Outcome: Unknown, Reason: "u1", Evidence: ev("eu1")}
	na := Verdict{Outcome: NotApplicable, Reason: "na"}
	cases := []struct {
		in     []Verdict
		want   Outcome
		reason string
		ev     []string
	}{
		{[]Verdict{p1, f1, u1, f2}, Fail, "f1; f2", []string{"ef1", "ef2", "ef3"}},
		{[]Verdict{p1, u1, na}, Unknown, "u1", []string{"eu1"}},
		{[]Verdict{na, p2, p1}, Pass, "p2; p1", []string{"ep1"}},
		{[]Verdict{p2}, Pass, "p2", nil},
		{[]Verdict{na, {Outcome: NotApplicable, Reason: "other"}}, NotApplicable, "na", nil},
		{nil, Unknown, "no evidence", nil},
	}
	for i, c := range cases {
		got := Combine(c.in...)
		var evs []string
		for _, e := range got.Evidence {
			evs = append(evs, e.Summary)
		}
		if got.Outcome != c.want || got.Reason != c.reason || !slices.Equal(evs, c.ev) {
			t.Errorf("case %d: got %s %q %v, want %s %q %v", i, got.Outcome, got.Reason, evs, c.want, c.reason, c.ev)
		}
	}
}

func TestSeverityParse(t *testing.T) {
	for _, s := range []string{"critical", "HIGH", "Medium", "low", "info"} {
		if _, err := ParseSeverity(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseSeverity("urgent"); err == nil {
		t.Error("want error")
	}
}

func TestRunSharesOneRefPerResource(t *testing.T) {
	bucket := &base.Meta{Type: "aws_s3_bucket", Address: "aws_s3_bucket.b"}
	cs := []*Control{
		{ID: "A-1", Service: "s3", Check: func(*model.Estate) []Result { return []Result{On(bucket).Pass("a")} }},
		{ID: "A-2", Service: "s3", Check: func(*model.Estate) []Result { return []Result{On(bucket).Fail("b")} }},
		// A header made per resource, as scope.Account does.
		{ID: "A-3", Service: "s3", Check: func(*model.Estate) []Result {
			var rs []Result
			for _, a := range []string{"x", "y"} {
				rs = append(rs, On(&base.Meta{Type: "aws_s3_bucket", Address: a}).Pass(a))
			}
			return rs
		}},
		{ID: "A-4", Service: "s3", Check: func(*model.Estate) []Result { return []Result{{Outcome: Pass, Reason: "no resource"}} }},
	}
	rs := Run(context.Background(), &model.Estate{}, cs).Slice()
	if len(rs) != 5 {
		t.Fatalf("%d results", len(rs))
	}
	if rs[0].Resource != bucket || rs[1].Resource != bucket {
		t.Error("results about one resource do not hold its header")
	}
	if rs[2].Resource.Address != "x" || rs[3].Resource.Address != "y" {
		t.Errorf("headers made per resource: addresses %q, %q", rs[2].Resource.Address, rs[3].Resource.Address)
	}
	if rs[4].Resource == nil {
		t.Error("a result without a resource got a nil Ref")
	}
}

// TestRunOrderIsSortOrder: Run's per-control ordering (sorting positions)
// gives exactly what the stable Sort gives, ties kept in check order.
func TestRunOrderIsSortOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var made []Result
	check := func(*model.Estate) []Result {
		var rs []Result
		for i := range 2000 {
			m := &base.Meta{Address: fmt.Sprint("r", r.IntN(40)), Region: []string{"", "eu-west-1"}[r.IntN(2)]}
			// Ties (same resource, reason and location) differ only in evidence.
			rs = append(rs, On(m).Fail([]string{"a", "b"}[r.IntN(2)], Ev(fmt.Sprint(i), source.Prov{})))
		}
		made = append([]Result(nil), rs...)
		return rs
	}
	got := Run(context.Background(), &model.Estate{}, []*Control{{ID: "X-1", Service: "s3", Layer: "data-protection", Check: check}}).Slice()
	want := append([]Result(nil), made...)
	for i := range want {
		want[i].Control = got[0].Control
	}
	Sort(want)
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Resource.Address != w.Resource.Address || g.Resource.Region != w.Resource.Region || g.Reason != w.Reason || g.Evidence[0].Summary != w.Evidence[0].Summary {
			t.Fatalf("result %d: got %s/%s/%s/%s, want %s/%s/%s/%s", i, g.Resource.Address, g.Resource.Region, g.Reason, g.Evidence[0].Summary,
				w.Resource.Address, w.Resource.Region, w.Reason, w.Evidence[0].Summary)
		}
	}
}

// TestOrderWithinIsStableSort checks sorter.sort against a stable sort by
// compareWithin on shapes that exercise its shortcuts: results about one
// resource in a row (one Ref), a single distinct region or file, locations
// from evidence or from the resource, ties broken by position, and input
// already in order.
func TestOrderWithinIsStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	loc := func(f string, line int) source.Loc {
		return source.Loc{File: f, Start: source.Pos{Line: line}}
	}
	pick := func(l ...string) string { return l[r.IntN(len(l))] }
	tests := []struct {
		name string
		make func() []Result
	}{
		{"per resource in a row, files and lines", func() []Result {
			var rs []Result
			for range 300 {
				m := &base.Meta{Address: pick("R10", "R2", "R30", "b", "a"), Region: pick("", "us-east-1"), Loc: loc(pick("f2.yaml", "f10.yaml", "f1.yaml"), r.IntN(50)+1)}
				b := On(m)
				for range r.IntN(4) + 1 {
					var ev []Evidence
					if r.IntN(2) == 0 {
						ev = append(ev, Ev("x", source.At(loc(pick("g.yaml", "f1.yaml"), r.IntN(5)+1))))
					}
					rs = append(rs, b.Fail(pick("z", "y", "yy"), ev...))
				}
			}
			return rs
		}},
		{"one region, one file", func() []Result {
			var rs []Result
			for i := range 500 {
				m := &base.Meta{Address: fmt.Sprint("r", r.IntN(60)), Loc: loc("only.tf", r.IntN(3))}
				rs = append(rs, On(m).Pass(pick("same", "other"), Ev(fmt.Sprint(i), source.Prov{})))
			}
			return rs
		}},
		{"already sorted", func() []Result {
			var rs []Result
			for i := range 100 {
				rs = append(rs, On(&base.Meta{Address: fmt.Sprintf("r%03d", i), Loc: loc("a.tf", 1)}).Pass("ok"))
			}
			return rs
		}},
		{"no resource", func() []Result {
			return []Result{{Resource: &Ref{}, Reason: "b"}, {Resource: &Ref{}, Reason: "a"}, {Resource: &Ref{Address: "x"}, Reason: "a"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := tt.make()
			idx := make([]int, len(rs))
			for i := range idx {
				idx[i] = i
			}
			slices.SortStableFunc(idx, func(a, b int) int { return compareWithin(&rs[a], &rs[b]) })
			// Each result is tagged with its own Control so that equal
			// results can be told apart.
			tags := make([]Control, len(rs))
			for i := range rs {
				rs[i].Control = &tags[i]
			}
			got := slices.Clone(rs)
			var s sorter
			s.sort(got)
			for i, j := range idx {
				if got[i].Control != &tags[j] {
					t.Fatalf("position %d: %+v, want result %d %+v", i, got[i], j, rs[j])
				}
			}
		})
	}
}

// TestRunSharesEqualStrings: equal reasons and evidence summaries of one
// control end up in one backing array, their words unchanged.
func TestRunSharesEqualStrings(t *testing.T) {
	check := func(*model.Estate) []Result {
		var rs []Result
		for i := range 6 {
			m := &base.Meta{Address: fmt.Sprint("r", i)}
			reason := fmt.Sprintf("retention is %d days", 7+i%2)
			rs = append(rs, On(m).Fail(reason, Ev(fmt.Sprintf("retention is %d days", 7+i%2), source.Prov{}), Ev(fmt.Sprint("e", i), source.Prov{})))
		}
		return rs
	}
	rs := Run(context.Background(), &model.Estate{}, []*Control{{ID: "X-1", Service: "s3", Layer: "data-protection", Check: check}}).Slice()
	arrays := map[string]map[*byte]bool{}
	note := func(s string) {
		if arrays[s] == nil {
			arrays[s] = map[*byte]bool{}
		}
		arrays[s][unsafe.StringData(s)] = true
	}
	for i, r := range rs {
		if want := fmt.Sprintf("retention is %d days", 7+i%2); r.Reason != want || r.Evidence[0].Summary != want || r.Evidence[1].Summary != fmt.Sprint("e", i) {
			t.Fatalf("result %d changed: %q %q %q", i, r.Reason, r.Evidence[0].Summary, r.Evidence[1].Summary)
		}
		note(r.Reason)
		note(r.Evidence[0].Summary)
	}
	for s, ptrs := range arrays {
		if len(ptrs) != 1 {
			t.Errorf("%q is held in %d copies", s, len(ptrs))
		}
	}
}

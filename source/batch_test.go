package source

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestBatchMakesTheSameValues: a value made through a Batch (or a nil
// one) reads and marshals exactly as one made by Known/Unknown, across
// chunk boundaries, shared records, live origins and oversized positions.
func TestBatchMakesTheSameValues(t *testing.T) {
	file := "stack.yaml"
	other := strings.Clone(file) // same text, another string
	live := Origin{ARN: "arn:aws:s3:::b", APICall: "s3:GetBucketPolicy"}
	var provs []Prov
	for i := range 300 {
		l := Loc{File: file, Start: Pos{Line: i/3 + 1, Column: 1}, End: Pos{Line: i/3 + 2, Column: i % 3}}
		provs = append(provs, At(l))
	}
	provs = append(provs,
		Prov{},
		At(Loc{File: other, Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 2, Column: 0}}),
		At(Loc{File: "other.yaml", Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 2, Column: 0}}),
		At(Loc{File: file, Start: Pos{Line: 1 << 40, Column: 1}}),
		At(Loc{File: file, Start: Pos{Line: 2, Column: 70000}}),
		From(live),
		Prov{Loc: Loc{File: file, Start: Pos{Line: 1, Column: 1}}, Origin: live},
	)
	reasons := []string{"", "not set", "", "not set", "other reason"}
	for _, b := range []*Batch{nil, {}} {
		var made []Value[string]
		var want []Value[string]
		for i, p := range provs {
			r := reasons[i%len(reasons)]
			made = append(made, KnownIn(b, "v", p), UnknownIn[string](b, r, p))
			want = append(want, Known("v", p), Unknown[string](r, p))
			s := b.Site(p)
			made = append(made, KnownAt("s", s))
			want = append(want, KnownAt("s", NewSite(p)))
		}
		for i := range made {
			g, w := made[i], want[i]
			gj, err1 := json.Marshal(g)
			wj, err2 := json.Marshal(w)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if string(gj) != string(wj) || g.Prov() != w.Prov() || g.Reason() != w.Reason() || g.Note() != w.Note() || g.Known() != w.Known() {
				t.Errorf("batch %v, value %d: %s, want %s", b != nil, i, gj, wj)
			}
		}
	}
}

// TestBatchShares: consecutive values with the same provenance and reason
// share a record; a different reason or place never does.
func TestBatchShares(t *testing.T) {
	var b Batch
	p := At(Loc{File: "t.yaml", Start: Pos{Line: 3, Column: 5}, End: Pos{Line: 9, Column: 1}})
	q := At(Loc{File: "t.yaml", Start: Pos{Line: 3, Column: 5}, End: Pos{Line: 9, Column: 2}})
	k1, k2 := KnownIn(&b, 1, p), KnownIn(&b, true, p)
	if k1.p != k2.p {
		t.Error("two known values at one place do not share a record")
	}
	u1, u2, u3 := UnknownIn[int](&b, "a", p), UnknownIn[int](&b, "a", p), UnknownIn[int](&b, "b", p)
	if u1.rec() != u2.rec() || u1.rec() == u3.rec() || u1.rec() == k1.rec() {
		t.Error("records shared across reasons, or not shared for one reason")
	}
	if KnownIn(&b, 1, q).rec() == k1.rec() {
		t.Error("record shared across places")
	}
	if u3.Reason() != "b" || k2.Note() != "" || k1.Prov() != p {
		t.Errorf("reason %q note %q prov %v", u3.Reason(), k2.Note(), k1.Prov())
	}
	if KnownIn(&b, 1, Prov{}).rec() != nil {
		t.Error("a value without provenance got a record")
	}
}

func ExampleBatch() {
	var b Batch // one per reader worker
	at := At(Loc{File: "stack.yaml", Start: Pos{Line: 4, Column: 7}, End: Pos{Line: 4, Column: 12}})
	name := KnownIn(&b, "logs", at)
	id := UnknownIn[string](&b, "assigned at deploy time", at)
	fmt.Println(name.Prov(), id.Reason())
	// Output: stack.yaml:4 assigned at deploy time
}

// TestBatchPack: a packed provenance made through a batch is the one the
// value made at the same place has, unpacks to the same Prov, and serves
// as a site.
func TestBatchPack(t *testing.T) {
	var b Batch
	p := At(Loc{File: "t.yaml", Start: Pos{Line: 3, Column: 5}, End: Pos{Line: 9, Column: 1}})
	v := KnownIn(&b, "x", p)
	pp := b.Pack(p)
	if pp.m != v.rec() || pp.Prov() != p {
		t.Errorf("Pack shares %v, Prov %v", pp.m == v.rec(), pp.Prov())
	}
	if k := KnownAt(true, pp.Site()); k.Prov() != p || !k.Known() || k.PackedProv().m != pp.m {
		t.Errorf("known at the packed site: %v %v", k.Prov(), k.Known())
	}
	var nb *Batch
	if nb.Pack(p).Prov() != p || !nb.Pack(Prov{}).IsZero() || b.Pack(Prov{}).m != nil {
		t.Error("nil batch or empty provenance")
	}
}

// TestBatchCompactEdges: ranges at and past the packed record's limits
// come back exactly, whichever record holds them, and records of
// different files never share.
func TestBatchCompactEdges(t *testing.T) {
	var b Batch
	var made []Value[int]
	var want []Prov
	for i, l := range []Loc{
		{File: "a.yaml", Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 1024, Column: 1023}},
		{File: "a.yaml", Start: Pos{Line: 1, Column: 1}, End: Pos{Line: 1025, Column: 1}},
		{File: "a.yaml", Start: Pos{Line: 7, Column: 1023}, End: Pos{Line: 7, Column: 1024}},
		{File: "a.yaml", Start: Pos{Line: 7, Column: 1024}, End: Pos{Line: 8, Column: 0}},
		{File: "a.yaml", Start: Pos{Line: 9, Column: 2}, End: Pos{Line: 8, Column: 0}},
		{File: "b.yaml", Start: Pos{Line: 9, Column: 2}, End: Pos{Line: 9, Column: 3}},
		{File: "a.yaml", Start: Pos{Line: 9, Column: 2}, End: Pos{Line: 9, Column: 3}},
		{File: "a.yaml", Start: Pos{Line: 1<<31 - 1, Column: 0}, End: Pos{Line: 1<<31 - 1, Column: 0}},
	} {
		for range 300 { // across chunks
			made = append(made, KnownIn(&b, i, At(l)))
			want = append(want, At(l))
		}
	}
	for i, v := range made {
		if v.Prov() != want[i] || v.Reason() != "" || !v.Known() {
			t.Fatalf("value %d: %v, want %v", i, v.Prov(), want[i])
		}
	}
}

package source

import (
	"encoding/json"
	"math"
	"testing"
)

// TestPackedProv: packing keeps every Prov exactly (compact, wide and live
// ones), a value's packed provenance is the value's own record, and the
// JSON is the Prov's.
func TestPackedProv(t *testing.T) {
	code := Prov{Loc: Loc{File: "stacks/a.yaml", Start: Pos{3, 7}, End: Pos{9, 1}}}
	cases := []struct {
		name string
		p    Prov
	}{
		{"empty", Prov{}},
		{"code", code},
		{"file only", Prov{Loc: Loc{File: "main.tf"}}},
		{"wide positions", Prov{Loc: Loc{File: "big.json", Start: Pos{math.MaxInt32 + 1, 70000}, End: Pos{1, -1}}}},
		{"live", Prov{Origin: Origin{ARN: "arn:aws:s3:::b", Region: "eu-west-1", Account: "123456789012", APICall: "s3:GetBucketPolicy"}}},
		{"both", Prov{Loc: code.Loc, Origin: Origin{APICall: "x:Y"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pp := Pack(c.p)
			if got := pp.Prov(); got != c.p {
				t.Fatalf("Pack(%+v).Prov() = %+v", c.p, got)
			}
			if pp.IsZero() != (c.p == Prov{}) || pp.Loc() != c.p.Loc || pp.String() != c.p.String() {
				t.Errorf("IsZero %v, Loc %+v, String %q for %+v", pp.IsZero(), pp.Loc(), pp.String(), c.p)
			}
			want, _ := json.Marshal(c.p)
			got, err := json.Marshal(pp)
			if err != nil || string(got) != string(want) {
				t.Fatalf("JSON %s (%v), want %s", got, err, want)
			}
			var back PackedProv
			if err := json.Unmarshal(got, &back); err != nil || back.Prov() != c.p {
				t.Fatalf("JSON round trip: %+v (%v)", back.Prov(), err)
			}
			for _, v := range []Value[int]{Known(1, c.p), Unknown[int]("denied", c.p), Defaulted(0, c.p, "default")} {
				if v.PackedProv().Prov() != v.Prov() {
					t.Errorf("value's PackedProv %+v, Prov %+v", v.PackedProv().Prov(), v.Prov())
				}
				if v.PackedProv() != (PackedProv{m: v.rec()}) {
					t.Error("a value's PackedProv is not its own record")
				}
			}
			s := NewSite(c.p)
			if s.PackedProv().Prov() != c.p || KnownAt(true, s).PackedProv() != s.PackedProv() {
				t.Error("site's PackedProv")
			}
		})
	}
	var zero PackedProv
	if !zero.IsZero() || zero.Prov() != (Prov{}) {
		t.Error("zero PackedProv is not the empty Prov")
	}
	if Pack(Prov{}) != zero {
		t.Error("packing the empty Prov allocated")
	}
	// An unknown value without provenance keeps its reason in its record:
	// the packed provenance is still empty.
	if u := Unknown[bool]("denied", Prov{}); !u.PackedProv().IsZero() {
		t.Error("reason-only record is not an empty provenance")
	}
}

func TestValuePackedProvAllocatesNothing(t *testing.T) {
	v := Known(true, Prov{Loc: Loc{File: "a.tf", Start: Pos{1, 1}}})
	var sink PackedProv
	if n := testing.AllocsPerRun(100, func() { sink = v.PackedProv() }); n != 0 {
		t.Errorf("Value.PackedProv allocates %v times", n)
	}
	_ = sink
}

package source

import (
	"encoding/json"
	"testing"
	"unsafe"
)

func TestZeroValueIsUnknown(t *testing.T) {
	var v Value[bool]
	if _, ok := v.Get(); ok {
		t.Fatal("zero value must be unknown")
	}
	if v.Reason() == "" {
		t.Fatal("zero value must carry a reason")
	}
}

func TestRoundTrip(t *testing.T) {
	loc := Loc{File: "main.tf", Start: Pos{3, 1}, End: Pos{5, 2}}
	cases := []Value[bool]{Known(false, At(loc)), Unknown[bool]("var.x has no value", At(loc))}
	for _, c := range cases {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back Value[bool]
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		v1, ok1 := c.Get()
		v2, ok2 := back.Get()
		if v1 != v2 || ok1 != ok2 || c.Reason() != back.Reason() || c.Prov() != back.Prov() {
			t.Fatalf("round trip changed %s into %+v", b, back)
		}
	}
}

func TestMapKeepsUnknown(t *testing.T) {
	u := Unknown[int]("denied", Prov{})
	m := Map(u, func(i int) bool { return i > 7 })
	if _, ok := m.Get(); ok || m.Reason() != "denied" {
		t.Fatalf("Map lost the unknown: %+v", m)
	}
}

func TestLocString(t *testing.T) {
	if s := (Loc{File: "a.tf", Start: Pos{2, 1}, End: Pos{4, 1}}).String(); s != "a.tf:2-4" {
		t.Fatal(s)
	}
}

// TestProvKept checks that the compact storage gives back exactly the
// provenance and reason it was given, including positions beyond int32 and
// live origins.
func TestProvKept(t *testing.T) {
	big := Loc{File: "huge.tf", Start: Pos{Line: 1 << 40, Column: -3}, End: Pos{Line: 1<<40 + 1, Column: 9}}
	live := Origin{ARN: "arn:aws:s3:::b", Region: "eu-west-1", Account: "123456789012", APICall: "s3:GetBucketPolicy"}
	provs := []Prov{
		{},
		At(Loc{File: "main.tf", Start: Pos{3, 1}, End: Pos{5, 2}}),
		At(Loc{File: "main.tf"}),
		At(big),
		From(live),
		{Loc: Loc{File: "both.yaml", Start: Pos{1, 1}}, Origin: live},
		{Loc: big, Origin: live},
		At(Loc{File: "wide.json", Start: Pos{Line: 2, Column: 70000}, End: Pos{Line: 2, Column: 70010}}),
		At(Loc{File: "edge.json", Start: Pos{Line: 1<<31 - 1, Column: 65535}, End: Pos{Line: 1<<31 - 1, Column: 65535}}),
	}
	for _, p := range provs {
		for _, reason := range []string{"", "var.x has no value"} {
			k := Known(7, p)
			u := Unknown[int](reason, p)
			if k.Prov() != p || u.Prov() != p {
				t.Errorf("prov %+v came back as %+v / %+v", p, k.Prov(), u.Prov())
			}
			if k.Reason() != "" {
				t.Errorf("known value has reason %q", k.Reason())
			}
			want := reason
			if want == "" {
				want = "unknown"
			}
			if u.Reason() != want {
				t.Errorf("reason %q came back as %q", want, u.Reason())
			}
			for _, v := range []Value[int]{k, u} {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				var back Value[int]
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err)
				}
				if back.Prov() != v.Prov() || back.Reason() != v.Reason() || back.Known() != v.Known() {
					t.Errorf("round trip of %s gave %+v", b, back)
				}
				m := Map(v, func(i int) string { return "x" })
				if m.Prov() != v.Prov() || m.Reason() != v.Reason() || m.Known() != v.Known() {
					t.Errorf("Map changed %s", b)
				}
			}
		}
	}
}

func TestZeroStaysZero(t *testing.T) {
	// model.Unset relies on a Value built from nothing being the zero Value.
	var zero Value[string]
	var back Value[string]
	if err := json.Unmarshal([]byte(`{"known":false}`), &back); err != nil {
		t.Fatal(err)
	}
	if back != zero {
		t.Fatalf("unmarshalled empty unknown is not the zero Value: %+v", back)
	}
	if m := Map(Known(1, Prov{}), func(int) int { return 2 }); m.rec() != nil {
		t.Fatal("Map of a value without provenance allocated one")
	}
}

func TestValueIsSmall(t *testing.T) {
	// Known-ness is a bit of the record pointer: a Value is its T and one word.
	if s := unsafe.Sizeof(Value[bool]{}); s > 16 {
		t.Fatalf("Value[bool] is %d bytes; every model field pays this", s)
	}
	if s := unsafe.Sizeof(Value[string]{}); s > 24 {
		t.Fatalf("Value[string] is %d bytes; every model field pays this", s)
	}
	if s := unsafe.Sizeof(Value[int]{}); s > 16 {
		t.Fatalf("Value[int] is %d bytes; every model field pays this", s)
	}
	// One meta per located model value: 24 bytes is a size class of its own.
	if s := unsafe.Sizeof(meta{}); s > 24 {
		t.Fatalf("meta is %d bytes; every located model value pays this", s)
	}
}

// TestKnownBit: a value's known-ness never leaks into its record or its
// neighbours', whatever the record (none, shared, with a note or reason).
func TestKnownBit(t *testing.T) {
	p := At(Loc{File: "a.yaml", Start: Pos{Line: 2, Column: 3}, End: Pos{Line: 4, Column: 5}})
	s := NewSite(p)
	var b Batch
	cases := []struct {
		v         Value[string]
		known     bool
		prov      Prov
		why, note string
	}{
		{Value[string]{}, false, Prov{}, "not read by this source", ""},
		{Known("x", Prov{}), true, Prov{}, "", ""},
		{Known("x", p), true, p, "", ""},
		{KnownAt("x", s), true, p, "", ""},
		{KnownAt("x", NewSite(Prov{})), true, Prov{}, "", ""},
		{KnownIn(&b, "x", p), true, p, "", ""},
		{KnownIn(&b, "x", Prov{}), true, Prov{}, "", ""},
		{Defaulted("x", p, "set by AWS"), true, p, "", "set by AWS"},
		{Defaulted("x", Prov{}, "set by AWS"), true, Prov{}, "", "set by AWS"},
		{Unknown[string]("denied", p), false, p, "denied", ""},
		{Unknown[string]("denied", Prov{}), false, Prov{}, "denied", ""},
		{UnknownIn[string](&b, "denied", p), false, p, "denied", ""},
		{Map(Known(1, p), func(int) string { return "x" }), true, p, "", ""},
		{Map(Unknown[int]("denied", p), func(int) string { return "x" }), false, p, "denied", ""},
	}
	for i, c := range cases {
		v, ok := c.v.Get()
		if ok != c.known || c.v.Known() != c.known || ok && v != "x" || !ok && v != "" {
			t.Errorf("%d: Get = %q, %v; want known %v", i, v, ok, c.known)
		}
		if c.v.Prov() != c.prov || c.v.Reason() != c.why || c.v.Note() != c.note || c.v.PackedProv().Prov() != c.prov {
			t.Errorf("%d: prov %v reason %q note %q", i, c.v.Prov(), c.v.Reason(), c.v.Note())
		}
	}
	if Known(1, Prov{}) != Known(1, Prov{}) || Known(1, Prov{}) == (Value[int]{v: 1}) {
		t.Error("known values without provenance do not compare equal, or equal an unknown")
	}
}

func TestKnownAtSharesProvenance(t *testing.T) {
	p := At(Loc{File: "t.yaml", Start: Pos{Line: 3, Column: 5}, End: Pos{Line: 9, Column: 1}})
	s := NewSite(p)
	a, b := KnownAt(true, s), KnownAt("x", s)
	if v, ok := a.Get(); !ok || !v {
		t.Fatalf("a = %v, %v", v, ok)
	}
	if a.Prov() != p || b.Prov() != p {
		t.Errorf("prov = %v / %v, want %v", a.Prov(), b.Prov(), p)
	}
	if a.Reason() != "" {
		t.Errorf("reason of a known value = %q", a.Reason())
	}
	if got := KnownAt(1, NewSite(Prov{})).Prov(); got != (Prov{}) {
		t.Errorf("empty site prov = %v", got)
	}
}

func TestDefaultedKeepsItsNote(t *testing.T) {
	p := At(Loc{File: "main.tf", Start: Pos{Line: 2, Column: 1}, End: Pos{Line: 5, Column: 2}})
	d := Defaulted(false, p, "encrypted is not set")
	if v, ok := d.Get(); !ok || v {
		t.Fatalf("Get = %v, %v; want a known false", v, ok)
	}
	if d.Note() != "encrypted is not set" || d.Reason() != "" || d.Prov() != p {
		t.Errorf("note %q reason %q prov %v", d.Note(), d.Reason(), d.Prov())
	}
	if m := Map(d, func(b bool) string { return "x" }); m.Note() != d.Note() || m.Prov() != p {
		t.Errorf("Map lost the note: %q %v", m.Note(), m.Prov())
	}
	if Known(false, p).Note() != "" || Unknown[bool]("why", p).Note() != "" {
		t.Error("only a Defaulted value has a note")
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Value[bool]
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if v, ok := back.Get(); !ok || v || back.Note() != d.Note() || back.Reason() != "" {
		t.Errorf("round trip of %s: %v %v note %q reason %q", b, v, ok, back.Note(), back.Reason())
	}
	u, _ := json.Marshal(Unknown[bool]("var.x has no value", p))
	if err := json.Unmarshal(u, &back); err != nil || back.Known() || back.Reason() != "var.x has no value" || back.Note() != "" {
		t.Errorf("unknown round trip of %s: reason %q note %q", u, back.Reason(), back.Note())
	}
}

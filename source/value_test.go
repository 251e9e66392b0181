package source

import (
	"encoding/json"
	"testing"
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

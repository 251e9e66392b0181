package control

import (
	"testing"
)

func TestCompareRequirementIDs(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"2.9", "2.10", -1},
		{"2.10", "2.9", 1},
		{"3.1.4", "3.2.1", -1},
		{"2.1", "2.1.1", -1},
		{"EC2.9", "EC2.10", -1},
		{"EC2.9", "ECS.1", -1},
		{"5.16", "5.16", 0},
	}
	for _, c := range cases {
		got := CompareRequirementIDs(c.a, c.b)
		if (got < 0) != (c.want < 0) || (got > 0) != (c.want > 0) {
			t.Errorf("Compare(%s,%s)=%d want sign %d", c.a, c.b, got, c.want)
		}
	}
}

func TestRequirements(t *testing.T) {
	cis := Requirements(CISAWS)
	if len(cis) != 70 {
		t.Fatalf("CIS v7.0.0 has 70 recommendations, read %d", len(cis))
	}
	if cis[0].ID != "2.1.1" || cis[len(cis)-1].ID != "6.8" {
		t.Errorf("order: first %s last %s", cis[0].ID, cis[len(cis)-1].ID)
	}
	for _, r := range cis {
		if r.Assessment != "automated" && r.Assessment != "manual" {
			t.Errorf("%s: assessment %q", r.ID, r.Assessment)
		}
		if top, _ := SectionOf(CISAWS, r.ID); top.Title == "" {
			t.Errorf("%s has no section", r.ID)
		}
	}
	if n := len(Requirements(FSBP)); n < 150 {
		t.Errorf("FSBP list has %d entries", n)
	}
	if Requirements(NIST) != nil {
		t.Error("no list is carried for NIST")
	}
}

func TestForFrameworkAndSections(t *testing.T) {
	cs := []*Control{
		{ID: "ONUS-B-001", Frameworks: map[string][]string{CISAWS: {"2.10"}}},
		{ID: "ONUS-A-001", Frameworks: map[string][]string{CISAWS: {"2.9"}, FSBP: {"IAM.7"}}},
		{ID: "ONUS-C-001", Frameworks: map[string][]string{FSBP: {"S3.1"}}},
		{ID: "ONUS-D-001", Frameworks: map[string][]string{CISAWS: {"3.2.1"}}},
	}
	got := ForFramework(cs, CISAWS)
	want := []string{"ONUS-A-001", "ONUS-B-001", "ONUS-D-001"}
	if len(got) != len(want) {
		t.Fatalf("got %d controls", len(got))
	}
	for i := range want {
		if got[i].ID != want[i] {
			t.Fatalf("position %d: got %s want %s", i, got[i].ID, want[i])
		}
	}
	secs := Sections(cs, CISAWS)
	if len(secs) != 5 || secs[0].Number != "2" || secs[1].Number != "3" {
		t.Fatalf("sections: %+v", secs)
	}
	n := 0
	for _, s := range secs {
		for _, r := range s.Requirements {
			n++
			if r.ID == "3.2.1" && (r.Subsection.Number != "3.2" || len(r.Controls) != 1) {
				t.Errorf("3.2.1: %+v", r)
			}
			if r.ID == "2.1.1" && r.Subsection.Number != "2.1" {
				t.Errorf("2.1.1 subsection %+v", r.Subsection)
			}
		}
	}
	if n != 70 {
		t.Errorf("sections hold %d requirements, want all 70", n)
	}
	if !KnownFramework(CISAWS) || KnownFramework("cis-aws-1.4") {
		t.Error("KnownFramework")
	}
	rs := []Result{{Control: cs[2]}, {Control: cs[0]}}
	if r := ResultsForFramework(rs, FSBP); len(r) != 1 || r[0].Control.ID != "ONUS-C-001" {
		t.Errorf("ResultsForFramework: %+v", r)
	}
}

package netx

import (
	"reflect"
	"testing"

	"github.com/onus-sec/onus/model/base"
)

func TestIsWorld(t *testing.T) {
	for c, want := range map[string]bool{"0.0.0.0/0": true, "::/0": true, "0.0.0.0/8": false, "::/8": false,
		"1.2.3.4/32": false, "": false, "0.0.0.0": false, "not a cidr": false} {
		if got := IsWorld(c); got != want {
			t.Errorf("IsWorld(%q) = %v, want %v", c, got, want)
		}
	}
}

func TestAllowOnly(t *testing.T) {
	off := AllowOnly(80, 443)
	cases := []struct {
		proto string
		pr    base.PortRange
		want  []string
	}{
		{"tcp", base.PortRange{From: 443, To: 443}, nil},
		{"tcp", base.PortRange{From: 80, To: 443}, []string{"tcp 81-442"}},
		{"tcp", base.PortRange{From: 22, To: 22}, []string{"tcp 22"}},
		{"all", base.PortRange{}, []string{"all 0-79", "all 81-442", "all 444-65535"}},
		{"icmp", base.PortRange{}, nil},
		{"tcp", base.PortRange{From: -1, To: -1}, []string{"tcp 0-79", "tcp 81-442", "tcp 444-65535"}},
		{"50", base.PortRange{}, []string{"protocol 50"}},
	}
	for _, c := range cases {
		if got := off(c.proto, c.pr); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %v: got %v want %v", c.proto, c.pr, got, c.want)
		}
	}
}

// TestAllowPortsRuns: runs of allowed ports (a range in the parameter)
// cut a rule as the single ports they are made of; UDP has its own list.
func TestAllowPortsRuns(t *testing.T) {
	run := func(lo, hi int) []int {
		var out []int
		for n := lo; n <= hi; n++ {
			out = append(out, n)
		}
		return out
	}
	off := AllowPorts(append([]int{443, 443, 80}, run(1020, 1025)...), []int{53})
	cases := []struct {
		proto string
		pr    base.PortRange
		want  []string
	}{
		{"tcp", base.PortRange{From: 1000, To: 1100}, []string{"tcp 1000-1019", "tcp 1026-1100"}},
		{"tcp", base.PortRange{From: 1021, To: 1024}, nil},
		{"tcp", base.PortRange{From: 1022, To: 1030}, []string{"tcp 1026-1030"}},
		{"tcp", base.PortRange{From: 1010, To: 1022}, []string{"tcp 1010-1019"}},
		{"tcp", base.PortRange{From: 79, To: 81}, []string{"tcp 79", "tcp 81"}},
		{"udp", base.PortRange{From: 53, To: 53}, nil},
		{"udp", base.PortRange{From: 443, To: 443}, []string{"udp 443"}},
	}
	for _, c := range cases {
		if got := off(c.proto, c.pr); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %v: got %v want %v", c.proto, c.pr, got, c.want)
		}
	}
}

func TestForbidPorts(t *testing.T) {
	off := ForbidPorts(AdminPorts)
	if got := off("udp", base.PortRange{From: 0, To: 65535}); !reflect.DeepEqual(got, []string{"3389 (RDP)"}) {
		t.Errorf("udp all: %v", got)
	}
	if got := off("tcp", base.PortRange{From: 23, To: 3388}); got != nil {
		t.Errorf("gap: %v", got)
	}
}

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

func TestForbidPorts(t *testing.T) {
	off := ForbidPorts(AdminPorts)
	if got := off("udp", base.PortRange{From: 0, To: 65535}); !reflect.DeepEqual(got, []string{"3389 (RDP)"}) {
		t.Errorf("udp all: %v", got)
	}
	if got := off("tcp", base.PortRange{From: 23, To: 3388}); got != nil {
		t.Errorf("gap: %v", got)
	}
}

package elb

import "testing"

func TestListenerName(t *testing.T) {
	for _, c := range []struct {
		l    Listener
		want string
	}{
		{Listener{Protocol: "HTTPS", Port: 443}, "listener HTTPS:443"},
		{Listener{Protocol: "HTTPS"}, "listener HTTPS (port unresolved)"},
		{Listener{ProtocolUnknown: "Protocol: var.p has no value", Port: 8443}, "listener on port 8443 (protocol unresolved)"},
		{Listener{ProtocolUnknown: "Protocol: var.p has no value"}, "listener (protocol and port unresolved)"},
	} {
		if got := c.l.Name(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.l, got, c.want)
		}
	}
}

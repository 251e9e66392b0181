package iostreams

import (
	"os"
	"runtime"
	"testing"
)

func TestColorEnabled(t *testing.T) {
	cases := []struct {
		tty, noColor, want bool
	}{
		{true, false, true},
		{true, true, false},
		{false, false, false},
		{false, true, false},
	}
	for _, c := range cases {
		s := &IOStreams{OutTTY: c.tty, NoColor: c.noColor}
		if got := s.ColorEnabled(); got != c.want {
			t.Errorf("tty=%v no_color=%v: got %v", c.tty, c.noColor, got)
		}
	}
}

func TestSystemNoColor(t *testing.T) {
	env := map[string]string{"NO_COLOR": "1"}
	s := System(func(k string) string { return env[k] })
	if !s.NoColor {
		t.Error("NO_COLOR=1 not honoured")
	}
	s = System(func(string) string { return "" })
	if s.NoColor {
		t.Error("colour disabled without NO_COLOR")
	}
}

func TestTestStreams(t *testing.T) {
	s, _, out, _ := Test()
	if s.OutTTY || s.ColorEnabled() {
		t.Error("test streams must not be terminals")
	}
	_, _ = s.Out.Write([]byte("x"))
	if out.String() != "x" {
		t.Error("Out not wired to buffer")
	}
}

// TestDevNullIsNoTerminal: /dev/null is a character device, not a
// terminal, so output redirected there gets no colour.
func TestDevNullIsNoTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if runtime.GOOS == "linux" && isTerminal(f) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
	if !charDevice(f) && runtime.GOOS != "windows" {
		t.Errorf("%s is not a character device; the test checks nothing", os.DevNull)
	}
}

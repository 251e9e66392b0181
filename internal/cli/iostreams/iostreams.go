package iostreams

import (
	"bytes"
	"io"
	"os"
)

// IOStreams are the streams of one command invocation.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
	// NoColor is set when the NO_COLOR convention (https://no-color.org)
	// asks for no colour.
	NoColor bool
}

// ColorEnabled reports whether output to Out may use colour.
func (s *IOStreams) ColorEnabled() bool { return s.OutTTY && !s.NoColor }

// System returns the process's streams. getenv is os.Getenv in main and a
// fake in tests.
func System(getenv func(string) string) *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: isTerminal(os.Stdin), OutTTY: isTerminal(os.Stdout), ErrTTY: isTerminal(os.Stderr),
		// NO_COLOR: any non-empty value disables colour. CI=true is not a
		// terminal anyway, so it needs no special case.
		NoColor: getenv("NO_COLOR") != "" || getenv("TERM") == "dumb",
	}
}

// charDevice is the fallback test where no terminal ioctl is wired in
// (tty_other.go): true for any character device, /dev/null included.
func charDevice(f *os.File) bool {
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}

// Test returns streams on buffers, none a terminal, and the buffers.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

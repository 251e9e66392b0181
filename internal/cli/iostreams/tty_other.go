//go:build !linux

package iostreams

import "os"

func isTerminal(f *os.File) bool { return charDevice(f) }

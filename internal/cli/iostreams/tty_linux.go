//go:build linux

package iostreams

import (
	"os"
	"syscall"
	"unsafe"
)

// isTerminal asks the terminal driver (TCGETS), so /dev/null, which is a
// character device but no terminal, gets no colour. The syscall package
// does it without a dependency.
func isTerminal(f *os.File) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return errno == 0
}

// Package iostreams carries a command's input and output streams and what is
// known about them (terminal or not, colour allowed), so commands never touch
// os.Stdout and tests run them on buffers. It does not format anything.
package iostreams

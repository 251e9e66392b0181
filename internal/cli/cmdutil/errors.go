package cmdutil

import "fmt"

// UsageError is a bad flag, argument or command: exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef makes a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// InputError is input that cannot be used at all (a missing path, a
// malformed config file): exit code 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Inputf makes an InputError; %w wraps as usual.
func Inputf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// FindingsError says the scan found failing results at or above the
// --fail-on threshold: exit code 1. The report already said what failed,
// so main prints nothing more for it.
type FindingsError struct {
	Failed    int
	Threshold string
}

func (e *FindingsError) Error() string {
	return fmt.Sprintf("%d failing result(s) at or above severity %s", e.Failed, e.Threshold)
}

// IncompleteError says some input could not be read and --strict was
// given: exit code 3.
type IncompleteError struct{ Errors int }

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("scan incomplete: %d input error(s) (see diagnostics above); failing because of --strict", e.Errors)
}

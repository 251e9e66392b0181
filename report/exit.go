package report

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
)

// Exit codes of `onus scan`; cmd/onus maps errors to them.
const (
	// ExitOK: no unsuppressed FAIL at or above --fail-on.
	ExitOK = 0
	// ExitFindings: at least one unsuppressed FAIL at or above --fail-on.
	ExitFindings = 1
	// ExitUsage: bad flags, unreadable or malformed input or config.
	ExitUsage = 2
	// ExitIncomplete: under --strict, some input could not be read.
	ExitIncomplete = 3
)

// FailOn is the lowest severity whose FAIL results fail the run; the zero
// value (from "none") never fails on results.
type FailOn struct{ min control.Severity }

// ParseFailOn parses a --fail-on value: critical, high, medium, low, info or none.
func ParseFailOn(s string) (FailOn, error) {
	if strings.EqualFold(s, "none") {
		return FailOn{}, nil
	}
	sev, err := control.ParseSeverity(s)
	if err != nil {
		return FailOn{}, fmt.Errorf("--fail-on: %w (or none)", err)
	}
	return FailOn{min: sev}, nil
}

// FailOnSeverity makes a FailOn from a severity.
func FailOnSeverity(s control.Severity) FailOn { return FailOn{min: s} }

// Fails reports whether a FAIL of severity s fails the run.
func (f FailOn) Fails(s control.Severity) bool { return f.min != 0 && s >= f.min }

func (f FailOn) String() string {
	if f.min == 0 {
		return "none"
	}
	return f.min.String()
}

// ExitCode is the scan's exit code. Under strict an incomplete scan exits 3
// even when there are failing results, because a partial read means the
// result set itself cannot be trusted; otherwise any unsuppressed FAIL at
// or above failOn exits 1. UNKNOWN never fails the run by itself: --strict
// is the switch for "evidence missing".
func ExitCode(r *Report, failOn FailOn, strict bool) int {
	if strict && r.Incomplete {
		return ExitIncomplete
	}
	for i, res := range r.Results.All() {
		if res.Outcome != control.Fail || r.IsSuppressed(i) {
			continue
		}
		if res.Control != nil && failOn.Fails(res.Control.Severity) {
			return ExitFindings
		}
	}
	return ExitOK
}

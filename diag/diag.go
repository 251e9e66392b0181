package diag

import (
	"fmt"
	"sort"

	"github.com/onus-sec/onus/source"
)

// Severity of a diagnostic.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem found while reading input.
type Diagnostic struct {
	Severity Severity      `json:"severity"`
	Summary  string        `json:"summary"`
	Detail   string        `json:"detail,omitempty"`
	Subject  source.Loc    `json:"subject,omitzero"`
	Origin   source.Origin `json:"origin,omitzero"`
}

func (d Diagnostic) Error() string { return d.String() }

func (d Diagnostic) String() string {
	where := d.Subject.String()
	if where == "" && d.Subject.File != "" {
		where = d.Subject.File
	}
	if where == "" {
		where = d.Origin.APICall
	}
	s := string(d.Severity) + ": "
	if where != "" {
		if d.Subject.Start.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", d.Subject.File, d.Subject.Start.Line, d.Subject.Start.Column)
		}
		s += where + ": "
	}
	s += d.Summary
	if d.Detail != "" {
		s += ": " + d.Detail
	}
	return s
}

// List is a set of diagnostics.
type List []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errorf appends an error diagnostic at loc.
func (l *List) Errorf(loc source.Loc, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Error, Summary: fmt.Sprintf(format, args...), Subject: loc})
}

// Warnf appends a warning diagnostic at loc.
func (l *List) Warnf(loc source.Loc, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Warning, Summary: fmt.Sprintf(format, args...), Subject: loc})
}

// Sort orders diagnostics by file, line, column, summary so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Subject.File != b.Subject.File {
			return a.Subject.File < b.Subject.File
		}
		if a.Subject.Start.Line != b.Subject.Start.Line {
			return a.Subject.Start.Line < b.Subject.Start.Line
		}
		if a.Subject.Start.Column != b.Subject.Start.Column {
			return a.Subject.Start.Column < b.Subject.Start.Column
		}
		if a.Origin.APICall != b.Origin.APICall {
			return a.Origin.APICall < b.Origin.APICall
		}
		return a.Summary < b.Summary
	})
}

package report

import (
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/source"
)

// SchemaVersion of the JSON results document; bump the major part on any
// incompatible change and document it in docs/.
const SchemaVersion = "1.0"

// Report is one scan, ready to render.
type Report struct {
	Tool    Tool          `json:"tool"`
	Target  string        `json:"target"`
	Sources []source.Kind `json:"sources"`
	// Started and Finished may be zero in tests so golden files are stable.
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	// Framework, when set, restricts the report to one framework's controls.
	Framework string           `json:"framework,omitempty"`
	Results   []control.Result `json:"-"`
	// Matrix is the responsibility matrix (any value the responsibility
	// package builds); nil when not requested.
	Matrix      any       `json:"-"`
	Diagnostics diag.List `json:"diagnostics"`
	// Incomplete: some input could not be read (a file with errors, a denied
	// API call): exit code 3 under --strict.
	Incomplete bool `json:"incomplete"`
	// Suppressed marks results (by index into Results) that a suppression
	// covers, with the suppression's reason.
	Suppressed map[int]Suppression `json:"-"`
}

// Tool identifies onus.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Suppression that applied to a result.
type Suppression struct {
	Reason  string `json:"reason"`
	Source  string `json:"source"` // "config", "inline"
	Expires string `json:"expires,omitempty"`
	Where   string `json:"where,omitempty"`
}

// Counts tallies results by outcome.
type Counts struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Unknown       int `json:"unknown"`
	NotApplicable int `json:"not_applicable"`
	Suppressed    int `json:"suppressed"`
}

// Count tallies the report's results; suppressed results count only as suppressed.
func (r *Report) Count() Counts {
	var c Counts
	for i := range r.Results {
		if _, ok := r.Suppressed[i]; ok {
			c.Suppressed++
			continue
		}
		switch r.Results[i].Outcome {
		case control.Pass:
			c.Pass++
		case control.Fail:
			c.Fail++
		case control.Unknown:
			c.Unknown++
		case control.NotApplicable:
			c.NotApplicable++
		}
	}
	return c
}

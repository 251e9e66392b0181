package report

import (
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/source"
)

// SchemaVersion of the JSON results document; bump the major part on any
// incompatible change and document it in docs/.
const SchemaVersion = "1.2"

// Report is one scan, ready to render.
type Report struct {
	Tool    Tool          `json:"tool"`
	Target  string        `json:"target"`
	Sources []source.Kind `json:"sources"`
	// Started and Finished may be zero in tests so golden files are stable.
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	// Framework, when set, restricts the report to one framework's controls.
	Framework string          `json:"framework,omitempty"`
	Results   control.Results `json:"-"`
	// Sorted: Results are in control.Sort order, as control.Run returns
	// them. Writers that group results by control trust it rather than
	// check or sort hundreds of thousands of results again; whoever
	// reorders or adds results must clear it.
	Sorted bool `json:"-"`
	// Controls are the controls the scan ran, results or not: the
	// framework layout tells a recommendation onus automates but found
	// nothing to check for from one no control automates. Nil means the
	// controls of Results.
	Controls []*control.Control `json:"-"`
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
	// Expired lists suppressions that stopped applying because they expired.
	Expired []ExpiredSuppression `json:"-"`
	// Baseline is set when the scan was compared with a baseline report
	// (onus scan --baseline).
	Baseline *BaselineSummary `json:"-"`
	// Parameters are the control thresholds the user changed from the
	// catalogue's defaults; the results were judged against them.
	Parameters []Parameter `json:"-"`
}

// Parameter is one control parameter set in .onus.yaml: one number, or a
// list of them when List.
type Parameter struct {
	Control  string     `json:"control"`
	Name     string     `json:"name"`
	List     bool       `json:"list,omitempty"`
	Values   []int      `json:"values"`
	Defaults []int      `json:"defaults"`
	Unit     string     `json:"unit"`
	Loc      source.Loc `json:"-"`
}

// BaselineSummary says how a scan compared with its baseline report.
type BaselineSummary struct {
	File string `json:"file"`
	// Findings is how many FAIL or UNKNOWN results the baseline holds.
	Findings int `json:"findings"`
	// Matched is how many results of this scan were failing in the
	// baseline too, and are therefore marked suppressed.
	Matched int `json:"matched"`
	// NoLongerFailing is how many of the baseline's findings no result of
	// this scan repeats (fixed, removed, or outside this scan's scope).
	NoLongerFailing int `json:"no_longer_failing"`
}

// Tool identifies onus.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Suppression that applied to a result.
type Suppression struct {
	Reason  string `json:"reason"`
	Source  string `json:"source"` // "config", "inline", "baseline"
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
	for i, res := range r.Results.All() {
		if _, ok := r.Suppressed[i]; ok {
			c.Suppressed++
			continue
		}
		switch res.Outcome {
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

// IsSuppressed reports whether result i is covered by a suppression.
func (r *Report) IsSuppressed(i int) bool {
	if len(r.Suppressed) == 0 {
		return false
	}
	_, ok := r.Suppressed[i]
	return ok
}

// Summary counts results by outcome and unsuppressed FAILs by severity.
type Summary struct {
	Total int `json:"total"`
	Counts
	// FailBySeverity counts unsuppressed FAIL results per severity name.
	FailBySeverity map[string]int `json:"fail_by_severity"`
}

// Summarize counts the report's results.
func (r *Report) Summarize() Summary {
	s := Summary{Total: r.Results.Len(), FailBySeverity: map[string]int{}}
	// One pass, counting unsuppressed FAILs per severity value rather than
	// per name in the map: a large report has a few hundred thousand.
	var bySev [8]int
	for i, res := range r.Results.All() {
		if r.IsSuppressed(i) {
			s.Suppressed++
			continue
		}
		switch res.Outcome {
		case control.Pass:
			s.Pass++
		case control.Fail:
			s.Fail++
			if res.Control == nil {
				break
			}
			if sev := res.Control.Severity; int(sev) < len(bySev) {
				bySev[sev]++
			} else {
				s.FailBySeverity[sev.String()]++
			}
		case control.Unknown:
			s.Unknown++
		case control.NotApplicable:
			s.NotApplicable++
		}
	}
	for sev, n := range bySev {
		if n > 0 {
			s.FailBySeverity[control.Severity(sev).String()] += n
		}
	}
	return s
}

// ExpiredSuppression is a suppression whose expiry date has passed: it no
// longer applies, and reports list it so the owner renews or removes it.
type ExpiredSuppression struct {
	Control  string `json:"control"`
	Resource string `json:"resource,omitempty"`
	Reason   string `json:"reason"`
	Expires  string `json:"expires"`
	// Where the suppression is written ("onus.yaml:12", "main.tf:3").
	Where  string `json:"where,omitempty"`
	Source string `json:"source"` // "config", "inline"
}

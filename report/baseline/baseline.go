package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/report"
)

// Baseline is the set of findings an earlier scan reported as failing.
type Baseline struct {
	// Name is the file it was read from, quoted in suppression reasons.
	Name string
	// failing maps the fingerprint of each FAIL or UNKNOWN result to its
	// control ID (for the summary of what no longer fails).
	failing map[string]string
}

// Len is the number of failing findings the baseline holds.
func (b *Baseline) Len() int { return len(b.failing) }

// document is the part of an onus JSON report a baseline needs; the rest
// of the (possibly very large) document is skipped by the decoder.
type document struct {
	SchemaVersion *string `json:"schema_version"`
	Results       []struct {
		Control struct {
			ID string `json:"id"`
		} `json:"control"`
		Outcome     string  `json:"outcome"`
		Fingerprint *string `json:"fingerprint"`
	} `json:"results"`
}

// Read parses an onus JSON report (onus scan --format json). Errors name
// the file and, for malformed JSON, the line and column.
func Read(r io.Reader, name string) (*Baseline, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not an onus JSON report: %w", at(name, data, err), err)
	}
	if doc.SchemaVersion == nil {
		return nil, fmt.Errorf("%s: not an onus JSON report (no schema_version; write the baseline with onus scan --format json)", name)
	}
	major, _, _ := strings.Cut(report.SchemaVersion, ".")
	if v, _, _ := strings.Cut(*doc.SchemaVersion, "."); v != major {
		return nil, fmt.Errorf("%s: schema_version %s, but this onus reads %s.x; write the baseline again with this onus", name, *doc.SchemaVersion, major)
	}
	b := &Baseline{Name: name, failing: map[string]string{}}
	for i, res := range doc.Results {
		if res.Fingerprint == nil {
			return nil, fmt.Errorf("%s: result %d has no fingerprint (the report was written by an older onus); write the baseline again with this onus", name, i)
		}
		if res.Outcome == control.Fail.String() || res.Outcome == control.Unknown.String() {
			b.failing[*res.Fingerprint] = res.Control.ID
		}
	}
	return b, nil
}

// at is name:line:col of a JSON decoding error, or name when the error
// carries no offset.
func at(name string, data []byte, err error) string {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return name
	}
	if off > 0 {
		off-- // the decoder's offset is just past the offending byte
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("%s:%d:%d", name, line, col)
}

// Apply marks every FAIL or UNKNOWN result of r that the baseline already
// had as failing (same fingerprint: control, resource and place, not line
// numbers) as suppressed by the baseline, unless a suppression of the
// user's own already covers it, and records the counts in r.Baseline.
func Apply(r *report.Report, b *Baseline) {
	if r.Suppressed == nil {
		r.Suppressed = map[int]report.Suppression{}
	}
	stillFailing := map[string]bool{}
	matched, failing := 0, 0
	for i, res := range r.Results.All() {
		if res.Control == nil || (res.Outcome != control.Fail && res.Outcome != control.Unknown) {
			continue
		}
		failing++
		fp := report.Fingerprint(res)
		if _, ok := b.failing[fp]; !ok {
			continue
		}
		stillFailing[fp] = true
		if _, done := r.Suppressed[i]; done {
			continue
		}
		r.Suppressed[i] = report.Suppression{Reason: "already failing in the baseline " + b.Name, Source: "baseline"}
		matched++
	}
	if len(stillFailing) == 0 && failing > 0 && len(b.failing) > 0 {
		// Nothing in common is far more likely a baseline recorded
		// differently than an estate whose every finding changed.
		r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{Severity: diag.Warning,
			Summary: fmt.Sprintf("no result matches the baseline %s (%d findings): record it with the same PATH arguments and working directory as this scan, since a finding's fingerprint includes its file's directory as given", b.Name, len(b.failing))})
	}
	r.Baseline = &report.BaselineSummary{File: b.Name, Findings: len(b.failing), Matched: matched,
		NoLongerFailing: len(b.failing) - len(stillFailing)}
}

package csv

import (
	stdcsv "encoding/csv"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/report"
)

// Options for CSV output (none yet; kept for symmetry with other formats).
type Options struct{}

// Columns is the column order; new columns are only ever appended.
var Columns = []string{
	"control_id", "title", "severity", "service", "layer", "outcome", "reason",
	"resource_type", "resource", "arn", "account", "region", "source",
	"file", "start_line", "end_line", "api_call",
	"suppressed", "suppression_reason", "suppression_source", "suppression_expires",
	"remediation", "frameworks", "evidence", "fingerprint",
}

// Write renders one header row and one row per result, suppressed
// results included and marked.
func Write(w io.Writer, r *report.Report, _ Options) error {
	cw := stdcsv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for i, res := range r.Results.All() {
		c := res.Control
		if c == nil {
			continue
		}
		loc := res.Location()
		apiCall := ""
		if loc.IsZero() {
			apiCall = res.Origin().APICall
		}
		line := func(n int) string {
			if n == 0 {
				return ""
			}
			return strconv.Itoa(n)
		}
		sup, suppressed := r.Suppressed[i]
		var ev []string
		for _, e := range res.Evidence {
			ev = append(ev, e.Summary)
		}
		row := []string{
			c.ID, c.Title, c.Severity.String(), c.Service, c.Layer, res.Outcome.String(), res.Reason,
			res.Resource.Type, res.Resource.Address, res.Resource.ARN, res.Resource.Account, res.Resource.Region,
			string(res.Resource.Source),
			loc.File, line(loc.Start.Line), line(loc.End.Line), apiCall,
			strconv.FormatBool(suppressed), sup.Reason, sup.Source, sup.Expires,
			c.Remediation.Summary, frameworks(c.Frameworks), strings.Join(ev, "; "), report.Fingerprint(res),
		}
		for j := range row {
			row[j] = defuse(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// frameworks flattens the mapping as "fw:id id; fw2:id", sorted.
func frameworks(m map[string][]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		ids := append([]string(nil), m[k]...)
		sort.Strings(ids)
		parts = append(parts, k+":"+strings.Join(ids, " "))
	}
	return strings.Join(parts, "; ")
}

// defuse stops spreadsheet formula injection: a resource name or tag written
// by anyone with commit access could otherwise run as a formula when an
// auditor opens the file. Such cells get a leading apostrophe.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

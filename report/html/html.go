package html

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	jsonfmt "github.com/onus-sec/onus/report/json"
)

// Options for HTML output.
type Options struct{}

type view struct {
	Target, Started, Finished, Framework string
	Tool                                 report.Tool
	Sources                              []string
	Incomplete                           bool
	Summary                              report.Summary
	FailSeverities                       string
	Matrix                               *matrixView
	Services, LayersUsed, Severities     []string
	Findings                             []finding
	Frameworks                           []frameworkView
	Diagnostics                          []diagView
	Expired                              []report.ExpiredSuppression
	Baseline                             *report.BaselineSummary
	Parameters                           []report.Parameter
}

type matrixView struct {
	CatalogueDate string
	Layers        []string
	Rows          []rowView
	Manual        []manualView
}

type rowView struct {
	Service, Name, Model string
	Resources            int
	Cells                []cellView
}

type cellView struct {
	Layer, Owner, Class, Text, Title string
}

type manualView struct {
	Service, Layer, Item, Status, Owner, EvidenceURL, Expires string
}

type evidenceView struct{ Summary, Where string }

type finding struct {
	ID, Title, Severity, Service, Layer, Outcome, Reason, Resource, Source, Where, Frameworks string
	Suppressed                                                                                *report.Suppression
	Evidence                                                                                  []evidenceView
	Remediation                                                                               control.Remediation
	ShowRemediation                                                                           bool
}

type frameworkView struct {
	Name         string
	Requirements []requirementView
}

type requirementView struct {
	ID                                 string
	Controls                           []string
	Pass, Fail, Unknown, NotApplicable int
}

type diagView struct{ Severity, Text string }

// Write renders r as one self-contained HTML page.
func Write(w io.Writer, r *report.Report, _ Options) error {
	v, err := build(r)
	if err != nil {
		return err
	}
	return page(w, v)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func build(r *report.Report) (*view, error) {
	v := &view{
		Target: r.Target, Started: stamp(r.Started), Finished: stamp(r.Finished), Framework: r.Framework,
		Tool: r.Tool, Incomplete: r.Incomplete, Summary: r.Summarize(), Expired: r.Expired, Baseline: r.Baseline, Parameters: r.Parameters,
	}
	if v.Tool.Name == "" {
		v.Tool.Name = "onus"
	}
	for _, s := range r.Sources {
		v.Sources = append(v.Sources, string(s))
	}
	var sev []string
	for _, name := range []string{"critical", "high", "medium", "low", "info"} {
		if n := v.Summary.FailBySeverity[name]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, name))
		}
	}
	v.FailSeverities = strings.Join(sev, ", ")

	m, err := jsonfmt.MatrixOf(r.Matrix)
	if err != nil {
		return nil, err
	}
	if m != nil {
		v.Matrix = matrix(m)
	}

	services, layers, sevs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	type fwKey struct{ fw, req string }
	reqs := map[fwKey]*requirementView{}
	// One allocation: growing a slice of a few hundred thousand findings
	// copied it over and over (3 s of a large scan's page).
	v.Findings = make([]finding, 0, r.Results.Len())
	// A control's frameworks read the same on each of its findings.
	fwText := map[*control.Control]string{}
	for i, res := range r.Results.All() {
		c := res.Control
		if c == nil {
			continue
		}
		services[c.Service], layers[c.Layer], sevs[c.Severity.String()] = true, true, true
		f := finding{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Service: c.Service, Layer: c.Layer,
			Outcome: res.Outcome.String(), Reason: res.Reason, Source: string(res.Resource.Source),
			Remediation: c.Remediation}
		fws, ok := fwText[c]
		if !ok {
			fws = frameworks(c.Frameworks)
			fwText[c] = fws
		}
		f.Frameworks = fws
		f.Resource = res.Resource.Address
		if f.Resource == "" {
			f.Resource = res.Resource.ARN
		}
		if l := res.Location(); !l.IsZero() {
			f.Where = l.String()
		} else if o := res.Origin(); o.APICall != "" {
			f.Where = o.APICall
			if o.Region != "" {
				f.Where += " (" + o.Region + ")"
			}
		}
		for _, e := range res.Evidence {
			f.Evidence = append(f.Evidence, evidenceView{Summary: e.Summary, Where: e.Prov().String()})
		}
		if s, ok := r.Suppressed[i]; ok {
			s := s
			f.Suppressed = &s
		}
		f.ShowRemediation = (res.Outcome == control.Fail || res.Outcome == control.Unknown) && c.Remediation != (control.Remediation{})
		v.Findings = append(v.Findings, f)
		if r.IsSuppressed(i) {
			continue
		}
		for fw, ids := range c.Frameworks {
			for _, id := range ids {
				k := fwKey{fw, id}
				rv := reqs[k]
				if rv == nil {
					rv = &requirementView{ID: id}
					reqs[k] = rv
				}
				if !contains(rv.Controls, c.ID) {
					rv.Controls = append(rv.Controls, c.ID)
				}
				switch res.Outcome {
				case control.Pass:
					rv.Pass++
				case control.Fail:
					rv.Fail++
				case control.Unknown:
					rv.Unknown++
				case control.NotApplicable:
					rv.NotApplicable++
				}
			}
		}
	}
	// Failing findings first, then unknown, so an auditor sees what matters.
	rank := map[string]int{"FAIL": 0, "UNKNOWN": 1, "PASS": 2, "NOT_APPLICABLE": 3}
	sort.SliceStable(v.Findings, func(i, j int) bool { return rank[v.Findings[i].Outcome] < rank[v.Findings[j].Outcome] })
	v.Services = keys(services)
	for _, l := range control.Layers {
		if layers[l] {
			v.LayersUsed = append(v.LayersUsed, l)
		}
	}
	for _, s := range []string{"critical", "high", "medium", "low", "info"} {
		if sevs[s] {
			v.Severities = append(v.Severities, s)
		}
	}
	byFW := map[string][]requirementView{}
	for k, rv := range reqs {
		sort.Strings(rv.Controls)
		byFW[k.fw] = append(byFW[k.fw], *rv)
	}
	for _, fw := range keysOf(byFW) {
		rs := byFW[fw]
		sort.Slice(rs, func(i, j int) bool { return naturalLess(rs[i].ID, rs[j].ID) })
		v.Frameworks = append(v.Frameworks, frameworkView{Name: fw, Requirements: rs})
	}
	for _, d := range r.Diagnostics {
		v.Diagnostics = append(v.Diagnostics, diagView{Severity: string(d.Severity), Text: d.String()})
	}
	return v, nil
}

func matrix(m *jsonfmt.Matrix) *matrixView {
	mv := &matrixView{CatalogueDate: m.CatalogueDate, Layers: m.Layers}
	for _, row := range m.Rows {
		rv := rowView{Service: row.Service, Name: row.Name, Model: row.Model, Resources: row.Resources}
		// Columns follow the matrix's layer list by name, so a row that
		// lacks a layer cannot shift its cells under the wrong heading.
		byLayer := map[string]jsonfmt.MatrixCell{}
		for _, c := range row.Cells {
			byLayer[c.Layer] = c
		}
		for _, l := range m.Layers {
			c, ok := byLayer[l]
			if !ok {
				rv.Cells = append(rv.Cells, cellView{Layer: l, Class: "st-none", Text: "–", Title: l + ": not in the catalogue for this service"})
				continue
			}
			rv.Cells = append(rv.Cells, cell(c))
		}
		for _, c := range row.Cells {
			for _, mi := range c.Manual {
				mv.Manual = append(mv.Manual, manualView{Service: row.Service, Layer: c.Layer, Item: mi.Item,
					Status: mi.Status, Owner: mi.Owner, EvidenceURL: mi.EvidenceURL, Expires: mi.Expires})
			}
		}
		mv.Rows = append(mv.Rows, rv)
	}
	return mv
}

// cell decides a matrix cell's colour: AWS-owned cells by owner; customer
// and shared cells by their worst result (FAIL, UNKNOWN), then manual
// duties, then attestations, then PASS. Attested never reads as PASS.
func cell(c jsonfmt.MatrixCell) cellView {
	cv := cellView{Layer: c.Layer, Owner: c.Owner}
	title := []string{c.Layer + ": " + ownerWord(c.Owner)}
	if len(c.Attestations) > 0 {
		title = append(title, "AWS attestations: "+strings.Join(c.Attestations, ", "))
	}
	manual, attested := 0, 0
	for _, m := range c.Manual {
		if m.Status == "attested" {
			attested++
			title = append(title, "attested: "+m.Item+" ("+m.Owner+", until "+m.Expires+")")
		} else {
			manual++
			title = append(title, "manual: "+m.Item)
		}
	}
	status := ""
	switch {
	case c.Owner == "AWS":
		cv.Text = "AWS"
	case c.Fail > 0:
		status, cv.Text = "fail", fmt.Sprintf("%d FAIL", c.Fail)
	case c.Unknown > 0:
		status, cv.Text = "unknown", fmt.Sprintf("%d ?", c.Unknown)
	case manual > 0:
		status, cv.Text = "manual", "manual"
	case attested > 0:
		status, cv.Text = "attested", "attested"
	case c.Pass > 0:
		status, cv.Text = "pass", fmt.Sprintf("%d ✓", c.Pass)
	default:
		status, cv.Text = "none", "–"
	}
	if c.Pass+c.Fail+c.Unknown+c.NotApplicable > 0 {
		title = append(title, fmt.Sprintf("%d pass, %d fail, %d unknown, %d n/a", c.Pass, c.Fail, c.Unknown, c.NotApplicable))
	}
	cv.Class = "owner-" + c.Owner
	if status != "" {
		cv.Class += " st-" + status
	}
	cv.Title = strings.Join(title, "\n")
	return cv
}

func ownerWord(o string) string {
	switch o {
	case "AWS":
		return "AWS owns it"
	case "customer":
		return "you own it"
	case "shared":
		return "shared"
	}
	return "unclassified"
}

func frameworks(m map[string][]string) string {
	var parts []string
	for _, fw := range keysOf(m) {
		ids := append([]string(nil), m[fw]...)
		sort.Strings(ids)
		parts = append(parts, fw+" "+strings.Join(ids, ", "))
	}
	return strings.Join(parts, "; ")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// naturalLess orders requirement ids so "2.10" follows "2.9".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		na, ra := leadingNumber(a)
		nb, rb := leadingNumber(b)
		switch {
		case na >= 0 && nb >= 0:
			if na != nb {
				return na < nb
			}
			a, b = ra, rb
		case a[0] != b[0]:
			return a[0] < b[0]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return len(a) < len(b)
}

func leadingNumber(s string) (int, string) {
	i, n := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 9 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 {
		return -1, s
	}
	return n, s[i:]
}

package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/ordered"
	"github.com/onus-sec/onus/source"
)

// Options for SARIF output.
type Options struct{}

// FingerprintKey names onus's entry in partialFingerprints.
const FingerprintKey = "onusFindingHash/v1"

type log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool        tool           `json:"tool"`
	Invocations []invocation   `json:"invocations"`
	Results     []result       `json:"results"`
	Properties  map[string]any `json:"properties,omitempty"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri"`
	Rules          []rule `json:"rules"`
}

type message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type rule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     message        `json:"shortDescription"`
	FullDescription      message        `json:"fullDescription"`
	Help                 message        `json:"help"`
	DefaultConfiguration config         `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type config struct {
	Level string `json:"level"`
}

type invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []notification `json:"toolExecutionNotifications,omitempty"`
}

type notification struct {
	Level     string     `json:"level"`
	Message   message    `json:"message"`
	Locations []location `json:"locations,omitempty"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Kind                string            `json:"kind"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []suppression     `json:"suppressions,omitempty"`
	// BaselineState is set when the scan was compared with a baseline
	// (onus scan --baseline): "unchanged" for a finding the baseline had,
	// "new" for one it did not.
	BaselineState string         `json:"baselineState,omitempty"`
	Properties    map[string]any `json:"properties,omitempty"`
}

type location struct {
	PhysicalLocation *physicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []logicalLocation `json:"logicalLocations,omitempty"`
	Message          *message          `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI string `json:"uri"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type logicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type suppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// securitySeverity is GitHub's scale: >= 9.0 critical, 7.0-8.9 high,
// 4.0-6.9 medium, 0.1-3.9 low.
func securitySeverity(s control.Severity) string {
	switch s {
	case control.Critical:
		return "9.5"
	case control.High:
		return "8.0"
	case control.Medium:
		return "5.5"
	case control.Low:
		return "3.0"
	}
	return "0.5"
}

func level(s control.Severity) string {
	switch s {
	case control.Critical, control.High:
		return "error"
	case control.Medium:
		return "warning"
	}
	return "note"
}

// Write renders r as a SARIF 2.1.0 log with one run.
func Write(w io.Writer, r *report.Report, _ Options) error {
	out, ruleIndex, idx := shellOf(r)
	var shell bytes.Buffer
	enc := json.NewEncoder(&shell)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return writeShell(w, r, shell.Bytes(), ruleIndex, idx)
}

// shellOf is the log without its results (an empty array), the rules'
// indexes by control ID, and the indexes of the results the log lists.
func shellOf(r *report.Report) (log, map[string]int, []int) {
	name := r.Tool.Name
	if name == "" {
		name = "onus"
	}
	rn := run{
		Tool:        tool{Driver: driver{Name: name, Version: r.Tool.Version, InformationURI: "https://github.com/onus-sec/onus"}},
		Invocations: []invocation{{ExecutionSuccessful: !r.Incomplete}},
		Results:     []result{},
		Properties:  map[string]any{"target": r.Target},
	}
	for _, d := range r.Diagnostics {
		n := notification{Level: "warning", Message: message{Text: d.String()}}
		if d.Severity == "error" {
			n.Level = "error"
		}
		if pl := physical(d.Subject); pl != nil {
			n.Locations = []location{{PhysicalLocation: pl}}
		}
		rn.Invocations[0].ToolExecutionNotifications = append(rn.Invocations[0].ToolExecutionNotifications, n)
	}
	ruleIndex := map[string]int{}
	var controls []*control.Control
	for _, res := range r.Results.All() {
		if res.Control == nil || (res.Outcome != control.Fail && res.Outcome != control.Unknown) {
			continue
		}
		if _, ok := ruleIndex[res.Control.ID]; !ok {
			ruleIndex[res.Control.ID] = -1
			controls = append(controls, res.Control)
		}
	}
	sort.Slice(controls, func(i, j int) bool { return controls[i].ID < controls[j].ID })
	for i, c := range controls {
		ruleIndex[c.ID] = i
		rn.Tool.Driver.Rules = append(rn.Tool.Driver.Rules, ruleOf(c))
	}
	if rn.Tool.Driver.Rules == nil {
		rn.Tool.Driver.Rules = []rule{}
	}
	var idx []int
	for i, res := range r.Results.All() {
		if res.Control != nil && (res.Outcome == control.Fail || res.Outcome == control.Unknown) {
			idx = append(idx, i)
		}
	}
	return log{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []run{rn}}, ruleIndex, idx
}

// writeShell writes the log of shellOf with its results spliced in.
func writeShell(w io.Writer, r *report.Report, shell []byte, ruleIndex map[string]int, idx []int) error {
	doc := shell
	if len(idx) == 0 {
		_, err := w.Write(doc)
		return err
	}
	// The results are the bulk of a large log: they are encoded in batches
	// on every CPU and spliced into the document where the empty array is,
	// exactly as one encoding of the whole log would write them. Every
	// other string in the shell is quoted with its quotes escaped, so the
	// marker is the results key.
	at := bytes.Index(doc, []byte(resultsMarker))
	if at < 0 {
		return fmt.Errorf("sarif: results array not found in the document shell")
	}
	if _, err := w.Write(doc[:at+len(resultsMarker)-1]); err != nil { // up to and including '['
		return err
	}
	err := ordered.Write(w, len(idx), resultBatch, func() ordered.Render {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent(resultIndent, "  ")
		return func(dst []byte, lo, hi int) ([]byte, error) {
			for k := lo; k < hi; k++ {
				i := idx[k]
				if k > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '\n')
				dst = append(dst, resultIndent...)
				buf.Reset()
				if err := enc.Encode(resultOf(r, i, ruleIndex[r.Results.At(i).Control.ID])); err != nil {
					return nil, err
				}
				dst = append(dst, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
			}
			return dst, nil
		}
	})
	if err != nil {
		return err
	}
	end := append([]byte("\n"+resultIndent[:len(resultIndent)-2]+"]"), doc[at+len(resultsMarker):]...)
	_, err = w.Write(end)
	return err
}

// resultsMarker is the empty results array as the shell encodes it, and
// resultIndent the indentation of its elements (log → runs → run →
// results: four levels of two spaces).
const (
	resultsMarker = `"results": []`
	resultIndent  = "        "
)

// resultBatch is how many results one batch encodes.
const resultBatch = 64

func ruleOf(c *control.Control) rule {
	tags := []string{"security", "onus", c.Service, c.Layer}
	fws := make([]string, 0, len(c.Frameworks))
	for fw := range c.Frameworks {
		fws = append(fws, fw)
	}
	sort.Strings(fws)
	var fwLines []string
	for _, fw := range fws {
		ids := append([]string(nil), c.Frameworks[fw]...)
		sort.Strings(ids)
		tags = append(tags, fw)
		fwLines = append(fwLines, fw+": "+strings.Join(ids, ", "))
	}
	full := c.Rationale
	if full == "" {
		full = c.Title
	}
	text, md := help(c, fwLines)
	return rule{
		ID: c.ID, Name: c.ID,
		ShortDescription:     message{Text: c.Title},
		FullDescription:      message{Text: full},
		Help:                 message{Text: text, Markdown: md},
		DefaultConfiguration: config{Level: level(c.Severity)},
		Properties: map[string]any{
			"security-severity": securitySeverity(c.Severity),
			"severity":          c.Severity.String(),
			"tags":              tags,
			"precision":         "high",
			"problem.severity":  map[string]string{"error": "error", "warning": "warning", "note": "recommendation"}[level(c.Severity)],
		},
	}
}

// help builds the rule's help in plain text and Markdown: what is checked,
// why, and how to fix it per source.
func help(c *control.Control, fwLines []string) (string, string) {
	var t, m strings.Builder
	fmt.Fprintf(&t, "%s\n\n", c.Title)
	fmt.Fprintf(&m, "**%s** (%s, layer `%s`)\n\n", c.Title, c.Severity, c.Layer)
	if c.Rationale != "" {
		fmt.Fprintf(&t, "Why: %s\n", c.Rationale)
		fmt.Fprintf(&m, "%s\n\n", c.Rationale)
	}
	if c.Checked != "" {
		fmt.Fprintf(&t, "Checked: %s\n", c.Checked)
		fmt.Fprintf(&m, "**Checked:** %s\n\n", c.Checked)
	}
	rem := c.Remediation
	if rem.Summary != "" {
		fmt.Fprintf(&t, "Fix: %s\n", rem.Summary)
		fmt.Fprintf(&m, "**Fix:** %s\n\n", rem.Summary)
	}
	for _, s := range []struct{ name, lang, body string }{
		{"Terraform", "hcl", rem.Terraform}, {"CloudFormation", "yaml", rem.CloudFormation}, {"AWS CLI", "sh", rem.CLI},
	} {
		if s.body == "" {
			continue
		}
		fmt.Fprintf(&t, "\n%s:\n%s\n", s.name, s.body)
		fmt.Fprintf(&m, "%s:\n\n```%s\n%s\n```\n\n", s.name, s.lang, s.body)
	}
	if len(fwLines) > 0 {
		fmt.Fprintf(&t, "\nFrameworks: %s\n", strings.Join(fwLines, "; "))
		fmt.Fprintf(&m, "**Frameworks:** %s\n", strings.Join(fwLines, "; "))
	}
	return strings.TrimSpace(t.String()), strings.TrimSpace(m.String())
}

func physical(l source.Loc) *physicalLocation {
	if l.IsZero() {
		return nil
	}
	pl := &physicalLocation{ArtifactLocation: artifactLocation{URI: uri(l.File)}}
	if l.Start.Line > 0 {
		rg := &region{StartLine: l.Start.Line, StartColumn: l.Start.Column}
		if l.End.Line >= l.Start.Line {
			rg.EndLine = l.End.Line
			rg.EndColumn = l.End.Column
		}
		pl.Region = rg
	}
	return pl
}

// uri turns a relative file path into a relative URI reference (forward
// slashes, spaces and other reserved characters escaped).
func uri(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-._~/", ch) >= 0 {
			b.WriteByte(ch)
		} else {
			fmt.Fprintf(&b, "%%%02X", ch)
		}
	}
	return b.String()
}

func resultOf(r *report.Report, i, ruleIdx int) result {
	res := r.Results.At(i)
	c := res.Control
	name := res.Resource.Address
	if name == "" {
		name = res.Resource.ARN
	}
	out := result{
		RuleID: c.ID, RuleIndex: ruleIdx,
		Message:             message{Text: fmt.Sprintf("%s: %s (%s)", c.Title, res.Reason, name)},
		PartialFingerprints: map[string]string{FingerprintKey: report.Fingerprint(res)},
		Properties: map[string]any{
			"outcome":  res.Outcome.String(),
			"resource": name,
			"source":   string(res.Resource.Source),
		},
	}
	if res.Outcome == control.Fail {
		out.Kind, out.Level = "fail", level(c.Severity)
	} else {
		// SARIF: kind "open" = the tool could not decide; level must be "none".
		out.Kind, out.Level = "open", "none"
	}
	var ev []string
	for _, e := range res.Evidence {
		ev = append(ev, e.Summary)
	}
	if len(ev) > 0 {
		out.Properties["evidence"] = ev
	}
	if res.Resource.DefaultResource {
		out.Properties["default_resource"] = true
	}
	logical := logicalLocation{Name: name, FullyQualifiedName: name, Kind: "resource"}
	if res.Resource.ARN != "" {
		logical = logicalLocation{Name: res.Resource.ARN, FullyQualifiedName: res.Resource.ARN, Kind: "resource"}
	}
	loc := location{LogicalLocations: []logicalLocation{logical}}
	if pl := physical(res.Location()); pl != nil {
		loc.PhysicalLocation = pl
	} else if o := res.Origin(); o.APICall != "" {
		loc.Message = &message{Text: "read with " + o.APICall}
	}
	out.Locations = []location{loc}
	if sup, ok := r.Suppressed[i]; ok {
		kind := "external"
		if sup.Source == "inline" {
			kind = "inSource"
		}
		just := sup.Reason
		if sup.Expires != "" {
			just += " (until " + sup.Expires + ")"
		}
		out.Suppressions = []suppression{{Kind: kind, Status: "accepted", Justification: just}}
	}
	if r.Baseline != nil {
		out.BaselineState = "new"
		if sup, ok := r.Suppressed[i]; ok && sup.Source == "baseline" {
			out.BaselineState = "unchanged"
		}
	}
	return out
}

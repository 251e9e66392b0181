package json

import (
	stdjson "encoding/json"
	"io"
	"sort"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/source"
)

// Options for the JSON document.
type Options struct {
	// Compact writes one line instead of indented JSON.
	Compact bool
}

// Document is the top level of the results document.
type Document struct {
	SchemaVersion string               `json:"schema_version"`
	Tool          report.Tool          `json:"tool"`
	Target        string               `json:"target"`
	Sources       []string             `json:"sources"`
	Started       string               `json:"started,omitempty"`
	Finished      string               `json:"finished,omitempty"`
	Framework     string               `json:"framework,omitempty"`
	Incomplete    bool                 `json:"incomplete"`
	Summary       Summary              `json:"summary"`
	Results       []Result             `json:"results"`
	Diagnostics   []Diagnostic         `json:"diagnostics"`
	Expired       []ExpiredSuppression `json:"expired_suppressions"`
	Matrix        *Matrix              `json:"matrix"`
	// Baseline is present when the scan was compared with a baseline
	// report (onus scan --baseline).
	Baseline *report.BaselineSummary `json:"baseline,omitempty"`
	// Parameters are the control thresholds .onus.yaml changed (absent
	// when every control used its default).
	Parameters []Parameter `json:"parameters,omitempty"`
}

// Parameter is a control threshold the user set, with where. Value and
// Default are numbers, or lists of numbers for a list parameter (ports).
type Parameter struct {
	Control  string    `json:"control"`
	Name     string    `json:"name"`
	Value    any       `json:"value"`
	Default  any       `json:"default"`
	Unit     string    `json:"unit"`
	Location *Location `json:"location,omitempty"`
}

// Summary counts results.
type Summary struct {
	Total          int            `json:"total"`
	Pass           int            `json:"pass"`
	Fail           int            `json:"fail"`
	Unknown        int            `json:"unknown"`
	NotApplicable  int            `json:"not_applicable"`
	Suppressed     int            `json:"suppressed"`
	FailBySeverity map[string]int `json:"fail_by_severity"`
}

// Control is the part of a control every result repeats.
type Control struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	Severity   string              `json:"severity"`
	Service    string              `json:"service"`
	Layer      string              `json:"layer"`
	Frameworks map[string][]string `json:"frameworks"`
}

// Resource identifies what a result is about.
type Resource struct {
	Type string `json:"type"`
	// Address: Terraform address, CloudFormation logical id, or the live id/ARN.
	Address   string            `json:"address,omitempty"`
	LogicalID string            `json:"logical_id,omitempty"`
	ARN       string            `json:"arn,omitempty"`
	Account   string            `json:"account,omitempty"`
	Region    string            `json:"region,omitempty"`
	Module    string            `json:"module,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// Location is a code range.
type Location struct {
	File        string `json:"file"`
	StartLine   int    `json:"start_line,omitempty"`
	StartColumn int    `json:"start_column,omitempty"`
	EndLine     int    `json:"end_line,omitempty"`
	EndColumn   int    `json:"end_column,omitempty"`
}

// Origin is the live API call behind a value.
type Origin struct {
	APICall string `json:"api_call,omitempty"`
	ARN     string `json:"arn,omitempty"`
	Region  string `json:"region,omitempty"`
	Account string `json:"account,omitempty"`
}

// Evidence is one observation.
type Evidence struct {
	Summary  string    `json:"summary"`
	Location *Location `json:"location,omitempty"`
	Origin   *Origin   `json:"origin,omitempty"`
}

// Suppressed says which suppression covers a result.
type Suppressed struct {
	Reason  string `json:"reason"`
	Source  string `json:"source"`
	Expires string `json:"expires,omitempty"`
	Where   string `json:"where,omitempty"`
}

// Remediation of a control.
type Remediation struct {
	Summary        string `json:"summary"`
	Terraform      string `json:"terraform,omitempty"`
	CloudFormation string `json:"cloudformation,omitempty"`
	CLI            string `json:"cli,omitempty"`
}

// Result is one control on one resource.
type Result struct {
	Control  Control    `json:"control"`
	Outcome  string     `json:"outcome"`
	Reason   string     `json:"reason"`
	Evidence []Evidence `json:"evidence"`
	Resource Resource   `json:"resource"`
	Location *Location  `json:"location,omitempty"`
	Origin   *Origin    `json:"origin,omitempty"`
	Source   string     `json:"source"`
	// Fingerprint identifies the finding across runs (report.Fingerprint):
	// the key onus scan --baseline matches on, and what SARIF, OCSF and
	// ASFF use as their finding ids.
	Fingerprint string       `json:"fingerprint"`
	Suppressed  *Suppressed  `json:"suppressed,omitempty"`
	Remediation *Remediation `json:"remediation,omitempty"`
	// DefaultResource: the result is about a default resource AWS creates
	// in every region (default VPC, security group, network ACL, ...) that
	// nothing uses; the table groups these, JSON keeps every one.
	DefaultResource bool `json:"default_resource,omitempty"`
}

// Diagnostic is a problem found while reading input.
type Diagnostic struct {
	Severity string    `json:"severity"`
	Summary  string    `json:"summary"`
	Detail   string    `json:"detail,omitempty"`
	Location *Location `json:"location,omitempty"`
	Origin   *Origin   `json:"origin,omitempty"`
}

// ExpiredSuppression no longer applies.
type ExpiredSuppression struct {
	Control  string `json:"control"`
	Resource string `json:"resource,omitempty"`
	Reason   string `json:"reason"`
	Expires  string `json:"expires"`
	Where    string `json:"where,omitempty"`
	Source   string `json:"source"`
}

// Write renders r as the results document.
func Write(w io.Writer, r *report.Report, opts Options) error {
	return writeStreamed(w, r, opts.Compact)
}

// writeDocument renders the document the simple way: Build, then one
// encoding/json pass. It is the reference writeStreamed must match.
func writeDocument(w io.Writer, r *report.Report, opts Options) error {
	doc, err := Build(r)
	if err != nil {
		return err
	}
	enc := stdjson.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if !opts.Compact {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(doc)
}

// Build converts a report into the document, for callers that embed it.
func Build(r *report.Report) (*Document, error) {
	s := r.Summarize()
	doc := &Document{
		SchemaVersion: report.SchemaVersion,
		Tool:          r.Tool,
		Target:        r.Target,
		Sources:       make([]string, 0, len(r.Sources)),
		Framework:     r.Framework,
		Incomplete:    r.Incomplete,
		Summary: Summary{Total: s.Total, Pass: s.Pass, Fail: s.Fail, Unknown: s.Unknown,
			NotApplicable: s.NotApplicable, Suppressed: s.Suppressed, FailBySeverity: s.FailBySeverity},
		Results:     make([]Result, 0, r.Results.Len()),
		Diagnostics: make([]Diagnostic, 0, len(r.Diagnostics)),
		Expired:     make([]ExpiredSuppression, 0, len(r.Expired)),
		Baseline:    r.Baseline,
	}
	for _, k := range r.Sources {
		doc.Sources = append(doc.Sources, string(k))
	}
	for _, p := range r.Parameters {
		x := Parameter{Control: p.Control, Name: p.Name, Value: p.Values, Default: p.Defaults, Unit: p.Unit, Location: loc(p.Loc)}
		if !p.List && len(p.Values) == 1 && len(p.Defaults) == 1 {
			x.Value, x.Default = p.Values[0], p.Defaults[0]
		}
		doc.Parameters = append(doc.Parameters, x)
	}
	if !r.Started.IsZero() {
		doc.Started = r.Started.UTC().Format(time.RFC3339)
	}
	if !r.Finished.IsZero() {
		doc.Finished = r.Finished.UTC().Format(time.RFC3339)
	}
	for i, res := range r.Results.All() {
		if res.Control == nil {
			continue
		}
		doc.Results = append(doc.Results, result(r, i))
	}
	for _, d := range r.Diagnostics {
		doc.Diagnostics = append(doc.Diagnostics, diagnostic(d))
	}
	for _, e := range r.Expired {
		doc.Expired = append(doc.Expired, ExpiredSuppression(e))
	}
	m, err := MatrixOf(r.Matrix)
	if err != nil {
		return nil, err
	}
	doc.Matrix = m
	return doc, nil
}

func loc(l source.Loc) *Location {
	if l.IsZero() {
		return nil
	}
	return &Location{File: l.File, StartLine: l.Start.Line, StartColumn: l.Start.Column,
		EndLine: l.End.Line, EndColumn: l.End.Column}
}

func origin(o source.Origin) *Origin {
	if o.IsZero() {
		return nil
	}
	return &Origin{APICall: o.APICall, ARN: o.ARN, Region: o.Region, Account: o.Account}
}

func result(r *report.Report, i int) Result {
	res := r.Results.At(i)
	c := res.Control
	out := Result{
		Control: Control{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Service: c.Service,
			Layer: c.Layer, Frameworks: frameworks(c.Frameworks)},
		Outcome:  res.Outcome.String(),
		Reason:   res.Reason,
		Evidence: make([]Evidence, 0, len(res.Evidence)),
		Resource: Resource{Type: res.Resource.Type, Address: res.Resource.Address, ARN: res.Resource.ARN,
			Account: res.Resource.Account, Region: res.Resource.Region, Module: res.Resource.Module,
			Tags: res.Resource.TagMap()},
		Source:          string(res.Resource.Source),
		Fingerprint:     report.Fingerprint(res),
		DefaultResource: res.Resource.DefaultResource,
	}
	if res.Resource.Source == source.CloudFormation {
		out.Resource.LogicalID = res.Resource.Address
	}
	for _, e := range res.Evidence {
		p := e.Prov()
		out.Evidence = append(out.Evidence, Evidence{Summary: e.Summary, Location: loc(p.Loc), Origin: origin(p.Origin)})
	}
	if l := res.Location(); !l.IsZero() {
		out.Location = loc(l)
	} else if o := res.Origin(); !o.IsZero() {
		out.Origin = origin(o)
		if out.Origin.ARN == "" {
			out.Origin.ARN = res.Resource.ARN
		}
	}
	if sup, ok := r.Suppressed[i]; ok {
		out.Suppressed = &Suppressed{Reason: sup.Reason, Source: sup.Source, Expires: sup.Expires, Where: sup.Where}
	}
	if rem := c.Remediation; rem != (control.Remediation{}) {
		out.Remediation = &Remediation{Summary: rem.Summary, Terraform: rem.Terraform,
			CloudFormation: rem.CloudFormation, CLI: rem.CLI}
	}
	return out
}

// frameworks copies the mapping with sorted requirement lists, never nil,
// so consumers can index it without a null check.
func frameworks(in map[string][]string) map[string][]string {
	out := make(map[string][]string, len(in))
	for k, v := range in {
		ids := append([]string(nil), v...)
		sort.Strings(ids)
		out[k] = ids
	}
	return out
}

func diagnostic(d diag.Diagnostic) Diagnostic {
	return Diagnostic{Severity: string(d.Severity), Summary: d.Summary, Detail: d.Detail,
		Location: loc(d.Subject), Origin: origin(d.Origin)}
}

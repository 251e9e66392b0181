package control

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Outcome of one control on one resource.
type Outcome uint8

const (
	// Pass: the evidence shows the duty is met.
	Pass Outcome = iota + 1
	// Fail: the evidence shows it is not.
	Fail
	// Unknown: evidence missing or unresolvable; Reason says why.
	Unknown
	// NotApplicable: the control does not apply to this resource or source.
	NotApplicable
)

var outcomeNames = [...]string{"", "PASS", "FAIL", "UNKNOWN", "NOT_APPLICABLE"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", o)
}

// MarshalText writes the outcome name.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText parses an outcome name.
func (o *Outcome) UnmarshalText(b []byte) error {
	for i, n := range outcomeNames {
		if i > 0 && n == string(b) {
			*o = Outcome(i)
			return nil
		}
	}
	return fmt.Errorf("unknown outcome %q", b)
}

// Severity of a control.
type Severity uint8

const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", s)
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity parses "critical", "high", "medium", "low", "info" (any case).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(n, s) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", s)
}

// Layers is the fixed layer vocabulary of the responsibility model.
var Layers = []string{
	"physical", "hardware", "network-infrastructure", "virtualization", "guest-os",
	"platform", "application", "network-config", "identity-access", "data-protection",
	"secrets", "backup-resilience", "logging-monitoring", "compliance-attestation",
}

// Remediation says how to fix a failing resource, per source.
type Remediation struct {
	// Summary is the one-line fix shown next to a FAIL.
	Summary        string `json:"summary"`
	Terraform      string `json:"terraform,omitempty"`
	CloudFormation string `json:"cloudformation,omitempty"`
	CLI            string `json:"cli,omitempty"`
}

// Control is one customer duty, evaluated by Check.
type Control struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// Service is a responsibility catalogue key ("s3", "ec2", "vpc", ...).
	Service string `json:"service"`
	// Layer is one of Layers.
	Layer string `json:"layer"`
	// Frameworks maps a framework id ("cis-aws-7.0.0", "fsbp", "pci-dss-4.0",
	// "hipaa", "soc2", "iso27001-2022", "nist-800-53-r5") to its requirement ids.
	Frameworks map[string][]string `json:"frameworks,omitempty"`
	Rationale  string              `json:"rationale"`
	// Checked says exactly what evidence the check looks at and what passes.
	Checked     string      `json:"checked"`
	Remediation Remediation `json:"remediation"`
	// Deprecated, when set, says why the control was retired and which
	// controls cover its duty now. IDs are never reused, so a retired
	// control stays in the catalogue: it maps to no framework and its Check
	// yields no results.
	Deprecated string `json:"deprecated,omitempty"`
	// Params are the thresholds of the check the user may change in
	// .onus.yaml; Check reads each with Param.Value.
	Params []Param `json:"params,omitempty"`
	// Check is a pure function of the estate. It returns results without
	// Control set; the runner fills it in. A result's Resource is the
	// header On was given (Meta.SharedRef), so a header that is not the
	// estate's own must be new for each resource: changing one header
	// variable between results would change the earlier results too.
	Check func(e *model.Estate) []Result `json:"-"`
	// text keeps the wording with parameter placeholders once Render has
	// filled them.
	text *texts
}

// Ref identifies the resource a result is about.
type Ref = base.Ref

// RefOf makes a Ref from a resource header.
func RefOf(m *base.Meta) Ref { return base.RefOf(m) }

// Evidence is one observation that led to the outcome. Nearly every result
// carries one, so its provenance is packed (a pointer, shared with the model
// value it cites) rather than a 112-byte source.Prov; make it with Ev or
// EvAt, read it with Prov.
type Evidence struct {
	Summary string `json:"summary"`
	prov    source.PackedProv
}

// Prov is where the observation was made.
func (e Evidence) Prov() source.Prov { return e.prov.Prov() }

// Equal reports whether two pieces of evidence say the same thing at the
// same place (the packed provenance need not be the same pointer).
func (e Evidence) Equal(o Evidence) bool {
	return e.Summary == o.Summary && (e.prov == o.prov || e.Prov() == o.Prov())
}

// wireEvidence is Evidence's JSON: {"summary":…,"prov":{…}}.
type wireEvidence struct {
	Summary string      `json:"summary"`
	Prov    source.Prov `json:"prov"`
}

// MarshalJSON writes {"summary":…,"prov":…}, as a plain struct would.
func (e Evidence) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireEvidence{Summary: e.Summary, Prov: e.Prov()})
}

// UnmarshalJSON is the inverse of MarshalJSON.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	var w wireEvidence
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Ev(w.Summary, w.Prov)
	return nil
}

// Result is the outcome of one control on one resource.
type Result struct {
	Control *Control `json:"-"`
	// Resource is shared by every result about the same resource (On
	// takes it from Meta.SharedRef): a large estate has a few hundred
	// thousand results but only tens of thousands of resources. Treat it
	// as read-only. Run gives a result that names no resource an empty Ref.
	Resource *Ref       `json:"resource"`
	Outcome  Outcome    `json:"outcome"`
	Reason   string     `json:"reason,omitempty"`
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Ref returns the result's resource, never nil: an empty Ref when the
// result names none.
func (r *Result) Ref() *Ref {
	if r.Resource == nil {
		return &Ref{}
	}
	return r.Resource
}

// Location is where a user should look: the first evidence with a code
// location, else the resource block.
func (r *Result) Location() source.Loc {
	for _, e := range r.Evidence {
		if l := e.prov.Loc(); !l.IsZero() {
			return l
		}
	}
	return r.Resource.Loc
}

// Origin is the API call behind the first live evidence, else the listing call.
func (r *Result) Origin() source.Origin {
	for _, e := range r.Evidence {
		if o := e.Prov().Origin; !o.IsZero() {
			return o
		}
	}
	if o := r.Resource.Origin; o != nil {
		return *o
	}
	return source.Origin{}
}

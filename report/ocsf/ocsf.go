package ocsf

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/ordered"
)

// Options for OCSF output.
type Options struct{}

// Version of the OCSF schema the events follow.
const Version = "1.3.0"

// OCSF constants for the Compliance Finding class.
const (
	classUID    = 2003
	categoryUID = 2 // Findings
	activityID  = 1 // Create
)

// Event is one Compliance Finding.
type Event struct {
	ActivityID   int          `json:"activity_id"`
	ActivityName string       `json:"activity_name"`
	CategoryUID  int          `json:"category_uid"`
	CategoryName string       `json:"category_name"`
	ClassUID     int          `json:"class_uid"`
	ClassName    string       `json:"class_name"`
	TypeUID      int          `json:"type_uid"`
	TypeName     string       `json:"type_name"`
	Time         int64        `json:"time"`
	SeverityID   int          `json:"severity_id"`
	Severity     string       `json:"severity"`
	StatusID     int          `json:"status_id"`
	Status       string       `json:"status"`
	Message      string       `json:"message"`
	Metadata     Metadata     `json:"metadata"`
	FindingInfo  FindingInfo  `json:"finding_info"`
	Compliance   Compliance   `json:"compliance"`
	Resources    []Resource   `json:"resources"`
	Cloud        Cloud        `json:"cloud"`
	Remediation  *Remediation `json:"remediation,omitempty"`
	Unmapped     Unmapped     `json:"unmapped"`
}

// Metadata names the product and schema version.
type Metadata struct {
	Version  string   `json:"version"`
	Product  Product  `json:"product"`
	Profiles []string `json:"profiles"`
}

// Product is onus.
type Product struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
}

// FindingInfo identifies the finding.
type FindingInfo struct {
	UID   string   `json:"uid"`
	Title string   `json:"title"`
	Desc  string   `json:"desc,omitempty"`
	Types []string `json:"types"`
}

// Compliance holds the control and its verdict.
type Compliance struct {
	Control      string   `json:"control"`
	Standards    []string `json:"standards"`
	Requirements []string `json:"requirements"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
	StatusDetail string   `json:"status_detail,omitempty"`
}

// Resource is the resource the finding is about.
type Resource struct {
	UID    string   `json:"uid"`
	Name   string   `json:"name,omitempty"`
	Type   string   `json:"type"`
	Region string   `json:"region,omitempty"`
	Owner  *Owner   `json:"owner,omitempty"`
	Labels []string `json:"labels,omitempty"`
}

// Owner is the account owning a resource.
type Owner struct {
	Account Account `json:"account"`
}

// Account is an AWS account.
type Account struct {
	UID    string `json:"uid"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

// Cloud is the cloud profile.
type Cloud struct {
	Provider string   `json:"provider"`
	Region   string   `json:"region,omitempty"`
	Account  *Account `json:"account,omitempty"`
}

// Remediation says how to fix it.
type Remediation struct {
	Desc string `json:"desc"`
}

// Unmapped carries onus fields OCSF has no attribute for.
type Unmapped struct {
	Outcome    string `json:"onus_outcome"`
	Service    string `json:"onus_service"`
	Layer      string `json:"onus_layer"`
	Source     string `json:"onus_source"`
	File       string `json:"onus_file,omitempty"`
	Line       int    `json:"onus_line,omitempty"`
	APICall    string `json:"onus_api_call,omitempty"`
	Suppressed string `json:"onus_suppression_reason,omitempty"`
	// Evidence: each observation with where it came from ("summary @ file:line").
	Evidence []string `json:"onus_evidence,omitempty"`
}

var severityIDs = map[control.Severity]struct {
	id   int
	name string
}{
	control.Info: {1, "Informational"}, control.Low: {2, "Low"}, control.Medium: {3, "Medium"},
	control.High: {4, "High"}, control.Critical: {5, "Critical"},
}

// Write renders one event per result, one JSON object per line. Events
// are independent lines, so they are encoded in batches on every CPU and
// written in order.
func Write(w io.Writer, r *report.Report, _ Options) error {
	var idx []int
	for i, res := range r.Results.All() {
		if res.Control != nil {
			idx = append(idx, i)
		}
	}
	return ordered.Write(w, len(idx), eventBatch, func() ordered.Render {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		return func(dst []byte, lo, hi int) ([]byte, error) {
			for _, i := range idx[lo:hi] {
				buf.Reset()
				if err := enc.Encode(event(r, i)); err != nil {
					return nil, err
				}
				dst = append(dst, buf.Bytes()...)
			}
			return dst, nil
		}
	})
}

// eventBatch is how many events one batch encodes.
const eventBatch = 64

func eventTime(r *report.Report) int64 {
	t := r.Finished
	if t.IsZero() {
		t = r.Started
	}
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func event(r *report.Report, i int) Event {
	res := r.Results.At(i)
	c := res.Control
	sev, ok := severityIDs[c.Severity]
	if !ok {
		sev.id, sev.name = 0, "Unknown"
	}
	name := r.Tool.Name
	if name == "" {
		name = "onus"
	}
	e := Event{
		ActivityID: activityID, ActivityName: "Create",
		CategoryUID: categoryUID, CategoryName: "Findings",
		ClassUID: classUID, ClassName: "Compliance Finding",
		TypeUID: classUID*100 + activityID, TypeName: "Compliance Finding: Create",
		Time:       eventTime(r),
		SeverityID: sev.id, Severity: sev.name,
		StatusID: 1, Status: "New",
		Message:  c.Title + ": " + res.Reason,
		Metadata: Metadata{Version: Version, Product: Product{Name: name, VendorName: "onus", Version: r.Tool.Version}, Profiles: []string{"cloud"}},
		FindingInfo: FindingInfo{UID: report.Fingerprint(res), Title: c.Title, Desc: c.Rationale,
			Types: []string{"onus/" + c.Service + "/" + c.Layer}},
		Compliance: compliance(res),
		Cloud:      Cloud{Provider: "AWS", Region: res.Resource.Region},
		Unmapped: Unmapped{Outcome: res.Outcome.String(), Service: c.Service, Layer: c.Layer,
			Source: string(res.Resource.Source)},
	}
	if res.Resource.Account != "" {
		e.Cloud.Account = &Account{UID: res.Resource.Account, TypeID: 10, Type: "AWS Account"}
	}
	if sup, ok := r.Suppressed[i]; ok {
		e.StatusID, e.Status = 3, "Suppressed"
		e.Unmapped.Suppressed = sup.Reason
	}
	uid := res.Resource.ARN
	if uid == "" {
		uid = res.Resource.Address
	}
	rs := Resource{UID: uid, Name: res.Resource.Address, Type: res.Resource.Type, Region: res.Resource.Region}
	if res.Resource.Account != "" {
		rs.Owner = &Owner{Account: Account{UID: res.Resource.Account, TypeID: 10, Type: "AWS Account"}}
	}
	for _, k := range sortedKeys(res.Resource.TagMap()) {
		rs.Labels = append(rs.Labels, k+"="+res.Resource.TagMap()[k])
	}
	e.Resources = []Resource{rs}
	if s := c.Remediation.Summary; s != "" {
		e.Remediation = &Remediation{Desc: s}
	}
	for _, ev := range res.Evidence {
		s := ev.Summary
		if where := ev.Prov().String(); where != "" {
			s += " @ " + where
		}
		e.Unmapped.Evidence = append(e.Unmapped.Evidence, s)
	}
	if l := res.Location(); !l.IsZero() {
		e.Unmapped.File, e.Unmapped.Line = l.File, l.Start.Line
	} else {
		e.Unmapped.APICall = res.Origin().APICall
	}
	return e
}

func compliance(res *control.Result) Compliance {
	c := res.Control
	out := Compliance{Control: c.ID, Standards: []string{}, Requirements: []string{}, StatusDetail: res.Reason}
	for _, fw := range sortedKeys(c.Frameworks) {
		out.Standards = append(out.Standards, fw)
		ids := append([]string(nil), c.Frameworks[fw]...)
		sort.Strings(ids)
		for _, id := range ids {
			out.Requirements = append(out.Requirements, fw+":"+id)
		}
	}
	switch res.Outcome {
	case control.Pass:
		out.StatusID, out.Status = 1, "Pass"
	case control.Fail:
		out.StatusID, out.Status = 3, "Fail"
	case control.Unknown:
		out.StatusID, out.Status = 0, "Unknown"
	default:
		out.StatusID, out.Status = 99, "Not Applicable"
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

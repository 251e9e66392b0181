package responsibility

import (
	"sort"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
)

// Matrix is the responsibility matrix of one estate: a row per service in
// use, a cell per layer. Its shape is a shared contract (RULES.md): report
// formats render it.
type Matrix struct {
	CatalogueDate string   `json:"catalogue_date"`
	Layers        []string `json:"layers"`
	Rows          []Row    `json:"rows"`
}

// Row is one service.
type Row struct {
	Service   string `json:"service"`
	Name      string `json:"name"`
	Model     string `json:"model"`
	Resources int    `json:"resources"`
	Cells     []Cell `json:"cells"`
}

// Cell is one layer of one service.
type Cell struct {
	Layer string `json:"layer"`
	// Owner is "AWS", "customer" or "shared".
	Owner string `json:"owner"`
	// Attestations cover AWS-owned and shared cells.
	Attestations  []string `json:"attestations,omitempty"`
	Pass          int      `json:"pass"`
	Fail          int      `json:"fail"`
	Unknown       int      `json:"unknown"`
	NotApplicable int      `json:"not_applicable"`
	// Manual lists customer duties of the cell that no automated control
	// checks; they are never counted as PASS.
	Manual []ManualItem `json:"manual,omitempty"`
}

// ManualItem is a customer duty that only a person can evidence.
type ManualItem struct {
	Item string `json:"item"`
	// Status is "manual" (nothing evidences it) or "attested" (an
	// unexpired attestation in .onus.yaml names an owner for it).
	Status      string `json:"status"`
	Owner       string `json:"owner,omitempty"`
	EvidenceURL string `json:"evidence_url,omitempty"`
	Expires     string `json:"expires,omitempty"`
}

// Manual item statuses.
const (
	StatusManual   = "manual"
	StatusAttested = "attested"
)

// Attestation is a customer's statement that a manual duty is met, as read
// from .onus.yaml.
type Attestation struct {
	// Item names what is attested: a manual item's text, "service/layer"
	// for one cell, or a layer name for that layer of every service.
	Item        string
	Owner       string
	EvidenceURL string
	// Expires is a date (YYYY-MM-DD); empty means no expiry.
	Expires string
}

// Duty is a manual customer duty for one service and layer.
type Duty struct {
	Service, Layer, Item string
}

// Input is what the matrix is built from.
type Input struct {
	Estate *model.Estate
	// Results of the scan; Skip marks results (by index) not to count,
	// e.g. suppressed ones.
	Results control.Results
	Skip    func(i int) bool
	// Controls is the catalogue that ran; a customer cell with a control
	// in it is automated, one without is manual.
	Controls []*control.Control
	// Duties are manual duties from the control catalogue; a customer or
	// shared cell without controls and without a listed duty gets a
	// generic duty for its layer.
	Duties       []Duty
	Attestations []Attestation
	// Now decides whether an attestation has expired.
	Now time.Time
}

// layerDuty is what the customer does on a layer when no control checks it.
var layerDuty = map[string]string{
	"guest-os":               "patch and harden the guest OS (OS firewall, anti-malware, CIS image)",
	"platform":               "choose supported engine/runtime versions and apply updates",
	"application":            "secure development: code review, SAST/DAST, dependency updates",
	"network-config":         "restrict network access (security groups, NACLs, endpoints)",
	"identity-access":        "least-privilege access policies and credential hygiene",
	"data-protection":        "classify data; encrypt at rest and in transit; manage keys",
	"secrets":                "keep secrets out of configuration; use a secret store",
	"backup-resilience":      "back up data and test restores",
	"logging-monitoring":     "enable logs and alert on security events",
	"compliance-attestation": "evidence the customer's own controls to auditors",
}

// Build makes the matrix for the services the estate uses (or that have
// results), rows sorted by service key.
func Build(in Input) Matrix {
	m := Matrix{CatalogueDate: CatalogueDate, Layers: append([]string(nil), control.Layers...)}
	used := map[string]int{}
	if in.Estate != nil {
		for k, n := range in.Estate.ServiceCounts() {
			used[k] = n
		}
	}
	type key struct{ svc, layer string }
	counts := map[key]*Cell{}
	for i, r := range in.Results.All() {
		if r.Control == nil || (in.Skip != nil && in.Skip(i)) {
			continue
		}
		// A service the estate has no resources of still gets a row when
		// its controls judged something (an account-wide duty such as a
		// CloudWatch alarm the code should declare); all-N/A rows are noise.
		if _, ok := used[r.Control.Service]; !ok && r.Outcome != control.NotApplicable {
			used[r.Control.Service] = 0
		}
		k := key{r.Control.Service, r.Control.Layer}
		c := counts[k]
		if c == nil {
			c = &Cell{}
			counts[k] = c
		}
		switch r.Outcome {
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
	automated := map[key]bool{}
	for _, c := range in.Controls {
		automated[key{c.Service, c.Layer}] = true
	}
	duties := map[key][]string{}
	for _, d := range in.Duties {
		k := key{d.Service, d.Layer}
		duties[k] = append(duties[k], d.Item)
	}

	svcs := make([]string, 0, len(used))
	for s := range used {
		svcs = append(svcs, s)
	}
	sort.Strings(svcs)
	for _, s := range svcs {
		svc, ok := Lookup(s)
		if !ok {
			// A control names a service the catalogue lacks: show it
			// rather than hide its results, with every layer unowned.
			svc = Service{Key: s, Name: s, Model: "unclassified", Owners: map[string]string{}}
		}
		row := Row{Service: s, Name: svc.Name, Model: svc.Model, Resources: used[s]}
		for _, l := range m.Layers {
			cell := Cell{Layer: l, Owner: svc.Owners[l]}
			if c := counts[key{s, l}]; c != nil {
				cell.Pass, cell.Fail, cell.Unknown, cell.NotApplicable = c.Pass, c.Fail, c.Unknown, c.NotApplicable
			}
			if cell.Owner == AWS || cell.Owner == Shared {
				cell.Attestations = append([]string(nil), svc.Attestations...)
			}
			// A duty stays manual where no control covers it, or where
			// every control answered NOT_APPLICABLE (nothing could be
			// judged from this source, e.g. guest-OS patching from code).
			judged := cell.Pass+cell.Fail+cell.Unknown > 0
			if (cell.Owner == Customer || cell.Owner == Shared) && (!automated[key{s, l}] || !judged) {
				// "*" duties (training, incident response) belong to every service.
				items := append(append([]string(nil), duties[key{s, l}]...), duties[key{"*", l}]...)
				if len(items) == 0 && layerDuty[l] != "" {
					items = []string{layerDuty[l]}
				}
				for _, it := range items {
					cell.Manual = append(cell.Manual, attest(s, l, it, in.Attestations, in.Now))
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// attest finds the first unexpired attestation for a manual item. An
// expired one leaves the item manual but keeps its owner and date so the
// reader sees what lapsed.
func attest(svc, layer, item string, as []Attestation, now time.Time) ManualItem {
	mi := ManualItem{Item: item, Status: StatusManual}
	for _, a := range as {
		if !matches(a.Item, svc, layer, item) {
			continue
		}
		if expired(a.Expires, now) {
			if mi.Owner == "" {
				mi.Owner, mi.EvidenceURL, mi.Expires = a.Owner, a.EvidenceURL, a.Expires
			}
			continue
		}
		return ManualItem{Item: item, Status: StatusAttested, Owner: a.Owner, EvidenceURL: a.EvidenceURL, Expires: a.Expires}
	}
	return mi
}

func matches(pattern, svc, layer, item string) bool {
	p := strings.TrimSpace(pattern)
	return strings.EqualFold(p, item) || strings.EqualFold(p, svc+"/"+layer) || strings.EqualFold(p, layer)
}

// expired: a date that cannot be parsed counts as expired, so a typo never
// silently extends an attestation.
func expired(date string, now time.Time) bool {
	if date == "" {
		return false
	}
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return true
	}
	// The attestation holds through the whole expiry day.
	return !now.Before(t.AddDate(0, 0, 1))
}

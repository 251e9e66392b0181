package control

import (
	"bufio"
	"embed"
	"sort"
	"strconv"
	"strings"
)

// Framework identifiers used as keys of Control.Frameworks. The version is
// part of the key because a mapping is only true for the version it was
// made against.
const (
	CISAWS  = "cis-aws-7.0.0"
	FSBP    = "fsbp"
	PCIDSS  = "pci-dss-4.0"
	HIPAA   = "hipaa"
	SOC2    = "soc2"
	ISO2022 = "iso27001-2022"
	NIST    = "nist-800-53-r5"
)

// Framework describes one framework onus maps controls to.
type Framework struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Frameworks lists the frameworks onus knows, in display order.
func Frameworks() []Framework {
	return []Framework{
		{CISAWS, "CIS Amazon Web Services Foundations Benchmark v7.0.0"},
		{FSBP, "AWS Foundational Security Best Practices"},
		{PCIDSS, "PCI DSS v4.0"},
		{HIPAA, "HIPAA Security Rule (45 CFR 164)"},
		{SOC2, "SOC 2 Trust Services Criteria (2017)"},
		{ISO2022, "ISO/IEC 27001:2022 Annex A"},
		{NIST, "NIST SP 800-53 Rev. 5"},
	}
}

// KnownFramework reports whether id is one of Frameworks.
func KnownFramework(id string) bool {
	for _, f := range Frameworks() {
		if f.ID == id {
			return true
		}
	}
	return false
}

// ForFramework returns the controls that map to framework fw, ordered by
// their first requirement in that framework (CIS numbers compare
// numerically: 2.10 after 2.9), then by control ID.
func ForFramework(cs []*Control, fw string) []*Control {
	var out []*Control
	for _, c := range cs {
		if len(c.Frameworks[fw]) > 0 {
			out = append(out, c)
		}
	}
	first := func(c *Control) string {
		ids := append([]string(nil), c.Frameworks[fw]...)
		sort.Slice(ids, func(i, j int) bool { return CompareRequirementIDs(ids[i], ids[j]) < 0 })
		return ids[0]
	}
	sort.SliceStable(out, func(i, j int) bool {
		if d := CompareRequirementIDs(first(out[i]), first(out[j])); d != 0 {
			return d < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// CompareRequirementIDs orders requirement ids part by part, numerically
// where both parts are numbers ("2.9" < "2.10", "EC2.9" < "EC2.10").
func CompareRequirementIDs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil:
			if na != nb {
				if na < nb {
					return -1
				}
				return 1
			}
		case pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}

//go:embed reference/*.tsv
var reference embed.FS

// Requirement is one recommendation of a benchmark, as published.
type Requirement struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Assessment is the benchmark's own "automated" or "manual" (CIS), or
	// the severity (FSBP).
	Assessment string   `json:"assessment,omitempty"`
	Profile    string   `json:"profile,omitempty"`
	Services   []string `json:"services,omitempty"`
}

// Requirements returns the published requirements of fw in benchmark
// order; nil for frameworks onus maps to without carrying their list.
func Requirements(fw string) []Requirement {
	var file string
	switch fw {
	case CISAWS:
		file = "reference/cis-aws-7.0.0.tsv"
	case FSBP:
		file = "reference/fsbp.tsv"
	default:
		return nil
	}
	f, err := reference.Open(file)
	if err != nil {
		return nil // embedded at build time; cannot fail
	}
	defer f.Close()
	var out []Requirement
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		for len(cols) < 5 {
			cols = append(cols, "")
		}
		r := Requirement{ID: cols[0], Title: cols[1]}
		switch fw {
		case CISAWS:
			r.Assessment, r.Profile, r.Services = cols[2], cols[3], strings.Split(cols[4], ",")
		case FSBP:
			r.Assessment, r.Services = strings.ToLower(cols[2]), []string{cols[3]}
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return CompareRequirementIDs(out[i].ID, out[j].ID) < 0 })
	return out
}

// Section is a heading of a framework's structure.
type Section struct {
	Number string `json:"number"`
	Title  string `json:"title"`
}

func cisSections() []Section {
	return []Section{
		{"2", "Identity and Access Management"},
		{"2.1", "AWS Organizations"},
		{"3", "Storage"},
		{"3.1", "Simple Storage Service (S3)"},
		{"3.2", "Relational Database Service (RDS)"},
		{"3.3", "Elastic File System (EFS)"},
		{"4", "Logging"},
		{"5", "Monitoring"},
		{"6", "Networking"},
		{"6.1", "Elastic Compute Cloud (EC2)"},
	}
}

// SectionOf returns the top-level section of a requirement and, for CIS,
// the subsection under it when there is one ("3.2.1" -> 3 Storage, 3.2
// RDS). For FSBP the section is the service prefix ("EC2.8" -> EC2).
func SectionOf(fw, req string) (top, sub Section) {
	switch fw {
	case CISAWS:
		for _, s := range cisSections() {
			if !strings.HasPrefix(req, s.Number+".") {
				continue
			}
			if strings.Contains(s.Number, ".") {
				sub = s
			} else {
				top = s
			}
		}
	case FSBP:
		if i := strings.IndexByte(req, '.'); i > 0 {
			top = Section{Number: req[:i], Title: req[:i]}
		}
	}
	return top, sub
}

// RequirementControls is one requirement with the controls that map to it.
type RequirementControls struct {
	Requirement
	// Subsection is the CIS subsection (e.g. 3.2 RDS), zero when the
	// requirement sits directly under its section.
	Subsection Section    `json:"subsection,omitzero"`
	Controls   []*Control `json:"controls"`
}

// SectionControls is one section of a framework with its requirements.
type SectionControls struct {
	Section
	Requirements []RequirementControls `json:"requirements"`
}

// Sections lays the controls out in fw's structure: every published
// requirement (also those no control covers) in benchmark order under its
// section. For frameworks without a carried list, the requirements are the
// ids the controls map to.
func Sections(cs []*Control, fw string) []SectionControls {
	reqs := Requirements(fw)
	if reqs == nil {
		seen := map[string]bool{}
		for _, c := range cs {
			for _, id := range c.Frameworks[fw] {
				if !seen[id] {
					seen[id] = true
					reqs = append(reqs, Requirement{ID: id})
				}
			}
		}
		sort.Slice(reqs, func(i, j int) bool { return CompareRequirementIDs(reqs[i].ID, reqs[j].ID) < 0 })
	}
	byReq := map[string][]*Control{}
	for _, c := range ForFramework(cs, fw) {
		for _, id := range c.Frameworks[fw] {
			byReq[id] = append(byReq[id], c)
		}
	}
	var out []SectionControls
	for _, r := range reqs {
		top, sub := SectionOf(fw, r.ID)
		if len(out) == 0 || out[len(out)-1].Number != top.Number {
			out = append(out, SectionControls{Section: top})
		}
		last := &out[len(out)-1]
		last.Requirements = append(last.Requirements, RequirementControls{Requirement: r, Subsection: sub, Controls: byReq[r.ID]})
	}
	return out
}

// ResultsForFramework keeps the results of controls that map to fw.
func ResultsForFramework(rs []Result, fw string) []Result {
	var out []Result
	for _, r := range rs {
		if r.Control != nil && len(r.Control.Frameworks[fw]) > 0 {
			out = append(out, r)
		}
	}
	return out
}

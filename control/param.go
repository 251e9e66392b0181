package control

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// Param is a threshold a control judges against that the user may set in
// .onus.yaml (parameters:), as Security Hub lets its users set custom
// control parameters: an organisation whose policy is rotation every 30
// days wants that policy judged, not the catalogue's default of 90.
//
// A control package declares each Param once, as literal data, lists it in
// its Control's Params (for validation, `onus controls explain` and the
// docs) and reads it in Check with Value (one number) or Values (a list).
type Param struct {
	// Control is the ID of the control the parameter belongs to.
	Control string `json:"-"`
	// Name is the key in .onus.yaml, in snake_case.
	Name string `json:"name"`
	// Summary says what the number means, and names the Security Hub or
	// CIS parameter it corresponds to when there is one.
	Summary string `json:"summary"`
	// Unit is what the number counts ("days", "characters", "port").
	Unit string `json:"unit"`
	// Default is the value of a one-number parameter.
	Default int `json:"default,omitempty"`
	// List marks a parameter that is a list of numbers (ports), with
	// DefaultList as its default; each number must be in [Min, Max], and
	// the list may be empty.
	List        bool  `json:"list,omitempty"`
	DefaultList []int `json:"default_list,omitempty"`
	// Min and Max bound what the user may set: a value outside them
	// would make the control meaningless (a rotation period of 0 days).
	Min int `json:"min"`
	Max int `json:"max"`
	// Accepted, when set, are the only values AWS takes for the setting
	// (CloudWatch Logs retention: 1, 3, 5, 7, 14, ... days). A user may
	// judge against any number in range, but remediation snippets suggest
	// the smallest accepted value at or above it, since AWS rejects others.
	Accepted []int `json:"-"`
}

// Values is the parameter's value in this scan and whether the user set
// it; a user's value comes with its provenance (the config line). A
// one-number parameter is a list of one.
func (p Param) Values(e *model.Estate) (ns []int, custom bool, prov source.Prov) {
	if v, ok := e.Settings.Param(p.Control, p.Name); ok {
		if ns, ok := v.Get(); ok && (p.List || len(ns) == 1) {
			return ns, true, v.Prov()
		}
	}
	return p.Defaults(), false, source.Prov{}
}

// Value is a one-number parameter's value, as Values.
func (p Param) Value(e *model.Estate) (n int, custom bool, prov source.Prov) {
	ns, custom, prov := p.Values(e)
	if len(ns) == 0 {
		return p.Default, false, source.Prov{}
	}
	return ns[0], custom, prov
}

// Defaults is the default as a list.
func (p Param) Defaults() []int {
	if p.List {
		return p.DefaultList
	}
	return []int{p.Default}
}

// Limit is the value and a short phrase naming it for reasons: "30 days",
// or "14 days, max_days set in .onus.yaml" when the user chose it, so a
// FAIL against a stricter policy than the default is not a surprise.
func (p Param) Limit(e *model.Estate) (int, string) {
	n, custom, prov := p.Value(e)
	return n, fmt.Sprintf("%d %s", n, p.Unit) + p.setIn(custom, prov)
}

// ListLimit is Limit for a list parameter: "80, 443" or "80, 443, 8443
// (authorized_tcp_ports set in .onus.yaml)".
func (p Param) ListLimit(e *model.Estate) ([]int, string) {
	ns, custom, prov := p.Values(e)
	s := Join(ns)
	if custom {
		s += " (" + strings.TrimPrefix(p.setIn(custom, prov), ", ") + ")"
	}
	return ns, s
}

func (p Param) setIn(custom bool, prov source.Prov) string {
	if !custom {
		return ""
	}
	where := prov.Loc.File
	if where == "" {
		where = "the configuration"
	}
	return ", " + p.Name + " set in " + where
}

// Evidence cites the user's setting, so a result judged against it shows
// where the threshold came from; false when the default applies.
func (p Param) Evidence(e *model.Estate) (Evidence, bool) {
	ns, custom, prov := p.Values(e)
	if !custom {
		return Evidence{}, false
	}
	return Ev(fmt.Sprintf("parameter %s = %s (default %s)", p.Name, Join(ns), Join(p.Defaults())), prov), true
}

// Check reports whether ns is a value the user may set: one number for a
// one-number parameter, any number of them for a list, each in range.
func (p Param) Check(ns []int) error {
	if !p.List && len(ns) != 1 {
		return fmt.Errorf("%s of %s takes one number, not a list", p.Name, p.Control)
	}
	for _, n := range ns {
		switch {
		case p.List && (n < p.Min || n > p.Max):
			return fmt.Errorf("every number of %s of %s must be between %d and %d, not %d", p.Name, p.Control, p.Min, p.Max, n)
		case n < p.Min || n > p.Max:
			return fmt.Errorf("%s of %s must be between %d and %d %s, not %d", p.Name, p.Control, p.Min, p.Max, p.Unit, n)
		}
	}
	return nil
}

// Join writes numbers as "80, 443, 1020-1025": runs of three or more
// consecutive numbers as a range, so a port range a user wrote reads back
// as written ("none" for an empty list).
func Join(ns []int) string {
	if len(ns) == 0 {
		return "none"
	}
	var s []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			s = append(s, strconv.Itoa(ns[i])+"-"+strconv.Itoa(ns[j]))
		case j == i+1:
			s = append(s, strconv.Itoa(ns[i]), strconv.Itoa(ns[j]))
		default:
			s = append(s, strconv.Itoa(ns[i]))
		}
		i = j + 1
	}
	return strings.Join(s, ", ")
}

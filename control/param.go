package control

import (
	"fmt"

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
// docs) and reads it in Check with Value.
type Param struct {
	// Control is the ID of the control the parameter belongs to.
	Control string `json:"-"`
	// Name is the key in .onus.yaml, in snake_case.
	Name string `json:"name"`
	// Summary says what the number means, and names the Security Hub or
	// CIS parameter it corresponds to when there is one.
	Summary string `json:"summary"`
	// Unit is what the number counts ("days", "characters").
	Unit    string `json:"unit"`
	Default int    `json:"default"`
	// Min and Max bound what the user may set: a value outside them
	// would make the control meaningless (a rotation period of 0 days).
	Min int `json:"min"`
	Max int `json:"max"`
}

// Value is the parameter's value in this scan and whether the user set
// it; a user's value comes with its provenance (the config line).
func (p Param) Value(e *model.Estate) (n int, custom bool, prov source.Prov) {
	if v, ok := e.Settings.Param(p.Control, p.Name); ok {
		if n, ok := v.Get(); ok {
			return n, true, v.Prov()
		}
	}
	return p.Default, false, source.Prov{}
}

// Limit is the value and a short phrase naming it for reasons: "30 days",
// or "14 days, set in .onus.yaml" when the user chose it, so a FAIL
// against a stricter policy than the default is not a surprise.
func (p Param) Limit(e *model.Estate) (int, string) {
	n, custom, prov := p.Value(e)
	s := fmt.Sprintf("%d %s", n, p.Unit)
	if custom {
		where := prov.Loc.File
		if where == "" {
			where = "the configuration"
		}
		s += ", " + p.Name + " set in " + where
	}
	return n, s
}

// Evidence cites the user's setting, so a result judged against it shows
// where the threshold came from; false when the default applies.
func (p Param) Evidence(e *model.Estate) (Evidence, bool) {
	n, custom, prov := p.Value(e)
	if !custom {
		return Evidence{}, false
	}
	return Ev(fmt.Sprintf("parameter %s = %d (default %d)", p.Name, n, p.Default), prov), true
}

// Check reports whether n is a value the user may set.
func (p Param) Check(n int) error {
	if n < p.Min || n > p.Max {
		return fmt.Errorf("%s of %s must be between %d and %d %s, not %d", p.Name, p.Control, p.Min, p.Max, p.Unit, n)
	}
	return nil
}

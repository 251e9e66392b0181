package model

import (
	"reflect"

	"github.com/onus-sec/onus/source"
)

// Settings are the user's choices (from .onus.yaml) that some controls
// judge against. They describe intent, not the estate.
type Settings struct {
	// AMIAllowList is the list of approved (hardened) AMI ids; an entry may
	// use * and ? wildcards ("ami-0abc*"). Leave it the zero Value when
	// nothing is configured (the AMI control is then NOT_APPLICABLE); set
	// it Unknown with a reason when the configuration could not be read.
	AMIAllowList source.Value[[]string] `json:"ami_allow_list"`
	// TrustedAccounts are accounts the user owns or fully trusts (their
	// organisation's): a role trusted by one of them is not a third-party
	// confused-deputy risk. The zero Value when nothing is configured.
	TrustedAccounts source.Value[[]string] `json:"trusted_accounts,omitzero"`
	// Params are the control parameters the user set (thresholds such as
	// a number of days, or a list of ports), by control ID then parameter
	// name, each known with the config line as provenance; a one-number
	// parameter is a list of one. Absent means the default.
	Params map[string]map[string]source.Value[[]int] `json:"params,omitempty"`
}

// Param is the user's value of a control parameter, if they set one.
func (s *Settings) Param(control, name string) (source.Value[[]int], bool) {
	v, ok := s.Params[control][name]
	return v, ok
}

// merge keeps the first configured value of each setting.
func (s *Settings) merge(o Settings) {
	if Unset(s.AMIAllowList) {
		s.AMIAllowList = o.AMIAllowList
	}
	if Unset(s.TrustedAccounts) {
		s.TrustedAccounts = o.TrustedAccounts
	}
	if s.Params == nil {
		s.Params = o.Params
	}
}

// Unset reports whether a setting was left at its zero Value (not
// configured), as opposed to configured or configured-but-unreadable.
func Unset[T any](v source.Value[T]) bool { return reflect.ValueOf(v).IsZero() }

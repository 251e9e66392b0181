package config

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/responsibility"
)

// Apply marks the report's suppressed results: inline ignores written next
// to resources in code, then the config's suppressions (c may be nil).
// Expired config suppressions do not apply and are listed in r.Expired;
// inline ignores without a reason do not apply and produce a warning.
// now is passed in so expiry is testable and one scan uses one clock.
func Apply(r *report.Report, c *Config, now time.Time) {
	if r.Suppressed == nil {
		r.Suppressed = map[int]report.Suppression{}
	}
	warned := map[string]bool{}
	for i, res := range r.Results.All() {
		if res.Control == nil {
			continue
		}
		for _, ig := range res.Resource.Ignores {
			if !glob(ig.Control, res.Control.ID) {
				continue
			}
			where := ig.Loc.String()
			key := where + "\x00" + ig.Control
			if ig.Expires != "" {
				until, err := ParseExpiry(ig.Expires)
				if err != nil {
					if !warned[key] {
						warned[key] = true
						r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{Severity: diag.Warning,
							Summary: fmt.Sprintf("inline ignore of %s is not applied: %v", ig.Control, err),
							Subject: ig.Loc})
					}
					continue
				}
				if !now.Before(until) {
					if !warned[key] {
						warned[key] = true
						r.Expired = append(r.Expired, report.ExpiredSuppression{Control: ig.Control, Resource: res.Resource.Address,
							Reason: ig.Reason, Expires: ig.Expires, Where: where, Source: "inline"})
					}
					continue
				}
			}
			if ig.Reason == "" {
				if !warned[key] {
					warned[key] = true
					r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{Severity: diag.Warning,
						Summary: fmt.Sprintf("inline ignore of %s has no reason and is not applied", ig.Control),
						Detail:  "write the reason after the control ID: # onus:ignore:" + ig.Control + " <reason>",
						Subject: ig.Loc})
				}
				continue
			}
			r.Suppressed[i] = report.Suppression{Reason: ig.Reason, Source: "inline", Expires: ig.Expires, Where: where}
			break
		}
	}
	if c == nil {
		return
	}
	name := filepath.Base(c.Path)
	for _, s := range c.Suppressions {
		where := fmt.Sprintf("%s:%d", name, s.Line)
		if !s.Until.IsZero() && !now.Before(s.Until) {
			r.Expired = append(r.Expired, report.ExpiredSuppression{Control: s.Control, Resource: s.Resource,
				Reason: s.Reason, Expires: s.Expires, Where: where, Source: "config"})
			continue
		}
		for i, res := range r.Results.All() {
			if _, done := r.Suppressed[i]; done || res.Control == nil {
				continue
			}
			if s.Matches(res) {
				r.Suppressed[i] = report.Suppression{Reason: s.Reason, Source: "config", Expires: s.Expires, Where: where}
			}
		}
	}
}

// Matches reports whether the suppression covers the result.
func (s *Suppression) Matches(res *control.Result) bool {
	if res.Control == nil || !glob(s.Control, res.Control.ID) {
		return false
	}
	if s.Resource != "" && !glob(s.Resource, res.Resource.Address) && !glob(s.Resource, res.Resource.ARN) {
		return false
	}
	if s.Account != "" && !glob(s.Account, res.Resource.Account) {
		return false
	}
	if s.Region != "" && !glob(s.Region, res.Resource.Region) {
		return false
	}
	for k, want := range s.Tags {
		got, ok := res.Resource.TagMap()[k]
		if !ok || !glob(want, got) {
			return false
		}
	}
	return true
}

// glob matches s against a pattern where * is any run of characters
// (slashes and colons included, so ARN patterns work) and ? is one.
func glob(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	p, str := []rune(pattern), []rune(s)
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// ResponsibilityAttestations converts the config's attestations for the
// matrix builder, which decides expiry with the scan's clock.
func (c *Config) ResponsibilityAttestations() []responsibility.Attestation {
	if c == nil {
		return nil
	}
	out := make([]responsibility.Attestation, 0, len(c.Attestations))
	for _, a := range c.Attestations {
		out = append(out, responsibility.Attestation{Item: a.Item, Owner: a.Owner, EvidenceURL: a.EvidenceURL, Expires: a.Expires})
	}
	return out
}

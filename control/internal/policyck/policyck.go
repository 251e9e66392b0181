package policyck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// NewMemo is the policy-analysis memo of one control's run on e: every
// control makes its memo here, in the estate's PolicyMemos group, so that
// the controls share the renaming of resource policies and the group
// counts every analysis (the perf guard in bench/cfnscan relies on it).
func NewMemo(e *model.Estate) *iampolicy.Memo {
	return iampolicy.NewMemoIn(e.PolicyMemos)
}

// ARN is the resource's ARN, or a stand-in of the right service and shape
// when the source does not know it (code with computed names). Exposure
// analysis only needs the service and the account to be right.
func ARN(m *base.Meta, service, resource string) string {
	if m.ARN != "" {
		return m.ARN
	}
	if resource == "" {
		resource = "onus-unnamed"
	}
	if service == "s3" {
		return "arn:aws:s3:::" + resource
	}
	region, acct := m.Region, m.Account
	if region == "" {
		region = "us-east-1"
	}
	if acct == "" {
		acct = "111111111111"
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, acct, resource)
}

func ev(summary string, p source.PackedProv) []control.Evidence {
	return []control.Evidence{control.EvAt(summary, p)}
}

// NotPublic judges a resource policy: FAIL when it lets anonymous callers
// or any AWS account act on the resource, PASS when the analysis is complete
// and finds no such grant (or there is no policy), UNKNOWN when the policy
// could not be read or the analysis hit its bound.
func NotPublic(m *base.Meta, v source.Value[*iampolicy.Policy], arn, what string) control.Verdict {
	return NotPublicIn(nil, m, v, arn, what)
}

// NotPublicIn is NotPublic with the analysis answered from memo when an
// earlier resource of the run had the same policy shape (nil: no memo).
func NotPublicIn(memo *iampolicy.Memo, m *base.Meta, v source.Value[*iampolicy.Policy], arn, what string) control.Verdict {
	if vd, ok := EachVariant(v, func(x source.Value[*iampolicy.Policy]) control.Verdict { return NotPublicIn(memo, m, x, arn, what) }); ok {
		return vd
	}
	p, ok := v.Get()
	if !ok {
		return control.Verdict{Outcome: control.Unknown, Reason: what + " is unknown: " + v.Reason(), Evidence: ev(what, v.PackedProv())}
	}
	if p == nil {
		return control.Verdict{Outcome: control.Pass, Reason: "no " + what, Evidence: ev("no "+what, v.PackedProv())}
	}
	x := memo.AnalyzeExposure(p, arn, m.Account)
	if x.Public() {
		var parts []string
		for _, g := range x.Grants {
			if g.Scope != iampolicy.ScopePublic {
				continue
			}
			s := fmt.Sprintf("%s may %s", principal(g.Principal), strings.Join(g.Actions, ", "))
			if len(g.Statements) > 0 {
				s += " (" + strings.Join(g.Statements, ", ") + ")"
			}
			if len(g.Conditions) > 0 {
				s += " under conditions an outsider can meet"
			}
			parts = append(parts, s)
		}
		r := what + " is public: " + strings.Join(parts, "; ")
		return control.Verdict{Outcome: control.Fail, Reason: r, Evidence: ev(r, v.PackedProv())}
	}
	if x.Truncated {
		r := "the analysis of the " + what + " hit its search bound before proving it is not public"
		return control.Verdict{Outcome: control.Unknown, Reason: r, Evidence: ev(r, v.PackedProv())}
	}
	if x.PublicUndecided() {
		r := "whether the " + what + " is public depends on values not known before apply: " + strings.Join(iampolicy.Placeholders(p), ", ")
		return control.Verdict{Outcome: control.Unknown, Reason: r, Evidence: ev(r, v.PackedProv())}
	}
	r := what + " grants nothing to anonymous callers or arbitrary AWS accounts"
	if x.CrossAccount() {
		var accts []string
		for _, g := range x.Grants {
			if g.Scope == iampolicy.ScopeCrossAccount {
				accts = append(accts, g.Principal)
			}
		}
		sort.Strings(accts)
		r += " (named other accounts: " + strings.Join(accts, ", ") + ")"
	}
	return control.Verdict{Outcome: control.Pass, Reason: r, Evidence: ev(r, v.PackedProv())}
}

func principal(p string) string {
	if p == "*" || p == "" {
		return "anyone"
	}
	return p
}

// Denies judges a required explicit deny (e.g. non-TLS requests): PASS
// when the analysis proves the policy denies every such request, FAIL with
// a counterexample when it does not, UNKNOWN when the policy could not be
// read or the search was incomplete. A missing policy fails.
func Denies(v source.Value[*iampolicy.Policy], missing string, f func(*iampolicy.Policy) iampolicy.Verdict) control.Verdict {
	if vd, ok := EachVariant(v, func(x source.Value[*iampolicy.Policy]) control.Verdict { return Denies(x, missing, f) }); ok {
		return vd
	}
	p, ok := v.Get()
	if !ok {
		return control.Verdict{Outcome: control.Unknown, Reason: "the policy is unknown: " + v.Reason(), Evidence: ev("policy", v.PackedProv())}
	}
	if p == nil {
		r := "no policy, so nothing denies " + missing
		return control.Verdict{Outcome: control.Fail, Reason: r, Evidence: ev(r, v.PackedProv())}
	}
	vd := f(p)
	switch {
	case vd.Holds:
		r := "the policy denies " + missing
		if len(vd.Statements) > 0 {
			r += " (" + strings.Join(vd.Statements, ", ") + ")"
		}
		return control.Verdict{Outcome: control.Pass, Reason: r, Evidence: ev(r, v.PackedProv())}
	case vd.Incomplete && len(vd.Placeholders) > 0:
		r := "whether the policy denies " + missing + " depends on values known only at deployment: " + strings.Join(vd.Placeholders, ", ")
		return control.Verdict{Outcome: control.Unknown, Reason: r, Evidence: ev(r, v.PackedProv())}
	case vd.Incomplete:
		r := "the analysis hit its search bound before proving the policy denies " + missing
		return control.Verdict{Outcome: control.Unknown, Reason: r, Evidence: ev(r, v.PackedProv())}
	}
	r := "the policy does not deny " + missing
	if c := vd.Counterexample; c != nil {
		r += fmt.Sprintf(": e.g. %s on %s by %s is not denied", c.Action, probeResource(c.Resource), principal(c.Principal))
	}
	return control.Verdict{Outcome: control.Fail, Reason: r, Evidence: ev(r, v.PackedProv())}
}

// probeResource names a counterexample's resource: the analyses probe an
// object (<bucket>/onus-probe-object) and the bucket itself, and a policy
// that covers only one of them fails on the other, so the reason says which.
func probeResource(r string) string {
	if strings.HasSuffix(r, "/onus-probe-object") {
		return "an object"
	}
	if strings.HasPrefix(r, "arn:aws:s3:::") && !strings.Contains(r, "/") {
		return "the bucket itself"
	}
	return r
}

// EachVariant judges a policy that is one of several documents once
// deployed (iampolicy.Policy.Variants) by judging each: the outcome is
// kept when every document gives it, and is UNKNOWN naming what the
// documents depend on when they differ. ok is false when v has no
// variants.
func EachVariant(v source.Value[*iampolicy.Policy], judge func(source.Value[*iampolicy.Policy]) control.Verdict) (control.Verdict, bool) {
	p, ok := v.Get()
	if !ok || p == nil || len(p.Variants) == 0 {
		return control.Verdict{}, false
	}
	var first control.Verdict
	var order []control.Outcome
	by := map[control.Outcome][]string{}
	why := map[control.Outcome]string{}
	for i, x := range p.Variants {
		vd := judge(source.Known(x.Policy, v.Prov()))
		if i == 0 {
			first = vd
		}
		if _, seen := by[vd.Outcome]; !seen {
			order = append(order, vd.Outcome)
			why[vd.Outcome] = vd.Reason
		}
		by[vd.Outcome] = append(by[vd.Outcome], x.Label)
	}
	if len(order) == 1 {
		first.Reason = fmt.Sprintf("the same for each of the %d documents the policy may be (%s); with %s: %s",
			len(p.Variants), p.VariantsOf, p.Variants[0].Label, first.Reason)
		return first, true
	}
	var parts []string
	for _, o := range order {
		l := by[o]
		s := fmt.Sprintf("%s with %s", o, l[0])
		if len(l) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(l)-1)
		}
		parts = append(parts, s+": "+why[o])
	}
	r := "the outcome depends on " + p.VariantsOf + ", known only at deployment: " + strings.Join(parts, "; ")
	return control.Verdict{Outcome: control.Unknown, Reason: r, Evidence: ev(r, v.PackedProv())}, true
}

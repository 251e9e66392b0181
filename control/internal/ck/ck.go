package ck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Res is any modelled resource (every model struct embeds base.Meta).
type Res interface{ M() *base.Meta }

// Each judges every resource with f and collects the results.
func Each[R Res](rs []R, f func(r R, b control.Builder) control.Result) []control.Result {
	out := make([]control.Result, 0, len(rs))
	for _, r := range rs {
		out = append(out, f(r, control.On(r.M())))
	}
	return out
}

// Per judges every resource with a verdict function: the shape of almost
// every per-resource Check, kept here so service packages need no private
// copy of the walk.
func Per[R Res](rs []R, f func(R) control.Verdict) []control.Result {
	return Each(rs, func(r R, b control.Builder) control.Result { return b.Result(f(r)) })
}

// BoolCheck is the whole Check of a control that judges one boolean setting
// on every resource of a kind (list picks them out of the estate, get reads
// the setting) with Bool. Such controls differ only in their data, so they
// share one walk instead of each spelling out the same closure.
func BoolCheck[R Res](list func(*model.Estate) []R, get func(R) source.Value[bool], want bool, what string) func(*model.Estate) []control.Result {
	return func(e *model.Estate) []control.Result {
		is := BoolOf(want, what)
		return Per(list(e), func(r R) control.Verdict { return is.Judge(get(r)) })
	}
}

// IsCode reports whether the resource was read from infrastructure code,
// where values only the live API knows (sharing, state, last use) never
// appear.
func IsCode(m *base.Meta) bool {
	return m.Source == source.Terraform || m.Source == source.CloudFormation
}

// Ev is evidence naming a setting and its provenance.
func Ev[T any](what string, v source.Value[T]) control.Evidence {
	return control.EvAt(what, v.PackedProv())
}

// Unknown is the verdict for a value that could not be read.
func Unknown[T any](v source.Value[T], what string) control.Verdict {
	return control.Verdict{Outcome: control.Unknown, Reason: what + " is unknown: " + v.Reason(),
		Evidence: []control.Evidence{Ev(what, v)}}
}

// V builds a verdict with one piece of evidence at p.
func V(o control.Outcome, reason string, p source.Prov) control.Verdict {
	return control.Verdict{Outcome: o, Reason: reason, Evidence: []control.Evidence{control.Ev(reason, p)}}
}

// Judge turns a tri-state value into a verdict: UNKNOWN with the value's
// reason when it could not be read, else PASS or FAIL as f decides, with
// f's description as the reason.
func Judge[T any](v source.Value[T], what string, f func(T) (bool, string)) control.Verdict {
	x, ok := v.Get()
	if !ok {
		return Unknown(v, what)
	}
	pass, desc := f(x)
	o := control.Fail
	if pass {
		o = control.Pass
	} else if note := v.Note(); note != "" {
		// The code left the setting to a default it does not show: say
		// that rather than state the default as the account's fact.
		desc = note
	}
	return control.Verdict{Outcome: o, Reason: desc, Evidence: []control.Evidence{control.EvAt(desc, v.PackedProv())}}
}

// Bool is a verdict that passes when a boolean setting is known and equal to want.
func Bool(v source.Value[bool], want bool, what string) control.Verdict {
	return Judge(v, what, func(b bool) (bool, string) { return b == want, fmt.Sprintf("%s is %t", what, b) })
}

// BoolJudge is Bool for one setting judged on many resources: its two
// reasons are made once, so the results of a whole estate share them
// instead of each holding its own copy of "what is true".
type BoolJudge struct {
	want           bool
	what, yes, not string
}

// BoolOf makes the BoolJudge of Bool(_, want, what).
func BoolOf(want bool, what string) BoolJudge {
	return BoolJudge{want: want, what: what, yes: what + " is true", not: what + " is false"}
}

// FlagOf makes the BoolJudge of Flag(_, want, what, ifTrue, ifFalse):
// BoolOf with reasons that say what each state means.
func FlagOf(want bool, what, ifTrue, ifFalse string) BoolJudge {
	return BoolJudge{want: want, what: what, yes: ifTrue, not: ifFalse}
}

// Judge is Bool(v, want, what), or Flag for a FlagOf judge.
func (j BoolJudge) Judge(v source.Value[bool]) control.Verdict {
	return Flag(v, j.want, j.what, j.yes, j.not)
}

// Flag judges a boolean setting like Bool, but says what each state means
// (ifTrue, ifFalse) instead of "what is true": PASS when the value is known
// and equal to want. Many controls wrote this two-branch Judge by hand.
func Flag(v source.Value[bool], want bool, what, ifTrue, ifFalse string) control.Verdict {
	return Judge(v, what, func(b bool) (bool, string) {
		if b {
			return b == want, ifTrue
		}
		return b == want, ifFalse
	})
}

// Present judges a string setting whose presence is the duty (a web ACL,
// a certificate): PASS with present's description of the value when it is
// known and non-empty, FAIL with missing when known and empty.
func Present(v source.Value[string], what, missing string, present func(string) string) control.Verdict {
	return Judge(v, what, func(s string) (bool, string) {
		if s == "" {
			return false, missing
		}
		return true, present(s)
	})
}

// AtLeast is a verdict that passes when a number is known and ≥ min.
func AtLeast(v source.Value[int], min int, what string) control.Verdict {
	return AtLeastLimit(v, min, strconv.Itoa(min), what)
}

// AtLeastLimit is AtLeast with the minimum described by limit, as
// control.Param.Limit describes a user's threshold.
func AtLeastLimit(v source.Value[int], min int, limit, what string) control.Verdict {
	return Judge(v, what, func(n int) (bool, string) {
		if n >= min {
			return true, fmt.Sprintf("%s is %d (at least %s)", what, n, limit)
		}
		return false, fmt.Sprintf("%s is %d (below %s)", what, n, limit)
	})
}

// LiveOnly judges a value that only the live API can provide. When it is
// unknown on a resource read from code, the control does not apply to that
// source (NOT_APPLICABLE, saying so) rather than UNKNOWN; a known value is
// judged wherever it came from.
func LiveOnly[T any](m *base.Meta, v source.Value[T], what string, f func(T) (bool, string)) control.Verdict {
	if _, ok := v.Get(); !ok && IsCode(m) {
		return control.Verdict{Outcome: control.NotApplicable,
			Reason: fmt.Sprintf("%s is not expressed in %s code; only a live scan can read it", what, m.Source)}
	}
	return Judge(v, what, f)
}

// NA is a not-applicable verdict.
func NA(reason string) control.Verdict {
	return control.Verdict{Outcome: control.NotApplicable, Reason: reason}
}

// VAt is V with a packed provenance, e.g. a model value's
// (Value.PackedProv), which the evidence then shares.
func VAt(o control.Outcome, reason string, p source.PackedProv) control.Verdict {
	return control.Verdict{Outcome: o, Reason: reason, Evidence: []control.Evidence{control.EvAt(reason, p)}}
}

// PassAt is Pass with a packed provenance.
func PassAt(reason string, p source.PackedProv) control.Verdict { return VAt(control.Pass, reason, p) }

// FailAt is Fail with a packed provenance.
func FailAt(reason string, p source.PackedProv) control.Verdict { return VAt(control.Fail, reason, p) }

// Pass is a passing verdict with evidence at p.
func Pass(reason string, p source.Prov) control.Verdict { return V(control.Pass, reason, p) }

// Fail is a failing verdict with evidence at p.
func Fail(reason string, p source.Prov) control.Verdict { return V(control.Fail, reason, p) }

// Str returns a known string, lower-cased, or ok=false.
func Str(v source.Value[string]) (string, bool) {
	s, ok := v.Get()
	return strings.ToLower(strings.TrimSpace(s)), ok
}

// AWSManagedKey reports whether a KMS key reference names an AWS managed key
// (alias/aws/...) or is empty, i.e. not a customer managed key.
func AWSManagedKey(id string) bool {
	id = strings.TrimSpace(id)
	return id == "" || strings.HasPrefix(id, "alias/aws/") || strings.Contains(id, ":alias/aws/")
}

// CMK is a verdict that passes when a KMS key reference is known and names
// a customer managed key; empty or alias/aws/... fails as AWS managed.
func CMK(v source.Value[string], what string) control.Verdict {
	return Judge(v, what, func(k string) (bool, string) {
		if AWSManagedKey(k) {
			return false, what + " is the AWS managed key, not a customer managed key"
		}
		return true, what + " is customer managed key " + k
	})
}

package control

import (
	"strings"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// On starts a result about the resource whose header is m.
func On(m *base.Meta) Builder {
	return Builder{ref: m.SharedRef()}
}

// Builder makes results for one resource.
type Builder struct {
	ref *Ref
}

// Ev makes one piece of evidence.
func Ev(summary string, p source.Prov) Evidence {
	return Evidence{Summary: summary, prov: source.Pack(p)}
}

// EvAt makes one piece of evidence whose provenance is packed already,
// e.g. a model value's (Value.PackedProv): no copy of it is made.
func EvAt(summary string, p source.PackedProv) Evidence {
	return Evidence{Summary: summary, prov: p}
}

func (b Builder) make(o Outcome, reason string, ev []Evidence) Result {
	return Result{Resource: b.ref, Outcome: o, Reason: reason, Evidence: ev}
}

// Pass: the duty is met; reason says what was seen.
func (b Builder) Pass(reason string, ev ...Evidence) Result { return b.make(Pass, reason, ev) }

// Fail: the duty is not met; reason is the evidence in words.
func (b Builder) Fail(reason string, ev ...Evidence) Result { return b.make(Fail, reason, ev) }

// Unknown: the evidence could not be read; reason names the missing piece.
func (b Builder) Unknown(reason string, ev ...Evidence) Result { return b.make(Unknown, reason, ev) }

// NA: the control does not apply; reason says why.
func (b Builder) NA(reason string, ev ...Evidence) Result { return b.make(NotApplicable, reason, ev) }

// Bool judges a single boolean setting: PASS when it is known and equal to
// want, FAIL when known and different, UNKNOWN (with the value's reason)
// otherwise. what names the setting for the reason text.
func (b Builder) Bool(v source.Value[bool], want bool, what string) Result {
	got, ok := v.Get()
	if !ok {
		return b.Unknown(what+" is unknown: "+v.Reason(), EvAt(what, v.PackedProv()))
	}
	if got == want {
		return b.Pass(what+" is "+boolWord(got), EvAt(what+" = "+boolWord(got), v.PackedProv()))
	}
	return b.Fail(what+" is "+boolWord(got), EvAt(what+" = "+boolWord(got), v.PackedProv()))
}

func boolWord(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// Verdict is a three-valued partial judgement, for checks that combine
// several pieces of evidence.
type Verdict struct {
	Outcome  Outcome
	Reason   string
	Evidence []Evidence
}

// Combine joins verdicts the way DESIGN.md says: FAIL when any known
// evidence fails; PASS only when all are PASS; otherwise UNKNOWN naming the
// missing pieces. NOT_APPLICABLE verdicts are ignored unless all are.
func Combine(vs ...Verdict) Verdict {
	// One pass finds the outcome that wins (FAIL, then UNKNOWN, then
	// PASS); a second joins the verdicts that have it. Controls combine
	// per resource, so no list of each kind is built.
	var win Outcome
	n, reasonLen, evLen := 0, 0, 0
	for i := range vs {
		v := &vs[i]
		r := combineRank(v.Outcome)
		if r == 0 {
			continue
		}
		if r > combineRank(win) {
			win, n, reasonLen, evLen = v.Outcome, 0, 0, 0
		}
		if v.Outcome == win {
			n++
			reasonLen += len(v.Reason)
			evLen += len(v.Evidence)
		}
	}
	switch {
	case n == 0 && len(vs) > 0:
		return vs[0]
	case n == 0:
		return Verdict{Outcome: Unknown, Reason: "no evidence"}
	}
	out := Verdict{Outcome: win}
	var reason strings.Builder
	if n > 1 {
		reason.Grow(reasonLen + 2*(n-1))
	}
	if evLen > 0 {
		out.Evidence = make([]Evidence, 0, evLen)
	}
	k := 0
	for i := range vs {
		v := &vs[i]
		if v.Outcome != win {
			continue
		}
		if n == 1 {
			out.Reason = v.Reason
		} else {
			if k > 0 {
				reason.WriteString("; ")
			}
			reason.WriteString(v.Reason)
		}
		k++
		out.Evidence = append(out.Evidence, v.Evidence...)
	}
	if n > 1 {
		out.Reason = reason.String()
	}
	return out
}

// combineRank orders the outcomes Combine joins by precedence; 0 for
// NOT_APPLICABLE (and anything else), which Combine ignores.
func combineRank(o Outcome) int {
	switch o {
	case Fail:
		return 3
	case Unknown:
		return 2
	case Pass:
		return 1
	}
	return 0
}

// Result turns a verdict into a result for the builder's resource.
func (b Builder) Result(v Verdict) Result { return b.make(v.Outcome, v.Reason, v.Evidence) }

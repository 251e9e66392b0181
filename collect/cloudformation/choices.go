package cloudformation

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/source"
)

// An Fn::FindInMap whose top key is known only at deploy time (the
// region, for the ELB account of an access-log bucket policy) still has a
// known set of values when the mapping is literal: one per entry. A policy
// document holding such values is read as one document per choice, and a
// control judges each (see iampolicy.Policy.Variants).

// maxChoices bounds the documents one policy expands to.
const maxChoices = 64

// altSet is the texts an unknown value may be.
type altSet struct {
	of *val
	// id is the same for two lookups that give the same value in one
	// deployment (the same map, keys and key expressions); label names
	// the lookup for people; hole is the value's text with the lookup as
	// a placeholder.
	id, label, hole string
	texts           []string
	sym             bool // a text holds deploy-time placeholders
}

// valid returns v's set when it is still v's own.
func (v *val) choices() *altSet {
	if v == nil || v.alt == nil || v.alt.of != v {
		return nil
	}
	return v.alt
}

// mapChoices is the unknown value of an Fn::FindInMap whose top key is
// unknown: it names the lookup, and lists the values the map's entries give
// when they are literal text (an entry without the second key fails the
// deployment, or gives the default).
func (t *tmpl) mapChoices(m *yaml.Node, mapName string, keyNode *yaml.Node, key *val, second string, def *yaml.Node, loc sourceLoc) *val {
	desc := "a value known only at deploy time"
	id := ""
	if ts, ok := t.nameTerms(keyNode); ok {
		var b, h strings.Builder
		for _, x := range ts {
			if x.ref {
				fmt.Fprintf(&b, "${%s}", x.text)
				fmt.Fprintf(&h, "%s", x.text)
			} else {
				fmt.Fprintf(&b, "%s", x.text)
				fmt.Fprintf(&h, "%q", x.text)
			}
		}
		desc, id = b.String(), h.String()
	} else if key != nil && key.k == kUnknown {
		desc = key.s
	}
	label := fmt.Sprintf("Fn::FindInMap [%s, %s, %s]", mapName, desc, second)
	reason := fmt.Sprintf("%s: the key is known only at deploy time and the entries of %s differ", label, mapName)
	if key != nil && key.k == kUnknown && key.s != desc {
		reason += " (" + key.s + ")"
	}
	out := t.unknown(reason, loc)
	if id == "" {
		// Not comparable: a lookup of its own.
		id = fmt.Sprintf("%s@%s", label, loc)
	}
	set := &altSet{of: out, id: mapName + "\x00" + id + "\x00" + second, label: label,
		hole: fmt.Sprintf("${Fn::FindInMap(%s %s %s)}", mapName, strings.NewReplacer("${", "", "}", "").Replace(desc), second)}
	seen := map[string]bool{}
	m = deref(m)
	for i := 1; i < len(m.Content); i += 2 {
		e := lookup(deref(m.Content[i]), second)
		if e == nil {
			e = def
		}
		if e == nil {
			continue
		}
		v := t.eval(e)
		s, ok := v.text()
		if !ok || v.k != kScalar || !singleText(s) {
			return out
		}
		set.sym = set.sym || v.sym
		if !seen[s] {
			seen[s] = true
			set.texts = append(set.texts, s)
		}
	}
	if len(set.texts) > 1 && len(set.texts) <= maxChoices {
		out.alt = set
	}
	return out
}

// singleText: a text that is one string and no pattern: it stands for
// itself wherever a policy uses it.
func singleText(s string) bool {
	return !strings.ContainsAny(s, "*?") && !strings.Contains(s, "${")
}

// concatChoices carries the choices of the one unknown part of a joined
// text (arn:aws:iam::${ELBAccount}:root) over to the joined value out.
func concatChoices(parts []*val, delim string, out *val) *altSet {
	var set *altSet
	at := -1
	for i, p := range parts {
		if p == nil || p.k != kUnknown {
			continue
		}
		if set != nil || p.choices() == nil {
			return nil
		}
		set, at = p.choices(), i
	}
	if set == nil {
		return nil
	}
	texts := make([]string, len(set.texts))
	var head, tail strings.Builder
	sym := set.sym
	first := true
	for i, p := range parts {
		if p == nil {
			continue
		}
		w := &head
		if i > at {
			w = &tail
		}
		if !first {
			w.WriteString(delim)
		}
		first = false
		if i == at {
			continue
		}
		s, _ := p.text()
		w.WriteString(s)
		sym = sym || p.sym
	}
	for i, s := range set.texts {
		texts[i] = head.String() + s + tail.String()
	}
	return &altSet{of: out, id: set.id, label: set.label, hole: head.String() + set.hole + tail.String(), texts: texts, sym: sym}
}

// choiceOf is one text picked for each lookup id.
type choiceOf map[string]int

// policyVariants reads a policy document whose only unknown values are
// lookups with known choices: the document with a placeholder for each,
// holding one document per combination of choices. ok is false when some
// unknown has no choices, there are too many combinations, or a document
// does not parse.
func (c *rctx) policyVariants(v *val) (*iampolicy.Policy, bool) {
	sets := map[string]*altSet{}
	if !collectChoices(v, sets) || len(sets) == 0 {
		return nil, false
	}
	ids := make([]string, 0, len(sets))
	n := 1
	for id, s := range sets {
		ids = append(ids, id)
		n *= len(s.texts)
		if n > maxChoices {
			return nil, false
		}
	}
	sort.Strings(ids)
	top, err := iampolicy.FromValue(toAnyWith(v, nil))
	if err != nil {
		return nil, false
	}
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = sets[id].label
	}
	top.VariantsOf = strings.Join(labels, ", ")
	pick := choiceOf{}
	for k := range n {
		var what []string
		for _, id := range ids {
			s := sets[id]
			pick[id] = k % len(s.texts)
			k /= len(s.texts)
			what = append(what, fmt.Sprintf("%s = %s", s.label, s.texts[pick[id]]))
		}
		q, err := iampolicy.FromValue(toAnyWith(v, pick))
		if err != nil {
			return nil, false
		}
		top.Variants = append(top.Variants, iampolicy.Variant{Label: strings.Join(what, ", "), Policy: q})
	}
	return top, true
}

// collectChoices gathers the lookups of v; false when an unknown of v has
// no choices.
func collectChoices(v *val, sets map[string]*altSet) bool {
	if v == nil {
		return true
	}
	switch v.k {
	case kUnknown:
		s := v.choices()
		if s == nil {
			return false
		}
		if o, ok := sets[s.id]; ok && len(o.texts) != len(s.texts) {
			return false // never: sets of one lookup align text by text
		}
		sets[s.id] = s
	case kList:
		for _, e := range v.list {
			if !collectChoices(e, sets) {
				return false
			}
		}
	case kMap:
		for _, e := range v.vals {
			if !collectChoices(e, sets) {
				return false
			}
		}
	}
	return true
}

// toAnyWith is toAny with each lookup replaced by its picked text, or by
// its placeholder when pick is nil.
func toAnyWith(v *val, pick choiceOf) any {
	if v == nil {
		return nil
	}
	switch v.k {
	case kUnknown:
		s := v.choices()
		if pick == nil {
			return s.hole
		}
		// Two lookups alike take the same choice; the hole's text around
		// the lookup differs, so pick by the text of this value's set.
		return s.texts[pick[s.id]]
	case kList:
		out := make([]any, 0, len(v.list))
		for _, e := range v.list {
			out = append(out, toAnyWith(e, pick))
		}
		return out
	case kMap:
		out := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			out[k] = toAnyWith(v.vals[i], pick)
		}
		return out
	}
	return v.toAny()
}

// policyOrVariants is the policy of a document with unknown values: its
// variants when every unknown is a lookup with known choices, else unknown
// naming the first.
func (c *rctx) policyOrVariants(v *val, u *val) source.Value[*iampolicy.Policy] {
	if p, ok := c.policyVariants(v); ok {
		return known(c, p, v.loc)
	}
	return unknownAt[*iampolicy.Policy](c, "policy document: "+u.s, v.loc)
}

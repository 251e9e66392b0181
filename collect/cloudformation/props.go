package cloudformation

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// rctx is one resource being mapped into the model.
type rctx struct {
	t     *tmpl
	r     *resource
	props *val
	meta  base.Meta
	// at is the resource block's provenance, shared by every default.
	at    source.Site
	atSet bool
}

func (c *rctx) prov() source.Prov { return source.At(c.r.loc) }

// site is prov shared: a template's resources get dozens of defaults each.
func (c *rctx) site() source.Site {
	if !c.atSet {
		c.at, c.atSet = c.t.batch.Site(c.prov()), true
	}
	return c.at
}

// known and unknownAt make a model value with its provenance record from
// the template's batch (see source.Batch): only for values the model
// keeps, since a batch's chunk lives as long as any value made from it.
func known[T any](c *rctx, v T, l source.Loc) source.Value[T] {
	return source.KnownIn(c.t.batch, v, source.At(l))
}

func unknownAt[T any](c *rctx, reason string, l source.Loc) source.Value[T] {
	return source.UnknownIn[T](c.t.batch, reason, source.At(l))
}

// get walks Properties by map keys (string) and list indexes (int). It
// returns nil when the property is absent, and the unknown value when a
// step on the way is unknown (an !If on an unset parameter, say).
func (c *rctx) get(path ...any) *val { return walk(c.props, path...) }

func walk(v *val, path ...any) *val {
	for _, p := range path {
		if v == nil {
			return nil
		}
		if v.k == kUnknown {
			return v
		}
		switch k := p.(type) {
		case string:
			v = v.field(k)
		case int:
			if v.k != kList || k >= len(v.list) {
				return nil
			}
			v = v.list[k]
		}
	}
	if v != nil && v.k == kNull {
		return nil
	}
	return v
}

func pathName(path []any) string {
	var b strings.Builder
	for i, p := range path {
		switch k := p.(type) {
		case string:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		case int:
			fmt.Fprintf(&b, "[%d]", k)
		}
	}
	return b.String()
}

// typeErr records a property of the wrong type and makes it unknown.
func (c *rctx) typeErr(v *val, want string) string {
	reason := fmt.Sprintf("expected %s, got %s", want, describe(v))
	c.t.diags.Warnf(v.loc, "%s %s: %s", c.r.typ, c.r.id, reason)
	return reason
}

func describe(v *val) string {
	if v != nil && v.k == kScalar {
		return strconv.Quote(v.s)
	}
	return "a " + v.kindName()
}

// --- conversions of one value --------------------------------------------

// str reads a string. A Ref or identity GetAtt to a resource of the same
// template reads as that resource's logical id (its address in the model).
func (c *rctx) str(v *val) source.Value[string] {
	s, reason, ok := c.strText(v)
	switch {
	case v == nil:
		return unknownAt[string](c, reason, c.r.loc)
	case ok:
		return known(c, s, v.loc)
	}
	return unknownAt[string](c, reason, v.loc)
}

// strText is what str reads, without making a value: the text, or why
// there is none (a property of the wrong type is reported, as by str).
func (c *rctx) strText(v *val) (s, reason string, ok bool) {
	switch {
	case v == nil:
		return "", "not set", false
	case v.k == kUnknown:
		return "", v.s, false
	case v.k == kScalar:
		if v.ref != "" {
			return v.ref, "", true
		}
		return v.s, "", true
	}
	return "", c.typeErr(v, "a string"), false
}

// value reads a string that is data rather than a link (an environment
// variable, user data): a reference keeps its placeholder text, ${Secret},
// so it is never mistaken for a literal.
func (c *rctx) value(v *val) source.Value[string] {
	if v != nil && v.k == kScalar && v.ref != "" {
		return known(c, v.s, v.loc)
	}
	return c.str(v)
}

func (c *rctx) boolean(v *val) source.Value[bool] {
	b, reason, ok := c.flag(v)
	if ok {
		return known(c, b, v.loc)
	}
	return unknownAt[bool](c, reason, c.locOf(v))
}

// flag is what boolean reads, without making a value.
func (c *rctx) flag(v *val) (b bool, reason string, ok bool) {
	switch {
	case v == nil:
		return false, "not set", false
	case v.k == kUnknown:
		return false, v.s, false
	case v.k == kScalar && !v.sym:
		switch strings.ToLower(v.s) {
		case "true":
			return true, "", true
		case "false":
			return false, "", true
		}
	}
	return false, c.typeErr(v, "a boolean"), false
}

// orUnknown is reason as an unknown value reports it: never empty.
func orUnknown(reason string) string {
	if reason == "" {
		return "unknown"
	}
	return reason
}

func (c *rctx) integer(v *val) source.Value[int] {
	n, reason, ok := c.intText(v)
	if ok {
		return known(c, n, v.loc)
	}
	return unknownAt[int](c, reason, c.locOf(v))
}

// intText is what integer reads, without making a value.
func (c *rctx) intText(v *val) (n int, reason string, ok bool) {
	switch {
	case v == nil:
		return 0, "not set", false
	case v.k == kUnknown:
		return 0, v.s, false
	case v.k == kScalar && !v.sym:
		if n, err := strconv.Atoi(strings.TrimSpace(v.s)); err == nil {
			return n, "", true
		}
	}
	return 0, c.typeErr(v, "an integer"), false
}

// locOf is where a value read from v is located: v's range, or the
// resource block when the property is absent.
func (c *rctx) locOf(v *val) source.Loc {
	if v == nil {
		return c.r.loc
	}
	return v.loc
}

// strs reads a list of strings (a single string counts as a list of one).
func (c *rctx) strs(v *val) source.Value[[]string] {
	switch {
	case v == nil:
		return unknownAt[[]string](c, "not set", c.r.loc)
	case v.k == kUnknown:
		return unknownAt[[]string](c, v.s, v.loc)
	case v.k == kScalar:
		x, _, _ := c.strText(v)
		return known(c, []string{x}, v.loc)
	case v.k == kList:
		out := make([]string, 0, len(v.list))
		for _, e := range v.list {
			x, reason, ok := c.strText(e)
			if !ok {
				return unknownAt[[]string](c, reason, e.loc)
			}
			out = append(out, x)
		}
		return known(c, out, v.loc)
	}
	return unknownAt[[]string](c, c.typeErr(v, "a list of strings"), v.loc)
}

// policy reads a policy document (a mapping or a JSON string).
func (c *rctx) policy(v *val) source.Value[*iampolicy.Policy] {
	switch {
	case v == nil:
		return source.KnownAt[*iampolicy.Policy](nil, c.site())
	case v.k == kUnknown:
		return unknownAt[*iampolicy.Policy](c, v.s, v.loc)
	}
	if u := v.firstUnknown(); u != nil {
		return c.policyOrVariants(v, u)
	}
	p, err := c.t.policies.parse(v)
	if err != nil {
		c.t.diags.Errorf(v.loc, "%s %s: invalid policy document: %v", c.r.typ, c.r.id, err)
		return unknownAt[*iampolicy.Policy](c, fmt.Sprintf("invalid policy document: %v", err), v.loc)
	}
	return known(c, p, v.loc)
}

// resourcePolicy reads a resource-based policy attached to the resource
// self. A placeholder for self's own ARN or name (its name is generated at
// deploy time) becomes "*": a resource policy governs only its resource, so
// the statement keeps applying to it, and an evaluator never skips a grant
// because a placeholder failed to match the resource's ARN.
func (c *rctx) resourcePolicy(v *val, self string) source.Value[*iampolicy.Policy] {
	return c.policy(replaceSelf(v, self))
}

func replaceSelf(v *val, self string) *val {
	if v == nil || self == "" {
		return v
	}
	switch v.k {
	case kScalar:
		if !v.sym || !strings.Contains(v.s, "${"+self) {
			return v
		}
		c := *v
		for _, attr := range []string{".Arn}", "}"} {
			c.s = strings.ReplaceAll(c.s, "${"+self+attr, "*")
		}
		return &c
	case kList, kMap:
		elems := v.list
		if v.k == kMap {
			elems = v.vals
		}
		var out []*val // copied only when something changes
		for i, e := range elems {
			r := replaceSelf(e, self)
			if r != e && out == nil {
				out = append(make([]*val, 0, len(elems)), elems[:i]...)
			}
			if out != nil {
				out = append(out, r)
			}
		}
		if out == nil {
			return v
		}
		c := *v
		if v.k == kMap {
			c.vals = out
		} else {
			c.list = out
		}
		return &c
	}
	return v
}

// --- property readers with the service default when absent ---------------

func (c *rctx) strOr(def string, path ...any) source.Value[string] {
	v := c.get(path...)
	if v == nil {
		return source.KnownAt(def, c.site())
	}
	return c.str(v)
}

// strOrUnknown: absent means only a deployment decides (a generated name).
func (c *rctx) strOrUnknown(reason string, path ...any) source.Value[string] {
	v := c.get(path...)
	if v == nil {
		return unknownAt[string](c, reason, c.r.loc)
	}
	return c.str(v)
}

func (c *rctx) boolOr(def bool, path ...any) source.Value[bool] {
	v := c.get(path...)
	if v == nil {
		return source.KnownAt(def, c.site())
	}
	return c.boolean(v)
}

func (c *rctx) intOr(def int, path ...any) source.Value[int] {
	v := c.get(path...)
	if v == nil {
		return source.KnownAt(def, c.site())
	}
	return c.integer(v)
}

func (c *rctx) strsOr(def []string, path ...any) source.Value[[]string] {
	v := c.get(path...)
	if v == nil {
		return source.KnownAt(def, c.site())
	}
	return c.strs(v)
}

// has reports whether a property is present (known or not).
func (c *rctx) has(path ...any) bool { return c.get(path...) != nil }

// items returns the elements of a list property; ok is false (with the
// unknown value) when the list itself is unknown.
func (c *rctx) items(path ...any) (list []*val, unk *val) {
	return items(c.get(path...))
}

func items(v *val) (list []*val, unk *val) {
	switch {
	case v == nil:
		return nil, nil
	case v.k == kUnknown:
		return nil, v
	case v.k == kList:
		return v.list, nil
	}
	return []*val{v}, nil
}

// text of a value when it is a known string, "" otherwise.
func (c *rctx) text(v *val) string {
	s, _, _ := c.strText(v)
	return s
}

// refOf is the logical id a value points to, or its literal text.
func refOf(v *val) string {
	if v == nil || v.k == kList || v.k == kMap {
		return ""
	}
	if v.ref != "" {
		return v.ref
	}
	if v.k == kScalar {
		return v.s
	}
	return ""
}

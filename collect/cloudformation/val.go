package cloudformation

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/source"
)

// kind of an evaluated template value.
type kind uint8

const (
	kNull kind = iota
	kScalar
	kList
	kMap
	// kUnknown: only a deployment knows the value; s holds the reason.
	kUnknown
)

// val is a template value after intrinsic functions were resolved. It keeps
// the range of the property (or intrinsic) that produced it.
type val struct {
	k kind
	// tag of a scalar as YAML resolved it ("!!str", "!!bool", "!!int", ...),
	// kept so a quoted "true" and a bare true stay apart only where it matters.
	tag  string
	s    string // scalar text, or the reason for kUnknown
	list []*val
	keys []string
	vals []*val
	loc  source.Loc
	// ref is the logical id when the value is exactly a Ref or identity
	// GetAtt of a resource of the same template (the basis of joins).
	ref string
	// sym: the text holds deploy-time placeholders such as ${AWS::AccountId}
	// or ${Bucket.Arn}; the value is specific (never a wildcard) but not literal.
	sym bool
	// param names the template parameter the value came from, if any;
	// noDefault says it had no default and no value was given.
	param     string
	noDefault bool
	// partial, for an unknown made by joining text (Fn::Sub, Fn::Join),
	// is the text with each unknown part as a ${...} placeholder, so
	// literal secrets in the known parts can still be found.
	partial string
	// alt, for an unknown that is one of a known set of texts (an
	// Fn::FindInMap on a key known only at deploy time), lists them; it
	// holds only while alt.of is this value (a copy made to transform the
	// value is not the value).
	alt *altSet
}

func scalar(s string, loc source.Loc) *val { return &val{k: kScalar, tag: "!!str", s: s, loc: loc} }

func unknown(reason string, loc source.Loc) *val { return &val{k: kUnknown, s: reason, loc: loc} }

// at returns a shallow copy of v located at loc: a value reached through a
// Ref or a mapping is reported where the property uses it.
func (v *val) at(loc source.Loc) *val {
	if v == nil {
		return nil
	}
	c := *v
	c.loc = loc
	return &c
}

// field returns the member named key of a map, or nil.
func (v *val) field(key string) *val {
	if v == nil || v.k != kMap {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// text is the scalar text used when a value is concatenated (Sub, Join).
func (v *val) text() (string, bool) {
	if v == nil || v.k != kScalar {
		return "", false
	}
	return v.s, true
}

// firstUnknown finds the first unknown value inside v (depth first).
func (v *val) firstUnknown() *val {
	if v == nil {
		return nil
	}
	switch v.k {
	case kUnknown:
		return v
	case kList:
		for _, e := range v.list {
			if u := e.firstUnknown(); u != nil {
				return u
			}
		}
	case kMap:
		for _, e := range v.vals {
			if u := e.firstUnknown(); u != nil {
				return u
			}
		}
	}
	return nil
}

// toAny converts v into the plain Go values iampolicy.FromValue accepts.
// Every scalar stays a string (so Version: 2012-10-17 is never a date);
// unknown values must have been ruled out by the caller.
func (v *val) toAny() any {
	if v == nil {
		return nil
	}
	switch v.k {
	case kScalar:
		if v.tag == "!!bool" {
			if b, err := strconv.ParseBool(strings.ToLower(v.s)); err == nil {
				return b
			}
		}
		return v.s
	case kList:
		out := make([]any, 0, len(v.list))
		for _, e := range v.list {
			out = append(out, e.toAny())
		}
		return out
	case kMap:
		out := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			out[k] = v.vals[i].toAny()
		}
		return out
	}
	return nil
}

// appendJSON writes v as JSON text (Fn::ToJsonString).
func (v *val) appendJSON(b []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch v.k {
	case kScalar:
		switch v.tag {
		case "!!bool", "!!int", "!!float":
			return append(b, v.s...)
		}
		return appendJSONString(b, v.s)
	case kList:
		b = append(b, '[')
		for i, e := range v.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendJSON(b)
		}
		return append(b, ']')
	case kMap:
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = v.vals[i].appendJSON(b)
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

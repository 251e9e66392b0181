package terraform

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/source"
)

// toGo converts a value to plain Go data for policy and JSON readers.
// An unknown that refers to a resource or data source attribute becomes a
// ${address.attr} placeholder (it names one concrete thing, e.g. an ARN);
// any other unknown makes the whole conversion fail with its reason.
func toGo(v cty.Value) (any, string) {
	uv, marks := v.Unmark()
	if !uv.IsKnown() {
		var refs []refMark
		for m := range marks {
			switch m := m.(type) {
			case unresolved:
				return nil, m.Reason
			case refMark:
				refs = append(refs, m)
			case *deferredJSON:
				if m.policy != nil {
					b, err := json.Marshal(m.policy)
					if err != nil {
						return nil, err.Error()
					}
					return string(b), ""
				}
				g, reason := toGo(m.val)
				if reason != "" {
					return nil, reason
				}
				b, err := json.Marshal(g)
				if err != nil {
					return nil, err.Error()
				}
				return string(b), ""
			}
		}
		if len(refs) == 0 {
			return nil, reasonOf(v)
		}
		sortRefs(refs)
		prefix := ""
		if uv.Type() == cty.String {
			prefix = uv.Range().StringPrefix()
		}
		return prefix + placeholder(refs[0]), ""
	}
	if uv.IsNull() {
		return nil, ""
	}
	ty := uv.Type()
	switch {
	case ty == cty.String:
		return uv.AsString(), ""
	case ty == cty.Bool:
		return uv.True(), ""
	case ty == cty.Number:
		return json.Number(uv.AsBigFloat().Text('f', -1)), ""
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			g, r := toGo(e)
			if r != "" {
				return nil, r
			}
			out = append(out, g)
		}
		return out, ""
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, uv.LengthInt())
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			g, r := toGo(e)
			if r != "" {
				return nil, r
			}
			out[k.AsString()] = g
		}
		return out, ""
	}
	return nil, "value of type " + ty.FriendlyName() + " cannot be read"
}

func sortRefs(r []refMark) {
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && (r[j].Addr < r[j-1].Addr || r[j].Addr == r[j-1].Addr && r[j].Attr < r[j-1].Attr); j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// policyValue reads a policy document attribute (a JSON string, usually
// from jsonencode or a policy document's json).
func policyValue(v cty.Value, loc source.Loc) source.Value[*iampolicy.Policy] {
	at := source.At(loc)
	uv, marks := v.Unmark()
	if !uv.IsKnown() {
		for m := range marks {
			if d, ok := m.(*deferredJSON); ok {
				if d.policy != nil {
					return source.Known(d.policy, at)
				}
				g, reason := toGo(d.val)
				if reason != "" {
					return source.Unknown[*iampolicy.Policy](reason, at)
				}
				p, err := iampolicy.FromValue(g)
				if err != nil {
					return source.Unknown[*iampolicy.Policy]("invalid policy document: "+err.Error(), at)
				}
				return source.Known(p, at)
			}
		}
		return source.Unknown[*iampolicy.Policy](reasonOf(v), at)
	}
	if uv.IsNull() {
		return source.Known[*iampolicy.Policy](nil, at)
	}
	plain, _ := uv.UnmarkDeep()
	if plain.Type() == cty.String {
		s := strings.TrimSpace(plain.AsString())
		if s == "" {
			return source.Known[*iampolicy.Policy](nil, at)
		}
		p, err := iampolicy.Parse([]byte(s))
		if err != nil {
			return source.Unknown[*iampolicy.Policy]("invalid policy document: "+err.Error(), at)
		}
		return source.Known(p, at)
	}
	g, reason := toGo(v)
	if reason != "" {
		return source.Unknown[*iampolicy.Policy](reason, at)
	}
	p, err := iampolicy.FromValue(g)
	if err != nil {
		return source.Unknown[*iampolicy.Policy]("invalid policy document: "+err.Error(), at)
	}
	return source.Known(p, at)
}

// policyDocObject evaluates data "aws_iam_policy_document" into the object
// references see: json is the document when fully known, otherwise an
// unknown that still carries the parsed policy (with placeholders) or the
// reason it cannot be read.
func (mi *modInst) policyDocObject(inst *resInst) cty.Value {
	doc, reason := policyDocGo(inst.body)
	var jsonVal cty.Value
	if reason != "" {
		jsonVal = unknownBecause(reason)
	} else {
		p, err := iampolicy.FromValue(doc)
		switch {
		case err != nil:
			mi.re.diags.Errorf(inst.loc, "%s: invalid policy document: %v", inst.addr, err)
			jsonVal = unknownBecause("invalid policy document " + inst.addr + ": " + err.Error())
		default:
			b, _ := json.Marshal(p)
			if strings.Contains(string(b), "${") {
				jsonVal = cty.UnknownVal(cty.String).Mark(&deferredJSON{policy: p})
			} else {
				jsonVal = cty.StringVal(string(b))
			}
		}
	}
	attrs := map[string]cty.Value{"json": jsonVal, "minified_json": jsonVal}
	for _, name := range mi.attrNamesFor("data." + inst.typ + "." + inst.name) {
		if _, ok := attrs[name]; !ok {
			attrs[name] = cty.DynamicVal.Mark(refMark{Addr: inst.addr, Attr: name, Data: true})
		}
	}
	return cty.ObjectVal(attrs)
}

// policyDocGo builds the JSON shape of an aws_iam_policy_document.
func policyDocGo(b *evBlock) (map[string]any, string) {
	doc := map[string]any{"Version": "2012-10-17"}
	var stmts []any
	for _, name := range []string{"source_policy_documents", "source_json"} {
		if a, ok := b.attrs[name]; ok {
			g, r := toGo(a.val)
			if r != "" {
				return nil, r
			}
			docs, _ := g.([]any)
			if s, ok := g.(string); ok {
				docs = []any{s}
			}
			for _, d := range docs {
				s, _ := d.(string)
				var m map[string]any
				if err := json.Unmarshal([]byte(s), &m); err != nil {
					return nil, fmt.Sprintf("%s is not a JSON policy: %v", name, err)
				}
				switch st := m["Statement"].(type) {
				case []any:
					stmts = append(stmts, st...)
				case map[string]any:
					stmts = append(stmts, st)
				}
			}
		}
	}
	if a, ok := b.attrs["version"]; ok {
		g, r := toGo(a.val)
		if r != "" {
			return nil, r
		}
		if g != nil {
			doc["Version"] = g
		}
	}
	if a, ok := b.attrs["policy_id"]; ok {
		if g, r := toGo(a.val); r == "" && g != nil {
			doc["Id"] = g
		}
	}
	stBlocks, r := b.nested("statement")
	if r != "" {
		return nil, r
	}
	for _, s := range stBlocks {
		st := map[string]any{"Effect": "Allow"}
		for attr, key := range map[string]string{"sid": "Sid", "effect": "Effect", "actions": "Action",
			"not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"} {
			if a, ok := s.attrs[attr]; ok {
				g, r := toGo(a.val)
				if r != "" {
					return nil, r
				}
				if g != nil {
					st[key] = g
				}
			}
		}
		for blk, key := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
			ps, r := s.nested(blk)
			if r != "" {
				return nil, r
			}
			if len(ps) == 0 {
				continue
			}
			pm := map[string]any{}
			var all bool
			for _, p := range ps {
				t, r := attrGo(p, "type")
				if r != "" {
					return nil, r
				}
				ids, r := attrGo(p, "identifiers")
				if r != "" {
					return nil, r
				}
				ts, _ := t.(string)
				if ts == "*" {
					all = true
					continue
				}
				list, _ := ids.([]any)
				if prev, ok := pm[ts].([]any); ok {
					list = append(prev, list...)
				}
				pm[ts] = list
			}
			if all && len(pm) == 0 {
				st[key] = "*"
			} else {
				if all {
					pm["AWS"] = append(asList(pm["AWS"]), "*")
				}
				st[key] = pm
			}
		}
		cs, r := s.nested("condition")
		if r != "" {
			return nil, r
		}
		if len(cs) > 0 {
			cm := map[string]any{}
			for _, c := range cs {
				test, r := attrGo(c, "test")
				if r != "" {
					return nil, r
				}
				variable, r := attrGo(c, "variable")
				if r != "" {
					return nil, r
				}
				values, r := attrGo(c, "values")
				if r != "" {
					return nil, r
				}
				ts, _ := test.(string)
				vs, _ := variable.(string)
				om, _ := cm[ts].(map[string]any)
				if om == nil {
					om = map[string]any{}
					cm[ts] = om
				}
				om[vs] = append(asList(om[vs]), asList(values)...)
			}
			st["Condition"] = cm
		}
		stmts = append(stmts, st)
	}
	doc["Statement"] = stmts
	if stmts == nil {
		doc["Statement"] = []any{}
	}
	return doc, ""
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	default:
		return []any{t}
	}
}

func attrGo(b *evBlock, name string) (any, string) {
	a, ok := b.attrs[name]
	if !ok {
		return nil, ""
	}
	return toGo(a.val)
}

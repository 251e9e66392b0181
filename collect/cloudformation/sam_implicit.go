package cloudformation

import "gopkg.in/yaml.v3"

// implicitAPIs declares the APIs SAM creates implicitly, one per stack:
// ServerlessRestApi (an AWS::Serverless::Api with StageName Prod) when a
// function has an Api event without RestApiId, and ServerlessHttpApi when
// one has an HttpApi event without ApiId. Templates refer to them by
// these logical ids (Outputs with ${ServerlessRestApi}), and the REST
// API's stage is judged like any other. The declaration sits at the first
// event that makes it; it carries a Condition only when every such event's
// function has that same one. Events, an event, its Type or its Properties
// written as an intrinsic function cannot be read here, before
// evaluation: the API they might make is declared maybe, and the builder,
// which sees the evaluated events, settles it.
func (t *tmpl) implicitAPIs() {
	type found struct {
		key, node *yaml.Node
		conds     map[string]bool
		uncond    bool
		// maybe is where an unreadable event might make the API.
		maybeKey, maybeNode *yaml.Node
	}
	var rest, http found
	note := func(f *found, r *resource, k, n *yaml.Node) {
		if f.key == nil {
			f.key, f.node, f.conds = k, n, map[string]bool{}
		}
		if r.cond == "" {
			f.uncond = true
		} else {
			f.conds[r.cond] = true
		}
	}
	maybe := func(k, n *yaml.Node, fs ...*found) {
		for _, f := range fs {
			if f.maybeKey == nil {
				f.maybeKey, f.maybeNode = k, n
			}
		}
	}
	for _, r := range t.resOrder {
		if r.typ != "AWS::Serverless::Function" {
			continue
		}
		ek, events := lookupKey(r.props, "Events")
		if events == nil {
			continue
		}
		if isIntrinsic(events) {
			maybe(ek, events, &rest, &http)
			continue
		}
		if events.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(events.Content); i += 2 {
			k, ev := events.Content[i], deref(events.Content[i+1])
			if ev == nil {
				continue
			}
			if isIntrinsic(ev) {
				maybe(k, ev, &rest, &http)
				continue
			}
			typ := deref(lookup(ev, "Type"))
			if typ != nil && isIntrinsic(typ) {
				maybe(k, ev, &rest, &http)
				continue
			}
			if typ == nil || typ.Kind != yaml.ScalarNode {
				continue
			}
			props := lookup(ev, "Properties")
			var f *found
			var idKey string
			switch typ.Value {
			case "Api":
				f, idKey = &rest, "RestApiId"
			case "HttpApi":
				f, idKey = &http, "ApiId"
			default:
				continue
			}
			switch {
			case props != nil && isIntrinsic(props):
				maybe(k, ev, f)
			case lookup(props, idKey) == nil:
				note(f, r, k, ev)
			}
		}
	}
	add := func(id, typ string, f found, stage string) {
		isMaybe := false
		if f.key == nil {
			if f.maybeKey == nil {
				return
			}
			f.key, f.node, isMaybe = f.maybeKey, f.maybeNode, true
		}
		if _, exists := t.resources[id]; exists {
			return
		}
		r := &resource{id: id, typ: typ, keyNode: f.key, node: f.node, loc: t.span(f.key, f.node), maybe: isMaybe}
		if stage != "" {
			r.props = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: f.key.Line, Column: f.key.Column, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: "StageName", Line: f.key.Line, Column: f.key.Column},
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: stage, Line: f.key.Line, Column: f.key.Column},
			}}
		}
		if !isMaybe && !f.uncond && len(f.conds) == 1 {
			for c := range f.conds {
				r.cond = c
			}
		}
		t.resources[id] = r
		t.resOrder = append(t.resOrder, r)
	}
	add("ServerlessRestApi", "AWS::Serverless::Api", rest, "Prod")
	add("ServerlessHttpApi", "AWS::Serverless::HttpApi", http, "")
}

// isIntrinsic: n is an intrinsic function call (!Tag or {Ref|Fn::...: x}).
func isIntrinsic(n *yaml.Node) bool {
	fn, _, _ := intrinsic(n)
	return fn != ""
}

// lookupKey is lookup that also returns the key node.
func lookupKey(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], deref(m.Content[i+1])
		}
	}
	return nil, nil
}

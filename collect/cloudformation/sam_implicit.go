package cloudformation

import "gopkg.in/yaml.v3"

// implicitAPIs declares the APIs SAM creates implicitly, one per stack:
// ServerlessRestApi (an AWS::Serverless::Api with StageName Prod) when a
// function has an Api event without RestApiId, and ServerlessHttpApi when
// one has an HttpApi event without ApiId. Templates refer to them by
// these logical ids (Outputs with ${ServerlessRestApi}), and the REST
// API's stage is judged like any other. The declaration sits at the first
// event that makes it; it carries a Condition only when every such event's
// function has that same one.
func (t *tmpl) implicitAPIs() {
	type found struct {
		key, node *yaml.Node
		conds     map[string]bool
		uncond    bool
	}
	var rest, http found
	for _, r := range t.resOrder {
		if r.typ != "AWS::Serverless::Function" {
			continue
		}
		events := deref(lookup(r.props, "Events"))
		if events == nil || events.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(events.Content); i += 2 {
			k, ev := events.Content[i], deref(events.Content[i+1])
			typ := deref(lookup(ev, "Type"))
			if typ == nil || typ.Kind != yaml.ScalarNode {
				continue
			}
			props := lookup(ev, "Properties")
			var f *found
			switch {
			case typ.Value == "Api" && lookup(props, "RestApiId") == nil:
				f = &rest
			case typ.Value == "HttpApi" && lookup(props, "ApiId") == nil:
				f = &http
			default:
				continue
			}
			if f.key == nil {
				f.key, f.node, f.conds = k, ev, map[string]bool{}
			}
			if r.cond == "" {
				f.uncond = true
			} else {
				f.conds[r.cond] = true
			}
		}
	}
	add := func(id, typ string, f found, stage string) {
		if f.key == nil {
			return
		}
		if _, exists := t.resources[id]; exists {
			return
		}
		r := &resource{id: id, typ: typ, keyNode: f.key, node: f.node, loc: t.span(f.key, f.node)}
		if stage != "" {
			r.props = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: f.key.Line, Column: f.key.Column, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: "StageName", Line: f.key.Line, Column: f.key.Column},
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: stage, Line: f.key.Line, Column: f.key.Column},
			}}
		}
		if !f.uncond && len(f.conds) == 1 {
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

package cloudformation

import (
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Fn::ForEach (AWS::LanguageExtensions) is expanded on the YAML tree before
// anything else reads it, the way the transform rewrites the template:
//
//	Fn::ForEach::Loop: [Identifier, Collection, {OutputKey: OutputValue}]
//
// makes one OutputKey: OutputValue pair per item, with ${Identifier} and
// &{Identifier} (the item without its non-alphanumeric characters)
// replaced in every key and string, and Ref Identifier replaced by the
// item. Loops nest, and work in Resources, resource properties, Outputs
// and Conditions. The copies keep the lines of the loop body, so results
// on a generated resource point at the code that wrote it.

const forEachPrefix = "Fn::ForEach::"

// maxForEachNodes bounds what loops may generate (nested loops multiply).
const maxForEachNodes = 200_000

type forEach struct {
	t     *tmpl
	nodes int
	// stopped is set once the budget ran out (reported once).
	stopped bool
}

// hasForEach reports whether a mapping, anywhere below it, holds a loop.
func hasForEach(n *yaml.Node, depth int) bool {
	n = deref(n)
	if n == nil || depth > maxDepth {
		return false
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if strings.HasPrefix(n.Content[i].Value, forEachPrefix) {
				return true
			}
		}
	}
	for _, c := range n.Content {
		if hasForEach(c, depth+1) {
			return true
		}
	}
	return false
}

// expand returns n with every loop below it expanded; n itself is not
// modified (the parsed tree stays as written).
func (fe *forEach) expand(n *yaml.Node, depth int) *yaml.Node {
	n = deref(n)
	if n == nil || depth > maxDepth || !hasForEach(n, 0) {
		return n
	}
	c := *n
	c.Content = nil
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if strings.HasPrefix(k.Value, forEachPrefix) {
				c.Content = append(c.Content, fe.loop(k, v, depth)...)
				continue
			}
			c.Content = append(c.Content, k, fe.expand(v, depth+1))
		}
	default:
		for _, x := range n.Content {
			c.Content = append(c.Content, fe.expand(x, depth+1))
		}
	}
	return &c
}

// loop expands one Fn::ForEach::Name entry into key/value pairs.
func (fe *forEach) loop(k, v *yaml.Node, depth int) []*yaml.Node {
	t := fe.t
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode || len(v.Content) != 3 {
		t.diags.Errorf(t.point(k), "%s expects [Identifier, Collection, {OutputKey: OutputValue}]", k.Value)
		return nil
	}
	idNode, frag := deref(v.Content[0]), deref(v.Content[2])
	if idNode == nil || idNode.Kind != yaml.ScalarNode || idNode.Value == "" {
		t.diags.Errorf(t.point(v), "%s: the identifier must be a string", k.Value)
		return nil
	}
	if frag == nil || frag.Kind != yaml.MappingNode {
		t.diags.Errorf(t.point(v), "%s: the fragment must be a mapping {OutputKey: OutputValue}", k.Value)
		return nil
	}
	items, ok := fe.collection(k, v.Content[1])
	if !ok {
		return nil
	}
	id := idNode.Value
	for i := 0; i+1 < len(frag.Content); i += 2 {
		key := frag.Content[i].Value
		if !strings.Contains(key, "${"+id+"}") && !strings.Contains(key, "&{"+id+"}") && !strings.HasPrefix(key, forEachPrefix) {
			t.diags.Errorf(t.point(frag.Content[i]), "%s: the output key %q must contain ${%s} or &{%s}", k.Value, key, id, id)
			return nil
		}
	}
	var out []*yaml.Node
	for _, item := range items {
		r := strings.NewReplacer("${"+id+"}", item, "&{"+id+"}", alnum(item))
		body := fe.clone(frag, id, item, r, 0)
		if fe.stopped {
			return out
		}
		// Loops inside the fragment may use this loop's identifier, so
		// they expand after the substitution.
		body = fe.expand(body, depth+1)
		out = append(out, body.Content...)
	}
	return out
}

// collection evaluates the items of a loop: a literal list, or anything
// that evaluates to a list of strings (a Ref to a CommaDelimitedList
// parameter, Fn::Split, Fn::FindInMap).
func (fe *forEach) collection(k, n *yaml.Node) ([]string, bool) {
	t := fe.t
	cv := t.eval(n)
	switch {
	case cv == nil:
		return nil, true
	case cv.k == kUnknown:
		t.diags.Warnf(t.point(k), "%s: the collection is unknown (%s): the resources it makes are not scanned", k.Value, cv.s)
		return nil, false
	case cv.k != kList:
		t.diags.Errorf(t.point(n), "%s: the collection must be a list or a Ref to a CommaDelimitedList parameter", k.Value)
		return nil, false
	}
	items := make([]string, 0, len(cv.list))
	for _, e := range cv.list {
		s, ok := e.text()
		if !ok || e.sym {
			t.diags.Warnf(t.point(k), "%s: an item of the collection is not a literal string: the resources it makes are not scanned", k.Value)
			return nil, false
		}
		items = append(items, s)
	}
	return items, true
}

// clone copies a fragment, substituting the identifier. Aliases are
// resolved so the copy shares nothing with the original.
func (fe *forEach) clone(n *yaml.Node, id, item string, r *strings.Replacer, depth int) *yaml.Node {
	n = deref(n)
	if n == nil {
		return nil
	}
	fe.nodes++
	if fe.nodes > maxForEachNodes || depth > maxDepth {
		if !fe.stopped {
			fe.t.diags.Errorf(fe.t.point(n), "Fn::ForEach expands to more than %d nodes: the rest is not scanned", maxForEachNodes)
			fe.stopped = true
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
	}
	c := *n
	c.Content = nil
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!Ref" && n.Value == id {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Line: n.Line, Column: n.Column}
		}
		c.Value = r.Replace(n.Value)
		return &c
	case yaml.MappingNode:
		if len(n.Content) == 2 && n.Content[0].Value == "Ref" {
			if rv := deref(n.Content[1]); rv != nil && rv.Kind == yaml.ScalarNode && rv.Value == id {
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Line: n.Line, Column: n.Column}
			}
		}
	}
	for _, x := range n.Content {
		c.Content = append(c.Content, fe.clone(x, id, item, r, depth+1))
	}
	return &c
}

// alnum drops the characters &{} removes from an item.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// Terraform's JSON syntax (.tf.json) is read by hcljson and then rewritten
// into the native syntax tree the evaluator walks, following the rules of
// https://developer.hashicorp.com/terraform/language/syntax/json: strings
// in expression positions are templates ("${...}"), "//" keys in block
// bodies are comments, blocks are objects or arrays of objects, variable
// defaults are literal, and provider / depends_on / iterator references
// are strings holding a traversal. One evaluator then serves both syntaxes,
// and every value keeps the file:line of its JSON value.
//
// Without provider schemas a nested JSON object inside a resource cannot be
// told apart from a map attribute (tags = {...} and versioning {...} look
// the same), so nested objects become attributes; the model readers
// already read attribute values holding objects as nested blocks.

// bodyKind selects the JSON rules of one block type.
type bodyKind uint8

const (
	kindResource bodyKind = iota // resource and data
	kindNested                   // nested block inside a resource
	kindVariable
	kindOutput
	kindLocals
	kindModule
	kindProvider
	kindDynamic
)

// jsonConv converts one file; it collects diagnostics for shapes Terraform
// rejects and goes on with the rest of the file.
type jsonConv struct {
	file  string
	diags hcl.Diagnostics
}

// parseJSONConfig parses a .tf.json file. A JSON syntax error drops the
// file (body nil); shape errors drop only the offending construct.
func parseJSONConfig(src []byte, name string) (*hclsyntax.Body, hcl.Diagnostics) {
	f, ds := hcljson.Parse(src, name)
	if ds.HasErrors() || f == nil {
		return nil, ds
	}
	c := &jsonConv{file: name}
	attrs, ds := f.Body.JustAttributes()
	c.diags = append(c.diags, ds...)
	root := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: hcl.Range{Filename: name,
		Start: hcl.Pos{Line: 1, Column: 1}, End: f.Body.MissingItemRange().End}}
	for _, a := range sortedHCLAttrs(attrs) {
		switch a.Name {
		case "resource", "data":
			for _, typ := range c.members(a.Expr, a.Name) {
				for _, name := range c.members(typ.Value, a.Name+" "+typ.name) {
					for _, b := range c.bodies(name.Value) {
						root.Blocks = appendBlocks(root.Blocks, c.block(a.Name, []labelAt{typ.labelAt, name.labelAt}, b, kindResource))
					}
				}
			}
		case "module", "variable", "output", "provider":
			kind := map[string]bodyKind{"module": kindModule, "variable": kindVariable, "output": kindOutput, "provider": kindProvider}[a.Name]
			for _, name := range c.members(a.Expr, a.Name) {
				for _, b := range c.bodies(name.Value) {
					root.Blocks = appendBlocks(root.Blocks, c.block(a.Name, []labelAt{name.labelAt}, b, kind))
				}
			}
		case "locals":
			for _, b := range c.bodies(a.Expr) {
				root.Blocks = appendBlocks(root.Blocks, c.block("locals", nil, b, kindLocals))
			}
		default:
			// terraform, moved, import, check, removed: nothing onus reads.
		}
	}
	return root, c.diags
}

func sortedHCLAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out
}

type labelAt struct {
	name string
	rng  hcl.Range
}

type member struct {
	labelAt
	Value hcl.Expression
}

// jsonMap returns an object's properties in source order; ok=false when
// the value is not an object.
func jsonMap(e hcl.Expression) ([]hcl.KeyValuePair, bool) {
	m, ok := e.(interface{ ExprMap() []hcl.KeyValuePair })
	if !ok {
		return nil, false
	}
	kvs := m.ExprMap()
	return kvs, kvs != nil
}

func jsonList(e hcl.Expression) ([]hcl.Expression, bool) {
	l, ok := e.(interface{ ExprList() []hcl.Expression })
	if !ok {
		return nil, false
	}
	es := l.ExprList()
	return es, es != nil
}

// keyOf is the literal text of a property name.
func keyOf(k hcl.Expression) string {
	v, _ := k.Value(nil)
	if v.Type() != cty.String || v.IsNull() || !v.IsKnown() {
		return ""
	}
	return v.AsString()
}

// members lists the properties of an object, or of each object in an
// array (Terraform allows both wherever labels nest).
func (c *jsonConv) members(e hcl.Expression, what string) []member {
	objs := []hcl.Expression{e}
	if es, ok := jsonList(e); ok {
		objs = es
	}
	var out []member
	for _, o := range objs {
		kvs, ok := jsonMap(o)
		if !ok {
			c.errorf(o.Range(), "%s: a JSON object is required here", what)
			continue
		}
		for _, kv := range kvs {
			k := keyOf(kv.Key)
			if k == "//" {
				continue
			}
			out = append(out, member{labelAt: labelAt{name: k, rng: kv.Key.Range()}, Value: kv.Value})
		}
	}
	return out
}

// bodies lists the block bodies a value stands for: one object, or an
// array of objects (repeated blocks).
func (c *jsonConv) bodies(e hcl.Expression) []hcl.Expression {
	if es, ok := jsonList(e); ok {
		return es
	}
	return []hcl.Expression{e}
}

func (c *jsonConv) errorf(rng hcl.Range, format string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf(format, args...), Subject: rng.Ptr()})
}

// appendBlocks appends the non-nil blocks to list.
func appendBlocks(list hclsyntax.Blocks, bs ...*hclsyntax.Block) hclsyntax.Blocks {
	for _, b := range bs {
		if b != nil {
			list = append(list, b)
		}
	}
	return list
}

// block builds a native block (nil, with a diagnostic, when the body is
// not an object). Its type range is the last label (or the
// body) so the block's location is the line of its own JSON value.
func (c *jsonConv) block(typ string, labels []labelAt, e hcl.Expression, kind bodyKind) *hclsyntax.Block {
	if _, ok := jsonMap(e); !ok {
		c.errorf(e.Range(), "%s: a JSON object is required here, setting the arguments of the block", typ)
		return nil
	}
	rng := e.Range()
	b := &hclsyntax.Block{Type: typ, TypeRange: e.StartRange(), OpenBraceRange: e.StartRange(),
		CloseBraceRange: lastChar(rng)}
	for _, l := range labels {
		b.Labels = append(b.Labels, l.name)
		b.LabelRanges = append(b.LabelRanges, l.rng)
	}
	if len(labels) > 0 {
		b.TypeRange = labels[len(labels)-1].rng
	}
	b.Body = c.body(e, typ, kind)
	return b
}

func lastChar(r hcl.Range) hcl.Range {
	s := r.End
	if s.Column > 1 {
		s.Column--
		s.Byte--
	}
	return hcl.Range{Filename: r.Filename, Start: s, End: r.End}
}

// body converts a block body by the rules of its kind.
func (c *jsonConv) body(e hcl.Expression, typ string, kind bodyKind) *hclsyntax.Body {
	rng := e.Range()
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: rng, EndRange: hcl.Range{Filename: rng.Filename, Start: rng.End, End: rng.End}}
	kvs, ok := jsonMap(e)
	if !ok {
		c.errorf(rng, "%s: a JSON object is required here, setting the arguments of the block", typ)
		return out
	}
	for _, kv := range kvs {
		name := keyOf(kv.Key)
		if name == "//" {
			continue
		}
		if _, dup := out.Attributes[name]; dup {
			c.errorf(kv.Key.Range(), "%s: argument %q is set twice", typ, name)
			continue
		}
		var x hclsyntax.Expression
		switch kind {
		case kindResource, kindNested:
			switch {
			case kind == kindResource && (name == "depends_on" || name == "lifecycle" || name == "provisioner" || name == "connection"):
				continue
			case kind == kindResource && name == "provider":
				x = c.traversal(kv.Value)
			case name == "dynamic":
				for _, m := range c.members(kv.Value, "dynamic") {
					for _, b := range c.bodies(m.Value) {
						out.Blocks = appendBlocks(out.Blocks, c.block("dynamic", []labelAt{m.labelAt}, b, kindDynamic))
					}
				}
				continue
			case holdsDynamic(kv.Value):
				// An object with a dynamic block inside can only be a block.
				for _, b := range c.bodies(kv.Value) {
					if nb := c.block(name, nil, b, kindNested); nb != nil {
						nb.TypeRange = kv.Key.Range()
						out.Blocks = append(out.Blocks, nb)
					}
				}
				continue
			default:
				x = c.expr(kv.Value)
			}
		case kindDynamic:
			switch name {
			case "iterator":
				x = c.traversal(kv.Value)
			case "content":
				for _, b := range c.bodies(kv.Value) {
					if nb := c.block("content", nil, b, kindNested); nb != nil {
						nb.TypeRange = kv.Key.Range()
						out.Blocks = append(out.Blocks, nb)
					}
				}
				continue
			default:
				x = c.expr(kv.Value)
			}
		case kindVariable:
			switch name {
			case "type":
				x = c.typeExpr(kv.Value)
			case "validation":
				continue
			default:
				// Variable defaults are literal values in JSON: no templates.
				x = c.literal(kv.Value)
			}
		case kindOutput:
			switch name {
			case "value":
				x = c.expr(kv.Value)
			case "depends_on", "precondition":
				continue
			default:
				x = c.literal(kv.Value)
			}
		case kindModule:
			switch name {
			case "source", "version":
				x = c.literal(kv.Value)
			case "providers":
				x = c.providerMap(kv.Value)
			case "depends_on":
				continue
			default:
				x = c.expr(kv.Value)
			}
		case kindProvider:
			if name == "alias" {
				x = c.literal(kv.Value)
			} else {
				x = c.expr(kv.Value)
			}
		case kindLocals:
			x = c.expr(kv.Value)
		}
		if x == nil {
			continue
		}
		out.Attributes[name] = &hclsyntax.Attribute{Name: name, Expr: x,
			SrcRange: hcl.RangeBetween(kv.Key.Range(), kv.Value.Range()), NameRange: kv.Key.Range()}
	}
	return out
}

// holdsDynamic reports whether a nested value is an object (or objects)
// with a "dynamic" property.
func holdsDynamic(e hcl.Expression) bool {
	objs := []hcl.Expression{e}
	if es, ok := jsonList(e); ok {
		objs = es
	}
	for _, o := range objs {
		kvs, _ := jsonMap(o)
		for _, kv := range kvs {
			if keyOf(kv.Key) == "dynamic" {
				return true
			}
		}
	}
	return false
}

// expr converts a JSON value in an expression position: strings are
// templates, objects and arrays are constructors, the rest literals.
func (c *jsonConv) expr(e hcl.Expression) hclsyntax.Expression {
	if kvs, ok := jsonMap(e); ok {
		oc := &hclsyntax.ObjectConsExpr{SrcRange: e.Range(), OpenRange: e.StartRange()}
		for _, kv := range kvs {
			oc.Items = append(oc.Items, hclsyntax.ObjectConsItem{
				// Keys of objects in expressions may interpolate too.
				KeyExpr:   &hclsyntax.ObjectConsKeyExpr{Wrapped: c.template(keyOf(kv.Key), kv.Key.Range()), ForceNonLiteral: true},
				ValueExpr: c.expr(kv.Value),
			})
		}
		return oc
	}
	if es, ok := jsonList(e); ok {
		tc := &hclsyntax.TupleConsExpr{SrcRange: e.Range(), OpenRange: e.StartRange()}
		for _, x := range es {
			tc.Exprs = append(tc.Exprs, c.expr(x))
		}
		return tc
	}
	v, _ := e.Value(nil)
	if v.Type() == cty.String && !v.IsNull() {
		return c.template(v.AsString(), e.Range())
	}
	return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: e.Range()}
}

// literal converts a JSON value taken verbatim (no templates).
func (c *jsonConv) literal(e hcl.Expression) hclsyntax.Expression {
	v, ds := e.Value(nil)
	c.diags = append(c.diags, ds...)
	return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: e.Range()}
}

// template parses a JSON string as a template, starting after its opening
// quote (columns after an escape sequence are approximate, lines exact
// until the string's first escaped newline).
func (c *jsonConv) template(s string, rng hcl.Range) hclsyntax.Expression {
	if !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
		return &hclsyntax.LiteralValueExpr{Val: cty.StringVal(s), SrcRange: rng}
	}
	start := rng.Start
	start.Column++
	start.Byte++
	x, ds := hclsyntax.ParseTemplate([]byte(s), rng.Filename, start)
	if ds.HasErrors() {
		c.diags = append(c.diags, ds...)
		return &hclsyntax.LiteralValueExpr{SrcRange: rng,
			Val: unknownBecause(fmt.Sprintf("invalid template at %s:%d", rng.Filename, rng.Start.Line))}
	}
	return x
}

// traversal reads a string holding a reference such as "aws.west".
func (c *jsonConv) traversal(e hcl.Expression) hclsyntax.Expression {
	v, _ := e.Value(nil)
	rng := e.Range()
	if v.Type() != cty.String || v.IsNull() {
		c.errorf(rng, "a string holding a reference is required here")
		return nil
	}
	s := v.AsString()
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		s = s[2 : len(s)-1]
	}
	start := rng.Start
	start.Column++
	start.Byte++
	tr, ds := hclsyntax.ParseTraversalAbs([]byte(s), rng.Filename, start)
	if ds.HasErrors() {
		c.diags = append(c.diags, ds...)
		return nil
	}
	return &hclsyntax.ScopeTraversalExpr{Traversal: tr, SrcRange: rng}
}

// typeExpr reads a variable type constraint written as a string.
func (c *jsonConv) typeExpr(e hcl.Expression) hclsyntax.Expression {
	v, _ := e.Value(nil)
	rng := e.Range()
	if v.Type() != cty.String || v.IsNull() {
		c.errorf(rng, "variable type: a string holding a type constraint is required")
		return nil
	}
	start := rng.Start
	start.Column++
	start.Byte++
	x, ds := hclsyntax.ParseExpression([]byte(v.AsString()), rng.Filename, start)
	if ds.HasErrors() {
		c.diags = append(c.diags, ds...)
		return nil
	}
	return x
}

// providerMap reads a module's providers = { aws = "aws.west" }.
func (c *jsonConv) providerMap(e hcl.Expression) hclsyntax.Expression {
	kvs, ok := jsonMap(e)
	if !ok {
		c.errorf(e.Range(), "module providers: a JSON object is required")
		return nil
	}
	oc := &hclsyntax.ObjectConsExpr{SrcRange: e.Range(), OpenRange: e.StartRange()}
	for _, kv := range kvs {
		k := keyOf(kv.Key)
		if k == "//" {
			continue
		}
		kt, ds := hclsyntax.ParseTraversalAbs([]byte(k), kv.Key.Range().Filename, kv.Key.Range().Start)
		if ds.HasErrors() {
			c.diags = append(c.diags, ds...)
			continue
		}
		v := c.traversal(kv.Value)
		if v == nil {
			continue
		}
		oc.Items = append(oc.Items, hclsyntax.ObjectConsItem{
			KeyExpr:   &hclsyntax.ObjectConsKeyExpr{Wrapped: &hclsyntax.ScopeTraversalExpr{Traversal: kt, SrcRange: kv.Key.Range()}},
			ValueExpr: v,
		})
	}
	return oc
}

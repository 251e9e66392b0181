package terraform

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/diag"
)

// moduleDef is the static content of one module directory.
type moduleDef struct {
	dir       string
	files     []*parsedFile
	variables []*varDecl
	locals    []*localDecl
	resources []*resDecl // managed and data, in file order
	calls     []*moduleCall
	outputs   []*outputDecl
	providers []*hclsyntax.Block

	namesOnce sync.Once
	attrNames refNames
}

// refNames are the attribute names the module's expressions read: per
// referenced object (aws_s3_bucket.x, data.t.n, module.m) and, for
// traversals through locals, iterators and splats, for any object.
type refNames struct {
	perKey  map[string][]string
	generic []string
}

func (md *moduleDef) names() *refNames {
	md.namesOnce.Do(func() { md.attrNames = collectNames(md) })
	return &md.attrNames
}

func collectNames(md *moduleDef) refNames {
	per := map[string]map[string]bool{}
	generic := map[string]bool{}
	addAll := func(tr hcl.Traversal, from int) {
		if from >= len(tr) {
			return
		}
		for _, t := range tr[from:] {
			if a, ok := t.(hcl.TraverseAttr); ok {
				generic[a.Name] = true
			}
		}
	}
	// firstAttr is the first attribute after position i, skipping indexes.
	firstAttr := func(tr hcl.Traversal, i int) string {
		for ; i < len(tr); i++ {
			switch t := tr[i].(type) {
			case hcl.TraverseAttr:
				return t.Name
			case hcl.TraverseIndex, hcl.TraverseSplat:
				continue
			}
			return ""
		}
		return ""
	}
	visit := func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.ScopeTraversalExpr:
			tr := e.Traversal
			id := refID(tr)
			switch {
			case tr.RootName() == "var" || tr.RootName() == "path" || tr.RootName() == "terraform" || tr.RootName() == "count":
			case id == "" || strings.HasPrefix(id, "local."):
				addAll(tr, 1)
			default:
				skip := 2
				if strings.HasPrefix(id, "data.") {
					skip = 3
				}
				if a := firstAttr(tr, skip); a != "" {
					if per[id] == nil {
						per[id] = map[string]bool{}
					}
					per[id][a] = true
				}
				// Deeper steps (aws_x.y.block[0].attr) reach nested objects.
				addAll(tr, skip+1)
			}
		case *hclsyntax.RelativeTraversalExpr:
			addAll(e.Traversal, 0)
		}
		return nil
	}
	for _, f := range md.files {
		hclsyntax.VisitAll(f.body, visit)
	}
	out := refNames{perKey: map[string][]string{}}
	for k, set := range per {
		out.perKey[k] = sortedKeys(set)
	}
	out.generic = sortedKeys(generic)
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type varDecl struct {
	name      string
	block     *hclsyntax.Block
	def       *hclsyntax.Attribute // default, nil when absent
	ty        cty.Type             // cty.DynamicPseudoType when unconstrained
	defaults  *typeexpr.Defaults
	sensitive bool
	file      *parsedFile
}

type localDecl struct {
	name string
	attr *hclsyntax.Attribute
	file *parsedFile
}

type resDecl struct {
	data       bool
	typ, name  string
	block      *hclsyntax.Block
	file       *parsedFile
	count      *hclsyntax.Attribute
	forEach    *hclsyntax.Attribute
	providerAt string // "aws.alias" from provider = aws.alias
}

// key is the address within the module: aws_s3_bucket.x or data.aws_x.y.
func (r *resDecl) key() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type moduleCall struct {
	name    string
	source  string
	block   *hclsyntax.Block
	count   *hclsyntax.Attribute
	forEach *hclsyntax.Attribute
	file    *parsedFile
}

type outputDecl struct {
	name string
	expr hclsyntax.Expression
	rng  hcl.Range
}

// moduleDef parses (once) the module in dir.
func (l *loader) moduleDef(dir string) *moduleDef {
	l.mu.Lock()
	if md, ok := l.modDefs[dir]; ok {
		l.mu.Unlock()
		return md
	}
	l.mu.Unlock()
	names := l.tfFiles(dir)
	if len(names) > 8 {
		l.parseAll(names) // large module: parse its files concurrently
	}
	md := &moduleDef{dir: dir}
	var d diag.List
	seen := map[string]hcl.Range{}
	dup := func(kind, name string, r hcl.Range) bool {
		k := kind + " " + name
		if prev, ok := seen[k]; ok {
			d.Errorf(toLoc(r), "duplicate %s %q (first declared at %s:%d)", kind, name, prev.Filename, prev.Start.Line)
			return true
		}
		seen[k] = r
		return false
	}
	var files, overrides []*parsedFile
	for _, n := range names {
		if isOverrideFile(n) {
			overrides = append(overrides, l.parseFile(n))
		} else {
			files = append(files, l.parseFile(n))
		}
	}
	for _, f := range applyOverrides(files, overrides, &d) {
		if f.body == nil {
			continue
		}
		md.files = append(md.files, f)
		for _, b := range f.body.Blocks {
			switch b.Type {
			case "variable":
				if len(b.Labels) != 1 || dup("variable", b.Labels[0], b.DefRange()) {
					continue
				}
				v := &varDecl{name: b.Labels[0], block: b, ty: cty.DynamicPseudoType, file: f}
				if a, ok := b.Body.Attributes["default"]; ok {
					v.def = a
				}
				if a, ok := b.Body.Attributes["type"]; ok {
					ty, defs, ds := typeexpr.TypeConstraintWithDefaults(a.Expr)
					if ds.HasErrors() {
						d = append(d, hclDiags(ds, diag.Warning)...)
					} else {
						v.ty, v.defaults = ty, defs
					}
				}
				if a, ok := b.Body.Attributes["sensitive"]; ok {
					if sv, ds := a.Expr.Value(nil); !ds.HasErrors() && sv.Type() == cty.Bool && sv.IsKnown() && !sv.IsNull() {
						v.sensitive = sv.True()
					}
				}
				md.variables = append(md.variables, v)
			case "locals":
				for _, a := range sortedAttrs(b.Body) {
					if dup("local", a.Name, a.SrcRange) {
						continue
					}
					md.locals = append(md.locals, &localDecl{name: a.Name, attr: a, file: f})
				}
			case "resource", "data":
				if len(b.Labels) != 2 {
					d.Errorf(toLoc(b.DefRange()), "%s block needs two labels", b.Type)
					continue
				}
				r := &resDecl{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], block: b, file: f}
				if dup(b.Type, r.key(), b.DefRange()) {
					continue
				}
				r.count = b.Body.Attributes["count"]
				r.forEach = b.Body.Attributes["for_each"]
				if a, ok := b.Body.Attributes["provider"]; ok {
					if tr, ds := hcl.AbsTraversalForExpr(a.Expr); !ds.HasErrors() {
						r.providerAt = traversalString(tr)
					}
				}
				md.resources = append(md.resources, r)
			case "module":
				if len(b.Labels) != 1 || dup("module", b.Labels[0], b.DefRange()) {
					continue
				}
				mc := &moduleCall{name: b.Labels[0], block: b, file: f,
					count: b.Body.Attributes["count"], forEach: b.Body.Attributes["for_each"]}
				if a, ok := b.Body.Attributes["source"]; ok {
					sv, ds := a.Expr.Value(nil)
					if ds.HasErrors() || sv.Type() != cty.String || !sv.IsKnown() || sv.IsNull() {
						d.Errorf(toLoc(a.SrcRange), "module %q: source must be a literal string", mc.name)
					} else {
						mc.source = sv.AsString()
					}
				} else {
					d.Errorf(toLoc(b.DefRange()), "module %q has no source", mc.name)
				}
				md.calls = append(md.calls, mc)
			case "output":
				if len(b.Labels) != 1 || dup("output", b.Labels[0], b.DefRange()) {
					continue
				}
				if a, ok := b.Body.Attributes["value"]; ok {
					md.outputs = append(md.outputs, &outputDecl{name: b.Labels[0], expr: a.Expr, rng: a.SrcRange})
				}
			case "provider":
				md.providers = append(md.providers, b)
			}
		}
	}
	l.addDiags(d)
	l.mu.Lock()
	if prev, ok := l.modDefs[dir]; ok {
		md = prev
	} else {
		l.modDefs[dir] = md
	}
	l.mu.Unlock()
	return md
}

// sortedAttrs returns a body's attributes in source order (the map has none).
func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	sortAttrs(out)
	return out
}

func sortAttrs(a []*hclsyntax.Attribute) {
	sort.Slice(a, func(i, j int) bool { return a[i].SrcRange.Start.Byte < a[j].SrcRange.Start.Byte })
}

func traversalString(tr hcl.Traversal) string {
	s := ""
	for i, t := range tr {
		switch t := t.(type) {
		case hcl.TraverseRoot:
			s += t.Name
		case hcl.TraverseAttr:
			s += "." + t.Name
		case hcl.TraverseIndex:
			s += fmt.Sprintf("[%s]", t.Key.GoString())
		default:
			_ = i
		}
	}
	return s
}

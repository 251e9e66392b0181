package terraform

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// partialAttrs are the attributes whose partly unknown templates keep
// their known text: free text that is searched for literal secrets.
var partialAttrs = []string{"user_data", "user_data_base64"}

// fillPartials records, for the free-text attributes of a resource whose
// value is not wholly known, the text of their known parts. Terraform
// makes a whole template unknown when one interpolation is; a password
// written literally next to ${var.x} is still a finding.
func (mi *modInst) fillPartials(b *evBlock, ctx *hcl.EvalContext) {
	for _, name := range partialAttrs {
		a, ok := b.attrs[name]
		if !ok || a.expr == nil || a.val.IsWhollyKnown() {
			continue
		}
		x, ctx := a.expr, ctx
		if name == "user_data_base64" {
			// base64encode(<<EOT ... EOT): the decoded text is the argument.
			fc, ok := x.(*hclsyntax.FunctionCallExpr)
			if !ok || fc.Name != "base64encode" || len(fc.Args) != 1 {
				continue
			}
			x = fc.Args[0]
		}
		if fc, ok := x.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "templatefile" && len(fc.Args) == 2 {
			x, ctx = mi.templateFileParts(fc, ctx)
		}
		if p, ok := partialText(x, ctx); ok {
			a.partial = p
		}
	}
}

// partialText evaluates a template part by part; an unknown part becomes
// a ${...} placeholder, which secret scanners treat as a reference, never
// as a literal. ok=false when nothing of the text is known.
func partialText(x hclsyntax.Expression, ctx *hcl.EvalContext) (string, bool) {
	t, ok := x.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	var sb strings.Builder
	known := false
	for _, part := range t.Parts {
		if s, ok := knownText(part, ctx); ok {
			sb.WriteString(s)
			known = known || s != ""
			continue
		}
		sb.WriteString(partPlaceholder(part))
	}
	return sb.String(), known
}

func knownText(part hclsyntax.Expression, ctx *hcl.EvalContext) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	v, ds := part.Value(ctx)
	if ds.HasErrors() {
		return "", false
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return "", false
	}
	if v.IsNull() {
		return "", true
	}
	sv, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false
	}
	return sv.AsString(), true
}

// partPlaceholder names an unknown part the way it was written when it is
// a plain reference (${var.db_password}), else ${...}.
func partPlaceholder(part hclsyntax.Expression) string {
	if w, ok := part.(*hclsyntax.TemplateWrapExpr); ok {
		part = w.Wrapped
	}
	if st, ok := part.(*hclsyntax.ScopeTraversalExpr); ok {
		return "${" + traversalString(st.Traversal) + "}"
	}
	return "${...}"
}

// templateFileParts reads the template of templatefile(path, vars) with the
// vars that are known, so its literal text can be searched even when some
// vars are computed. It returns the template and its context, or nils
// when the path or the vars object itself is unknown.
func (mi *modInst) templateFileParts(fc *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext) (hclsyntax.Expression, *hcl.EvalContext) {
	pv, ds := fc.Args[0].Value(ctx)
	if ds.HasErrors() {
		return nil, nil
	}
	pv, _ = pv.UnmarkDeep()
	if !pv.IsKnown() || pv.IsNull() || pv.Type() != cty.String {
		return nil, nil
	}
	vv, ds := fc.Args[1].Value(ctx)
	if ds.HasErrors() {
		return nil, nil
	}
	vv, _ = vv.Unmark()
	if !vv.IsKnown() || vv.IsNull() || !(vv.Type().IsObjectType() || vv.Type().IsMapType()) {
		return nil, nil
	}
	src, err := readModuleFile(fileDirs{module: filepath.FromSlash(mi.def.dir), root: filepath.FromSlash(mi.re.rootDir)}, pv.AsString())
	if err != nil {
		return nil, nil
	}
	x, ds := hclsyntax.ParseTemplate(src, pv.AsString(), hcl.Pos{Line: 1, Column: 1})
	if ds.HasErrors() {
		return nil, nil
	}
	tctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: mi.funcs}
	for it := vv.ElementIterator(); it.Next(); {
		k, v := it.Element()
		tctx.Variables[k.AsString()] = v
	}
	return x, tctx
}

package terraform

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/source"
)

// rootVariables gathers values for a root module's variables the way
// Terraform does, later sources winning: terraform.tfvars(.json),
// *.auto.tfvars(.json) in lexical order, -var-file in order, then -var.
func rootVariables(md *moduleDef, listing []string, opts Options) (map[string]cty.Value, diag.List) {
	var d diag.List
	vals := map[string]cty.Value{}
	var files []string
	var auto []string
	for _, n := range listing {
		switch {
		case n == "terraform.tfvars" || n == "terraform.tfvars.json":
			files = append(files, path.Join(md.dir, n))
		case strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json"):
			auto = append(auto, path.Join(md.dir, n))
		}
	}
	sort.Strings(files) // terraform.tfvars before terraform.tfvars.json
	sort.Strings(auto)
	files = append(files, auto...)
	for _, f := range opts.VarFiles {
		files = append(files, displayPath(f))
	}
	for _, f := range files {
		readVarFile(f, vals, &d)
	}
	types := map[string]cty.Type{}
	for _, v := range md.variables {
		types[v.name] = v.ty
	}
	names := make([]string, 0, len(opts.Vars))
	for k := range opts.Vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		raw := opts.Vars[k]
		ty, ok := types[k]
		if !ok || ty == cty.DynamicPseudoType || ty.IsPrimitiveType() {
			vals[k] = cty.StringVal(raw)
			continue
		}
		// Complex types are written as HCL on the command line.
		expr, ds := hclsyntax.ParseExpression([]byte(raw), "-var "+k, hcl.Pos{Line: 1, Column: 1})
		if ds.HasErrors() {
			d = append(d, hclDiags(ds, diag.Error)...)
			continue
		}
		v, ds := expr.Value(nil)
		if ds.HasErrors() {
			d = append(d, hclDiags(ds, diag.Error)...)
			continue
		}
		vals[k] = v
	}
	return vals, d
}

func readVarFile(name string, vals map[string]cty.Value, d *diag.List) {
	src, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		d.Errorf(source.Loc{File: name}, "cannot read variables file: %v", err)
		return
	}
	var body hcl.Body
	var ds hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		var f *hcl.File
		f, ds = hcljson.Parse(src, name)
		if f != nil {
			body = f.Body
		}
	} else {
		var f *hcl.File
		f, ds = hclsyntax.ParseConfig(src, name, hcl.Pos{Line: 1, Column: 1})
		if f != nil {
			body = f.Body
		}
	}
	if ds.HasErrors() || body == nil {
		*d = append(*d, hclDiags(ds, diag.Error)...)
		return
	}
	attrs, ds := body.JustAttributes()
	if ds.HasErrors() {
		*d = append(*d, hclDiags(ds, diag.Error)...)
	}
	for k, a := range attrs {
		v, ds := a.Expr.Value(nil)
		if ds.HasErrors() {
			*d = append(*d, hclDiags(ds, diag.Error)...)
			continue
		}
		vals[k] = v
	}
}

package terraform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// tryFunc is Terraform's try, except in what an unknown answer says.
// HCL's try answers an argument that is not wholly known with an unknown of
// its own, without the marks that say why; this one keeps them, and names
// the argument and its line when nothing else does. An argument that
// calls a function onus does not have (a provider function,
// provider::aws::arn_parse) is not taken to fail: Terraform has the
// function, so its value is unknown, not the next argument's.
var tryFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type: func(args []cty.Value) (cty.Type, error) {
		v, err := tryArgs(args)
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return tryArgs(args) },
})

// canFunc is Terraform's can, unknown (with the reason) where tryFunc is.
var canFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		c := customdecode.ExpressionClosureFromVal(args[0])
		v, ds := c.Value()
		if why, ok := missingFunc(c.Expression, ds); ok {
			return cty.UnknownVal(cty.Bool).Mark(unresolved{Reason: why}), nil
		}
		if ds.HasErrors() {
			return cty.False, nil
		}
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.Bool).WithMarks(unknownMarks(c.Expression, v)), nil
		}
		return cty.True, nil
	},
})

func tryArgs(args []cty.Value) (cty.Value, error) {
	if len(args) == 0 {
		return cty.NilVal, errors.New("at least one argument is required")
	}
	var ds hcl.Diagnostics
	for _, a := range args {
		c := customdecode.ExpressionClosureFromVal(a)
		v, more := c.Value()
		if why, ok := missingFunc(c.Expression, more); ok {
			return cty.DynamicVal.Mark(unresolved{Reason: why}), nil
		}
		ds = append(ds, more...)
		if more.HasErrors() {
			continue
		}
		if !v.IsWhollyKnown() {
			// Which argument wins is decided once the value is known.
			return cty.DynamicVal.WithMarks(unknownMarks(c.Expression, v)), nil
		}
		return v, nil
	}
	var b strings.Builder
	b.WriteString("no expression succeeded:\n")
	for _, d := range ds {
		if d.Subject != nil {
			fmt.Fprintf(&b, "- %s (at %s)\n  %s\n", d.Summary, d.Subject, d.Detail)
		} else {
			fmt.Fprintf(&b, "- %s\n  %s\n", d.Summary, d.Detail)
		}
	}
	b.WriteString("\nAt least one expression must produce a successful result")
	return cty.NilVal, errors.New(b.String())
}

// unknownMarks are the marks of v, the unknown value of expr; when none
// says why it is unknown, one naming expr's first reference (or expr) and
// its line.
func unknownMarks(expr hcl.Expression, v cty.Value) cty.ValueMarks {
	_, ms := v.UnmarkDeep()
	for m := range ms {
		switch m.(type) {
		case unresolved, refMark:
			return ms
		}
	}
	out := cty.ValueMarks{}
	for m := range ms {
		out[m] = struct{}{}
	}
	rng := expr.Range()
	what := "the expression"
	if vs := expr.Variables(); len(vs) > 0 {
		what = traversalText(vs[0])
	}
	out[unresolved{Reason: fmt.Sprintf("%s at %s:%d is unknown", what, rng.Filename, rng.Start.Line)}] = struct{}{}
	return out
}

// missingFunc reports whether ds says expr calls a function onus does not
// have, and names it.
func missingFunc(expr hcl.Expression, ds hcl.Diagnostics) (string, bool) {
	for _, d := range ds {
		if x, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallUnknownDiagExtra](d); ok {
			name := x.CalledFunctionNamespace() + x.CalledFunctionName()
			at := expr.Range()
			if d.Subject != nil {
				at = *d.Subject
			}
			return fmt.Sprintf("function %s (at %s:%d) is not evaluated by onus; Terraform decides its value", name, at.Filename, at.Start.Line), true
		}
	}
	return "", false
}

// traversalText writes a reference as Terraform code does: var.cfg.enc,
// local.m["k"], aws_s3_bucket.b[0].id.
func traversalText(tr hcl.Traversal) string {
	var b strings.Builder
	for i, s := range tr {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			} else {
				b.WriteString("[...]")
			}
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		default:
			if i == 0 {
				b.WriteString("?")
			}
		}
	}
	return b.String()
}

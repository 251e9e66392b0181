package terraform

import (
	"sort"

	"github.com/zclconf/go-cty/cty"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/source"
)

func mapLambda(bd *builder, r *resInst) {
	b := r.body
	at := r.at()
	f := &lambda.Function{Meta: r.meta()}
	f.Name = b.strComputed("function_name", "function name not set")
	f.PackageType = b.str("package_type", "Zip")
	if pt, ok := f.PackageType.Get(); ok && pt == "Image" {
		f.Runtime = b.str("runtime", "")
	} else {
		f.Runtime = b.strComputed("runtime", "runtime not set")
	}
	f.Environment = source.Known([]lambda.EnvVar{}, at)
	env, reason := b.block("environment")
	if reason != "" {
		f.Environment = source.Unknown[[]lambda.EnvVar](reason, at)
	} else if env != nil {
		f.Environment = envVars(env, "variables")
	}
	f.VPC = source.Known[*lambda.VPCConfig](nil, at)
	if vc, reason := b.block("vpc_config"); reason != "" {
		f.VPC = source.Unknown[*lambda.VPCConfig](reason, at)
	} else if vc != nil {
		sn := vc.idents("subnet_ids")
		sg := vc.idents("security_group_ids")
		s, ok1 := sn.Get()
		g, ok2 := sg.Get()
		switch {
		case !ok1:
			f.VPC = source.Unknown[*lambda.VPCConfig](sn.Reason(), sn.Prov())
		case !ok2:
			f.VPC = source.Unknown[*lambda.VPCConfig](sg.Reason(), sg.Prov())
		case len(s) == 0:
			f.VPC = source.Known[*lambda.VPCConfig](nil, source.At(vc.loc()))
		default:
			f.VPC = source.Known(&lambda.VPCConfig{SubnetIDs: s, SecurityGroupIDs: g}, source.At(vc.loc()))
		}
	}
	f.Role = b.ident("role", "")
	f.Policy = source.Known[*iampolicy.Policy](nil, at)
	f.URLAuthType = source.Known("", at)
	f.KMSKeyARN = b.ident("kms_key_arn", "")
	f.TracingMode = source.Known("PassThrough", at)
	if tc, reason := b.block("tracing_config"); reason != "" {
		f.TracingMode = source.Unknown[string](reason, at)
	} else if tc != nil {
		f.TracingMode = tc.str("mode", "PassThrough")
	}
	f.DeadLetter = presence(b, "dead_letter_config", at)
	f.ReservedConcurrency = b.integer("reserved_concurrent_executions", -1)
	bd.est.LambdaFunctions = append(bd.est.LambdaFunctions, f)
	name, _ := f.Name.Get()
	bd.add(r, f, name)
}

// envVars reads a map attribute key by key, each with its own location
// when the map is written literally.
func envVars(b *evBlock, name string) source.Value[[]lambda.EnvVar] {
	a, ok := b.lookup(name)
	if !ok {
		return source.Known([]lambda.EnvVar{}, source.At(b.loc()))
	}
	at := source.At(toLoc(a.rng))
	uv, _ := a.val.Unmark()
	if !uv.IsKnown() {
		return source.Unknown[[]lambda.EnvVar](reasonOf(a.val), at)
	}
	if !uv.Type().IsObjectType() && !uv.Type().IsMapType() {
		return source.Unknown[[]lambda.EnvVar](name+" is not a map", at)
	}
	keyLocs := map[string]source.Prov{}
	if oc, ok := a.expr.(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range oc.Items {
			if k, ds := it.KeyExpr.Value(nil); !ds.HasErrors() && k.Type() == cty.String && k.IsKnown() {
				keyLocs[k.AsString()] = source.At(toLoc(hclRangeOver(it.KeyExpr.Range(), it.ValueExpr.Range())))
			}
		}
	}
	out := []lambda.EnvVar{}
	for it := uv.ElementIterator(); it.Next(); {
		k, v := it.Element()
		p, ok := keyLocs[k.AsString()]
		if !ok {
			p = at
		}
		ev := lambda.EnvVar{Name: k.AsString(), Prov: source.Pack(p)}
		if v.IsWhollyKnown() {
			pv, _ := v.UnmarkDeep()
			if s, err := ctyString(pv); err == nil && !pv.IsNull() {
				ev.Value = source.Known(s, p)
			} else {
				ev.Value = source.Unknown[string]("not a string", p)
			}
		} else {
			ev.Value = source.Unknown[string](reasonOf(v), p)
		}
		out = append(out, ev)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return source.Known(out, at)
}

// lambdaPermission turns aws_lambda_permission into a statement of the
// function's resource-based policy, as Lambda's AddPermission does.
func lambdaPermission(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "function_name", "aws_lambda_function")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("lambda-permission", reason, r.at(), func(f func(any)) {
				for _, fn := range bd.est.LambdaFunctions {
					f(fn)
				}
			}, func(o any, reason string, at source.Prov) {
				fn := o.(*lambda.Function)
				fn.Policy = source.Unknown[*iampolicy.Policy](reason, at)
			})
		}
		return
	}
	fn := o.(*lambda.Function)
	bd.join("lambda-permission", fn)
	if _, ok := fn.Policy.Get(); !ok {
		return
	}
	b := r.body
	st, reason := permissionStatement(b, fn)
	if reason != "" {
		fn.Policy = source.Unknown[*iampolicy.Policy](reason, r.at())
		return
	}
	cur, _ := fn.Policy.Get()
	np := &iampolicy.Policy{Version: iampolicy.Version2012}
	if cur != nil {
		np.Statements = append(np.Statements, cur.Statements...)
	}
	st.Path = "Statement[" + itoa(len(np.Statements)) + "]"
	np.Statements = append(np.Statements, st)
	fn.Policy = source.Known(np, r.at())
}

func permissionStatement(b *evBlock, fn *lambda.Function) (iampolicy.Statement, string) {
	// Values are read as in policy documents: a computed ARN or account
	// id becomes a ${address.attr} placeholder, anything else unknown makes
	// the statement unknown.
	get := func(n string) (string, bool, string) {
		a, ok := b.lookup(n)
		if !ok {
			return "", false, ""
		}
		g, reason := toGo(a.val)
		if reason != "" {
			return "", true, reason
		}
		s, isStr := g.(string)
		if !isStr {
			return "", true, n + " is not a string"
		}
		return s, true, ""
	}
	st := iampolicy.Statement{Effect: iampolicy.EffectAllow}
	if sid, ok, _ := get("statement_id"); ok {
		st.Sid = sid
	}
	action, _, reason := get("action")
	if reason != "" {
		return st, reason
	}
	st.Action = []string{action}
	principal, _, reason := get("principal")
	if reason != "" {
		return st, reason
	}
	switch {
	case principal == "*":
		st.Principal = &iampolicy.Principals{All: true}
	case len(principal) > 14 && principal[len(principal)-14:] == ".amazonaws.com":
		st.Principal = &iampolicy.Principals{Service: []string{principal}}
	default:
		st.Principal = &iampolicy.Principals{AWS: []string{principal}}
	}
	res := fn.Address
	if n, ok := fn.Name.Get(); ok {
		res = "arn:aws:lambda:*:*:function:" + n
	}
	st.Resource = []string{res}
	add := func(op, key, attr string) string {
		v, ok, reason := get(attr)
		if reason != "" {
			return reason
		}
		if ok && v != "" {
			st.Condition = append(st.Condition, iampolicy.Condition{Operator: op,
				Entries: []iampolicy.ConditionEntry{{Key: key, Values: []string{v}}}})
		}
		return ""
	}
	for _, c := range [][3]string{
		{"ArnLike", "AWS:SourceArn", "source_arn"},
		{"StringEquals", "AWS:SourceAccount", "source_account"},
		{"StringEquals", "aws:PrincipalOrgID", "principal_org_id"},
		{"StringEquals", "lambda:FunctionUrlAuthType", "function_url_auth_type"},
	} {
		if r := add(c[0], c[1], c[2]); r != "" {
			return st, r
		}
	}
	return st, ""
}

func lambdaURL(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "function_name", "aws_lambda_function")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("lambda-url", reason, r.at(), func(f func(any)) {
				for _, fn := range bd.est.LambdaFunctions {
					f(fn)
				}
			}, func(o any, reason string, at source.Prov) {
				fn := o.(*lambda.Function)
				fn.URLAuthType = source.Unknown[string](reason, at)
			})
		}
		return
	}
	fn := o.(*lambda.Function)
	bd.join("lambda-url", fn)
	fn.URLAuthType = r.body.strComputed("authorization_type", "authorization_type not set")
}

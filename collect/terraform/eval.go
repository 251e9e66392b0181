package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// maxModuleDepth stops a module that (indirectly) calls itself.
const maxModuleDepth = 24

// maxInstances bounds count and for_each so a typo (count = 1e9) cannot
// exhaust memory; real configurations stay far below it.
const maxInstances = 10000

// rootEval evaluates one root module and every module it calls.
type rootEval struct {
	l        *loader
	rootDir  string
	manifest map[string]string
	insts    []*resInst
	literals []*account.Literal
	diags    diag.List
	// rootOutputs are the root module's outputs: a configuration that
	// reads this state (terraform_remote_state) may use what they name.
	rootOutputs []rootOutput
}

type rootOutput struct {
	decl *outputDecl
	val  cty.Value
}

// evBlock is an evaluated block: attribute values with their ranges, and
// nested blocks (dynamic blocks already expanded).
type evBlock struct {
	typ    string
	rng    hcl.Range
	attrs  map[string]*evAttr
	blocks map[string][]*evBlock
	// unknownBlocks names nested block types whose dynamic for_each is
	// unknown, with the reason: the set of such blocks is unknown.
	unknownBlocks map[string]string
}

type evAttr struct {
	val  cty.Value
	rng  hcl.Range
	expr hclsyntax.Expression // nil for plan JSON

	// partial is the (decoded) text of a partly unknown template with placeholders
	// for the unknown parts (see partialText); "" when not computed.
	partial string
}

// resInst is one resource instance after evaluation.
type resInst struct {
	addr    string
	typ     string
	name    string
	module  string
	data    bool
	body    *evBlock
	loc     source.Loc
	region  source.Value[string]
	ignores []base.Ignore
	order   int

	// defaultTags are the provider's default_tags (nil when the provider
	// sets none).
	defaultTags *source.Value[map[string]string]
}

// modInst is one instance of a module during evaluation.
type modInst struct {
	re     *rootEval
	def    *moduleDef
	path   string // "" for root, else module.a or module.a[0].module.b
	key    string // manifest key: "a" or "a.b"
	depth  int
	funcs  map[string]function.Function
	vars   map[string]cty.Value
	varObj cty.Value
	locals map[string]cty.Value
	res    map[string]*resEntry // resource/data key -> instances
	mods   map[string]cty.Value // module name -> outputs
	inputs map[string]cty.Value
	// ignores written above the module call apply to everything in it.
	ignores []base.Ignore
	outputs map[string]cty.Value

	// providers are the provider configurations resources of this module
	// instance use, by local name ("aws", "aws.west"): inherited from the
	// caller, or declared here.
	providers map[string]*providerConf
}

// node is one thing in the module's dependency graph.
type node struct {
	id    string
	kind  byte // 'l' local, 'r' resource/data, 'm' module, 'o' output, 'p' provider
	local *localDecl
	res   *resDecl
	call  *moduleCall
	out   *outputDecl
	prov  *hclsyntax.Block
	travs []hcl.Traversal
	// after names nodes evaluated first that no traversal shows: the
	// provider configuration a resource or module call uses.
	after []string
}

// providerConf is what a provider configuration gives its resources.
type providerConf struct {
	region      source.Value[string]
	defaultTags *source.Value[map[string]string] // nil: no default_tags
}

func (l *loader) loadRoot(dir string) *model.Estate {
	re := &rootEval{l: l, rootDir: dir, manifest: readManifest(dir)}
	md := l.moduleDef(dir)
	vals, vd := rootVariables(md, l.listDir(dir), l.opts)
	re.diags = append(re.diags, vd...)
	outs := re.evalModule(md, "", "", vals, 0, nil, nil)
	for _, o := range md.outputs {
		if v, ok := outs[o.name]; ok {
			re.rootOutputs = append(re.rootOutputs, rootOutput{o, v})
		}
	}
	est := re.build()
	l.addDiags(re.diags)
	return est
}

// evalModule evaluates one module instance and returns its outputs.
// provs are the provider configurations the caller passes (nil for a root).
func (re *rootEval) evalModule(md *moduleDef, modPath, key string, inputs map[string]cty.Value, depth int, ignores []base.Ignore, provs map[string]*providerConf) map[string]cty.Value {
	mi := &modInst{re: re, def: md, path: modPath, key: key, depth: depth, ignores: ignores,
		funcs: functions(filepath.FromSlash(md.dir), filepath.FromSlash(re.rootDir)), vars: map[string]cty.Value{},
		locals: map[string]cty.Value{}, res: map[string]*resEntry{}, mods: map[string]cty.Value{},
		inputs: inputs, outputs: map[string]cty.Value{}, providers: map[string]*providerConf{}}
	for k, p := range provs {
		mi.providers[k] = p
	}
	mi.setVariables()

	nodes, byID := mi.graph()
	state := map[string]byte{} // 1 visiting, 2 done
	var visit func(n *node)
	visit = func(n *node) {
		if re.l.ctx.Err() != nil {
			return
		}
		switch state[n.id] {
		case 2:
			return
		case 1:
			re.diags.Errorf(mi.nodeLoc(n), "dependency cycle through %s", n.id)
			return
		}
		state[n.id] = 1
		for _, dep := range n.deps(byID) {
			visit(dep)
		}
		mi.evalNode(n)
		state[n.id] = 2
	}
	for _, n := range nodes {
		visit(n)
	}
	mi.collectLiterals()
	return mi.outputs
}

func (mi *modInst) nodeLoc(n *node) source.Loc {
	switch n.kind {
	case 'l':
		return toLoc(n.local.attr.SrcRange)
	case 'r':
		return toLoc(n.res.block.DefRange())
	case 'm':
		return toLoc(n.call.block.DefRange())
	case 'o':
		return toLoc(n.out.rng)
	case 'p':
		return toLoc(n.prov.DefRange())
	}
	return source.Loc{}
}

// graph lists the module's nodes in declaration order with the traversals
// each one makes.
func (mi *modInst) graph() ([]*node, map[string]*node) {
	var nodes []*node
	var provIDs []string
	for _, p := range mi.def.providers {
		if name := providerName(p); name != "" {
			n := &node{id: "provider." + name, kind: 'p', prov: p, travs: bodyTraversals(p.Body)}
			nodes = append(nodes, n)
			provIDs = append(provIDs, n.id)
		}
	}
	for _, lc := range mi.def.locals {
		nodes = append(nodes, &node{id: "local." + lc.name, kind: 'l', local: lc, travs: lc.attr.Expr.Variables()})
	}
	for _, r := range mi.def.resources {
		n := &node{id: r.key(), kind: 'r', res: r, travs: bodyTraversals(r.block.Body)}
		if len(provIDs) > 0 {
			n.after = []string{"provider." + resProvider(r)}
		}
		nodes = append(nodes, n)
	}
	for _, c := range mi.def.calls {
		n := &node{id: "module." + c.name, kind: 'm', call: c, travs: bodyTraversals(c.block.Body)}
		if len(provIDs) > 0 {
			n.after = callProviders(c)
		}
		nodes = append(nodes, n)
	}
	for _, o := range mi.def.outputs {
		nodes = append(nodes, &node{id: "output." + o.name, kind: 'o', out: o, travs: o.expr.Variables()})
	}
	byID := make(map[string]*node, len(nodes))
	for _, n := range nodes {
		byID[n.id] = n
	}
	return nodes, byID
}

// refID maps a traversal to the node id it depends on ("" for none).
func refID(tr hcl.Traversal) string {
	if len(tr) == 0 {
		return ""
	}
	root := tr.RootName()
	attr := func(i int) string {
		if i < len(tr) {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch root {
	case "var", "count", "each", "path", "terraform", "self":
		return ""
	case "local":
		if a := attr(1); a != "" {
			return "local." + a
		}
	case "module":
		if a := attr(1); a != "" {
			return "module." + a
		}
	case "data":
		if t, n := attr(1), attr(2); t != "" && n != "" {
			return "data." + t + "." + n
		}
	default:
		if a := attr(1); a != "" {
			return root + "." + a
		}
	}
	return ""
}

func (n *node) deps(byID map[string]*node) []*node {
	var out []*node
	seen := map[string]bool{}
	for _, tr := range n.travs {
		id := refID(tr)
		if id == "" || id == n.id || seen[id] {
			continue
		}
		seen[id] = true
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	for _, id := range n.after {
		if d, ok := byID[id]; ok && !seen[id] && id != n.id {
			seen[id] = true
			out = append(out, d)
		}
	}
	return out
}

// bodyTraversals lists every variable reference in a body, nested blocks included.
func bodyTraversals(b *hclsyntax.Body) []hcl.Traversal {
	var out []hcl.Traversal
	for _, a := range b.Attributes {
		out = append(out, a.Expr.Variables()...)
	}
	for _, blk := range b.Blocks {
		out = append(out, bodyTraversals(blk.Body)...)
	}
	return out
}

// attrNamesFor lists the attribute names expressions read from the
// object at key (a resource, data source or module call), so reference
// objects offer computed attributes (id, arn, ...) as unknowns instead of
// failing with "unsupported attribute".
func (mi *modInst) attrNamesFor(key string) []string {
	d := mi.def.names()
	per := d.perKey[key]
	out := make([]string, 0, len(per)+len(d.generic)+2)
	out = append(out, "id", "arn")
	out = append(out, per...)
	out = append(out, d.generic...)
	return out
}

// eval evaluates one expression; an evaluation error is a diagnostic and an
// unknown value, never a guess.
func (mi *modInst) eval(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value) {
	defer func() {
		if r := recover(); r != nil {
			rng := expr.Range()
			mi.re.diags.Errorf(toLoc(rng), "internal error evaluating expression: %v", r)
			v = unknownBecause(fmt.Sprintf("expression at %s:%d could not be evaluated", rng.Filename, rng.Start.Line))
		}
	}()
	v, ds := expr.Value(ctx)
	if ds.HasErrors() {
		for _, d := range ds {
			if d.Severity != hcl.DiagError {
				continue
			}
			dd := diag.Diagnostic{Severity: diag.Error, Summary: d.Summary, Detail: d.Detail}
			if d.Subject != nil {
				dd.Subject = toLoc(*d.Subject)
			} else {
				dd.Subject = toLoc(expr.Range())
			}
			mi.re.diags = append(mi.re.diags, dd)
			break
		}
		rng := expr.Range()
		return unknownBecause(fmt.Sprintf("expression at %s:%d could not be evaluated: %s", rng.Filename, rng.Start.Line, ds[0].Summary))
	}
	if !v.IsWhollyKnown() && !v.ContainsMarked() {
		v = explainUnknown(expr, ctx, v)
	}
	return v
}

// explainUnknown gives an unknown that lost the marks of what made it
// unknown the reasons of the unknown values the expression reads. HCL
// answers some expressions over unknowns with an unknown of its own that
// drops their marks (a for expression over an unknown collection), which
// would read "unresolved expression". The reasons are attached as
// unresolved marks, not as references: a join never follows them.
func explainUnknown(expr hcl.Expression, ctx *hcl.EvalContext, v cty.Value) cty.Value {
	var why []string
	for _, tr := range expr.Variables() {
		tv, ds := tr.TraverseAbs(ctx)
		if ds.HasErrors() || tv.IsWhollyKnown() || !tv.ContainsMarked() {
			continue
		}
		why = append(why, reasonOf(tv))
	}
	if len(why) == 0 {
		return v
	}
	return v.Mark(unresolved{Reason: strings.Join(uniq(why), "; ")})
}

// ctxFor builds an evaluation context holding only what the traversals
// reference, so large modules do not rebuild big objects for each block.
func (mi *modInst) ctxFor(travs []hcl.Traversal) *hcl.EvalContext {
	vars := make(map[string]cty.Value, 4)
	var locals, mods map[string]cty.Value
	var data, res map[string]map[string]cty.Value
	nested := func(m *map[string]map[string]cty.Value, a, b string, v cty.Value) {
		if *m == nil {
			*m = map[string]map[string]cty.Value{}
		}
		if (*m)[a] == nil {
			(*m)[a] = map[string]cty.Value{}
		}
		(*m)[a][b] = v
	}
	for _, tr := range travs {
		root := tr.RootName()
		switch root {
		case "var":
			vars["var"] = mi.varObj
		case "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(mi.def.dir), "root": cty.StringVal(mi.re.rootDir), "cwd": cty.StringVal("."),
			})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "count", "each", "self":
		default:
			id := refID(tr)
			if id == "" {
				continue
			}
			parts := strings.SplitN(id, ".", 3)
			switch root {
			case "local":
				if v, ok := mi.locals[parts[1]]; ok {
					if locals == nil {
						locals = map[string]cty.Value{}
					}
					locals[parts[1]] = v
				}
			case "module":
				if v, ok := mi.mods[parts[1]]; ok {
					if mods == nil {
						mods = map[string]cty.Value{}
					}
					mods[parts[1]] = v
				}
			case "data":
				if v, ok := mi.resValue(id); ok {
					nested(&data, parts[1], parts[2], v)
				}
			default:
				if v, ok := mi.resValue(id); ok {
					nested(&res, parts[0], parts[1], v)
				}
			}
		}
	}
	if locals != nil {
		vars["local"] = cty.ObjectVal(locals)
	}
	if mods != nil {
		vars["module"] = cty.ObjectVal(mods)
	}
	if data != nil {
		d := make(map[string]cty.Value, len(data))
		for t, m := range data {
			d[t] = cty.ObjectVal(m)
		}
		vars["data"] = cty.ObjectVal(d)
	}
	for t, m := range res {
		vars[t] = cty.ObjectVal(m)
	}
	return &hcl.EvalContext{Variables: vars, Functions: mi.funcs}
}

func childCtx(ctx *hcl.EvalContext, vars map[string]cty.Value) *hcl.EvalContext {
	c := ctx.NewChild()
	c.Variables = vars
	return c
}

func (mi *modInst) evalNode(n *node) {
	switch n.kind {
	case 'l':
		mi.locals[n.local.name] = mi.eval(n.local.attr.Expr, mi.ctxFor(n.travs))
	case 'o':
		mi.outputs[n.out.name] = mi.eval(n.out.expr, mi.ctxFor(n.travs))
	case 'r':
		mi.evalResource(n)
	case 'm':
		mi.evalCall(n)
	case 'p':
		mi.evalProvider(n)
	}
}

// instKey is one instance of a counted or for_each'd block.
type instKey struct {
	suffix string // "", "[0]", `["a"]`
	vars   map[string]cty.Value
}

// expand evaluates count / for_each. ok=false means the instances are
// unknown; a single instance with unknown count.index / each is returned
// then, so the block is still checked.
func (mi *modInst) expand(count, forEach *hclsyntax.Attribute, ctx *hcl.EvalContext, what string) []instKey {
	switch {
	case count != nil:
		v, _ := mi.eval(count.Expr, ctx).UnmarkDeep()
		if !v.IsKnown() || v.IsNull() {
			r := reasonOf(mi.eval(count.Expr, ctx))
			mi.re.diags.Warnf(toLoc(count.SrcRange), "count of %s is unknown (%s): checked as one instance", what, r)
			return []instKey{{vars: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{
				"index": unknownBecause("count of " + what + " is unknown: " + r)})}}}
		}
		nv, err := convert.Convert(v, cty.Number)
		if err != nil {
			mi.re.diags.Errorf(toLoc(count.SrcRange), "count of %s is not a number", what)
			return nil
		}
		n, _ := nv.AsBigFloat().Int64()
		if n < 0 || n > maxInstances {
			mi.re.diags.Errorf(toLoc(count.SrcRange), "count of %s is %d: onus reads at most %d instances of one block", what, n, maxInstances)
			return nil
		}
		out := make([]instKey, 0, n)
		for i := int64(0); i < n; i++ {
			out = append(out, instKey{suffix: fmt.Sprintf("[%d]", i), vars: map[string]cty.Value{
				"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(i)})}})
		}
		return out
	case forEach != nil:
		raw := mi.eval(forEach.Expr, ctx)
		v, _ := raw.Unmark()
		if !v.IsWhollyKnown() && (!v.IsKnown() || !v.Type().IsObjectType() && !v.Type().IsMapType()) {
			r := reasonOf(raw)
			mi.re.diags.Warnf(toLoc(forEach.SrcRange), "for_each of %s is unknown (%s): checked as one instance", what, r)
			u := unknownBecause("for_each of " + what + " is unknown: " + r)
			return []instKey{{vars: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": u, "value": u})}}}
		}
		if v.IsNull() {
			return nil
		}
		ty := v.Type()
		if !ty.IsMapType() && !ty.IsObjectType() && !ty.IsSetType() {
			mi.re.diags.Errorf(toLoc(forEach.SrcRange), "for_each of %s must be a map or a set of strings, got %s", what, ty.FriendlyName())
			return nil
		}
		if v.LengthInt() > maxInstances {
			mi.re.diags.Errorf(toLoc(forEach.SrcRange), "for_each of %s has %d elements: onus reads at most %d instances of one block", what, v.LengthInt(), maxInstances)
			return nil
		}
		var out []instKey
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsSetType() {
				k = e
			}
			ks, _ := k.Unmark()
			ksv, err := convert.Convert(ks, cty.String)
			if err != nil || !ksv.IsKnown() || ksv.IsNull() {
				mi.re.diags.Errorf(toLoc(forEach.SrcRange), "for_each of %s has a key that is not a known string", what)
				continue
			}
			key := ksv.AsString()
			out = append(out, instKey{suffix: "[" + strconv.Quote(key) + "]", vars: map[string]cty.Value{
				"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(key), "value": e})}})
		}
		return out
	}
	return []instKey{{}}
}

var metaAttrs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// evalBody evaluates attributes and nested blocks, expanding dynamic blocks.
func (mi *modInst) evalBody(body *hclsyntax.Body, ctx *hcl.EvalContext, top bool) *evBlock {
	b := &evBlock{attrs: make(map[string]*evAttr, len(body.Attributes))}
	for name, a := range body.Attributes {
		if top && metaAttrs[name] {
			continue
		}
		b.attrs[name] = &evAttr{val: mi.eval(a.Expr, ctx), rng: a.SrcRange, expr: a.Expr}
	}
	for _, blk := range body.Blocks {
		if top && metaBlocks[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			mi.expandDynamic(b, blk, ctx)
			continue
		}
		child := mi.evalBody(blk.Body, ctx, false)
		child.typ, child.rng = blk.Type, blk.Range()
		b.addBlock(child)
	}
	return b
}

func (b *evBlock) addBlock(c *evBlock) {
	if b.blocks == nil {
		b.blocks = map[string][]*evBlock{}
	}
	b.blocks[c.typ] = append(b.blocks[c.typ], c)
}

func (mi *modInst) expandDynamic(parent *evBlock, blk *hclsyntax.Block, ctx *hcl.EvalContext) {
	label := blk.Labels[0]
	iter := label
	if a, ok := blk.Body.Attributes["iterator"]; ok {
		if tr, ds := hcl.AbsTraversalForExpr(a.Expr); !ds.HasErrors() && len(tr) == 1 {
			iter = tr.RootName()
		}
	}
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	fa, ok := blk.Body.Attributes["for_each"]
	if !ok || content == nil {
		mi.re.diags.Errorf(toLoc(blk.DefRange()), "dynamic %q block needs for_each and content", label)
		return
	}
	raw := mi.eval(fa.Expr, ctx)
	v, _ := raw.Unmark()
	if !v.IsKnown() {
		if parent.unknownBlocks == nil {
			parent.unknownBlocks = map[string]string{}
		}
		parent.unknownBlocks[label] = reasonOf(raw)
		return
	}
	if v.IsNull() || !v.CanIterateElements() {
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if v.Type().IsSetType() {
			k = e
		}
		c := childCtx(ctx, map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": e})})
		child := mi.evalBody(content.Body, c, false)
		child.typ, child.rng = label, blk.Range()
		parent.addBlock(child)
	}
}

func (mi *modInst) addrPrefix() string {
	if mi.path == "" {
		return ""
	}
	return mi.path + "."
}

// resEntry holds a resource block's instances; the value other
// expressions see is built on first reference only, since most resources
// are never referenced.
type resEntry struct {
	decl  *resDecl
	keys  []instKey
	insts []*resInst
	val   cty.Value
	built bool
}

func (mi *modInst) evalResource(n *node) {
	r := n.res
	ctx := mi.ctxFor(n.travs)
	baseAddr := mi.addrPrefix() + r.key()
	keys := mi.expand(r.count, r.forEach, ctx, baseAddr)
	pc := mi.providerFor(resProvider(r))
	e := &resEntry{decl: r, keys: keys}
	for _, k := range keys {
		c := ctx
		if k.vars != nil {
			c = childCtx(ctx, k.vars)
		}
		body := mi.evalBody(r.block.Body, c, true)
		mi.fillPartials(body, c)
		body.typ, body.rng = r.block.Type, r.block.Range()
		inst := &resInst{addr: baseAddr + k.suffix, typ: r.typ, name: r.name, module: mi.path, data: r.data, body: body,
			loc: toLoc(r.block.Range()), region: pc.region, defaultTags: pc.defaultTags, ignores: append(append([]base.Ignore{}, mi.ignores...), ignoresFor(r.file, r.block)...)}
		if !r.data {
			inst.order = len(mi.re.insts)
			mi.re.insts = append(mi.re.insts, inst)
		}
		e.insts = append(e.insts, inst)
	}
	mi.res[r.key()] = e
}

// resValue is the value of a resource or data block for references.
func (mi *modInst) resValue(key string) (cty.Value, bool) {
	e, ok := mi.res[key]
	if !ok {
		return cty.NilVal, false
	}
	if e.built {
		return e.val, true
	}
	e.built = true
	r, keys := e.decl, e.keys
	objs := make([]cty.Value, len(e.insts))
	objMap := map[string]cty.Value{}
	for i, inst := range e.insts {
		objs[i] = mi.refObject(inst)
		if s := keys[i].suffix; strings.HasPrefix(s, "[\"") {
			k, _ := strconv.Unquote(s[1 : len(s)-1])
			objMap[k] = objs[i]
		}
	}
	switch {
	case r.count != nil && len(keys) == 1 && keys[0].suffix == "":
		e.val = unknownBecause(reasonOf(keys[0].vars["count"].GetAttr("index")))
	case r.forEach != nil && len(keys) == 1 && keys[0].suffix == "":
		e.val = unknownBecause(reasonOf(keys[0].vars["each"].GetAttr("key")))
	case r.count != nil:
		e.val = cty.EmptyTupleVal
		if len(objs) > 0 {
			e.val = cty.TupleVal(objs)
		}
	case r.forEach != nil:
		e.val = cty.EmptyObjectVal
		if len(objMap) > 0 {
			e.val = cty.ObjectVal(objMap)
		}
	default:
		if len(objs) != 1 {
			return cty.NilVal, false
		}
		e.val = objs[0]
	}
	return e.val, true
}

// refObject is the value other expressions see for a resource instance:
// its configured attributes, and every other attribute name the module
// reads as an unknown carrying a reference mark (computed until apply).
func (mi *modInst) refObject(inst *resInst) cty.Value {
	if inst.data && inst.typ == "aws_iam_policy_document" {
		return mi.policyDocObject(inst)
	}
	key := inst.typ + "." + inst.name
	if inst.data {
		key = "data." + key
	}
	attrs := mi.blockObject(inst.addr, inst.body, inst.data, mi.attrNamesFor(key))
	if inst.data && inst.typ == "aws_region" {
		dataRegion(inst, attrs)
	}
	if !inst.data && inst.typ == "aws_s3_bucket" {
		// A bucket's id and ARN follow from its name (ARNs of buckets carry
		// no account or region), so policies written against them stay readable.
		if b, ok := inst.body.attrs["bucket"]; ok {
			if v, _ := b.val.UnmarkDeep(); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				attrs["id"] = cty.StringVal(v.AsString()).Mark(refMark{Addr: inst.addr, Attr: "id"})
				attrs["arn"] = cty.StringVal("arn:aws:s3:::" + v.AsString()).Mark(refMark{Addr: inst.addr, Attr: "arn"})
			}
		}
	}
	return cty.ObjectVal(attrs)
}

func (mi *modInst) blockObject(addr string, b *evBlock, data bool, names []string) map[string]cty.Value {
	attrs := make(map[string]cty.Value, len(b.attrs)+len(names))
	for name, a := range b.attrs {
		if data {
			// Arguments of a data source are inputs; leave them as they are.
			attrs[name] = a.val
			continue
		}
		if v, _ := a.val.Unmark(); v.IsKnown() && v.IsNull() {
			// An argument left null is one the provider may compute (a
			// role's name from name_prefix, a generated bucket name):
			// unknown until apply, not null.
			attrs[name] = cty.DynamicVal.WithMarks(a.val.Marks()).Mark(refMark{Addr: addr, Attr: name})
			continue
		}
		attrs[name] = a.val.Mark(refMark{Addr: addr, Attr: name})
	}
	for name, bs := range b.blocks {
		vals := make([]cty.Value, len(bs))
		for i, c := range bs {
			vals[i] = cty.ObjectVal(mi.blockObject(addr, c, data, mi.def.names().generic))
		}
		attrs[name] = cty.TupleVal(vals)
	}
	for name, reason := range b.unknownBlocks {
		attrs[name] = unknownBecause(reason)
	}
	for _, name := range names {
		if _, ok := attrs[name]; !ok {
			if (name == "id" || name == "arn") && !data {
				// Every AWS resource has an id and an ARN once created:
				// unknown, but never null (so "x.arn == null" is false).
				attrs[name] = cty.UnknownVal(cty.String).RefineNotNull().Mark(refMark{Addr: addr, Attr: name})
				continue
			}
			attrs[name] = cty.DynamicVal.Mark(refMark{Addr: addr, Attr: name, Data: data})
		}
	}
	return attrs
}

func (mi *modInst) evalCall(n *node) {
	c := n.call
	ctx := mi.ctxFor(n.travs)
	what := mi.addrPrefix() + "module." + c.name
	keys := mi.expand(c.count, c.forEach, ctx, what)
	key := c.name
	if mi.key != "" {
		key = mi.key + "." + c.name
	}
	dir, local := localModuleDir(mi.def.dir, c.source)
	if d, ok := mi.re.manifest[key]; ok && dirExists(d) {
		dir, local = d, true
	}
	if local && !dirExists(dir) {
		mi.re.diags.Errorf(toLoc(c.block.DefRange()), "module %q: directory %s not found", c.name, dir)
		local = false
	}
	if local && mi.depth >= maxModuleDepth {
		mi.re.diags.Errorf(toLoc(c.block.DefRange()), "module %q: modules nested deeper than %d (recursive module?)", c.name, maxModuleDepth)
		local = false
	}
	if !local {
		if c.source != "" {
			mi.re.diags.Warnf(toLoc(c.block.DefRange()), "module %q: source %q is not local and not downloaded (run terraform init for .terraform/modules): its resources are not scanned", c.name, c.source)
		}
		attrs := map[string]cty.Value{}
		for _, name := range mi.attrNamesFor("module." + c.name) {
			attrs[name] = unknownBecause(fmt.Sprintf("module source not local: %s (%s)", what, c.source))
		}
		mi.mods[c.name] = cty.ObjectVal(attrs)
		return
	}
	child := mi.re.l.moduleDef(dir)
	provs := mi.passedProviders(c)
	var outs []cty.Value
	outMap := map[string]cty.Value{}
	for _, k := range keys {
		cc := ctx
		if k.vars != nil {
			cc = childCtx(ctx, k.vars)
		}
		inputs := map[string]cty.Value{}
		for name, a := range c.block.Body.Attributes {
			switch name {
			case "source", "version", "count", "for_each", "providers", "depends_on":
				continue
			}
			inputs[name] = mi.eval(a.Expr, cc)
		}
		o := mi.re.evalModule(child, what+k.suffix, key, inputs, mi.depth+1, append(append([]base.Ignore{}, mi.ignores...), ignoresFor(c.file, c.block)...), provs)
		obj := cty.EmptyObjectVal
		if len(o) > 0 {
			obj = cty.ObjectVal(o)
		}
		outs = append(outs, obj)
		if strings.HasPrefix(k.suffix, "[\"") {
			kk, _ := strconv.Unquote(k.suffix[1 : len(k.suffix)-1])
			outMap[kk] = obj
		}
	}
	switch {
	case (c.count != nil || c.forEach != nil) && len(keys) == 1 && keys[0].suffix == "":
		mi.mods[c.name] = unknownBecause("instances of " + what + " are unknown")
	case c.count != nil:
		mi.mods[c.name] = cty.TupleVal(outs)
		if len(outs) == 0 {
			mi.mods[c.name] = cty.EmptyTupleVal
		}
	case c.forEach != nil:
		mi.mods[c.name] = cty.ObjectVal(outMap)
	default:
		if len(outs) == 1 {
			mi.mods[c.name] = outs[0]
		}
	}
}

func dirExists(d string) bool {
	st, err := os.Stat(filepath.FromSlash(d))
	return err == nil && st.IsDir()
}

// providerName is the local name of a provider block: "aws" or
// "aws.alias"; "" for providers onus does not read.
func providerName(p *hclsyntax.Block) string {
	if len(p.Labels) != 1 || p.Labels[0] != "aws" {
		return ""
	}
	if a, ok := p.Body.Attributes["alias"]; ok {
		if v, ds := a.Expr.Value(nil); !ds.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			return "aws." + v.AsString()
		}
	}
	return "aws"
}

// resProvider is the provider configuration a resource uses.
func resProvider(r *resDecl) string {
	if r.providerAt != "" {
		return r.providerAt
	}
	if i := strings.IndexByte(r.typ, '_'); i > 0 {
		return r.typ[:i]
	}
	return r.typ
}

// evalProvider reads the region and default_tags of an aws provider block.
// Its expressions may use variables and locals, so it is a graph node.
func (mi *modInst) evalProvider(n *node) {
	p := n.prov
	name := strings.TrimPrefix(n.id, "provider.")
	pc := &providerConf{}
	ctx := mi.ctxFor(n.travs)
	if a, ok := p.Body.Attributes["region"]; !ok {
		pc.region = source.Unknown[string]("provider region comes from the environment", source.At(toLoc(p.DefRange())))
	} else {
		v := mi.eval(a.Expr, ctx)
		if uv, _ := v.UnmarkDeep(); uv.IsKnown() && !uv.IsNull() && uv.Type() == cty.String {
			pc.region = source.Known(uv.AsString(), source.At(toLoc(a.SrcRange)))
		} else {
			pc.region = source.Unknown[string](reasonOf(v), source.At(toLoc(a.SrcRange)))
		}
	}
	// default_tags is a block in native syntax and an object attribute in
	// JSON; the evaluated body reads both the same way.
	if _, isAttr := p.Body.Attributes["default_tags"]; isAttr || hasBlock(p.Body, "default_tags") {
		body := mi.evalBody(p.Body, ctx, false)
		dt, reason := body.block("default_tags")
		switch {
		case reason != "":
			v := source.Unknown[map[string]string]("provider default_tags: "+reason, source.At(toLoc(p.DefRange())))
			pc.defaultTags = &v
		case dt != nil:
			if v, ok := read(dt, "tags", ctyStringMap); ok {
				if m, known := v.Get(); known {
					v = source.Known(m, source.At(dt.loc()))
				} else {
					v = source.Unknown[map[string]string]("provider default_tags: "+v.Reason(), source.At(dt.loc()))
				}
				pc.defaultTags = &v
			}
		}
	}
	mi.providers[name] = pc
}

func hasBlock(b *hclsyntax.Body, typ string) bool {
	for _, c := range b.Blocks {
		if c.Type == typ {
			return true
		}
	}
	return false
}

// providerFor returns the configuration a resource of this module uses.
func (mi *modInst) providerFor(name string) *providerConf {
	if pc, ok := mi.providers[name]; ok {
		return pc
	}
	return &providerConf{region: source.Unknown[string]("provider region not set in this module", source.Prov{})}
}

// callProviders names the provider nodes a module call passes: the
// default aws configuration, or those its providers argument lists.
func callProviders(c *moduleCall) []string {
	a, ok := c.block.Body.Attributes["providers"]
	if !ok {
		return []string{"provider.aws"}
	}
	var out []string
	if oc, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range oc.Items {
			if vt, ds := hcl.AbsTraversalForExpr(it.ValueExpr); !ds.HasErrors() {
				out = append(out, "provider."+traversalString(vt))
			}
		}
	}
	return out
}

// passedProviders is what a module call gives the child: the caller's
// default (unaliased) configurations implicitly, or exactly the ones its
// providers = { aws = aws.west } argument names.
func (mi *modInst) passedProviders(c *moduleCall) map[string]*providerConf {
	out := map[string]*providerConf{}
	a, ok := c.block.Body.Attributes["providers"]
	if !ok {
		if pc, ok := mi.providers["aws"]; ok {
			out["aws"] = pc
		}
		return out
	}
	oc, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		mi.re.diags.Errorf(toLoc(a.SrcRange), "module %q: providers must be an object of provider references", c.name)
		return out
	}
	for _, it := range oc.Items {
		kt, kd := hcl.AbsTraversalForExpr(it.KeyExpr)
		vt, vd := hcl.AbsTraversalForExpr(it.ValueExpr)
		if kd.HasErrors() || vd.HasErrors() {
			mi.re.diags.Errorf(toLoc(it.ValueExpr.Range()), "module %q: providers entries must be provider references such as aws = aws.west", c.name)
			continue
		}
		if pc, ok := mi.providers[traversalString(vt)]; ok {
			out[traversalString(kt)] = pc
		}
	}
	return out
}

// setVariables resolves the module's input variables: the caller's
// arguments (or, for a root, tfvars and -var), else the default, else an
// unknown naming the variable.
func (mi *modInst) setVariables() {
	obj := map[string]cty.Value{}
	for _, v := range mi.def.variables {
		val, ok := mi.inputs[v.name]
		var rng hcl.Range
		if !ok && v.def != nil {
			val = mi.eval(v.def.Expr, &hcl.EvalContext{Functions: mi.funcs})
			rng = v.def.SrcRange
			ok = true
		}
		if !ok {
			val = unknownBecause(fmt.Sprintf("variable %q has no value (no default, no tfvars, no -var)", v.name))
		} else if v.ty != cty.DynamicPseudoType {
			if v.defaults != nil {
				if uv, marks := val.UnmarkDeep(); uv.IsWhollyKnown() {
					val = v.defaults.Apply(uv).WithMarks(marks)
				}
			}
			cv, err := convert.Convert(val, v.ty)
			if err != nil {
				if rng.Filename == "" {
					rng = v.block.DefRange()
				}
				mi.re.diags.Errorf(toLoc(rng), "variable %q: value does not match its type: %v", v.name, err)
				val = unknownBecause(fmt.Sprintf("variable %q has a value of the wrong type", v.name))
			} else {
				val = cv
			}
		}
		mi.vars[v.name] = val
		obj[v.name] = val
	}
	mi.varObj = cty.ObjectVal(obj)
}

// collectLiterals records variable defaults, locals and provider arguments
// that are strings, for the secret-in-configuration controls.
func (mi *modInst) collectLiterals() {
	add := func(ctxName, typ, addr, key string, val cty.Value, rng hcl.Range, sensitive bool) {
		walkStrings(val, key, func(k, s string) {
			if s == "" {
				return
			}
			mi.re.literals = append(mi.re.literals, &account.Literal{Context: ctxName, Key: k, Value: s,
				Sensitive: sensitive, Prov: source.Pack(source.At(toLoc(rng))),
				Meta: base.Meta{Type: typ, Address: mi.addrPrefix() + addr, Source: source.Terraform,
					Loc: toLoc(rng), Module: mi.path}})
		})
	}
	for _, v := range mi.def.variables {
		if v.def != nil {
			dv := mi.eval(v.def.Expr, &hcl.EvalContext{Functions: mi.funcs})
			add("terraform variable default", "variable", "var."+v.name, v.name, dv, v.def.SrcRange, v.sensitive)
		}
	}
	for _, lc := range mi.def.locals {
		if val, ok := mi.locals[lc.name]; ok {
			add("terraform local", "locals", "local."+lc.name, lc.name, val, lc.attr.SrcRange, false)
		}
	}
	for _, p := range mi.def.providers {
		name := "provider"
		if len(p.Labels) == 1 {
			name = "provider." + p.Labels[0]
		}
		for _, a := range sortedAttrs(p.Body) {
			val := mi.eval(a.Expr, mi.ctxFor(a.Expr.Variables()))
			add("terraform provider", "provider", name+"."+a.Name, a.Name, val, a.SrcRange, false)
		}
	}
}

// walkStrings calls f for every known string leaf, keyed by the nearest map key.
func walkStrings(v cty.Value, key string, f func(k, s string)) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		f(key, v.AsString())
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			walkStrings(e, k.AsString(), f)
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			walkStrings(e, key, f)
		}
	}
}

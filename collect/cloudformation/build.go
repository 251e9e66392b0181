package cloudformation

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// builder holds what one template produced, indexed by logical id so that
// joining resources (a bucket policy, an ingress rule) find their target.
type builder struct {
	t    *tmpl
	est  *model.Estate
	byID map[string]any
	// joins run after every primary resource is mapped, in document order.
	joins []*rctx
	// launchTemplates by logical id: instances read IMDS settings from them.
	launchTemplates map[string]*rctx
	subnets         map[string]*rctx
	igwVPCs         map[string]bool // VPC logical ids with an internet gateway attached
	subnetGroups    map[string]*rctx
	instanceProfile map[string]*rctx
	deliveryChannel bool
	// uncertain are the marks of joins whose target could not be resolved:
	// they run after every join, so that a later join onto the same
	// resource cannot hide them.
	uncertain []func()
	// inherits copy what a resource takes from another of the template
	// (a read replica from its source instance); they run after every
	// primary resource is mapped, whatever the document order.
	inherits []func()
	// samRest records what the functions' evaluated events say about SAM's
	// implicit REST API.
	samRest samImplicit
}

// samImplicit: whether an evaluated function event makes SAM's implicit
// API (made), and why other events might (unknown, the first reason).
type samImplicit struct {
	made    bool
	unknown string
}

// build maps the template's resources into an estate.
func (t *tmpl) build() *model.Estate {
	b := &builder{
		t:               t,
		est:             &model.Estate{},
		byID:            map[string]any{},
		launchTemplates: map[string]*rctx{},
		subnets:         map[string]*rctx{},
		igwVPCs:         map[string]bool{},
		subnetGroups:    map[string]*rctx{},
		instanceProfile: map[string]*rctx{},
	}
	ctxs := make([]*rctx, 0, len(t.resOrder))
	all := make([]rctx, len(t.resOrder)) // one allocation for every resource
	for _, r := range t.resOrder {
		if r.cond != "" {
			cr := t.cond(r.cond, t.point(r.keyNode))
			if cr.tri == triFalse {
				continue
			}
			if cr.tri == triUnknown {
				t.diags.Warnf(t.point(r.keyNode), "resource %s is scanned although its %s", r.id, cr.reason)
			}
		}
		c := &all[len(ctxs)]
		*c = rctx{t: t, r: r}
		t.cur = r
		if r.props != nil {
			c.props = t.eval(r.props)
			if c.props != nil && c.props.k == kScalar && c.props.s == "" {
				c.props = nil
			}
		}
		if c.props != nil && c.props.k != kMap && c.props.k != kUnknown {
			// Reading defaults from a malformed block would invent values.
			t.diags.Errorf(c.props.loc, "Properties of %s must be a mapping, got %s", r.id, describe(c.props))
			c.props = unknown("Properties is not a mapping", c.props.loc)
		}
		switch r.typ {
		case "AWS::Serverless::Function":
			c.props = mergeGlobals(c.props, t.globalsFor("Function"))
		case "AWS::Serverless::Api":
			c.props = mergeGlobals(c.props, t.globalsFor("Api"))
		case "AWS::Serverless::SimpleTable":
			c.props = mergeGlobals(c.props, t.globalsFor("SimpleTable"))
		}
		t.cur = nil
		c.meta = b.meta(c)
		ctxs = append(ctxs, c)
	}
	// Helpers that other mappers read go first.
	for _, c := range ctxs {
		switch c.r.typ {
		case "AWS::EC2::LaunchTemplate":
			b.launchTemplates[c.r.id] = c
		case "AWS::EC2::Subnet":
			b.subnets[c.r.id] = c
		case "AWS::EC2::VPCGatewayAttachment":
			if c.has("InternetGatewayId") {
				b.igwVPCs[refOf(c.get("VpcId"))] = true
			}
		case "AWS::RDS::DBSubnetGroup":
			b.subnetGroups[c.r.id] = c
		case "AWS::IAM::InstanceProfile":
			b.instanceProfile[c.r.id] = c
		case "AWS::Config::DeliveryChannel":
			b.deliveryChannel = true
		}
	}
	for _, c := range ctxs {
		if !b.primary(c) {
			b.joins = append(b.joins, c)
		}
	}
	for _, inherit := range b.inherits {
		inherit()
	}
	for _, c := range b.joins {
		b.join(c)
	}
	for _, mark := range b.uncertain {
		mark()
	}
	b.finish()
	b.literals()
	b.markExported()
	return b.est
}

// globalsFor returns the SAM Globals section for a resource kind.
func (t *tmpl) globalsFor(kind string) *val {
	if !t.sam || t.globals == nil {
		return nil
	}
	n := lookup(t.globals, kind)
	if n == nil {
		return nil
	}
	return withoutNonGlobals(kind, t.eval(n))
}

// mergeGlobals applies SAM Globals as SAM's GlobalProperties merges them:
// the resource's own properties win, mappings such as
// Environment.Variables are merged key by key, and lists (Layers,
// VpcConfig.SecurityGroupIds) are the global list followed by the own one.
func mergeGlobals(props, g *val) *val {
	if g == nil || g.k != kMap {
		return props
	}
	if props == nil {
		return g
	}
	if props.k != kMap {
		return props
	}
	out := &val{k: kMap, loc: props.loc, keys: append([]string(nil), props.keys...), vals: append([]*val(nil), props.vals...)}
	for i, k := range g.keys {
		own := out.field(k)
		switch {
		case own == nil:
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, g.vals[i])
		case own.k == kMap && g.vals[i].k == kMap:
			merged := mergeGlobals(own, g.vals[i])
			for j := range out.keys {
				if out.keys[j] == k {
					out.vals[j] = merged
				}
			}
		case own.k == kList && g.vals[i].k == kList:
			merged := &val{k: kList, loc: own.loc, list: append(append([]*val(nil), g.vals[i].list...), own.list...)}
			for j := range out.keys {
				if out.keys[j] == k {
					out.vals[j] = merged
				}
			}
		}
	}
	return out
}

func (b *builder) meta(c *rctx) base.Meta {
	m := base.Meta{
		Type:    c.r.typ,
		Address: c.r.id,
		Source:  source.CloudFormation,
		Loc:     c.r.loc,
		Module:  b.t.file,
		Region:  b.t.opts.params["AWS::Region"],
		Account: b.t.opts.params["AWS::AccountId"],
	}
	m.Tags = b.tags(c)
	m.Ignores = b.ignores(c)
	return m
}

// tags reads Tags as a list of {Key, Value} (most types) or a mapping (SAM).
func (b *builder) tags(c *rctx) source.Value[map[string]string] {
	v := c.get("Tags")
	if v == nil {
		return source.KnownAt[map[string]string](nil, c.site())
	}
	if u := v.firstUnknown(); u != nil {
		return unknownAt[map[string]string](c, "tags: "+u.s, u.loc)
	}
	out := map[string]string{}
	switch v.k {
	case kList:
		for _, e := range v.list {
			k, ok1 := walk(e, "Key").text()
			val, ok2 := walk(e, "Value").text()
			if !ok1 {
				c.typeErr(e, "a tag {Key, Value}")
				continue
			}
			if !ok2 {
				val = ""
			}
			out[k] = val
		}
	case kMap:
		for i, k := range v.keys {
			s, _ := v.vals[i].text()
			out[k] = s
		}
	default:
		return unknownAt[map[string]string](c, c.typeErr(v, "a list of tags"), v.loc)
	}
	return known(c, out, v.loc)
}

// ignores reads inline suppressions:
//
//	Metadata:
//	  onus:
//	    ignore:
//	      - id: ONUS-S3-001
//	        reason: public website bucket
func (b *builder) ignores(c *rctx) []base.Ignore {
	if c.r.metadata == nil {
		return nil
	}
	n := lookup(lookup(c.r.metadata, "onus"), "ignore")
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		b.t.diags.Warnf(b.t.point(n), "Metadata.onus.ignore must be a list of {id, reason}")
		return nil
	}
	var out []base.Ignore
	for _, e := range n.Content {
		e = deref(e)
		id, reason := lookup(e, "id"), lookup(e, "reason")
		if id == nil {
			id = lookup(e, "control")
		}
		if id == nil || id.Kind != yaml.ScalarNode || id.Value == "" {
			b.t.diags.Warnf(b.t.point(e), "Metadata.onus.ignore entry needs an id (a control ID)")
			continue
		}
		if reason == nil || reason.Kind != yaml.ScalarNode || strings.TrimSpace(reason.Value) == "" {
			b.t.diags.Warnf(b.t.point(e), "Metadata.onus.ignore of %s has no reason; not applied", id.Value)
			continue
		}
		ig := base.Ignore{Control: id.Value, Reason: reason.Value, Loc: b.t.point(e)}
		if exp := lookup(e, "expires"); exp != nil {
			if exp.Kind != yaml.ScalarNode || exp.Value == "" {
				b.t.diags.Warnf(b.t.point(exp), "Metadata.onus.ignore of %s: expires must be a date (YYYY-MM-DD); not applied", id.Value)
				continue
			}
			ig.Expires = exp.Value
		}
		out = append(out, ig)
	}
	return out
}

// literals records parameter defaults and outputs, where secret controls
// look for credentials written into the template.
func (b *builder) literals() {
	t := b.t
	for _, name := range t.paramOrder {
		p := t.params[name]
		// The default of an SSM-typed parameter is a parameter path, not a value.
		if p.def == nil || strings.HasPrefix(p.typ, "AWS::SSM::Parameter::") {
			continue
		}
		d := deref(p.def)
		if d == nil || d.Kind != yaml.ScalarNode || d.Value == "" {
			continue
		}
		b.est.Literals = append(b.est.Literals, &account.Literal{
			Context:   "cloudformation parameter default",
			Key:       name,
			Value:     d.Value,
			Sensitive: p.noEcho,
			Prov:      t.batch.Pack(source.At(t.point(p.def))),
			Meta: base.Meta{Type: "AWS::CloudFormation::Parameter", Address: name, Source: source.CloudFormation,
				Loc: t.span(p.keyNode, p.node), Module: t.file},
		})
	}
	// A secret written into the template is a literal too.
	for _, s := range b.est.Secrets {
		r := t.resources[s.Address]
		if r == nil {
			continue
		}
		v := t.eval(lookup(r.props, "SecretString"))
		text, ok := v.text()
		if !ok || text == "" || v.sym && strings.HasPrefix(text, "${") {
			continue
		}
		b.est.Literals = append(b.est.Literals, &account.Literal{
			Context: "cloudformation secret string", Key: s.Address, Value: text,
			Sensitive: v.param != "" && t.params[v.param] != nil && t.params[v.param].noEcho,
			Prov:      t.batch.Pack(source.At(v.loc)), Meta: s.Meta,
		})
	}
	out := deref(t.outputs)
	if out == nil || out.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(out.Content); i += 2 {
		k, o := out.Content[i], deref(out.Content[i+1])
		if cn := lookup(o, "Condition"); cn != nil && cn.Kind == yaml.ScalarNode {
			if t.cond(cn.Value, t.point(cn)).tri == triFalse {
				continue
			}
		}
		vn := lookup(o, "Value")
		if vn == nil {
			t.diags.Errorf(t.point(k), "output %s has no Value", k.Value)
			continue
		}
		if lookup(o, "Export") != nil {
			// Record what an exported value refers to (see markExported).
			t.cur = &resource{id: k.Value, typ: exportType, loc: t.span(k, o)}
		}
		v := t.eval(vn)
		t.cur = nil
		s, ok := v.text()
		if v != nil && v.k == kUnknown && strings.HasPrefix(v.tag, "${") {
			// A runtime attribute (a secret access key, say) published as
			// an output: the value is not in code, but the exposure is.
			s, ok = v.tag, true
		}
		if !ok || s == "" {
			continue
		}
		// Secret attributes (an access key's secret) are sensitive as are
		// NoEcho parameters passed through.
		sensitive := strings.HasSuffix(v.tag, ".SecretAccessKey}")
		if v.param != "" {
			if p := t.params[v.param]; p != nil {
				sensitive = p.noEcho
			}
		}
		b.est.Literals = append(b.est.Literals, &account.Literal{
			Context:   "cloudformation output",
			Key:       k.Value,
			Value:     s,
			Sensitive: sensitive,
			Prov:      t.batch.Pack(source.At(t.span(k, o))),
			Meta: base.Meta{Type: "AWS::CloudFormation::Output", Address: k.Value, Source: source.CloudFormation,
				Loc: t.span(k, o), Module: t.file},
		})
	}
}

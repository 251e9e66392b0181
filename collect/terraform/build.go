package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

// builder maps one root module's resource instances into the model and
// joins split resources (bucket + its encryption, group + its rules, ...)
// onto the resource they configure.
type builder struct {
	re  *rootEval
	est *model.Estate
	// byAddr holds every primary model object by Terraform address.
	byAddr map[string]any
	// byName indexes primaries by type and literal name/id, for joins
	// written with literals instead of references.
	byName map[string]map[string]any
	// joined records, per join kind, which primaries got a configuration.
	joined map[string]map[any]bool
	// unresolved records, per join kind, secondaries whose target is unknown.
	unresolved map[string][]unresolvedTarget
	// unnamed are, by type, the primaries whose name is unknown before
	// apply: a secondary naming its target by a literal may mean them.
	unnamed map[string][]unnamedPrimary
	// mayMean: by target() reason, the primaries a literal that matched no
	// known name may mean.
	mayMean map[string]map[any]bool
	// refd is every address some other resource refers to; groupUse the
	// addresses a resource other than a security group or a group rule
	// refers to (what puts a group to use), and rootOutput the first root
	// module output whose value refers to an address.
	refd       map[string]bool
	groupUse   map[string]bool
	rootOutput map[string]*outputDecl
	post       []func()
	// elbPolicies are the aws_load_balancer_policy definitions, and
	// elbPortUnknown the HTTPS/SSL listeners (by index) of each classic
	// load balancer whose lb_port is unknown, with why.
	elbPolicies    []*classicPolicyDef
	elbPortUnknown map[*elb.LoadBalancer]map[int]string
}

type primaryFunc func(bd *builder, r *resInst)
type secondaryFunc func(bd *builder, r *resInst)

func (re *rootEval) build() *model.Estate {
	bd := &builder{re: re, est: &model.Estate{}, byAddr: map[string]any{}, byName: map[string]map[string]any{},
		joined: map[string]map[any]bool{}, unresolved: map[string][]unresolvedTarget{}, refd: map[string]bool{},
		unnamed: map[string][]unnamedPrimary{}, mayMean: map[string]map[any]bool{},
		elbPortUnknown: map[*elb.LoadBalancer]map[int]string{},
		groupUse:       map[string]bool{}, rootOutput: map[string]*outputDecl{}}
	insts := re.insts
	sort.SliceStable(insts, func(i, j int) bool { return insts[i].order < insts[j].order })
	// Every reference is recorded before any resource is mapped: a VPC
	// (mapped early) is referred to by subnets declared after it.
	for _, r := range insts {
		r.body.eachAttr(func(a *evAttr) {
			for _, ref := range refsOf(a.val) {
				if ref.Addr != r.addr {
					bd.refd[ref.Addr] = true
					if !groupRuleTypes[r.typ] {
						bd.groupUse[ref.Addr] = true
					}
				}
			}
		})
	}
	for _, o := range re.rootOutputs {
		for _, ref := range refsOf(o.val) {
			if bd.rootOutput[ref.Addr] == nil {
				bd.rootOutput[ref.Addr] = o.decl
			}
		}
	}
	for _, r := range insts {
		if f, ok := primaries[r.typ]; ok && early[r.typ] {
			f(bd, r)
		}
	}
	for _, r := range insts {
		if f, ok := primaries[r.typ]; ok && !early[r.typ] {
			f(bd, r)
		}
	}
	for _, r := range insts {
		if f, ok := secondaries[r.typ]; ok {
			f(bd, r)
		}
	}
	for _, f := range bd.post {
		f()
	}
	bd.est.Literals = append(bd.est.Literals, re.literals...)
	return bd.est
}

func (bd *builder) add(r *resInst, obj any, names ...string) {
	bd.byAddr[r.addr] = obj
	m := bd.byName[r.typ]
	if m == nil {
		m = map[string]any{}
		bd.byName[r.typ] = m
	}
	named := false
	for _, n := range names {
		if n != "" {
			named = true
			if _, dup := m[n]; !dup {
				m[n] = obj
			}
		}
	}
	if !named && len(names) > 0 {
		// A name written as a value known only at apply (not one AWS or
		// Terraform generates) may be any literal a secondary names.
		for _, attr := range nameAttrs {
			if a, ok := r.body.lookup(attr); ok {
				if v, _ := a.val.UnmarkDeep(); !v.IsKnown() {
					bd.unnamed[r.typ] = append(bd.unnamed[r.typ], unnamedPrimary{obj, r.addr, reasonOf(a.val)})
				}
				break
			}
		}
	}
}

// nameAttrs are the attributes that name a primary, in the order looked for.
var nameAttrs = []string{"bucket", "function_name", "name", "identifier", "cluster_identifier"}

type unnamedPrimary struct {
	obj       any
	addr, why string
}

// unresolvedTarget is a secondary whose target is unknown: why, and the
// primaries it may configure (nil: every one of the kind).
type unresolvedTarget struct {
	why  string
	only map[any]bool
	at   source.Prov // the secondary's block
}

// target finds the primary of one of types that attribute attr of sec
// configures: by reference first, then by literal name. found=false with
// an empty reason means the target is outside this configuration.
func (bd *builder) target(sec *resInst, attr string, types ...string) (obj any, found bool, reason string) {
	a, ok := sec.body.lookup(attr)
	if !ok {
		return nil, false, ""
	}
	for _, ref := range refsOf(a.val) {
		if ref.Data {
			continue
		}
		if o, ok := bd.byAddr[ref.Addr]; ok && typeOfAddr(bd, ref.Addr, types) {
			return o, true, ""
		}
	}
	plain, _ := a.val.UnmarkDeep()
	if plain.IsKnown() && !plain.IsNull() {
		s, err := ctyString(plain)
		if err != nil {
			return nil, false, ""
		}
		for _, t := range types {
			if o, ok := bd.byName[t][s]; ok {
				return o, true, ""
			}
		}
		// An ARN or URL ending in a known name.
		for _, t := range types {
			for n, o := range bd.byName[t] {
				if strings.HasSuffix(s, ":"+n) || strings.HasSuffix(s, "/"+n) {
					return o, true, ""
				}
			}
		}
		// No known name: it may be one written as a value known only at
		// apply.
		var cands []unnamedPrimary
		for _, t := range types {
			cands = append(cands, bd.unnamed[t]...)
		}
		if len(cands) == 0 {
			return nil, false, ""
		}
		why := fmt.Sprintf("%s.%s at %s names %q, which may be the name of %s, unknown (%s)", sec.addr, attr, toLoc(a.rng), s, cands[0].addr, cands[0].why)
		if len(cands) > 1 {
			why += fmt.Sprintf(", or of %d more", len(cands)-1)
		}
		set := map[any]bool{}
		for _, c := range cands {
			set[c.obj] = true
		}
		bd.mayMean[why] = set
		return nil, false, why
	}
	return nil, false, fmt.Sprintf("%s.%s is unknown at %s (%s)", sec.addr, attr, toLoc(a.rng), reasonOf(a.val))
}

func typeOfAddr(_ *builder, addr string, types []string) bool {
	t := addrType(addr)
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// addrType extracts the resource type from an instance address.
func addrType(addr string) string {
	// module.a["x"].module.b.aws_s3_bucket.name[0]
	parts := splitAddr(addr)
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2]
}

func splitAddr(addr string) []string {
	var parts []string
	depth, start := 0, 0
	inStr := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			parts = append(parts, stripIndex(addr[start:i]))
			start = i + 1
		}
	}
	return append(parts, stripIndex(addr[start:]))
}

func stripIndex(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '[' {
			return s[:i]
		}
	}
	return s
}

// join records that a secondary of kind configured obj.
func (bd *builder) join(kind string, obj any) {
	m := bd.joined[kind]
	if m == nil {
		m = map[any]bool{}
		bd.joined[kind] = m
	}
	m[obj] = true
}

// additiveJoins are the join kinds where one more secondary on a primary
// can only add what a known one already shows (a second flow log, web ACL
// association, replication or object lock configuration never takes the
// first one's effect away): an unresolved one then leaves a primary that a
// resolved one configured alone. Every other kind marks every candidate,
// configured or not: a primary can have several of them (listeners,
// permission statements, rules, attachments), or exactly one that a second
// resource would replace (a bucket policy, a queue policy, a public access
// block), so a known one does not rule out the unresolved one.
var additiveJoins = map[string]bool{
	"flowlog": true, "waf": true, "s3-replication": true, "s3-objectlock": true,
}

// unresolvedJoin records a secondary whose target cannot be known; every
// primary of the kind (for additiveJoins, every primary that no resolved
// secondary configured) then gets mark(obj, reason) at the end, since the
// unknown one may configure it.
func (bd *builder) unresolvedJoin(kind, reason string, each func(func(obj any)), mark func(obj any, reason string)) {
	bd.unresolvedJoinAt(kind, reason, source.Prov{}, each, func(obj any, reason string, _ source.Prov) { mark(obj, reason) })
}

// unresolvedJoinAt is unresolvedJoin for a secondary at at: mark gets the
// location of the secondary that may configure the primary, the evidence of
// the unknown it makes (the reason names that secondary too).
func (bd *builder) unresolvedJoinAt(kind, reason string, at source.Prov, each func(func(obj any)), mark func(obj any, reason string, at source.Prov)) {
	u := unresolvedTarget{why: reason, at: at}
	for why, set := range bd.mayMean {
		// A literal that may name a primary whose name is unknown (callers
		// may prefix the reason) can mean only those.
		if strings.HasSuffix(reason, why) {
			u.only = set
		}
	}
	first := len(bd.unresolved[kind]) == 0
	bd.unresolved[kind] = append(bd.unresolved[kind], u)
	if !first {
		return
	}
	bd.post = append(bd.post, func() {
		each(func(obj any) {
			if additiveJoins[kind] && bd.joined[kind][obj] {
				return
			}
			for _, u := range bd.unresolved[kind] {
				if u.only == nil || u.only[obj] {
					mark(obj, "may be configured by a resource whose target is unknown: "+u.why, u.at)
					return
				}
			}
		})
	})
}

// knownString returns the attribute's value when it is a known string.
func (r *resInst) knownString(name string) string {
	a, ok := r.body.lookup(name)
	if !ok {
		return ""
	}
	v, _ := a.val.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() {
		return ""
	}
	if s, err := ctyString(v); err == nil {
		return s
	}
	return ""
}

// eachAttr visits every attribute of the block and its nested blocks.
func (b *evBlock) eachAttr(f func(a *evAttr)) {
	for _, a := range b.attrs {
		f(a)
	}
	for _, bs := range b.blocks {
		for _, c := range bs {
			c.eachAttr(f)
		}
	}
}

package cloudformation

import (
	"time"

	"strings"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// inlinePolicies reads a Policies list of {PolicyName, PolicyDocument}.
func (c *rctx) inlinePolicies() source.Value[[]iam.NamedPolicy] {
	list, unk := c.items("Policies")
	if unk != nil {
		return unknownAt[[]iam.NamedPolicy](c, unk.s, unk.loc)
	}
	var out []iam.NamedPolicy
	for _, p := range list {
		if p.k == kUnknown {
			return unknownAt[[]iam.NamedPolicy](c, p.s, p.loc)
		}
		out = append(out, iam.NamedPolicy{
			Name:     c.text(walk(p, "PolicyName")),
			Document: c.policy(walk(p, "PolicyDocument")),
			Prov:     c.t.batch.Pack(source.At(p.loc)),
		})
	}
	if v := c.get("Policies"); v != nil {
		return known(c, out, v.loc)
	}
	return source.KnownAt(out, c.site())
}

// attachedPolicies reads ManagedPolicyArns. Documents of policies declared
// in the template are filled in by finish; others are not in the template.
func (c *rctx) attachedPolicies() source.Value[[]iam.NamedPolicy] {
	list, unk := c.items("ManagedPolicyArns")
	if unk != nil {
		return unknownAt[[]iam.NamedPolicy](c, unk.s, unk.loc)
	}
	var out []iam.NamedPolicy
	for _, p := range list {
		arn, why, ok := c.strText(p)
		if !ok {
			return unknownAt[[]iam.NamedPolicy](c, why, p.loc)
		}
		np := iam.NamedPolicy{
			Name: arn[strings.LastIndexByte(arn, '/')+1:],
			Ref:  arn,
			Prov: c.t.batch.Pack(source.At(p.loc)),
		}
		// The unknown only when it is kept: a dropped batch record would
		// keep its reason alive with its chunk.
		if d, ok := c.t.opts.managed.Lookup(arn); ok {
			np.Document, np.Bundled = source.KnownAt(d.Document, np.Prov.Site()), d.Bundled()
		} else {
			np.Document = unknownAt[*iampolicy.Policy](c, managedReason(arn), p.loc)
		}
		out = append(out, np)
	}
	if v := c.get("ManagedPolicyArns"); v != nil {
		return known(c, out, v.loc)
	}
	return source.KnownAt(out, c.site())
}

func managedReason(arn string) string {
	if strings.Contains(arn, ":aws:policy/") {
		return "AWS managed policy " + arn + ": its document is not in the template"
	}
	return "policy " + arn + " is not declared in this template"
}

func (c *rctx) boundary() source.Value[*iampolicy.Policy] {
	v := c.get("PermissionsBoundary")
	if v == nil {
		return source.KnownAt[*iampolicy.Policy](nil, c.site())
	}
	s := c.str(v)
	arn, ok := s.Get()
	if !ok {
		return source.Unknown[*iampolicy.Policy](s.Reason(), s.Prov())
	}
	if d, ok := c.t.opts.managed.Lookup(arn); ok {
		return known(c, d.Document, v.loc)
	}
	return unknownAt[*iampolicy.Policy](c, managedReason(arn), v.loc)
}

func (b *builder) user(c *rctx) {
	u := &iam.User{Meta: c.meta}
	u.Name = c.strOrUnknown("UserName not set: CloudFormation generates it at deploy time", "UserName")
	u.Inline = c.inlinePolicies()
	u.Attached = c.attachedPolicies()
	u.Groups = c.strsOr(nil, "Groups")
	u.Boundary = c.boundary()
	u.AccessKeys = source.KnownAt[[]iam.AccessKey](nil, c.site())
	u.PasswordEnabled = presence(c, "LoginProfile")
	u.MFAActive = source.UnknownIn[bool](c.t.batch, "MFA devices are enabled outside CloudFormation", c.prov())
	u.PasswordLastUsed = source.UnknownIn[*time.Time](c.t.batch, "known only for a live account", c.prov())
	b.est.IAMUsers = append(b.est.IAMUsers, u)
	b.byID[c.r.id] = u
}

func (b *builder) role(c *rctx) {
	r := &iam.Role{Meta: c.meta}
	r.Name = c.strOrUnknown("RoleName not set: CloudFormation generates it at deploy time", "RoleName")
	r.Path = c.strOr("/", "Path")
	r.TrustPolicy = c.policy(c.get("AssumeRolePolicyDocument"))
	if c.get("AssumeRolePolicyDocument") == nil {
		r.TrustPolicy = source.UnknownIn[*iampolicy.Policy](c.t.batch, "AssumeRolePolicyDocument missing", c.prov())
		b.t.diags.Errorf(c.r.loc, "AWS::IAM::Role %s has no AssumeRolePolicyDocument", c.r.id)
	}
	r.Inline = c.inlinePolicies()
	r.Attached = c.attachedPolicies()
	r.Boundary = c.boundary()
	r.LastUsed = source.UnknownIn[*time.Time](c.t.batch, "known only for a live account", c.prov())
	b.est.IAMRoles = append(b.est.IAMRoles, r)
	b.byID[c.r.id] = r
}

func (b *builder) group(c *rctx) {
	g := &iam.Group{Meta: c.meta}
	g.Name = c.strOrUnknown("GroupName not set: CloudFormation generates it at deploy time", "GroupName")
	g.Inline = c.inlinePolicies()
	g.Attached = c.attachedPolicies()
	g.Users = source.KnownAt[[]string](nil, c.site())
	b.est.IAMGroups = append(b.est.IAMGroups, g)
	b.byID[c.r.id] = g
}

func (b *builder) managedPolicy(c *rctx) {
	p := &iam.ManagedPolicy{Meta: c.meta}
	p.Name = c.strOrUnknown("ManagedPolicyName not set: CloudFormation generates it at deploy time", "ManagedPolicyName")
	p.Document = c.policy(c.get("PolicyDocument"))
	p.AttachedTo = source.KnownAt[[]string](nil, c.site())
	b.est.IAMPolicies = append(b.est.IAMPolicies, p)
	b.byID[c.r.id] = p
	// Its own Users/Roles/Groups attach it; handled with the joins.
	b.joins = append(b.joins, c)
}

// principals returns the template users, roles and groups a policy
// resource names in Users, Roles and Groups (by Ref or by literal name).
func (b *builder) principals(c *rctx) (users []*iam.User, roles []*iam.Role, groups []*iam.Group) {
	for _, key := range []string{"Users", "Roles", "Groups"} {
		list, _ := c.items(key)
		for _, v := range list {
			name := refOf(v)
			switch key {
			case "Users":
				if u, ok := b.byID[name].(*iam.User); ok {
					users = append(users, u)
				} else if u := b.userByName(name); u != nil {
					users = append(users, u)
				}
			case "Roles":
				if r, ok := b.byID[name].(*iam.Role); ok {
					roles = append(roles, r)
				} else {
					for _, r := range b.est.IAMRoles {
						if n, ok := r.Name.Get(); ok && n == name {
							roles = append(roles, r)
						}
					}
				}
			case "Groups":
				if g, ok := b.byID[name].(*iam.Group); ok {
					groups = append(groups, g)
				} else {
					for _, g := range b.est.IAMGroups {
						if n, ok := g.Name.Get(); ok && n == name {
							groups = append(groups, g)
						}
					}
				}
			}
		}
	}
	return users, roles, groups
}

func (b *builder) userByName(name string) *iam.User {
	for _, u := range b.est.IAMUsers {
		if n, ok := u.Name.Get(); ok && n == name {
			return u
		}
	}
	return nil
}

// appendPolicy adds a policy to a known list; an unknown list stays unknown.
func appendPolicy(l source.Value[[]iam.NamedPolicy], p iam.NamedPolicy) source.Value[[]iam.NamedPolicy] {
	x, ok := l.Get()
	if !ok {
		return l
	}
	return source.Known(append(x, p), l.Prov())
}

func appendStr(l source.Value[[]string], s string) source.Value[[]string] {
	x, ok := l.Get()
	if !ok {
		return l
	}
	for _, e := range x {
		if e == s {
			return l
		}
	}
	return source.Known(append(x, s), l.Prov())
}

// joinIAMPolicy attaches an AWS::IAM::Policy (inline) or a ManagedPolicy.
func (b *builder) joinIAMPolicy(c *rctx, managed bool) {
	for _, k := range []string{"Users", "Roles", "Groups"} {
		_, unk := c.targetList(k)
		if unk != nil {
			b.inlineMayApplyToAny(c, k, unk, managed)
		}
	}
	users, roles, groups := b.principals(c)
	np := iam.NamedPolicy{Prov: c.site().PackedProv()}
	if managed {
		mp := b.byID[c.r.id].(*iam.ManagedPolicy)
		np.Name, _ = mp.Name.Get()
		if np.Name == "" {
			np.Name = c.r.id
		}
		np.Ref = c.r.id
		np.Document = mp.Document
	} else {
		np.Name = c.text(c.get("PolicyName"))
		np.Document = c.policy(c.get("PolicyDocument"))
	}
	attach := func(l source.Value[[]iam.NamedPolicy]) source.Value[[]iam.NamedPolicy] {
		return appendPolicy(l, np)
	}
	for _, u := range users {
		if managed {
			u.Attached = attach(u.Attached)
			b.attachedTo(c.r.id, u.Address)
		} else {
			u.Inline = attach(u.Inline)
		}
	}
	for _, r := range roles {
		if managed {
			r.Attached = attach(r.Attached)
			b.attachedTo(c.r.id, r.Address)
		} else {
			r.Inline = attach(r.Inline)
		}
	}
	for _, g := range groups {
		if managed {
			g.Attached = attach(g.Attached)
			b.attachedTo(c.r.id, g.Address)
		} else {
			g.Inline = attach(g.Inline)
		}
	}
	// Unresolved names in Users/Roles/Groups point outside the template.
	if managed {
		mp := b.byID[c.r.id].(*iam.ManagedPolicy)
		for _, key := range []string{"Users", "Roles", "Groups"} {
			list, unk := c.items(key)
			if unk != nil {
				mp.AttachedTo = unknownAt[[]string](c, unk.s, unk.loc)
				return
			}
			for _, v := range list {
				if name := refOf(v); name != "" {
					mp.AttachedTo = appendStr(mp.AttachedTo, name)
				}
			}
		}
	}
}

func (b *builder) attachedTo(policyID, principal string) {
	if mp, ok := b.byID[policyID].(*iam.ManagedPolicy); ok {
		mp.AttachedTo = appendStr(mp.AttachedTo, principal)
	}
}

// resolveManagedRefs fills the document of attached policies that are
// declared in the template (ManagedPolicyArns: [!Ref MyPolicy]).
func (b *builder) resolveManagedRefs() {
	fix := func(owner string, l source.Value[[]iam.NamedPolicy]) source.Value[[]iam.NamedPolicy] {
		x, ok := l.Get()
		if !ok {
			return l
		}
		for i := range x {
			if mp, ok := b.byID[x[i].Ref].(*iam.ManagedPolicy); ok {
				if n, ok := mp.Name.Get(); ok {
					x[i].Name = n
				} else {
					x[i].Name = x[i].Ref
				}
				x[i].Document = mp.Document
				mp.AttachedTo = appendStr(mp.AttachedTo, owner)
			}
		}
		return l
	}
	for _, u := range b.est.IAMUsers {
		u.Attached = fix(u.Address, u.Attached)
	}
	for _, r := range b.est.IAMRoles {
		r.Attached = fix(r.Address, r.Attached)
	}
	for _, g := range b.est.IAMGroups {
		g.Attached = fix(g.Address, g.Attached)
	}
	// Group membership declared on users.
	for _, u := range b.est.IAMUsers {
		gs, _ := u.Groups.Get()
		for _, gname := range gs {
			if g := b.groupByRef(gname); g != nil {
				g.Users = appendStr(g.Users, u.Address)
			}
		}
	}
}

func (b *builder) groupByRef(name string) *iam.Group {
	if g, ok := b.byID[name].(*iam.Group); ok {
		return g
	}
	for _, g := range b.est.IAMGroups {
		if n, ok := g.Name.Get(); ok && n == name {
			return g
		}
	}
	return nil
}

// inlineMayApplyToAny: a policy whose user, role or group (prop) is
// unresolved may be one more policy of any of them, so their inline (or,
// for a managed policy, attached) policies are unknown.
func (b *builder) inlineMayApplyToAny(c *rctx, prop string, unk *val, managed bool) {
	b.mayApplyToAny(func() {
		mark := func(inline, attached *source.Value[[]iam.NamedPolicy]) {
			l := inline
			if managed {
				l = attached
			}
			*l = unknownAt[[]iam.NamedPolicy](c, uncertainReason(c, prop, unk), unk.loc)
		}
		switch prop {
		case "RoleName", "Roles":
			for _, x := range b.est.IAMRoles {
				mark(&x.Inline, &x.Attached)
			}
		case "UserName", "Users":
			for _, x := range b.est.IAMUsers {
				mark(&x.Inline, &x.Attached)
			}
		case "GroupName", "Groups":
			for _, x := range b.est.IAMGroups {
				mark(&x.Inline, &x.Attached)
			}
		}
	})
}

// joinSinglePolicy attaches AWS::IAM::RolePolicy, UserPolicy or GroupPolicy
// (one inline policy, named by RoleName, UserName or GroupName).
func (b *builder) joinSinglePolicy(c *rctx) {
	np := iam.NamedPolicy{Name: c.text(c.get("PolicyName")), Document: c.policy(c.get("PolicyDocument")), Prov: c.site().PackedProv()}
	for _, k := range []string{"RoleName", "UserName", "GroupName"} {
		if unk := unresolved(c.get(k)); unk != nil {
			b.inlineMayApplyToAny(c, k, unk, false)
		}
	}
	switch c.r.typ {
	case "AWS::IAM::RolePolicy":
		name := refOf(c.get("RoleName"))
		r, ok := b.byID[name].(*iam.Role)
		if !ok {
			for _, x := range b.est.IAMRoles {
				if n, ok := x.Name.Get(); ok && n == name {
					r = x
				}
			}
		}
		if r != nil {
			r.Inline = appendPolicy(r.Inline, np)
		}
	case "AWS::IAM::UserPolicy":
		u, ok := b.byID[refOf(c.get("UserName"))].(*iam.User)
		if !ok {
			u = b.userByName(refOf(c.get("UserName")))
		}
		if u != nil {
			u.Inline = appendPolicy(u.Inline, np)
		}
	case "AWS::IAM::GroupPolicy":
		if g := b.groupByRef(refOf(c.get("GroupName"))); g != nil {
			g.Inline = appendPolicy(g.Inline, np)
		}
	}
}

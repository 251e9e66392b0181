package cloudformation

import (
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// RDS event subscriptions, parameter groups and proxies.

func (b *builder) dbEventSubscription(c *rctx) {
	s := &rds.EventSubscription{Meta: c.meta}
	s.Name = c.strOrUnknown("SubscriptionName not set: CloudFormation generates it at deploy time", "SubscriptionName")
	s.Enabled = c.boolOr(true, "Enabled")
	// No SourceType means every source type; no EventCategories, every category.
	s.SourceType = c.strOr("", "SourceType")
	s.Categories = c.strsOr([]string{}, "EventCategories")
	// No SourceIds means every source of the type.
	s.SourceIDs = c.strsOr([]string{}, "SourceIds")
	s.SNSTopic = c.strOr("", "SnsTopicArn")
	b.est.RDSEventSubscriptions = append(b.est.RDSEventSubscriptions, s)
	b.byID[c.r.id] = s
}

func (b *builder) dbParameterGroup(c *rctx, cluster bool) {
	nameProp := "DBParameterGroupName"
	if cluster {
		nameProp = "DBClusterParameterGroupName"
	}
	g := &rds.ParameterGroup{Meta: c.meta, Cluster: cluster}
	// A Ref to the group from an instance reads as this logical id, which
	// the controls match by address; a literal name matches by Name.
	g.Name = c.strOrUnknown(nameProp+" not set: CloudFormation generates it at deploy time", nameProp)
	g.Family = c.strOrUnknown("Family not set", "Family")
	g.Parameters = c.paramMap()
	b.est.RDSParameterGroups = append(b.est.RDSParameterGroups, g)
	b.byID[c.r.id] = g
}

// paramMap reads Parameters (name: value); one unknown value makes the set
// unknown, since it may be the parameter a control needs.
func (c *rctx) paramMap() source.Value[map[string]string] {
	v := c.get("Parameters")
	switch {
	case v == nil:
		return source.KnownAt(map[string]string{}, c.site())
	case v.k == kUnknown:
		return unknownAt[map[string]string](c, v.s, v.loc)
	case v.k != kMap:
		return unknownAt[map[string]string](c, c.typeErr(v, "a mapping of parameter names to values"), v.loc)
	}
	out := map[string]string{}
	for i, k := range v.keys {
		s := c.str(v.vals[i])
		x, ok := s.Get()
		if !ok {
			return source.Unknown[map[string]string]("parameter "+k+": "+s.Reason(), s.Prov())
		}
		out[k] = x
	}
	return known(c, out, v.loc)
}

func (b *builder) dbProxy(c *rctx) {
	p := &rds.Proxy{Meta: c.meta}
	p.Name = c.strOrUnknown("DBProxyName not set", "DBProxyName")
	p.RequireTLS = c.boolOr(false, "RequireTLS")
	b.est.RDSProxies = append(b.est.RDSProxies, p)
	b.byID[c.r.id] = p
}

package cloudformation

import (
	"strings"

	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// isIGW reports whether a route target is an internet gateway: a Ref to an
// AWS::EC2::InternetGateway of the template, or a literal igw- id.
func (c *rctx) isIGW(v *val) bool {
	if v == nil {
		return false
	}
	if v.ref != "" {
		r, ok := c.t.resources[v.ref]
		return ok && r.typ == "AWS::EC2::InternetGateway"
	}
	s, _ := v.text()
	return strings.HasPrefix(s, "igw-")
}

// routeAssociation adds a subnet to its route table's associations.
func (b *builder) routeAssociation(c *rctx) {
	rtv, subv := c.get("RouteTableId"), c.get("SubnetId")
	if rtv != nil && rtv.k == kUnknown {
		// Any table may hold the subnet: every association list is incomplete.
		for _, t := range b.est.RouteTables {
			t.Subnets = unknownAt[[]string](c, "a subnet route table association names an unknown route table: "+rtv.s, rtv.loc)
		}
		return
	}
	t, ok := target(b, rtv, b.est.RouteTables, func(x *ec2.RouteTable) source.Value[string] { return x.RouteTableID })
	if !ok {
		return
	}
	sub := c.str(subv)
	id, known := sub.Get()
	if !known {
		t.Subnets = source.Unknown[[]string]("associated subnet: "+sub.Reason(), sub.Prov())
		return
	}
	if l, ok := t.Subnets.Get(); ok {
		t.Subnets = source.Known(append(append([]string{}, l...), id), t.Subnets.Prov())
	}
}

// dbSubnets resolves an instance's DB subnet group to its subnets; none
// means the default VPC (known empty).
func (b *builder) dbSubnets(c *rctx) source.Value[[]string] {
	v := c.get("DBSubnetGroupName")
	if v == nil {
		if c.has("DBClusterIdentifier") {
			return source.UnknownIn[[]string](c.t.batch, "Aurora member: its subnets are the cluster's DB subnet group", c.prov())
		}
		if c.has("SourceDBInstanceIdentifier") {
			// Only a cross-region replica names a subnet group; the others
			// are placed in their source's.
			return source.UnknownIn[[]string](c.t.batch, "a read replica is placed in its source instance's DB subnet group", c.prov())
		}
		return source.KnownAt([]string{}, c.site())
	}
	if v.k == kUnknown {
		return unknownAt[[]string](c, v.s, v.loc)
	}
	grp := b.subnetGroups[refOf(v)]
	if grp == nil {
		return unknownAt[[]string](c, "DB subnet group "+refOf(v)+" is not in this template", v.loc)
	}
	ids, unk := grp.items("SubnetIds")
	if unk != nil {
		return unknownAt[[]string](c, unk.s, unk.loc)
	}
	out := []string{}
	for _, id := range ids {
		s := refOf(id)
		if s == "" {
			return unknownAt[[]string](c, "a subnet of DB subnet group "+grp.r.id+" is not a literal or a reference", id.loc)
		}
		out = append(out, s)
	}
	return known(c, out, v.loc)
}

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
			t.Subnets = source.Unknown[[]string]("a subnet route table association names an unknown route table: "+rtv.s, source.At(rtv.loc))
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
			return source.Unknown[[]string]("Aurora member: its subnets are the cluster's DB subnet group", c.prov())
		}
		if c.has("SourceDBInstanceIdentifier") {
			// Only a cross-region replica names a subnet group; the others
			// are placed in their source's.
			return source.Unknown[[]string]("a read replica is placed in its source instance's DB subnet group", c.prov())
		}
		return source.Known([]string{}, c.prov())
	}
	if v.k == kUnknown {
		return source.Unknown[[]string](v.s, source.At(v.loc))
	}
	grp := b.subnetGroups[refOf(v)]
	if grp == nil {
		return source.Unknown[[]string]("DB subnet group "+refOf(v)+" is not in this template", source.At(v.loc))
	}
	ids, unk := grp.items("SubnetIds")
	if unk != nil {
		return source.Unknown[[]string](unk.s, source.At(unk.loc))
	}
	out := []string{}
	for _, id := range ids {
		s := refOf(id)
		if s == "" {
			return source.Unknown[[]string]("a subnet of DB subnet group "+grp.r.id+" is not a literal or a reference", source.At(id.loc))
		}
		out = append(out, s)
	}
	return source.Known(out, source.At(v.loc))
}

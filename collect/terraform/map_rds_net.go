package terraform

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// Route table associations and DB subnet groups, for "is this database in
// a public subnet" (a subnet whose route table routes to an internet
// gateway).

// isIGW reports whether a route target is an internet gateway: a literal
// igw- id or the address of an aws_internet_gateway.
func isIGW(gw string) bool {
	return strings.HasPrefix(gw, "igw-") || addrType(gw) == "aws_internet_gateway"
}

// dbSubnetGroup is kept by the builder only, to resolve instances' subnets.
type dbSubnetGroup struct {
	subnets source.Value[[]string]
}

func mapDBSubnetGroup(bd *builder, r *resInst) {
	g := &dbSubnetGroup{subnets: r.body.idents("subnet_ids")}
	bd.add(r, g, r.knownString("name"))
}

// dbSubnets resolves the subnets of the DB subnet group attribute attr of
// r names: none means the default VPC (known empty).
func (bd *builder) dbSubnets(r *resInst, attr string) source.Value[[]string] {
	at := r.at()
	// The AWS provider sends no subnet group for "" (modules default the
	// variable to ""), as for an absent attribute.
	if a, ok := r.body.lookup(attr); !ok || isEmptyString(a.val) {
		return source.Known([]string{}, at)
	}
	o, found, reason := bd.target(r, attr, "aws_db_subnet_group")
	switch {
	case found:
		return o.(*dbSubnetGroup).subnets
	case reason != "":
		return source.Unknown[[]string](reason, at)
	}
	return source.Unknown[[]string]("DB subnet group "+r.knownString(attr)+" is not in this configuration", at)
}

func routeTables(bd *builder) func(func(any)) {
	return func(f func(any)) {
		for _, x := range bd.est.RouteTables {
			f(x)
		}
	}
}

func routeTableAssociation(bd *builder, r *resInst) {
	if !r.body.has("subnet_id") {
		return // a gateway association, not a subnet's
	}
	o, found, reason := bd.target(r, "route_table_id", "aws_route_table", "aws_default_route_table")
	sub := r.body.ident("subnet_id", "")
	if !found {
		if reason == "" {
			reason = "route table " + r.knownString("route_table_id") + " is not in this configuration"
		}
		// The subnet is associated with a table onus cannot see: every
		// table's association list is then incomplete for it.
		bd.unresolvedJoinAt("rt-assoc", r.addr+": "+reason, r.at(), routeTables(bd), func(o any, why string, at source.Prov) {
			t := o.(*ec2.RouteTable)
			t.Subnets = source.Unknown[[]string](why, at)
		})
		return
	}
	t := o.(*ec2.RouteTable)
	bd.join("rt-assoc", t)
	id, ok := sub.Get()
	if !ok {
		t.Subnets = source.Unknown[[]string]("associated subnet: "+sub.Reason(), sub.Prov())
		return
	}
	if l, ok := t.Subnets.Get(); ok {
		t.Subnets = source.Known(append(append([]string{}, l...), id), t.Subnets.Prov())
	}
}

func mainRouteTableAssociation(bd *builder, r *resInst) {
	o, found, _ := bd.target(r, "route_table_id", "aws_route_table", "aws_default_route_table")
	if !found {
		return
	}
	t := o.(*ec2.RouteTable)
	t.Main = source.Known(true, r.at())
}

// isEmptyString reports whether v is the known string "".
func isEmptyString(v cty.Value) bool {
	v, _ = v.UnmarkDeep()
	return v.IsKnown() && !v.IsNull() && v.Type() == cty.String && v.AsString() == ""
}

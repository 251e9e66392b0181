package rds

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/rds"
)

// subnetRoute says whether a subnet routes to an internet gateway:
// public=true with the table that does; ok=false with why it is unknown.
func subnetRoute(e *model.Estate, ref string, region string) (public, ok bool, why string) {
	var sub *ec2.Subnet
	for _, s := range e.Subnets {
		id, _ := s.SubnetID.Get()
		if (region == "" || s.Region == "" || s.Region == region) && scope.SameRef(ref, &s.Meta, id) {
			sub = s
			break
		}
	}
	if sub == nil {
		if why, gap := e.ListingGap("AWS::EC2::Subnet", region); gap {
			return false, false, "subnet " + ref + " could not be read: " + why
		}
		return false, false, "subnet " + ref + " is not in the scanned estate"
	}
	id, _ := sub.SubnetID.Get()
	matches := func(t *ec2.RouteTable) (bool, bool, string) {
		l, ok := t.Subnets.Get()
		if !ok {
			return false, false, "the subnets associated with route table " + t.Address + " are unknown: " + t.Subnets.Reason()
		}
		for _, x := range l {
			if scope.SameRef(x, &sub.Meta, id) {
				return true, true, ""
			}
		}
		return false, true, ""
	}
	var table *ec2.RouteTable
	for _, t := range e.RouteTables {
		if region != "" && t.Region != "" && t.Region != region {
			continue
		}
		m, ok, why := matches(t)
		if !ok {
			return false, false, why
		}
		if m {
			table = t
			break
		}
	}
	if table == nil {
		vpc, vok := sub.VPCID.Get()
		if !vok {
			return false, false, "the VPC of subnet " + ref + " is unknown: " + sub.VPCID.Reason()
		}
		for _, t := range e.RouteTables {
			tv, _ := t.VPCID.Get()
			main, mok := t.Main.Get()
			if tv != vpc || (region != "" && t.Region != "" && t.Region != region) {
				continue
			}
			if !mok {
				return false, false, "whether route table " + t.Address + " is its VPC's main table is unknown"
			}
			if main {
				table = t
				break
			}
		}
	}
	if table == nil {
		if ck.IsCode(&sub.Meta) {
			// The main table AWS creates for a VPC holds only the local
			// route; code that does not manage it leaves it so.
			return false, true, "subnet " + ref + " uses its VPC's main route table, which the code does not manage (local route only)"
		}
		if why, gap := e.ListingGap("AWS::EC2::RouteTable", region); gap {
			return false, false, "route tables could not be listed: " + why
		}
		return false, false, "no route table of subnet " + ref + " was found"
	}
	routes, ok := table.Routes.Get()
	if !ok {
		return false, false, "routes of " + table.Address + " are unknown: " + table.Routes.Reason()
	}
	for _, r := range routes {
		if r.InternetGateway {
			return true, true, "subnet " + ref + " routes " + r.Destination + " to internet gateway " + r.GatewayID + " (route table " + table.Address + ")"
		}
	}
	return false, true, "subnet " + ref + " has no route to an internet gateway (route table " + table.Address + ")"
}

func notPublicSubnet() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-027", Title: "RDS instances are not in public subnets", Severity: control.High,
		Service: "rds", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("RDS.46"), fw.Network()),
		Rationale: "A database in a subnet whose route table leads to an internet gateway is one setting " +
			"(public accessibility) or one security group rule away from the internet; private subnets keep the " +
			"network path closed whatever else changes.",
		Checked: "The subnets of every DB instance's DB subnet group, each through its explicit route table " +
			"association or its VPC's main route table: no route to an internet gateway passes; any such route " +
			"fails. An instance without a DB subnet group (default VPC, whose subnets route to its internet " +
			"gateway) fails; a subnet or route table that cannot be resolved is unknown.",
		Remediation: control.Remediation{
			Summary:        "Place the DB subnet group in private subnets whose route tables have no internet gateway route.",
			Terraform:      "resource \"aws_db_subnet_group\" \"db\" {\n  subnet_ids = aws_subnet.private[*].id # route table without an igw route\n}\nresource \"aws_db_instance\" \"db\" {\n  db_subnet_group_name = aws_db_subnet_group.db.name\n}",
			CloudFormation: "DbSubnets:\n  Type: AWS::RDS::DBSubnetGroup\n  Properties:\n    DBSubnetGroupDescription: private\n    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\nDB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    DBSubnetGroupName: !Ref DbSubnets",
			CLI:            "aws rds modify-db-subnet-group --db-subnet-group-name db --subnet-ids subnet-private-a subnet-private-b",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.RDSInstances, func(i *rds.Instance, b control.Builder) control.Result {
				subs, ok := i.SubnetIDs.Get()
				if !ok {
					return b.Result(ck.Unknown(i.SubnetIDs, "DB subnet group"))
				}
				if len(subs) == 0 {
					if ck.IsCode(&i.Meta) {
						return b.Result(ck.FailAt("no DB subnet group: the instance goes to the default VPC, whose subnets route to its internet gateway", i.SubnetIDs.PackedProv()))
					}
					return b.Result(ck.VAt(control.Unknown, "the instance reports no subnets", i.SubnetIDs.PackedProv()))
				}
				var public, private, unknown []string
				for _, s := range subs {
					pub, ok, why := subnetRoute(e, s, i.Region)
					switch {
					case !ok:
						unknown = append(unknown, why)
					case pub:
						public = append(public, why)
					default:
						private = append(private, why)
					}
				}
				switch {
				case len(public) > 0:
					return b.Result(ck.FailAt(strings.Join(public, "; "), i.SubnetIDs.PackedProv()))
				case len(unknown) > 0:
					return b.Result(ck.VAt(control.Unknown, strings.Join(unknown, "; "), i.SubnetIDs.PackedProv()))
				}
				return b.Result(ck.PassAt("no subnet of the DB subnet group routes to an internet gateway", i.SubnetIDs.PackedProv()))
			})
		},
	}
}

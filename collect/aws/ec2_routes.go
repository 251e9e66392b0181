package awscollect

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// assocSubnets lists the subnets explicitly associated with a route table.
func assocSubnets(t ec2types.RouteTable) []string {
	out := []string{}
	for _, a := range t.Associations {
		if id := aws.ToString(a.SubnetId); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// isMainTable reports whether the table is its VPC's main route table.
func isMainTable(t ec2types.RouteTable) bool {
	for _, a := range t.Associations {
		if aws.ToBool(a.Main) {
			return true
		}
	}
	return false
}

// isIGW reports whether a route target is an internet gateway.
func isIGW(id string) bool { return strings.HasPrefix(id, "igw-") }

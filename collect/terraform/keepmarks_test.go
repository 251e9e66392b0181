package terraform

import (
	"strings"
	"testing"
)

// A library function given an unknown of no known type (a data source's
// attribute, a remote module's output) answers with an unknown; cty drops
// the marks of parameters that take marked values on that path, so the
// reason read "unresolved expression". terraform-aws-vpc's examples take
// their zones as slice(data.aws_availability_zones.available.names, 0, 3):
// every subnet's count was "unknown (unresolved expression)".
func TestFunctionsKeepUnknownReasons(t *testing.T) {
	cases := []struct{ name, expr, want string }{
		{"slice of a data source list", `slice(data.aws_availability_zones.available.names, 0, 3)`, "data.aws_availability_zones.available"},
		{"element of a data source list", `split(",", element(data.aws_availability_zones.available.names, 0))`, "data.aws_availability_zones.available"},
		{"concat with a remote module output", `concat(module.remote.ids, ["a"])`, "module.remote"},
		{"merge of a data source map", `keys(merge(data.aws_availability_zones.available.x, {}))`, "data.aws_availability_zones.available"},
		// && and || are cty functions HCL calls itself, which drop marks
		// the same way (terraform-aws-vpc: create_vpc && len_public_subnets > 0).
		{"logical operator", `local.create ? [1] : []`, "data.aws_availability_zones.available"},
		// HCL answers a for expression over an unknown collection with an
		// unknown without marks (terraform-aws-vpc's examples:
		// private_subnets = [for k, v in local.azs : cidrsubnet(...)]).
		{"for expression", `[for k, v in local.azs : k]`, "data.aws_availability_zones.available"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, d := load(t, tf(`
data "aws_availability_zones" "available" {}
locals {
  on     = true
  n      = max(length(data.aws_availability_zones.available.names), 0)
  create = local.on && local.n > 0
  azs    = slice(data.aws_availability_zones.available.names, 0, 3)
}
module "remote" { source = "terraform-aws-modules/vpc/aws" }
resource "aws_subnet" "s" {
  count      = length(`+c.expr+`)
  vpc_id     = "vpc-1"
  cidr_block = "10.0.0.0/24"
}
`), Options{})
			var msg string
			for _, x := range d {
				if strings.Contains(x.Summary, "count of aws_subnet.s") {
					msg = x.Summary
				}
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("count diagnostic %q does not name %s", msg, c.want)
			}
		})
	}
}

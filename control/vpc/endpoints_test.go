package vpc

import (
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func vpcWith(meta base.Meta, eps source.Value[[]ec2.VPCEndpoint]) *model.Estate {
	return &model.Estate{VPCs: []*ec2.VPC{{Meta: meta, Endpoints: eps}}}
}

func ep(id, service, typ string) ec2.VPCEndpoint {
	return ec2.VPCEndpoint{ID: id, ServiceName: ctest.K(service), Type: typ}
}

// endpointCases cover the six endpoint controls: each is the same builder,
// so every one gets PASS, FAIL and UNKNOWN rows, and the shared logic
// (regions, placeholders, states, uncertain joins) is covered on ec2.
func endpointCases() []ctest.Case {
	live := ctest.Live("AWS::EC2::VPC", "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1") // region eu-west-1
	tf := ctest.TF("aws_vpc", "main")
	tf.Region = "eu-west-1"
	tfNoRegion := ctest.TF("aws_vpc", "main")
	cfn := ctest.CFN("AWS::EC2::VPC", "Vpc")
	k := func(eps ...ec2.VPCEndpoint) source.Value[[]ec2.VPCEndpoint] { return ctest.K(eps) }
	var cases []ctest.Case
	for _, s := range endpointServices {
		name := "com.amazonaws.eu-west-1." + s.svc
		cases = append(cases,
			ctest.Case{Name: "interface endpoint", Control: s.id, Estate: vpcWith(tf, k(ep("aws_vpc_endpoint.x", name, "Interface"))), Want: pass, Reason: name},
			ctest.Case{Name: "no endpoints", Control: s.id, Estate: vpcWith(live, k()), Want: fail, Reason: "no VPC endpoint for " + name},
			ctest.Case{Name: "listing denied", Control: s.id, Estate: vpcWith(live, ctest.U[[]ec2.VPCEndpoint]("ec2:DescribeVpcEndpoints: UnauthorizedOperation (permission denied)")), Want: unk, Reason: "permission denied"},
		)
	}
	cases = append(cases,
		ctest.Case{Name: "gateway endpoint counts", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.ec2", "Gateway"))), Want: pass},
		ctest.Case{Name: "an endpoint of unresolved type counts and says so", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.ec2", ""))), Want: pass, Reason: "unresolved type"},
		ctest.Case{Name: "other services only", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.s3", "Gateway"),
			ep("vpce-2", "com.amazonaws.eu-west-1.ec2messages", "Interface"))), Want: fail},
		ctest.Case{Name: "ecr.api is not ecr.dkr", Control: "ONUS-VPC-013", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.ecr.api", "Interface"))), Want: fail},
		ctest.Case{Name: "ssm is not ssm-contacts", Control: "ONUS-VPC-015", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.ssm", "Interface"))), Want: fail},
		ctest.Case{Name: "another region's service", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.us-east-1.ec2", "Interface"))), Want: fail},
		ctest.Case{Name: "gateway load balancer endpoint", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(ep("vpce-1", "com.amazonaws.eu-west-1.ec2", "GatewayLoadBalancer"))), Want: fail},
		ctest.Case{Name: "pending endpoint", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(func() ec2.VPCEndpoint {
			e := ep("vpce-1", "com.amazonaws.eu-west-1.ec2", "Interface")
			e.State = "pendingAcceptance"
			return e
		}())), Want: fail, Reason: "pendingAcceptance"},
		ctest.Case{Name: "available endpoint", Control: "ONUS-VPC-011", Estate: vpcWith(live, k(func() ec2.VPCEndpoint {
			e := ep("vpce-1", "com.amazonaws.eu-west-1.ec2", "Interface")
			e.State = "available"
			return e
		}())), Want: pass},
		ctest.Case{Name: "stack region placeholder", Control: "ONUS-VPC-014", Estate: vpcWith(cfn, k(ep("SsmEndpoint", "com.amazonaws.${AWS::Region}.ssm", "Interface"))), Want: pass},
		ctest.Case{Name: "vpc region unknown", Control: "ONUS-VPC-011", Estate: vpcWith(tfNoRegion, k(ep("aws_vpc_endpoint.x", "com.amazonaws.eu-west-1.ec2", "Interface"))), Want: unk, Reason: "region is unknown"},
		ctest.Case{Name: "vpc region unknown, no endpoint for the service", Control: "ONUS-VPC-011", Estate: vpcWith(tfNoRegion, k(ep("aws_vpc_endpoint.x", "com.amazonaws.eu-west-1.s3", "Gateway"))), Want: fail, Reason: "com.amazonaws.<region>.ec2"},
		ctest.Case{Name: "service name unknown", Control: "ONUS-VPC-011", Estate: vpcWith(tf, k(ec2.VPCEndpoint{ID: "aws_vpc_endpoint.x", Type: "Interface",
			ServiceName: ctest.U[string]("data.aws_region.current.name is read at plan time")})), Want: unk, Reason: "data.aws_region"},
		ctest.Case{Name: "known match beats unknown name", Control: "ONUS-VPC-011", Estate: vpcWith(tf, k(
			ec2.VPCEndpoint{ID: "aws_vpc_endpoint.y", ServiceName: ctest.U[string]("var.svc has no value")},
			ep("aws_vpc_endpoint.x", "com.amazonaws.eu-west-1.ec2", "Interface"))), Want: pass},
		ctest.Case{Name: "endpoint of an unresolved VPC", Control: "ONUS-VPC-011", Estate: vpcWith(tf, k(func() ec2.VPCEndpoint {
			e := ep("aws_vpc_endpoint.x", "com.amazonaws.eu-west-1.ec2", "Interface")
			e.Uncertain = "aws_vpc_endpoint.x.vpc_id is unknown (var.vpc_id has no value)"
			return e
		}())), Want: unk, Reason: "may belong to another VPC"},
	)
	return cases
}

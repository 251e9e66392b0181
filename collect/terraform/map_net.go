package terraform

import (
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// vpcEndpoint joins an aws_vpc_endpoint onto its VPC. An endpoint whose
// vpc_id cannot be resolved may belong to any VPC of the configuration: it
// is joined onto each, marked uncertain, so it can neither prove nor hide
// an endpoint.
func vpcEndpoint(bd *builder, r *resInst) {
	b := r.body
	ep := ec2.VPCEndpoint{ID: r.addr, Prov: r.at()}
	ep.ServiceName = b.strComputed("service_name", "service_name not set")
	// The type only matters for Gateway Load Balancer endpoints, which
	// never count; an unknown type ("") is read as a service endpoint.
	ep.Type, _ = b.str("vpc_endpoint_type", "Gateway").Get()
	o, found, reason := bd.target(r, "vpc_id", "aws_vpc", "aws_default_vpc")
	if !found {
		if reason == "" {
			return // a VPC outside this configuration
		}
		ep.Uncertain = reason
		for _, v := range bd.est.VPCs {
			addEndpoint(v, ep)
		}
		return
	}
	addEndpoint(o.(*ec2.VPC), ep)
}

func addEndpoint(v *ec2.VPC, ep ec2.VPCEndpoint) {
	if l, ok := v.Endpoints.Get(); ok {
		v.Endpoints = source.Known(append(l, ep), v.Endpoints.Prov())
	}
}

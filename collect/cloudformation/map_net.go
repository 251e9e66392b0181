package cloudformation

import (
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// joinNet joins the resources of the network, load balancing and API
// Gateway additions onto the resources they configure.
func (b *builder) joinNet(c *rctx) {
	switch c.r.typ {
	case "AWS::EC2::VPCEndpoint":
		b.vpcEndpoint(c)
	}
}

// vpcEndpoint joins an endpoint onto its VPC. A VpcId only a deployment
// knows may name any VPC of the template: the endpoint is joined onto
// each, marked uncertain. A literal id or a parameter names a VPC outside
// the template.
func (b *builder) vpcEndpoint(c *rctx) {
	ep := ec2.VPCEndpoint{ID: c.r.id, Prov: c.prov()}
	ep.ServiceName = c.strOrUnknown("ServiceName not set", "ServiceName")
	ep.Type, _ = c.strOr("Gateway", "VpcEndpointType").Get()
	ref := c.get("VpcId")
	// A parameter never names a VPC of the same stack (its id exists only
	// after the deployment): the endpoint is another VPC's.
	if ref != nil && ref.k == kUnknown && ref.param == "" {
		ep.Uncertain = "VpcId is unknown (" + ref.s + ")"
		for _, v := range b.est.VPCs {
			addEndpoint(v, ep)
		}
		return
	}
	v, ok := target(b, ref, b.est.VPCs, func(x *ec2.VPC) source.Value[string] { return x.VPCID })
	if ok {
		addEndpoint(v, ep)
	}
}

func addEndpoint(v *ec2.VPC, ep ec2.VPCEndpoint) {
	if l, ok := v.Endpoints.Get(); ok {
		v.Endpoints = source.Known(append(l, ep), v.Endpoints.Prov())
	}
}

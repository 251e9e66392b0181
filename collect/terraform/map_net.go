package terraform

import (
	"github.com/onus-sec/onus/model/apigateway"
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

// mapAPIStage reads an aws_api_gateway_stage. A stage without
// access_log_settings logs nothing; without client_certificate_id it sends
// no client certificate to the backend; its web ACL comes from an
// aws_wafv2_web_acl_association (none: known "").
func mapAPIStage(bd *builder, r *resInst) {
	b := r.body
	s := &apigateway.Stage{Meta: r.meta()}
	s.APIID = b.ident("rest_api_id", "")
	s.Name = b.strComputed("stage_name", "stage_name not set")
	s.WebACL = source.Known("", r.at())
	s.ClientCertificate = b.ident("client_certificate_id", "")
	switch als, reason := b.block("access_log_settings"); {
	case reason != "":
		s.AccessLogs = source.Unknown[bool](reason, r.at())
	case als == nil:
		s.AccessLogs = source.Known(false, r.at())
	default:
		s.AccessLogs = source.Map(als.ident("destination_arn", ""), func(d string) bool { return d != "" })
	}
	names := []string{}
	if n := r.knownString("arn"); n != "" {
		names = append(names, n) // plan JSON knows the ARN of an existing stage
	}
	bd.est.APIGatewayStages = append(bd.est.APIGatewayStages, s)
	bd.add(r, s, names...)
}

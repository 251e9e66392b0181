package ec2

import "github.com/onus-sec/onus/source"

// VPCEndpoint is one VPC endpoint, joined onto the VPC it belongs to.
type VPCEndpoint struct {
	// ID is the endpoint id (live) or the address / logical id (code).
	ID string `json:"id"`
	// ServiceName is com.amazonaws.<region>.<service> as written or
	// reported. A CloudFormation template scanned without its stack region
	// keeps the placeholder ${AWS::Region}: the endpoint is created in its
	// VPC's stack, so the placeholder stands for the VPC's own region.
	ServiceName source.Value[string] `json:"service_name"`
	// Type is Interface, Gateway or GatewayLoadBalancer.
	Type string `json:"type"`
	// State as the API reports it (available, pending, rejected, ...);
	// "" for code, where the endpoint is what will be deployed.
	State string `json:"state,omitempty"`
	// Uncertain, when set, says why the endpoint may belong to another VPC:
	// its VPC reference could not be resolved, so it was joined onto every
	// VPC it might configure.
	Uncertain string      `json:"uncertain,omitempty"`
	Prov      source.Prov `json:"prov"`
}

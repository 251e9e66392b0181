package ec2

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Resources and settings added for the remaining FSBP EC2 controls:
// Site-to-Site VPN connections, Client VPN endpoints, Spot Fleet requests
// and the per-region VPC Block Public Access options.

// VPNConnection is an AWS Site-to-Site VPN connection.
type VPNConnection struct {
	base.Meta
	// TunnelStatus is the telemetry of each tunnel (live only: code does
	// not say whether a tunnel is up); known empty = no telemetry reported.
	TunnelStatus source.Value[[]VPNTunnelStatus] `json:"tunnel_status"`
	// TunnelLogging says, for tunnel 1 and tunnel 2 in that order, whether
	// the tunnel sends its logs to CloudWatch Logs.
	TunnelLogging source.Value[[]bool] `json:"tunnel_logging"`
}

// VPNTunnelStatus is one tunnel's telemetry.
type VPNTunnelStatus struct {
	OutsideIP string `json:"outside_ip,omitempty"`
	// Status is UP or DOWN as the API reports it.
	Status        string `json:"status"`
	StatusMessage string `json:"status_message,omitempty"`
}

// ClientVPNEndpoint is an AWS Client VPN endpoint.
type ClientVPNEndpoint struct {
	base.Meta
	// ConnectionLogging: client connection logging to CloudWatch Logs is on.
	ConnectionLogging source.Value[bool] `json:"connection_logging"`
}

// SpotFleetRequest is an EC2 Spot Fleet request.
type SpotFleetRequest struct {
	base.Meta
	// LaunchSpecifications is how many launch specifications (launch
	// parameters written into the request) it has; 0 = it launches from
	// launch templates only.
	LaunchSpecifications source.Value[int] `json:"launch_specifications"`
	// UnencryptedVolumes lists the EBS block device mappings of the launch
	// specifications whose encryption is off or not set; known empty = none.
	UnencryptedVolumes source.Value[[]string] `json:"unencrypted_volumes"`
}

// VPCBlockPublicAccess is the per-region VPC Block Public Access setting.
type VPCBlockPublicAccess struct {
	base.Meta
	// InternetGatewayBlockMode is off, block-bidirectional or block-ingress.
	InternetGatewayBlockMode source.Value[string] `json:"internet_gateway_block_mode"`
}

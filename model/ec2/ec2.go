// Package ec2 models EC2, EBS and VPC resources: instances, volumes,
// snapshots, security groups, network ACLs, VPCs, subnets, routes, flow logs.
package ec2

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Instance is one EC2 instance.
type Instance struct {
	base.Meta
	InstanceID   source.Value[string] `json:"instance_id"`
	ImageID      source.Value[string] `json:"image_id"`
	InstanceType source.Value[string] `json:"instance_type"`
	State        source.Value[string] `json:"state"`
	// InstanceProfile is the profile name/ARN/address; known "" means none.
	InstanceProfile source.Value[string] `json:"instance_profile"`
	// HTTPTokens is the IMDS setting: "required" (IMDSv2 only) or "optional".
	HTTPTokens      source.Value[string]   `json:"http_tokens"`
	HTTPEndpoint    source.Value[string]   `json:"http_endpoint"` // enabled | disabled
	HTTPPutHopLimit source.Value[int]      `json:"http_put_hop_limit"`
	PublicIP        source.Value[bool]     `json:"public_ip"`
	SubnetID        source.Value[string]   `json:"subnet_id"`
	VPCID           source.Value[string]   `json:"vpc_id"`
	InDefaultVPC    source.Value[bool]     `json:"in_default_vpc"`
	SecurityGroups  source.Value[[]string] `json:"security_groups"`
	// UserData is the decoded user data text (never printed, only searched).
	UserData source.Value[string] `json:"user_data"`
	// UserDataPartial is set when UserData is unknown because some parts
	// of it are (a template with an unresolved variable or a computed
	// attribute): the text with every unknown part replaced by a ${...}
	// placeholder, so literal secrets in the known parts are still found.
	// A scan of it can prove a secret, never its absence.
	UserDataPartial source.Value[string] `json:"user_data_partial,omitzero"`
	Monitoring      source.Value[bool]   `json:"detailed_monitoring"`
	// RootVolumeEncrypted and the attached volumes (joined from volume attachments).
	RootVolumeEncrypted source.Value[bool]     `json:"root_volume_encrypted"`
	Volumes             source.Value[[]string] `json:"volumes"`
	// SSMManaged says whether SSM sees the instance as a managed node (live).
	SSMManaged source.Value[bool]   `json:"ssm_managed"`
	LaunchTime source.Value[string] `json:"launch_time"`
	// SourceDestCheck of the primary network interface (default true).
	SourceDestCheck source.Value[bool] `json:"source_dest_check"`
	// StateTransitionTime is when the instance entered its current state
	// (RFC 3339), as the live API's state transition reason says; only a
	// live scan knows it.
	StateTransitionTime source.Value[string] `json:"state_transition_time,omitzero"`
	// NetworkInterfaces attached to the instance (ENI ids live; the
	// primary interface and attachment addresses in code).
	NetworkInterfaces source.Value[[]string] `json:"network_interfaces,omitzero"`
	// VirtualizationType is hvm or paravirtual (live only: in code the AMI
	// decides, which code names but does not describe).
	VirtualizationType source.Value[string] `json:"virtualization_type,omitzero"`
}

// LaunchTemplate is the default (code) or latest (live) version of an EC2
// launch template.
type LaunchTemplate struct {
	base.Meta
	Name source.Value[string] `json:"name"`
	// PublicIPInterfaces lists the network interfaces that associate a
	// public IP address (by device index); known empty = none.
	PublicIPInterfaces source.Value[[]string] `json:"public_ip_interfaces"`
	// HTTPTokens of the metadata options: "required", "optional", or "" when
	// the template leaves it to the account/AMI default.
	HTTPTokens source.Value[string] `json:"http_tokens"`
	// UnencryptedVolumes lists block device mappings with an EBS volume
	// whose encryption is off or not set; known empty = none.
	UnencryptedVolumes source.Value[[]string] `json:"unencrypted_volumes"`
}

// TransitGateway is an EC2 transit gateway.
type TransitGateway struct {
	base.Meta
	AutoAcceptSharedAttachments source.Value[bool] `json:"auto_accept_shared_attachments"`
}

// Volume is an EBS volume.
type Volume struct {
	base.Meta
	VolumeID   source.Value[string]   `json:"volume_id"`
	Encrypted  source.Value[bool]     `json:"encrypted"`
	KMSKeyID   source.Value[string]   `json:"kms_key_id"`
	AttachedTo source.Value[[]string] `json:"attached_to"`
}

// Snapshot is an EBS snapshot owned by the account.
type Snapshot struct {
	base.Meta
	SnapshotID source.Value[string] `json:"snapshot_id"`
	Encrypted  source.Value[bool]   `json:"encrypted"`
	Public     source.Value[bool]   `json:"public"`
}

// Image is an AMI owned by the account (live scans read them with
// Owners=self; AMIs of other owners are not the account's to judge).
type Image struct {
	base.Meta
	ImageID source.Value[string] `json:"image_id"`
	Name    source.Value[string] `json:"name"`
	// Public: the launch permission is shared with everyone.
	Public source.Value[bool] `json:"public"`
	// CreationDate as AWS reports it (RFC 3339).
	CreationDate source.Value[string] `json:"creation_date"`
}

// EBSDefaults is the per-region EBS encryption-by-default setting.
type EBSDefaults struct {
	base.Meta
	EncryptionByDefault source.Value[bool]   `json:"encryption_by_default"`
	DefaultKMSKeyID     source.Value[string] `json:"default_kms_key_id"`
}

// SecurityGroup with its rules joined from inline blocks and rule resources.
type SecurityGroup struct {
	base.Meta
	GroupID   source.Value[string] `json:"group_id"`
	Name      source.Value[string] `json:"name"`
	VPCID     source.Value[string] `json:"vpc_id"`
	IsDefault source.Value[bool]   `json:"is_default"`
	Ingress   source.Value[[]Rule] `json:"ingress"`
	Egress    source.Value[[]Rule] `json:"egress"`
	// InUse says whether any network interface uses the group (live), or any
	// resource in code references it.
	InUse source.Value[bool] `json:"in_use"`
}

// Rule is one security group rule; each part may be unknown on its own
// (e.g. cidr_blocks from a variable with no value).
type Rule struct {
	Protocol     source.Value[string]         `json:"protocol"` // "-1" all, tcp, udp, icmp, icmpv6, or a number
	Ports        source.Value[base.PortRange] `json:"ports"`
	CIDRs        source.Value[[]string]       `json:"cidrs"`
	IPv6CIDRs    source.Value[[]string]       `json:"ipv6_cidrs"`
	SourceGroups source.Value[[]string]       `json:"source_groups"`
	PrefixLists  source.Value[[]string]       `json:"prefix_lists"`
	Description  string                       `json:"description,omitempty"`
	Prov         source.PackedProv            `json:"prov"`
}

// NetworkACL with its entries.
type NetworkACL struct {
	base.Meta
	ACLID     source.Value[string]     `json:"acl_id"`
	VPCID     source.Value[string]     `json:"vpc_id"`
	IsDefault source.Value[bool]       `json:"is_default"`
	Entries   source.Value[[]ACLEntry] `json:"entries"`
	Subnets   source.Value[[]string]   `json:"subnets"`
}

// ACLEntry is one NACL rule.
type ACLEntry struct {
	RuleNumber int                          `json:"rule_number"`
	Egress     bool                         `json:"egress"`
	Protocol   source.Value[string]         `json:"protocol"`
	Action     source.Value[string]         `json:"action"` // allow | deny
	CIDR       source.Value[string]         `json:"cidr"`
	IPv6CIDR   source.Value[string]         `json:"ipv6_cidr"`
	Ports      source.Value[base.PortRange] `json:"ports"`
	Prov       source.Prov                  `json:"prov"`
}

// VPC with whether flow logs cover it.
type VPC struct {
	base.Meta
	VPCID     source.Value[string] `json:"vpc_id"`
	CIDR      source.Value[string] `json:"cidr"`
	IsDefault source.Value[bool]   `json:"is_default"`
	// FlowLogs joined from flow log resources attached to this VPC.
	FlowLogs source.Value[[]FlowLog] `json:"flow_logs"`
	// InUse: has any instance or interface (live), for default-VPC noise control.
	InUse source.Value[bool] `json:"in_use"`
	// Endpoints are the VPC endpoints of the VPC (joined from endpoint
	// resources or DescribeVpcEndpoints); known empty = none.
	Endpoints source.Value[[]VPCEndpoint] `json:"endpoints"`
}

// FlowLog captured for a VPC, subnet or ENI.
type FlowLog struct {
	ID          string      `json:"id,omitempty"`
	TrafficType string      `json:"traffic_type"` // ACCEPT, REJECT, ALL
	Destination string      `json:"destination,omitempty"`
	Prov        source.Prov `json:"prov"`
}

// Subnet of a VPC.
type Subnet struct {
	base.Meta
	SubnetID            source.Value[string] `json:"subnet_id"`
	VPCID               source.Value[string] `json:"vpc_id"`
	MapPublicIPOnLaunch source.Value[bool]   `json:"map_public_ip_on_launch"`
	// AvailabilityZone of the subnet (name or ID).
	AvailabilityZone source.Value[string] `json:"availability_zone"`
	// DefaultForAZ marks the subnets AWS creates in a default VPC (live),
	// so reports can group default-resource noise.
	DefaultForAZ source.Value[bool] `json:"default_for_az"`
}

// RouteTable with its routes.
type RouteTable struct {
	base.Meta
	RouteTableID source.Value[string]  `json:"route_table_id"`
	VPCID        source.Value[string]  `json:"vpc_id"`
	Routes       source.Value[[]Route] `json:"routes"`
	// Subnets explicitly associated with the table (ids or code
	// addresses); a subnet without one uses its VPC's main table.
	Subnets source.Value[[]string] `json:"subnets"`
	// Main: this is its VPC's main route table.
	Main source.Value[bool] `json:"main"`
}

// Route is one route entry.
type Route struct {
	Destination    string `json:"destination"`
	GatewayID      string `json:"gateway_id,omitempty"`
	PeeringID      string `json:"vpc_peering_connection_id,omitempty"`
	NATGatewayID   string `json:"nat_gateway_id,omitempty"`
	TransitGateway string `json:"transit_gateway_id,omitempty"`
	// InternetGateway: the target is an internet gateway (igw-..., an
	// aws_internet_gateway, an AWS::EC2::InternetGateway).
	InternetGateway bool        `json:"internet_gateway,omitempty"`
	Prov            source.Prov `json:"prov"`
}

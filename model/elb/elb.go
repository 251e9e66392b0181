// Package elb models Elastic Load Balancing v2 load balancers and listeners,
// with the WAF web ACL associated to them.
package elb

import (
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// LoadBalancer is an ALB/NLB/GWLB (or classic when Type is "classic").
type LoadBalancer struct {
	base.Meta
	Name               source.Value[string] `json:"name"`
	Type               source.Value[string] `json:"lb_type"` // application, network, gateway, classic
	Scheme             source.Value[string] `json:"scheme"`  // internet-facing, internal
	AccessLogs         source.Value[bool]   `json:"access_logs"`
	DeletionProtection source.Value[bool]   `json:"deletion_protection"`
	DropInvalidHeaders source.Value[bool]   `json:"drop_invalid_header_fields"`
	// WebACL is the associated WAFv2 web ACL; known "" = none.
	WebACL source.Value[string] `json:"web_acl"`
	// DesyncMode is the HTTP desync mitigation mode (monitor, defensive,
	// strictest) of application and classic load balancers.
	DesyncMode source.Value[string] `json:"desync_mitigation_mode"`
	// Zones are the subnets (one per Availability Zone for ELBv2) or the
	// Availability Zones the load balancer spans.
	Zones source.Value[[]string] `json:"zones"`
	// CrossZone: cross-zone load balancing (classic, network, gateway).
	CrossZone source.Value[bool] `json:"cross_zone"`
	// ConnectionDraining of a classic load balancer.
	ConnectionDraining source.Value[bool]       `json:"connection_draining"`
	Listeners          source.Value[[]Listener] `json:"listeners"`
}

// Listener of a load balancer.
type Listener struct {
	Port      int    `json:"port"`
	Protocol  string `json:"protocol"` // HTTP, HTTPS, TCP, TLS, ...
	SSLPolicy string `json:"ssl_policy,omitempty"`
	// SSLPolicyUnknown says why SSLPolicy is empty when the source could
	// not read it (a failed API call), so the policy is UNKNOWN, not absent.
	SSLPolicyUnknown string `json:"ssl_policy_unknown,omitempty"`
	// SSLProtocols are the protocols (SSLv3, TLSv1, TLSv1.2, ...) a custom
	// SSL negotiation policy of a classic load balancer enables, when read;
	// nil for a predefined policy.
	SSLProtocols []string `json:"ssl_protocols,omitempty"`
	// RedirectsToHTTPS: the default action redirects HTTP to HTTPS.
	RedirectsToHTTPS bool `json:"redirects_to_https"`
	// Certificate of an HTTPS/SSL listener as the source names it: an
	// ARN (arn:aws:acm:... or arn:aws:iam::...:server-certificate/...),
	// or the resource that provides it (aws_acm_certificate.x; a
	// CloudFormation reference as "AWS::CertificateManager::Certificate
	// Logical"); known "" = none. Read for classic load balancers.
	Certificate source.Value[string] `json:"certificate,omitzero"`
	Prov        source.Prov          `json:"prov"`
}

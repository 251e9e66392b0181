// Package elb models Elastic Load Balancing v2 load balancers and listeners,
// with the WAF web ACL associated to them.
package elb

import (
	"strconv"
	"strings"

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

// Name is how results name the listener: "listener HTTPS:443", saying
// which of protocol and port the source could not resolve (0 is no real
// port).
func (l Listener) Name() string {
	switch {
	case l.ProtocolUnknown != "" && l.Port == 0:
		return "listener (protocol and port unresolved)"
	case l.ProtocolUnknown != "":
		return "listener on port " + strconv.Itoa(l.Port) + " (protocol unresolved)"
	case l.Port == 0:
		return "listener " + l.Protocol + " (port unresolved)"
	}
	return "listener " + l.Protocol + ":" + strconv.Itoa(l.Port)
}

// Listener of a load balancer.
type Listener struct {
	Port     int    `json:"port"`
	Protocol string `json:"protocol"` // HTTP, HTTPS, TCP, TLS, ...
	// ProtocolUnknown says why Protocol is empty when the source could not
	// resolve it: the listener may then be plain or TLS, so what depends
	// on its protocol is UNKNOWN for it.
	ProtocolUnknown string `json:"protocol_unknown,omitempty"`
	SSLPolicy       string `json:"ssl_policy,omitempty"`
	// SSLPolicyUnknown says why SSLPolicy is empty when the source could
	// not read it (a failed API call), so the policy is UNKNOWN, not absent.
	SSLPolicyUnknown string `json:"ssl_policy_unknown,omitempty"`
	// SSLProtocols are the protocols (SSLv3, TLSv1, TLSv1.2, ...) a custom
	// SSL negotiation policy of a classic load balancer enables, when read;
	// nil for a predefined policy.
	SSLProtocols []string `json:"ssl_protocols,omitempty"`
	// SSLCustom: SSLPolicy names a custom SSL negotiation policy of a
	// classic load balancer (no Reference-Security-Policy), judged by the
	// SSLProtocols and SSLCiphers it enables.
	SSLCustom bool `json:"ssl_custom,omitempty"`
	// SSLCiphers are the ciphers a custom policy enables (attributes set
	// to true other than Protocol-* and Server-Defined-Cipher-Order).
	SSLCiphers []string `json:"ssl_ciphers,omitempty"`
	// SSLPolicyDefault: no SSL negotiation policy is attached to the
	// listener, so SSLPolicy is the one AWS associates by default.
	SSLPolicyDefault bool `json:"ssl_policy_default,omitempty"`
	// SSLPolicyProv is where the policy was read: the
	// Reference-Security-Policy attribute or the custom policy (code), the
	// listener when AWS's default applies, or the API call (live). Zero
	// when the source records only the listener (Prov).
	SSLPolicyProv source.Prov `json:"ssl_policy_prov,omitzero"`
	// SSLAttrProv is where each attribute a custom policy enables is set,
	// by attribute name ("Protocol-TLSv1", "ECDHE-RSA-AES128-SHA").
	SSLAttrProv map[string]source.Prov `json:"ssl_attr_prov,omitempty"`
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

// SSLAttr is one attribute of a classic load balancer's
// SSLNegotiationPolicyType policy, as a source read it.
type SSLAttr struct {
	Name, Value string
	Prov        source.Prov
}

// SetClassicSSLPolicy gives the listener the classic SSL negotiation policy
// name with attributes attrs, read at p. A Reference-Security-Policy
// attribute makes it that predefined policy (judged by name); otherwise it
// is custom and enables the Protocol-* attributes and ciphers whose value
// is true (case-insensitive). Attributes a custom policy does not name are
// disabled: ELB enables only what the policy lists. All three sources call
// this, so code and live fill the same fields the same way.
func (l *Listener) SetClassicSSLPolicy(name string, attrs []SSLAttr, p source.Prov) {
	l.SSLPolicy, l.SSLPolicyUnknown, l.SSLPolicyDefault, l.SSLPolicyProv = name, "", false, p
	l.SSLCustom, l.SSLProtocols, l.SSLCiphers, l.SSLAttrProv = true, nil, nil, nil
	for _, a := range attrs {
		if a.Name == "Reference-Security-Policy" && a.Value != "" {
			l.SSLPolicy, l.SSLPolicyProv, l.SSLCustom = a.Value, a.Prov, false
			l.SSLProtocols, l.SSLCiphers, l.SSLAttrProv = nil, nil, nil
			return
		}
	}
	for _, a := range attrs {
		if !strings.EqualFold(a.Value, "true") || a.Name == "Server-Defined-Cipher-Order" {
			continue
		}
		if p, ok := strings.CutPrefix(a.Name, "Protocol-"); ok {
			l.SSLProtocols = append(l.SSLProtocols, p)
		} else {
			l.SSLCiphers = append(l.SSLCiphers, a.Name)
		}
		if l.SSLAttrProv == nil {
			l.SSLAttrProv = map[string]source.Prov{}
		}
		l.SSLAttrProv[a.Name] = a.Prov
	}
}

// ClassicDefaultSSLPolicy is the predefined policy Elastic Load Balancing
// associates with a classic HTTPS/SSL listener created without one:
// "If you create an HTTPS/SSL listener without associating a security
// policy, Elastic Load Balancing associates the default predefined security
// policy, ELBSecurityPolicy-2016-08, with your load balancer."
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ssl-config-update.html)
const ClassicDefaultSSLPolicy = "ELBSecurityPolicy-2016-08"

// SetClassicDefaultSSLPolicy records that no SSL negotiation policy is
// attached to the listener, so AWS's default applies; p is the listener.
func (l *Listener) SetClassicDefaultSSLPolicy(p source.Prov) {
	l.SetDefaultSSLPolicy(ClassicDefaultSSLPolicy, p)
}

// ApplicationAPIDefaultSSLPolicy is the security policy an Application Load
// Balancer HTTPS listener gets when it is created without one other than in
// the console: "Other methods (for example, the AWS CLI, AWS
// CloudFormation, and the AWS CDK) – The default security policy is
// ELBSecurityPolicy-2016-08."
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html)
const ApplicationAPIDefaultSSLPolicy = "ELBSecurityPolicy-2016-08"

// SetDefaultSSLPolicy records that the listener sets no SSL policy, so AWS
// applies its default name; p is the listener.
func (l *Listener) SetDefaultSSLPolicy(name string, p source.Prov) {
	l.SSLPolicy, l.SSLPolicyUnknown, l.SSLPolicyDefault, l.SSLPolicyProv = name, "", true, p
	l.SSLCustom, l.SSLProtocols, l.SSLCiphers, l.SSLAttrProv = false, nil, nil, nil
}

// SetSSLPolicyUnknown makes the listener's SSL policy unknown with why.
func (l *Listener) SetSSLPolicyUnknown(why string, p source.Prov) {
	l.SSLPolicy, l.SSLPolicyUnknown, l.SSLPolicyDefault, l.SSLPolicyProv = "", why, false, p
	l.SSLCustom, l.SSLProtocols, l.SSLCiphers, l.SSLAttrProv = false, nil, nil, nil
}

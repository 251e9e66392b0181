package elb

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

// Controls returns the ELB controls.
func Controls() []*control.Control {
	return []*control.Control{tlsListeners(), tlsPolicy(), accessLogs(), waf(), dropInvalidHeaders(), deletionProtection(),
		desync(), multiAZ(), crossZone(), connectionDraining(), acmCertificate()}
}

// typedBool is the Check of a duty that is one boolean attribute set to true,
// on the load balancer types that have the attribute (other types are
// NOT_APPLICABLE): five ELB controls have exactly this shape.
func typedBool(types []string, get func(*elb.LoadBalancer) source.Value[bool], what string) func(*model.Estate) []control.Result {
	return func(e *model.Estate) []control.Result {
		return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
			return onlyTypes(lb, types, func() control.Verdict { return ck.Bool(get(lb), true, what) })
		})
	}
}

// onlyTypes makes a verdict NOT_APPLICABLE for other load balancer types,
// and UNKNOWN when the type could not be read.
func onlyTypes(lb *elb.LoadBalancer, types []string, f func() control.Verdict) control.Verdict {
	t, ok := ck.Str(lb.Type)
	if !ok {
		return ck.Unknown(lb.Type, "load balancer type")
	}
	for _, x := range types {
		if t == x {
			return f()
		}
	}
	return ck.NA("does not apply to " + t + " load balancers")
}

// listeners judges every listener of lb with f, which returns a problem
// ("" when the listener is fine) or why it cannot tell, and whether the
// control applies to the listener at all.
func listeners(lb *elb.LoadBalancer, f func(l elb.Listener) (problem, unknown string, applies bool)) control.Verdict {
	ls, ok := lb.Listeners.Get()
	if !ok {
		return ck.Unknown(lb.Listeners, "listeners")
	}
	var fails, unknowns []control.Verdict
	n := 0
	for _, l := range ls {
		p, u, applies := f(l)
		if !applies {
			continue
		}
		n++
		switch {
		case p != "":
			fails = append(fails, ck.V(control.Fail, l.Name()+" "+p, l.Prov))
		case u != "":
			unknowns = append(unknowns, ck.V(control.Unknown, l.Name()+" "+u, l.Prov))
		}
	}
	if len(fails) > 0 {
		return control.Combine(fails...)
	}
	if len(unknowns) > 0 {
		return control.Combine(unknowns...)
	}
	if n == 0 {
		return ck.NA("no listener this control applies to")
	}
	return ck.PassAt(fmt.Sprintf("%d listeners checked, all fine", n), lb.Listeners.PackedProv())
}

func tlsListeners() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-001", Title: "Load balancer listeners encrypt traffic in transit", Severity: control.Medium,
		Service: "elb", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("ELB.1", "ELB.3", "ELB.18"), fw.InTransit()),
		Rationale: "The listener protocol is the customer's choice; HTTP or plain TCP sends credentials and " +
			"session data in clear across the internet.",
		Checked: "The protocol of every listener: HTTPS, TLS and SSL pass, and HTTP whose default action " +
			"redirects to HTTPS; other HTTP, TCP, UDP and TCP_UDP listeners fail. Gateway load balancers are " +
			"not applicable. A listener whose protocol code leaves unresolved (a parameter or variable without " +
			"a value) is UNKNOWN, naming the value and its line.",
		Remediation: control.Remediation{
			Summary:        "Serve HTTPS/TLS with an ACM certificate and redirect HTTP to HTTPS.",
			Terraform:      "resource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n  protocol          = \"HTTP\"\n  default_action {\n    type = \"redirect\"\n    redirect {\n      port        = \"443\"\n      protocol    = \"HTTPS\"\n      status_code = \"HTTP_301\"\n    }\n  }\n}",
			CloudFormation: "HttpListener:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    LoadBalancerArn: !Ref Alb\n    Port: 80\n    Protocol: HTTP\n    DefaultActions:\n      - Type: redirect\n        RedirectConfig: {Protocol: HTTPS, Port: \"443\", StatusCode: HTTP_301}",
			CLI:            "aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:...:listener/app/web/... --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				return onlyTypes(lb, []string{"application", "network", "classic"}, func() control.Verdict {
					return listeners(lb, func(l elb.Listener) (string, string, bool) {
						if l.ProtocolUnknown != "" {
							return "", "may be plain or TLS: its protocol is unknown (" + l.ProtocolUnknown + ")", true
						}
						switch strings.ToUpper(l.Protocol) {
						case "HTTPS", "TLS", "SSL":
							return "", "", true
						case "HTTP":
							if l.RedirectsToHTTPS {
								return "", "", true
							}
							return "serves plain HTTP without redirecting to HTTPS", "", true
						case "TCP", "UDP", "TCP_UDP":
							return "carries unencrypted " + l.Protocol, "", true
						}
						return "", "", false
					})
				})
			})
		},
	}
}

// outdated TLS policies allow TLS 1.0/1.1 or weak ciphers.
func policyVerdict(name string) (ok, known bool) {
	n := strings.ToLower(name)
	for _, bad := range []string{"tls-1-0", "tls-1-1", "tls13-1-0", "tls13-1-1", "2015-", "2016-08", "2011-", "2014-",
		"fs-2018-06", "fs-1-1", "elbsample"} {
		if strings.Contains(n, bad) {
			return false, true
		}
	}
	for _, good := range []string{"tls-1-2", "tls13-1-2", "tls13-1-3", "fs-1-2"} {
		if strings.Contains(n, good) {
			return true, true
		}
	}
	return false, false
}

// tls12Ciphers are the ciphers of ELBSecurityPolicy-TLS-1-2-2017-01, AWS's
// predefined TLS 1.2-only policy for classic load balancers
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html):
// a custom policy is as strong as it when it enables only these.
var tls12Ciphers = map[string]bool{
	"ECDHE-ECDSA-AES128-GCM-SHA256": true, "ECDHE-RSA-AES128-GCM-SHA256": true,
	"ECDHE-ECDSA-AES128-SHA256": true, "ECDHE-RSA-AES128-SHA256": true,
	"ECDHE-ECDSA-AES256-GCM-SHA384": true, "ECDHE-RSA-AES256-GCM-SHA384": true,
	"ECDHE-ECDSA-AES256-SHA384": true, "ECDHE-RSA-AES256-SHA384": true,
	"AES128-GCM-SHA256": true, "AES128-SHA256": true, "AES256-GCM-SHA384": true, "AES256-SHA256": true,
}

// sslPolicyProv is where the listener's policy was read, else the listener.
func sslPolicyProv(l elb.Listener) source.Prov {
	if l.SSLPolicyProv != (source.Prov{}) {
		return l.SSLPolicyProv
	}
	return l.Prov
}

// attrEvidence is evidence at the attribute of a custom policy that enables
// name (the policy itself when the source recorded no attribute position).
func attrEvidence(l elb.Listener, attr string) control.Evidence {
	p, ok := l.SSLAttrProv[attr]
	if !ok {
		p = sslPolicyProv(l)
	}
	return control.Ev(l.SSLPolicy+": "+attr+" = true", p)
}

// customVerdict judges a classic load balancer's custom SSL negotiation
// policy by what it enables: any protocol older than TLS 1.2 fails; so
// does any cipher outside ELBSecurityPolicy-TLS-1-2-2017-01 (the rationale's
// "legacy ciphers": FSBP ELB.8 accepts only AWS's strong predefined
// configuration); TLS 1.2/1.3 with only those ciphers passes.
func customVerdict(where string, l elb.Listener) control.Verdict {
	var weak, other, bad []string
	var ev []control.Evidence
	for _, p := range l.SSLProtocols {
		switch strings.ToUpper(p) {
		case "SSLV2", "SSLV3", "TLSV1", "TLSV1.0", "TLSV1.1":
			weak = append(weak, p)
			ev = append(ev, attrEvidence(l, "Protocol-"+p))
		case "TLSV1.2", "TLSV1.3":
		default:
			other = append(other, p)
		}
	}
	for _, c := range l.SSLCiphers {
		if !tls12Ciphers[c] {
			bad = append(bad, c)
			ev = append(ev, attrEvidence(l, c))
		}
	}
	name := where + " uses custom policy " + l.SSLPolicy
	var why []string
	if len(weak) > 0 {
		why = append(why, "enables "+strings.Join(weak, ", "))
	}
	if len(bad) > 0 {
		why = append(why, "enables cipher "+strings.Join(bad, ", ")+", which ELBSecurityPolicy-TLS-1-2-2017-01 does not include")
	}
	switch {
	case len(why) > 0:
		return control.Verdict{Outcome: control.Fail, Reason: name + ", which " + strings.Join(why, " and "), Evidence: ev}
	case len(other) > 0:
		return ck.V(control.Unknown, name+", which enables protocol "+strings.Join(other, ", ")+" that onus does not know", sslPolicyProv(l))
	case len(l.SSLProtocols) == 0:
		return ck.V(control.Unknown, name+", which enables no protocol, so it cannot negotiate TLS and onus does not judge it", sslPolicyProv(l))
	case len(l.SSLCiphers) == 0:
		return ck.V(control.Unknown, name+", which enables no cipher, so it cannot negotiate TLS and onus does not judge it", sslPolicyProv(l))
	}
	return ck.Pass(name+", which enables only "+strings.Join(l.SSLProtocols, ", ")+" with ciphers all from ELBSecurityPolicy-TLS-1-2-2017-01", sslPolicyProv(l))
}

func tlsPolicy() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-002", Title: "Load balancer TLS listeners use a current security policy", Severity: control.Medium,
		Service: "elb", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("ELB.8", "ELB.17"), fw.InTransit()),
		Rationale: "Policies that still allow TLS 1.0/1.1 or legacy ciphers expose clients to downgrade and " +
			"known protocol attacks; choosing the policy is the customer's duty.",
		Checked: "The SSL policy of every HTTPS/TLS/SSL listener: TLS 1.2+ policies (ELBSecurityPolicy-TLS13-1-2-*, " +
			"-TLS-1-2-*, -FS-1-2-*, TLS13-1-3) pass; policies allowing TLS 1.0/1.1 (2016-08, TLS-1-0, TLS-1-1, " +
			"FS-2018-06, ...) fail. An application load balancer's HTTPS listener declared without a policy gets " +
			"ELBSecurityPolicy-2016-08, AWS's default outside the console " +
			"(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html), and fails. " +
			"A classic load balancer's listener takes its policy from the SSL negotiation " +
			"policy attached to its port (a Reference-Security-Policy is judged by that name); a listener with none " +
			"attached gets AWS's default ELBSecurityPolicy-2016-08 and fails (\"If you create an HTTPS/SSL listener " +
			"without associating a security policy, Elastic Load Balancing associates the default predefined security " +
			"policy, ELBSecurityPolicy-2016-08\", https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ssl-config-update.html). " +
			"A custom policy fails when it enables SSLv3, TLSv1 or TLSv1.1, or any cipher outside " +
			"ELBSecurityPolicy-TLS-1-2-2017-01; it passes when it enables only TLSv1.2 with ciphers all from that " +
			"policy. Other unlisted policies, and policies or attachments the source cannot resolve, are unknown.",
		Remediation: control.Remediation{
			Summary:        "Use ELBSecurityPolicy-TLS13-1-2-2021-06 (or stricter).",
			Terraform:      "resource \"aws_lb_listener\" \"https\" {\n  protocol   = \"HTTPS\"\n  ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n}",
			CloudFormation: "HttpsListener:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    Protocol: HTTPS\n    SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06",
			CLI:            "aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:...:listener/app/web/... --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				ls, ok := lb.Listeners.Get()
				if !ok {
					return ck.Unknown(lb.Listeners, "listeners")
				}
				var vs []control.Verdict
				for _, l := range ls {
					if l.ProtocolUnknown != "" {
						vs = append(vs, ck.V(control.Unknown, l.Name()+" may be HTTPS or TLS: its protocol is unknown ("+l.ProtocolUnknown+")", l.Prov))
						continue
					}
					switch strings.ToUpper(l.Protocol) {
					case "HTTPS", "TLS", "SSL":
					default:
						continue
					}
					where := l.Name()
					if l.SSLPolicy == "" {
						why := " has no SSL policy recorded"
						if l.SSLPolicyUnknown != "" {
							why = "'s SSL policy could not be read: " + l.SSLPolicyUnknown
						}
						vs = append(vs, ck.V(control.Unknown, where+why, sslPolicyProv(l)))
						continue
					}
					// Snapshots from before SSLCustom mark custom policies
					// by their protocols alone.
					if l.SSLCustom || len(l.SSLProtocols) > 0 {
						vs = append(vs, customVerdict(where, l))
						continue
					}
					good, known := policyVerdict(l.SSLPolicy)
					uses := where + " uses " + l.SSLPolicy
					if l.SSLPolicyDefault {
						uses = where + " has no SSL negotiation policy attached, so AWS applies its default " + l.SSLPolicy
					}
					switch {
					case !known:
						vs = append(vs, ck.V(control.Unknown, uses+", which onus cannot classify", sslPolicyProv(l)))
					case good:
						vs = append(vs, ck.Pass(uses, sslPolicyProv(l)))
					case l.SSLPolicyDefault:
						vs = append(vs, ck.Fail(uses+", which allows TLS 1.0 and 1.1", sslPolicyProv(l)))
					default:
						vs = append(vs, ck.Fail(where+" uses outdated policy "+l.SSLPolicy, sslPolicyProv(l)))
					}
				}
				if len(vs) == 0 {
					return ck.NA("no HTTPS/TLS listener")
				}
				return control.Combine(vs...)
			})
		},
	}
}

func accessLogs() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-003", Title: "Load balancer access logging is enabled", Severity: control.Medium,
		Service: "elb", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.CIS("4.10"), fw.FSBP("ELB.5"), fw.Logging()),
		Rationale: "Access logs record every request with client address and TLS details, the customer's " +
			"evidence for attacks on the web front end.",
		Checked: "Access logging of every application and classic load balancer: enabled passes; disabled " +
			"fails. Network and gateway load balancers are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable access logs to an S3 bucket the ELB service can write to.",
			Terraform:      "resource \"aws_lb\" \"web\" {\n  access_logs {\n    bucket  = aws_s3_bucket.lb_logs.id\n    prefix  = \"web\"\n    enabled = true\n  }\n}",
			CloudFormation: "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties:\n    LoadBalancerAttributes:\n      - Key: access_logs.s3.enabled\n        Value: \"true\"\n      - Key: access_logs.s3.bucket\n        Value: !Ref LbLogBucket",
			CLI:            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:... --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=lb-logs",
		},
		Check: typedBool([]string{"application", "classic"}, func(lb *elb.LoadBalancer) source.Value[bool] { return lb.AccessLogs }, "access logging"),
	}
}

func waf() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-004", Title: "Internet-facing ALBs are protected by AWS WAF", Severity: control.Medium,
		Service: "elb", Layer: "network-config",
		Frameworks: fw.Of(fw.M{fw.NIST: {"SC-7", "SI-4"}, fw.PCI: {"6.4.2"}, fw.ISO: {"A.8.20"}}),
		Rationale: "The edge layer of defense in depth: a web ACL filters injection, known bad inputs and bots " +
			"before they reach the application, which is the customer's to protect.",
		Checked: "The WAFv2 web ACL association of every internet-facing application load balancer: one passes; " +
			"none fails. Internal and non-application load balancers are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Associate a WAFv2 web ACL (e.g. AWS managed rule groups) with the ALB.",
			Terraform:      "resource \"aws_wafv2_web_acl_association\" \"web\" {\n  resource_arn = aws_lb.web.arn\n  web_acl_arn  = aws_wafv2_web_acl.web.arn\n}",
			CloudFormation: "WebAclAssociation:\n  Type: AWS::WAFv2::WebACLAssociation\n  Properties:\n    ResourceArn: !Ref Alb\n    WebACLArn: !GetAtt WebAcl.Arn",
			CLI:            "aws wafv2 associate-web-acl --web-acl-arn arn:aws:wafv2:...:regional/webacl/web/... --resource-arn arn:aws:elasticloadbalancing:...",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				return onlyTypes(lb, []string{"application"}, func() control.Verdict {
					s, ok := ck.Str(lb.Scheme)
					if !ok {
						return ck.Unknown(lb.Scheme, "scheme")
					}
					if s != "internet-facing" {
						return ck.NA("the load balancer is " + s)
					}
					return ck.Present(lb.WebACL, "web ACL", "no WAF web ACL protects the internet-facing ALB",
						func(a string) string { return "web ACL " + a })
				})
			})
		},
	}
}

func dropInvalidHeaders() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-005", Title: "ALBs drop invalid HTTP header fields", Severity: control.Medium,
		Service: "elb", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("ELB.4")),
		Rationale: "Headers with invalid characters are a vector for request smuggling and desync attacks " +
			"against the application behind the load balancer.",
		Checked: "routing.http.drop_invalid_header_fields.enabled of every application load balancer: true " +
			"passes; false fails. Other types are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable dropping invalid header fields.",
			Terraform:      "resource \"aws_lb\" \"web\" {\n  drop_invalid_header_fields = true\n}",
			CloudFormation: "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties:\n    LoadBalancerAttributes:\n      - Key: routing.http.drop_invalid_header_fields.enabled\n        Value: \"true\"",
			CLI:            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:... --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
		},
		Check: typedBool([]string{"application"}, func(lb *elb.LoadBalancer) source.Value[bool] { return lb.DropInvalidHeaders }, "dropping invalid header fields"),
	}
}

func deletionProtection() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-006", Title: "Load balancer deletion protection is enabled", Severity: control.Low,
		Service: "elb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("ELB.6")),
		Rationale: "Deleting the load balancer takes the application offline and frees its DNS name; " +
			"deletion protection guards against accidents.",
		Checked: "deletion_protection.enabled of every application, network and gateway load balancer: true " +
			"passes; false fails. Classic load balancers are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable deletion protection.",
			Terraform:      "resource \"aws_lb\" \"web\" {\n  enable_deletion_protection = true\n}",
			CloudFormation: "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties:\n    LoadBalancerAttributes:\n      - Key: deletion_protection.enabled\n        Value: \"true\"",
			CLI:            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:... --attributes Key=deletion_protection.enabled,Value=true",
		},
		Check: typedBool([]string{"application", "network", "gateway"}, func(lb *elb.LoadBalancer) source.Value[bool] { return lb.DeletionProtection }, "deletion protection"),
	}
}

func desync() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-007", Title: "Load balancers mitigate HTTP desync in defensive or strictest mode", Severity: control.Medium,
		Service: "elb", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("ELB.12", "ELB.14"), fw.M{fw.NIST: {"SI-10", "SC-7"}}),
		Rationale: "HTTP desync (request smuggling) lets an attacker prepend requests to other users' " +
			"connections; the load balancer's mitigation mode is a customer setting, and monitor mode lets " +
			"ambiguous requests through.",
		Checked: "The desync mitigation mode of every application and classic load balancer: defensive (the " +
			"default) or strictest passes; monitor fails. Network and gateway load balancers are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Set the desync mitigation mode to defensive or strictest.",
			Terraform:      "resource \"aws_lb\" \"web\" {\n  desync_mitigation_mode = \"defensive\"\n}",
			CloudFormation: "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties:\n    LoadBalancerAttributes:\n      - Key: routing.http.desync_mitigation_mode\n        Value: defensive",
			CLI:            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:... --attributes Key=routing.http.desync_mitigation_mode,Value=defensive",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				return onlyTypes(lb, []string{"application", "classic"}, func() control.Verdict {
					return ck.Judge(lb.DesyncMode, "desync mitigation mode", func(m string) (bool, string) {
						switch strings.ToLower(m) {
						case "defensive", "strictest":
							return true, "desync mitigation mode is " + m
						}
						return false, "desync mitigation mode is " + m + ", which forwards ambiguous requests"
					})
				})
			})
		},
	}
}

func multiAZ() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-008", Title: "Load balancers span at least two Availability Zones", Severity: control.Medium,
		Service: "elb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("ELB.10", "ELB.13"), fw.M{fw.NIST: {"CP-10", "SC-36"}, fw.SOC2: {"A1.2"}}),
		Rationale: "AWS runs each zone's load balancer nodes, but which zones to place them in is the " +
			"customer's choice; in one zone the application goes down with it.",
		Checked: "The subnets (one per zone) or Availability Zones of every load balancer: two or more passes; " +
			"one fails.",
		Remediation: control.Remediation{
			Summary:        "Attach a subnet in at least two Availability Zones.",
			Terraform:      "resource \"aws_lb\" \"web\" {\n  subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]\n}",
			CloudFormation: "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties:\n    Subnets: [!Ref PublicSubnetA, !Ref PublicSubnetB]",
			CLI:            "aws elbv2 set-subnets --load-balancer-arn arn:aws:elasticloadbalancing:... --subnets subnet-aaaa subnet-bbbb",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LoadBalancers, func(lb *elb.LoadBalancer) control.Verdict {
				return ck.Judge(lb.Zones, "zones", func(zs []string) (bool, string) {
					n := len(distinct(zs))
					if n >= 2 {
						return true, fmt.Sprintf("spans %d Availability Zones", n)
					}
					return false, fmt.Sprintf("spans %d Availability Zone(s)", n)
				})
			})
		},
	}
}

func distinct(l []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range l {
		m[s] = true
	}
	return m
}

func crossZone() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-009", Title: "Classic Load Balancers balance across zones", Severity: control.Medium,
		Service: "elb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("ELB.9")),
		Rationale: "Without cross-zone load balancing, a zone with fewer healthy instances is overloaded " +
			"while others idle, and losing instances in one zone degrades the whole application.",
		Checked: "Cross-zone load balancing of every classic load balancer: enabled passes; disabled fails. " +
			"Other load balancer types are not applicable (always on for ALBs).",
		Remediation: control.Remediation{
			Summary:        "Enable cross-zone load balancing.",
			Terraform:      "resource \"aws_elb\" \"web\" {\n  cross_zone_load_balancing = true\n}",
			CloudFormation: "Elb:\n  Type: AWS::ElasticLoadBalancing::LoadBalancer\n  Properties:\n    CrossZone: true",
			CLI:            "aws elb modify-load-balancer-attributes --load-balancer-name web --load-balancer-attributes '{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}'",
		},
		Check: typedBool([]string{"classic"}, func(lb *elb.LoadBalancer) source.Value[bool] { return lb.CrossZone }, "cross-zone load balancing"),
	}
}

func connectionDraining() *control.Control {
	return &control.Control{
		ID: "ONUS-ELB-010", Title: "Classic Load Balancers drain connections", Severity: control.Medium,
		Service: "elb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("ELB.7")),
		Rationale: "Without connection draining, deregistering or failing instances cut in-flight requests, " +
			"which users see as errors during every deployment.",
		Checked: "Connection draining of every classic load balancer: enabled passes; disabled (the default) " +
			"fails. Other load balancer types are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable connection draining with a timeout.",
			Terraform:      "resource \"aws_elb\" \"web\" {\n  connection_draining         = true\n  connection_draining_timeout = 300\n}",
			CloudFormation: "Elb:\n  Type: AWS::ElasticLoadBalancing::LoadBalancer\n  Properties:\n    ConnectionDrainingPolicy:\n      Enabled: true\n      Timeout: 300",
			CLI:            "aws elb modify-load-balancer-attributes --load-balancer-name web --load-balancer-attributes '{\"ConnectionDraining\":{\"Enabled\":true,\"Timeout\":300}}'",
		},
		Check: typedBool([]string{"classic"}, func(lb *elb.LoadBalancer) source.Value[bool] { return lb.ConnectionDraining }, "connection draining"),
	}
}

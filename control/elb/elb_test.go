package elb

import (
	"slices"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
	na   = control.NotApplicable
)

func lb(typ string, f func(*elb.LoadBalancer)) *model.Estate {
	x := &elb.LoadBalancer{Meta: ctest.TF("aws_lb", "web"), Type: ctest.K(typ), Scheme: ctest.K("internet-facing")}
	f(x)
	return &model.Estate{LoadBalancers: []*elb.LoadBalancer{x}}
}

func ls(l ...elb.Listener) func(*elb.LoadBalancer) {
	return func(x *elb.LoadBalancer) { x.Listeners = ctest.K(l) }
}

var (
	https    = elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"}
	redirect = elb.Listener{Port: 80, Protocol: "HTTP", RedirectsToHTTPS: true}
	plain    = elb.Listener{Port: 80, Protocol: "HTTP"}
	old      = elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-2016-08"}
	// unresolvedProto: a listener whose protocol the source could not
	// resolve, with a current policy should it be HTTPS.
	unresolvedProto = elb.Listener{Port: 8443, ProtocolUnknown: "Protocol: var.p has no value", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"}
)

// custom is a classic HTTPS:443 listener on a custom SSL negotiation
// policy enabling protocols and ciphers.
func custom(name string, protocols []string, ciphers ...string) elb.Listener {
	return elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: name, SSLCustom: true, SSLProtocols: protocols, SSLCiphers: ciphers}
}

var classicDefault = elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: elb.ClassicDefaultSSLPolicy, SSLPolicyDefault: true}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	none := func(*elb.LoadBalancer) {}
	cases := []ctest.Case{
		{Name: "https+redirect", Control: "ONUS-ELB-001", Estate: lb("application", ls(https, redirect)), Want: pass},
		{Name: "plain http", Control: "ONUS-ELB-001", Estate: lb("application", ls(https, plain)), Want: fail},
		{Name: "nlb tcp", Control: "ONUS-ELB-001", Estate: lb("network", ls(elb.Listener{Port: 5432, Protocol: "TCP"})), Want: fail},
		{Name: "listeners unknown", Control: "ONUS-ELB-001", Estate: lb("application", none), Want: unk},
		{Name: "type unknown", Control: "ONUS-ELB-001", Estate: &model.Estate{LoadBalancers: []*elb.LoadBalancer{{Meta: ctest.TF("aws_lb", "x")}}}, Want: unk},
		{Name: "gateway", Control: "ONUS-ELB-001", Estate: lb("gateway", ls(elb.Listener{Protocol: "GENEVE", Port: 6081})), Want: na},
		{Name: "protocol unresolved", Control: "ONUS-ELB-001", Estate: lb("application", ls(https, unresolvedProto)), Want: unk, Reason: "listener on port 8443 (protocol unresolved) may be plain or TLS: its protocol is unknown (Protocol: var.p has no value)"},
		{Name: "protocol unresolved next to plain http", Control: "ONUS-ELB-001", Estate: lb("application", ls(plain, unresolvedProto)), Want: fail, Reason: "plain HTTP"},
		{Name: "protocol unresolved, tls policy", Control: "ONUS-ELB-002", Estate: lb("application", ls(https, unresolvedProto)), Want: unk, Reason: "may be HTTPS or TLS: its protocol is unknown"},
		{Name: "protocol unresolved next to an old policy", Control: "ONUS-ELB-002", Estate: lb("application", ls(old, unresolvedProto)), Want: fail, Reason: "ELBSecurityPolicy-2016-08"},

		{Name: "tls13", Control: "ONUS-ELB-002", Estate: lb("application", ls(https, redirect)), Want: pass},
		{Name: "2016-08", Control: "ONUS-ELB-002", Estate: lb("application", ls(old)), Want: fail},
		{Name: "custom", Control: "ONUS-ELB-002", Estate: lb("application", ls(elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "my-policy"})), Want: unk},
		{Name: "policy unreadable", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS",
			SSLPolicyUnknown: "elasticloadbalancing:DescribeLoadBalancerPolicies: AccessDenied (permission denied)"})), Want: unk, Reason: "DescribeLoadBalancerPolicies: AccessDenied"},
		{Name: "classic custom weak", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "legacy",
			SSLProtocols: []string{"TLSv1", "TLSv1.2"}})), Want: fail, Reason: "TLSv1"},
		{Name: "classic custom tls12", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("strict", []string{"TLSv1.2"}, "ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA256"))),
			Want: pass, Reason: "only TLSv1.2 with ciphers all from ELBSecurityPolicy-TLS-1-2-2017-01"},
		{Name: "classic custom tls12 legacy cipher", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("strict", []string{"TLSv1.2"}, "ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA"))),
			Want: fail, Reason: "cipher DES-CBC3-SHA, which ELBSecurityPolicy-TLS-1-2-2017-01 does not include"},
		{Name: "classic custom tls1 and rc4", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("old", []string{"TLSv1", "TLSv1.2"}, "RC4-SHA"))),
			Want: fail, Reason: "enables TLSv1 and enables cipher RC4-SHA"},
		{Name: "classic custom sslv3", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("old", []string{"SSLv3"}, "AES128-SHA256"))), Want: fail, Reason: "SSLv3"},
		{Name: "classic custom no cipher", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("empty", []string{"TLSv1.2"}))), Want: unk, Reason: "enables no cipher"},
		{Name: "classic custom no protocol", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("empty", nil, "AES128-SHA256"))), Want: unk, Reason: "enables no protocol"},
		{Name: "classic custom odd protocol", Control: "ONUS-ELB-002", Estate: lb("classic", ls(custom("odd", []string{"TLSv1.2", "DTLSv1"}, "AES128-SHA256"))), Want: unk, Reason: "DTLSv1"},
		{Name: "classic default", Control: "ONUS-ELB-002", Estate: lb("classic", ls(classicDefault)), Want: fail,
			Reason: "no SSL negotiation policy attached, so AWS applies its default ELBSecurityPolicy-2016-08, which allows TLS 1.0 and 1.1"},
		{Name: "classic default and unresolved", Control: "ONUS-ELB-002", Estate: lb("classic", ls(classicDefault, elb.Listener{Port: 8443, Protocol: "SSL",
			SSLPolicyUnknown: "aws_load_balancer_listener_policy.x.load_balancer_port is unknown"})), Want: fail, Reason: "default"},
		{Name: "classic unresolved", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS",
			SSLPolicyUnknown: "policy_names: var.policy has no value"})), Want: unk, Reason: "var.policy has no value"},
		{Name: "classic predefined", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "SSL", SSLPolicy: "ELBSecurityPolicy-TLS-1-2-2017-01"})), Want: pass},
		{Name: "http only", Control: "ONUS-ELB-002", Estate: lb("application", ls(plain)), Want: na},
		{Name: "unknown", Control: "ONUS-ELB-002", Estate: lb("application", none), Want: unk},

		{Name: "on", Control: "ONUS-ELB-003", Estate: lb("application", func(x *elb.LoadBalancer) { x.AccessLogs = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-ELB-003", Estate: lb("classic", func(x *elb.LoadBalancer) { x.AccessLogs = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-ELB-003", Estate: lb("application", none), Want: unk},
		{Name: "nlb", Control: "ONUS-ELB-003", Estate: lb("network", none), Want: na},

		{Name: "waf", Control: "ONUS-ELB-004", Estate: lb("application", func(x *elb.LoadBalancer) { x.WebACL = ctest.K("arn:aws:wafv2:x") }), Want: pass},
		{Name: "none", Control: "ONUS-ELB-004", Estate: lb("application", func(x *elb.LoadBalancer) { x.WebACL = ctest.K("") }), Want: fail},
		{Name: "unknown", Control: "ONUS-ELB-004", Estate: lb("application", none), Want: unk},
		{Name: "internal", Control: "ONUS-ELB-004", Estate: lb("application", func(x *elb.LoadBalancer) { x.Scheme = ctest.K("internal") }), Want: na},

		{Name: "on", Control: "ONUS-ELB-005", Estate: lb("application", func(x *elb.LoadBalancer) { x.DropInvalidHeaders = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-ELB-005", Estate: lb("application", func(x *elb.LoadBalancer) { x.DropInvalidHeaders = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-ELB-005", Estate: lb("application", none), Want: unk},
		{Name: "nlb", Control: "ONUS-ELB-005", Estate: lb("network", none), Want: na},

		{Name: "on", Control: "ONUS-ELB-006", Estate: lb("network", func(x *elb.LoadBalancer) { x.DeletionProtection = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-ELB-006", Estate: lb("application", func(x *elb.LoadBalancer) { x.DeletionProtection = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-ELB-006", Estate: lb("application", none), Want: unk},
		{Name: "classic", Control: "ONUS-ELB-006", Estate: lb("classic", none), Want: na},
	}
	live := func(typ string, f func(*elb.LoadBalancer)) *model.Estate {
		e := lb(typ, f)
		e.LoadBalancers[0].Meta = ctest.Live("AWS::ElasticLoadBalancingV2::LoadBalancer", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1")
		return e
	}
	cfn := func(typ string, f func(*elb.LoadBalancer)) *model.Estate {
		e := lb(typ, f)
		e.LoadBalancers[0].Meta = ctest.CFN("AWS::ElasticLoadBalancingV2::LoadBalancer", "Alb")
		return e
	}
	cases = append(cases,
		ctest.Case{Name: "defensive", Control: "ONUS-ELB-007", Estate: lb("application", func(x *elb.LoadBalancer) { x.DesyncMode = ctest.K("defensive") }), Want: pass},
		ctest.Case{Name: "strictest classic", Control: "ONUS-ELB-007", Estate: lb("classic", func(x *elb.LoadBalancer) { x.DesyncMode = ctest.K("strictest") }), Want: pass},
		ctest.Case{Name: "monitor", Control: "ONUS-ELB-007", Estate: cfn("application", func(x *elb.LoadBalancer) { x.DesyncMode = ctest.K("monitor") }), Want: fail},
		ctest.Case{Name: "live monitor", Control: "ONUS-ELB-007", Estate: live("application", func(x *elb.LoadBalancer) { x.DesyncMode = ctest.K("monitor") }), Want: fail},
		ctest.Case{Name: "denied", Control: "ONUS-ELB-007", Estate: live("application", func(x *elb.LoadBalancer) { x.DesyncMode = ctest.U[string]("AccessDenied") }), Want: unk},
		ctest.Case{Name: "nlb", Control: "ONUS-ELB-007", Estate: lb("network", none), Want: na},

		ctest.Case{Name: "two zones", Control: "ONUS-ELB-008", Estate: lb("application", func(x *elb.LoadBalancer) { x.Zones = ctest.K([]string{"aws_subnet.a", "aws_subnet.b"}) }), Want: pass},
		ctest.Case{Name: "one zone", Control: "ONUS-ELB-008", Estate: cfn("network", func(x *elb.LoadBalancer) { x.Zones = ctest.K([]string{"SubnetA"}) }), Want: fail},
		ctest.Case{Name: "live one zone", Control: "ONUS-ELB-008", Estate: live("application", func(x *elb.LoadBalancer) { x.Zones = ctest.K([]string{"eu-west-1a", "eu-west-1a"}) }), Want: fail},
		ctest.Case{Name: "var", Control: "ONUS-ELB-008", Estate: lb("application", func(x *elb.LoadBalancer) { x.Zones = ctest.U[[]string]("var.subnets has no value") }), Want: unk},

		ctest.Case{Name: "cross zone", Control: "ONUS-ELB-009", Estate: lb("classic", func(x *elb.LoadBalancer) { x.CrossZone = ctest.K(true) }), Want: pass},
		ctest.Case{Name: "off", Control: "ONUS-ELB-009", Estate: lb("classic", func(x *elb.LoadBalancer) { x.CrossZone = ctest.K(false) }), Want: fail},
		ctest.Case{Name: "unknown", Control: "ONUS-ELB-009", Estate: lb("classic", none), Want: unk},
		ctest.Case{Name: "alb", Control: "ONUS-ELB-009", Estate: lb("application", none), Want: na},

		ctest.Case{Name: "draining", Control: "ONUS-ELB-010", Estate: lb("classic", func(x *elb.LoadBalancer) { x.ConnectionDraining = ctest.K(true) }), Want: pass},
		ctest.Case{Name: "default", Control: "ONUS-ELB-010", Estate: lb("classic", func(x *elb.LoadBalancer) { x.ConnectionDraining = ctest.K(false) }), Want: fail},
		ctest.Case{Name: "unknown", Control: "ONUS-ELB-010", Estate: lb("classic", none), Want: unk},
		ctest.Case{Name: "alb", Control: "ONUS-ELB-010", Estate: cfn("application", none), Want: na},
	)
	cases = append(cases, acmCases()...)
	ctest.Run(t, Controls(), cases)
}

// The evidence of ONUS-ELB-002 points at what decided: the attribute that
// enables a weak protocol or cipher, the Reference-Security-Policy
// attribute, the listener when AWS's default applies, the API call live.
func TestTLSPolicyEvidence(t *testing.T) {
	at := func(line int) source.Prov {
		return source.At(source.Loc{File: "main.tf", Start: source.Pos{Line: line}})
	}
	api := source.From(source.Origin{APICall: "elasticloadbalancing:DescribeLoadBalancerPolicies"})
	var weak elb.Listener
	weak.Port, weak.Protocol, weak.Prov = 443, "HTTPS", at(3)
	weak.SetClassicSSLPolicy("legacy", []elb.SSLAttr{
		{Name: "Protocol-TLSv1", Value: "true", Prov: at(10)},
		{Name: "Protocol-TLSv1.2", Value: "true", Prov: at(11)},
		{Name: "Protocol-TLSv1.1", Value: "false", Prov: at(12)},
		{Name: "Server-Defined-Cipher-Order", Value: "true", Prov: at(13)},
		{Name: "ECDHE-RSA-AES128-SHA", Value: "TRUE", Prov: at(14)},
		{Name: "ECDHE-RSA-AES128-GCM-SHA256", Value: "true", Prov: at(15)},
	}, at(9))
	var ref elb.Listener
	ref.Port, ref.Protocol, ref.Prov = 443, "HTTPS", at(3)
	ref.SetClassicSSLPolicy("tls12", []elb.SSLAttr{{Name: "Protocol-TLSv1", Value: "true", Prov: at(20)},
		{Name: "Reference-Security-Policy", Value: "ELBSecurityPolicy-TLS-1-2-2017-01", Prov: at(21)}}, at(19))
	var def elb.Listener
	def.Port, def.Protocol, def.Prov = 443, "SSL", at(3)
	def.SetClassicDefaultSSLPolicy(def.Prov)
	var live elb.Listener
	live.Port, live.Protocol, live.Prov = 443, "HTTPS", api
	live.SetClassicSSLPolicy("strict", []elb.SSLAttr{{Name: "Protocol-TLSv1.2", Value: "true", Prov: api},
		{Name: "AES128-GCM-SHA256", Value: "true", Prov: api}}, api)
	for _, tc := range []struct {
		name string
		l    elb.Listener
		want control.Outcome
		at   []string
	}{
		{"weak attributes", weak, fail, []string{"main.tf:10", "main.tf:14"}},
		{"reference", ref, pass, []string{"main.tf:21"}},
		{"default", def, fail, []string{"main.tf:3"}},
		{"live custom", live, pass, []string{"elasticloadbalancing:DescribeLoadBalancerPolicies"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := tlsPolicy().Check(lb("classic", ls(tc.l)))
			if len(rs) != 1 || rs[0].Outcome != tc.want {
				t.Fatalf("got %v, want one %s", rs, tc.want)
			}
			var got []string
			for _, e := range rs[0].Evidence {
				got = append(got, e.Prov().String())
			}
			if !slices.Equal(got, tc.at) {
				t.Fatalf("evidence at %v, want %v (%s)", got, tc.at, rs[0].Reason)
			}
		})
	}
}

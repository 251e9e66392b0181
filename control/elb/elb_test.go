package elb

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/elb"
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
)

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

		{Name: "tls13", Control: "ONUS-ELB-002", Estate: lb("application", ls(https, redirect)), Want: pass},
		{Name: "2016-08", Control: "ONUS-ELB-002", Estate: lb("application", ls(old)), Want: fail},
		{Name: "custom", Control: "ONUS-ELB-002", Estate: lb("application", ls(elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "my-policy"})), Want: unk},
		{Name: "policy unreadable", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS",
			SSLPolicyUnknown: "elasticloadbalancing:DescribeLoadBalancerPolicies: AccessDenied (permission denied)"})), Want: unk, Reason: "DescribeLoadBalancerPolicies: AccessDenied"},
		{Name: "classic custom weak", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "legacy",
			SSLProtocols: []string{"TLSv1", "TLSv1.2"}})), Want: fail, Reason: "TLSv1"},
		{Name: "classic custom tls12", Control: "ONUS-ELB-002", Estate: lb("classic", ls(elb.Listener{Port: 443, Protocol: "HTTPS", SSLPolicy: "strict",
			SSLProtocols: []string{"TLSv1.2"}})), Want: unk, Reason: "cannot classify"},
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

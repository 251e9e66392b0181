package cloudformation

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model/elb"
)

// classicLBTemplate is a classic load balancer "Web" with an HTTPS listener
// on 443 (marked "# l443", with listenerExtra added to it) and a plain HTTP
// listener on 80; policies is the Policies property (indented list items).
func classicLBTemplate(policies, listenerExtra string) string {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  PolicyName:
    Type: String
  Port:
    Type: String
Resources:
  Web:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
`
	if policies != "" {
		src += "      Policies:\n" + policies
	}
	return src + `      Listeners:
        - LoadBalancerPort: "443" # l443
          InstancePort: "80"
          Protocol: HTTPS
          SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x
` + listenerExtra + `        - {LoadBalancerPort: "80", InstancePort: "80", Protocol: HTTP}
`
}

// sslPolicy is a Policies entry named name with Name/Value attributes, each
// marked "# <name>"; ports, when set, is its LoadBalancerPorts.
func sslPolicy(name, ports string, attrs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "        - PolicyName: %s # policy %s\n          PolicyType: SSLNegotiationPolicyType\n", name, name)
	if ports != "" {
		fmt.Fprintf(&b, "          LoadBalancerPorts: [%s]\n", ports)
	}
	b.WriteString("          Attributes:\n")
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&b, "            - {Name: %s, Value: %q} # %s\n", attrs[i], attrs[i+1], attrs[i])
	}
	return b.String()
}

func lineOf(src, marker string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.HasSuffix(l, marker) {
			return i + 1
		}
	}
	return 0
}

// The SSL negotiation policy of a classic load balancer's HTTPS/SSL
// listener comes from its PolicyNames or from an SSL negotiation policy
// whose LoadBalancerPorts names its port; without either AWS's default
// applies. The evidence of ONUS-ELB-002 names the line that decided.
func TestClassicListenerPolicies(t *testing.T) {
	tls12 := sslPolicy("tls12", "", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01")
	cases := []struct {
		name               string
		policies, extra    string
		outcome            control.Outcome
		reason             string
		at                 []string // markers ending the evidence lines
		policy             string   // the listener's SSLPolicy ("" = unknown)
		protocols, ciphers []string
	}{
		{name: "not attached: AWS default", outcome: control.Fail,
			reason: "no SSL negotiation policy attached, so AWS applies its default ELBSecurityPolicy-2016-08", at: []string{"# l443"}, policy: "ELBSecurityPolicy-2016-08"},
		{name: "reference policy by PolicyNames", policies: tls12, extra: "          PolicyNames: [tls12]\n",
			outcome: control.Pass, reason: "uses ELBSecurityPolicy-TLS-1-2-2017-01", at: []string{"# Reference-Security-Policy"}, policy: "ELBSecurityPolicy-TLS-1-2-2017-01"},
		{name: "predefined policy named directly", extra: "          PolicyNames: [ELBSecurityPolicy-2016-08] # names\n",
			outcome: control.Fail, reason: "outdated policy ELBSecurityPolicy-2016-08", at: []string{"# names"}, policy: "ELBSecurityPolicy-2016-08"},
		{name: "custom TLS 1.2 only by LoadBalancerPorts", policies: sslPolicy("strict", `"443"`, "Protocol-TLSv1", "false", "Protocol-TLSv1.2", "true",
			"Server-Defined-Cipher-Order", "true", "ECDHE-ECDSA-AES256-GCM-SHA384", "true", "AES128-SHA", "false"),
			outcome: control.Pass, reason: "custom policy strict, which enables only TLSv1.2", at: []string{"# policy strict"}, policy: "strict",
			protocols: []string{"TLSv1.2"}, ciphers: []string{"ECDHE-ECDSA-AES256-GCM-SHA384"}},
		{name: "custom with TLSv1", policies: sslPolicy("legacy", `"443"`, "Protocol-TLSv1", "true", "Protocol-TLSv1.2", "true", "AES128-GCM-SHA256", "true"),
			outcome: control.Fail, reason: "enables TLSv1", at: []string{"# Protocol-TLSv1"}, policy: "legacy",
			protocols: []string{"TLSv1", "TLSv1.2"}, ciphers: []string{"AES128-GCM-SHA256"}},
		{name: "custom TLS 1.2 with a legacy cipher", policies: sslPolicy("cbc", "", "Protocol-TLSv1.2", "true", "AES128-SHA", "true"), extra: "          PolicyNames: [cbc]\n",
			outcome: control.Fail, reason: "cipher AES128-SHA", at: []string{"# AES128-SHA"}, policy: "cbc"},
		{name: "stickiness policy only", policies: "        - {PolicyName: sticky, PolicyType: LBCookieStickinessPolicyType, Attributes: [{Name: CookieExpirationPeriod, Value: \"60\"}]}\n",
			extra: "          PolicyNames: [sticky]\n", outcome: control.Fail, reason: "AWS applies its default", policy: "ELBSecurityPolicy-2016-08"},
		{name: "policy name from a parameter without value", policies: tls12, extra: "          PolicyNames: [!Ref PolicyName]\n",
			outcome: control.Unknown, reason: "PolicyName"},
		{name: "attribute value unknown", policies: "        - PolicyName: v\n          PolicyType: SSLNegotiationPolicyType\n          LoadBalancerPorts: [\"443\"]\n          Attributes:\n            - {Name: Protocol-TLSv1, Value: !Ref PolicyName}\n",
			outcome: control.Unknown, reason: "attribute Protocol-TLSv1 of v is unknown"},
		{name: "policy ports unknown", policies: sslPolicy("p", "!Ref Port", "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01"),
			outcome: control.Unknown, reason: "LoadBalancerPort of p is unknown"},
		{name: "undeclared policy name", extra: "          PolicyNames: [mystery]\n", outcome: control.Unknown, reason: "mystery, which Policies does not declare"},
		{name: "port matching another listener", policies: sslPolicy("tls12", `"8443"`, "Reference-Security-Policy", "ELBSecurityPolicy-TLS-1-2-2017-01"),
			outcome: control.Fail, reason: "AWS applies its default", policy: "ELBSecurityPolicy-2016-08"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := classicLBTemplate(tc.policies, tc.extra)
			e, diags := loadString(t, "template.yaml", src, Options{})
			for _, d := range diags {
				t.Logf("diagnostic: %v", d)
			}
			var lb *elb.LoadBalancer
			for _, x := range e.LoadBalancers {
				if x.Address == "Web" {
					lb = x
				}
			}
			if lb == nil {
				t.Fatal("Web not mapped")
			}
			ls, ok := lb.Listeners.Get()
			if !ok || len(ls) != 2 || ls[1].SSLPolicy != "" {
				t.Fatalf("listeners = %+v (%s), want the HTTPS one and a plain HTTP one", ls, lb.Listeners.Reason())
			}
			l := ls[0]
			if l.SSLPolicy != tc.policy || (tc.policy == "") != (l.SSLPolicyUnknown != "") {
				t.Errorf("SSLPolicy = %q (unknown: %q), want %q", l.SSLPolicy, l.SSLPolicyUnknown, tc.policy)
			}
			if tc.protocols != nil && (!slices.Equal(l.SSLProtocols, tc.protocols) || !slices.Equal(l.SSLCiphers, tc.ciphers) || !l.SSLCustom) {
				t.Errorf("custom=%v protocols %v ciphers %v, want %v %v", l.SSLCustom, l.SSLProtocols, l.SSLCiphers, tc.protocols, tc.ciphers)
			}
			var got *control.Result
			for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
				if r.Control.ID == "ONUS-ELB-002" && r.Resource.Address == "Web" {
					got = &r
				}
			}
			if got == nil {
				t.Fatal("no ONUS-ELB-002 result")
			}
			if got.Outcome != tc.outcome || !strings.Contains(got.Reason, tc.reason) {
				t.Fatalf("ONUS-ELB-002 = %s (%s), want %s mentioning %q", got.Outcome, got.Reason, tc.outcome, tc.reason)
			}
			var lines, want []string
			for _, ev := range got.Evidence {
				lines = append(lines, fmt.Sprintf("%s:%d", filepath.Base(ev.Prov().Loc.File), ev.Prov().Loc.Start.Line))
			}
			for _, m := range tc.at {
				want = append(want, fmt.Sprintf("template.yaml:%d", lineOf(src, m)))
			}
			if len(want) > 0 && !slices.Equal(lines, want) {
				t.Errorf("evidence at %v, want %v", lines, want)
			}
		})
	}
}

// An application load balancer's HTTPS listener without SslPolicy gets
// AWS's API default; an unknown SslPolicy and a network load balancer's TLS
// listener without one stay UNKNOWN with why.
func TestV2ListenerPolicyDefault(t *testing.T) {
	got := outcomesOf(t, `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Policy:
    Type: String
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
  AlbListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      Certificates: [{CertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/x}]
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "200"}}]
  Var:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
  VarListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Var
      Port: 443
      Protocol: HTTPS
      SslPolicy: !Ref Policy
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "200"}}]
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      Subnets: [subnet-1, subnet-2]
  NlbListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: TLS
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1}]
`, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-002", "Alb", control.Fail, "AWS applies its default ELBSecurityPolicy-2016-08"},
		{"ONUS-ELB-002", "Var", control.Unknown, "SslPolicy: "},
		{"ONUS-ELB-002", "Nlb", control.Unknown, "SslPolicy is not set"},
	})
}

package awscollect

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbc "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbctypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// provisionClassic creates a classic load balancer in us-east-1 with an
// HTTP listener, an HTTPS listener on an outdated predefined policy, an
// SSL listener on a TLS 1.2 policy, one on a custom policy that enables
// TLSv1, one on a custom TLS 1.2-only policy with a strong cipher, and an
// HTTPS listener without policy (all with IAM server certificates),
// access logs and cross-zone on, connection draining off, desync
// mitigation in monitor mode.
func provisionClassic(ctx context.Context, cfg aws.Config, u string) string {
	cl := elbc.NewFromConfig(cfg)
	name := "legacy-" + u
	cert := "arn:aws:iam::123456789012:server-certificate/legacy-" + u
	must(cl.CreateLoadBalancer(ctx, &elbc.CreateLoadBalancerInput{LoadBalancerName: aws.String(name), AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		Listeners: []elbctypes.Listener{
			{LoadBalancerPort: 80, InstancePort: aws.Int32(8080), Protocol: aws.String("HTTP"), InstanceProtocol: aws.String("HTTP")},
			{LoadBalancerPort: 443, InstancePort: aws.Int32(8080), Protocol: aws.String("HTTPS"), InstanceProtocol: aws.String("HTTP"), SSLCertificateId: aws.String(cert)},
			{LoadBalancerPort: 8443, InstancePort: aws.Int32(8443), Protocol: aws.String("SSL"), InstanceProtocol: aws.String("TCP"), SSLCertificateId: aws.String(cert)},
			{LoadBalancerPort: 9443, InstancePort: aws.Int32(8443), Protocol: aws.String("SSL"), InstanceProtocol: aws.String("TCP"), SSLCertificateId: aws.String(cert)},
			{LoadBalancerPort: 10443, InstancePort: aws.Int32(8443), Protocol: aws.String("SSL"), InstanceProtocol: aws.String("TCP"), SSLCertificateId: aws.String(cert)},
			{LoadBalancerPort: 11443, InstancePort: aws.Int32(8443), Protocol: aws.String("HTTPS"), InstanceProtocol: aws.String("HTTP"), SSLCertificateId: aws.String(cert)},
		},
		Tags: []elbctypes.Tag{{Key: aws.String("team"), Value: aws.String("legacy")}}}))
	policy := func(pname, ref string) {
		must(cl.CreateLoadBalancerPolicy(ctx, &elbc.CreateLoadBalancerPolicyInput{LoadBalancerName: aws.String(name), PolicyName: aws.String(pname),
			PolicyTypeName:   aws.String("SSLNegotiationPolicyType"),
			PolicyAttributes: []elbctypes.PolicyAttribute{{AttributeName: aws.String("Reference-Security-Policy"), AttributeValue: aws.String(ref)}}}))
	}
	must(cl.CreateLoadBalancerPolicy(ctx, &elbc.CreateLoadBalancerPolicyInput{LoadBalancerName: aws.String(name), PolicyName: aws.String("custom"),
		PolicyTypeName: aws.String("SSLNegotiationPolicyType"), PolicyAttributes: []elbctypes.PolicyAttribute{
			{AttributeName: aws.String("Protocol-TLSv1"), AttributeValue: aws.String("true")},
			{AttributeName: aws.String("Protocol-TLSv1.1"), AttributeValue: aws.String("false")},
			{AttributeName: aws.String("Protocol-TLSv1.2"), AttributeValue: aws.String("true")},
			{AttributeName: aws.String("ECDHE-RSA-AES128-GCM-SHA256"), AttributeValue: aws.String("true")}}}))
	must(cl.SetLoadBalancerPoliciesOfListener(ctx, &elbc.SetLoadBalancerPoliciesOfListenerInput{LoadBalancerName: aws.String(name), LoadBalancerPort: 9443, PolicyNames: []string{"custom"}}))
	must(cl.CreateLoadBalancerPolicy(ctx, &elbc.CreateLoadBalancerPolicyInput{LoadBalancerName: aws.String(name), PolicyName: aws.String("strict"),
		PolicyTypeName: aws.String("SSLNegotiationPolicyType"), PolicyAttributes: []elbctypes.PolicyAttribute{
			{AttributeName: aws.String("Protocol-TLSv1"), AttributeValue: aws.String("false")},
			{AttributeName: aws.String("Protocol-TLSv1.2"), AttributeValue: aws.String("true")},
			{AttributeName: aws.String("Server-Defined-Cipher-Order"), AttributeValue: aws.String("true")},
			{AttributeName: aws.String("ECDHE-RSA-AES128-GCM-SHA256"), AttributeValue: aws.String("true")},
			{AttributeName: aws.String("AES256-SHA"), AttributeValue: aws.String("false")}}}))
	must(cl.SetLoadBalancerPoliciesOfListener(ctx, &elbc.SetLoadBalancerPoliciesOfListenerInput{LoadBalancerName: aws.String(name), LoadBalancerPort: 10443, PolicyNames: []string{"strict"}}))
	policy("old-tls", "ELBSecurityPolicy-2016-08")
	policy("tls12", "ELBSecurityPolicy-TLS-1-2-2017-01")
	must(cl.SetLoadBalancerPoliciesOfListener(ctx, &elbc.SetLoadBalancerPoliciesOfListenerInput{LoadBalancerName: aws.String(name), LoadBalancerPort: 443, PolicyNames: []string{"old-tls"}}))
	must(cl.SetLoadBalancerPoliciesOfListener(ctx, &elbc.SetLoadBalancerPoliciesOfListenerInput{LoadBalancerName: aws.String(name), LoadBalancerPort: 8443, PolicyNames: []string{"tls12"}}))
	must(cl.ModifyLoadBalancerAttributes(ctx, &elbc.ModifyLoadBalancerAttributesInput{LoadBalancerName: aws.String(name), LoadBalancerAttributes: &elbctypes.LoadBalancerAttributes{
		AccessLog:              &elbctypes.AccessLog{Enabled: true, S3BucketName: aws.String("onus-logs-" + u)},
		CrossZoneLoadBalancing: &elbctypes.CrossZoneLoadBalancing{Enabled: true},
		ConnectionDraining:     &elbctypes.ConnectionDraining{Enabled: false},
		AdditionalAttributes:   []elbctypes.AdditionalAttribute{{Key: aws.String("elb.http.desyncmitigationmode"), Value: aws.String("monitor")}},
	}}))
	return name
}

func classicARN(name string) string {
	return "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/" + name
}

func TestCollectClassicMoto(t *testing.T) {
	w := sharedWorld(t)
	arn := classicARN(w.f.classic)
	cert := "arn:aws:iam::123456789012:server-certificate/" + w.f.classic
	runChecks(t, w.baseline, []check{
		{"classic meta", func(e *model.Estate) any {
			lb := get(e.LoadBalancers, arn)
			return [5]any{lb.Meta.Type, lb.Region, val(lb.Name), val(lb.Type), val(lb.Scheme)}
		}, [5]any{"AWS::ElasticLoadBalancing::LoadBalancer", "us-east-1", w.f.classic, "classic", "internet-facing"}},
		{"classic attributes", func(e *model.Estate) any {
			lb := get(e.LoadBalancers, arn)
			return [5]any{val(lb.AccessLogs), val(lb.CrossZone), val(lb.ConnectionDraining), val(lb.DesyncMode), lb.AccessLogs.Prov().Origin.APICall}
		}, [5]any{true, true, false, "monitor", "elasticloadbalancing:DescribeLoadBalancerAttributes"}},
		{"classic zones and tags", func(e *model.Estate) any {
			lb := get(e.LoadBalancers, arn)
			return [2]any{val(lb.Zones), val(lb.Tags)}
		}, [2]any{[]string{"us-east-1a", "us-east-1b"}, map[string]string{"team": "legacy"}}},
		{"classic listeners", func(e *model.Estate) any {
			ls, _ := get(e.LoadBalancers, arn).Listeners.Get()
			var out [][7]any
			for _, l := range ls {
				out = append(out, [7]any{l.Protocol, l.Port, l.SSLPolicy, l.SSLProtocols, l.SSLCiphers, l.SSLPolicyDefault, val(l.Certificate)})
			}
			return out
		}, [][7]any{{"HTTP", 80, "", []string(nil), []string(nil), false, ""},
			{"HTTPS", 443, "ELBSecurityPolicy-2016-08", []string(nil), []string(nil), false, cert},
			{"SSL", 8443, "ELBSecurityPolicy-TLS-1-2-2017-01", []string(nil), []string(nil), false, cert},
			{"SSL", 9443, "custom", []string{"TLSv1", "TLSv1.2"}, []string{"ECDHE-RSA-AES128-GCM-SHA256"}, false, cert},
			{"SSL", 10443, "strict", []string{"TLSv1.2"}, []string{"ECDHE-RSA-AES128-GCM-SHA256"}, false, cert},
			{"HTTPS", 11443, "ELBSecurityPolicy-2016-08", []string(nil), []string(nil), true, cert}}},
		{"classic policy provenance", func(e *model.Estate) any {
			ls, _ := get(e.LoadBalancers, arn).Listeners.Get()
			var out []string
			for _, l := range ls[1:] {
				out = append(out, l.SSLPolicyProv.Origin.APICall)
			}
			return out
		}, []string{"elasticloadbalancing:DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies",
			"elasticloadbalancing:DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancers"}},
		{"classic not applicable settings unknown", func(e *model.Estate) any {
			lb := get(e.LoadBalancers, arn)
			return [3]any{val(lb.DeletionProtection), val(lb.DropInvalidHeaders), val(lb.WebACL)}
		}, [3]any{"UNKNOWN", "UNKNOWN", "UNKNOWN"}},
		{"v2 load balancer still there", func(e *model.Estate) any { return val(get(e.LoadBalancers, w.f.lbARN).Type) }, "application"},
	})
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		if r.Control.ID == "ONUS-ELB-002" && r.Resource.Address == arn {
			for _, part := range []string{"SSL:9443 uses custom policy custom, which enables TLSv1",
				"HTTPS:11443 has no SSL negotiation policy attached, so AWS applies its default ELBSecurityPolicy-2016-08"} {
				if !strings.Contains(r.Reason, part) {
					t.Errorf("ONUS-ELB-002 reason %q lacks %q", r.Reason, part)
				}
			}
			if strings.Contains(r.Reason, "10443") {
				t.Errorf("ONUS-ELB-002 reason %q blames the TLS 1.2-only listener", r.Reason)
			}
		}
	}
	want := map[string]control.Outcome{
		"ONUS-ELB-001": control.Fail, // HTTP:80 without redirect
		"ONUS-ELB-002": control.Fail, // 443 on ELBSecurityPolicy-2016-08, 9443 custom TLSv1, 11443 AWS's default
		"ONUS-ELB-003": control.Pass,
		"ONUS-ELB-004": control.NotApplicable,
		"ONUS-ELB-006": control.NotApplicable,
		"ONUS-ELB-007": control.Fail, // monitor
		"ONUS-ELB-008": control.Pass,
		"ONUS-ELB-009": control.Pass,
		"ONUS-ELB-010": control.Fail,
		"ONUS-ELB-011": control.Fail, // IAM server certificate
	}
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		if r.Resource.Address == arn {
			got[r.Control.ID] = r
		}
	}
	for id, o := range want {
		if r, ok := got[id]; !ok || r.Outcome != o {
			t.Errorf("%s on the classic load balancer = %s (%s), want %s", id, r.Outcome, r.Reason, o)
		}
	}
}

// classicPoliciesDenied is what a denied DescribeLoadBalancerPolicies does
// to the baseline: the TLS listeners of classic load balancers lose their
// policy, with the reason; nothing else changes.
func classicPoliciesDenied(e *model.Estate) {
	why := "elasticloadbalancing:DescribeLoadBalancerPolicies: AccessDenied (permission denied)"
	for _, lb := range e.LoadBalancers {
		if t, _ := lb.Type.Get(); t != "classic" {
			continue
		}
		o := source.Origin{APICall: "elasticloadbalancing:DescribeLoadBalancerPolicies", Region: lb.Region, Account: lb.Account, ARN: lb.ARN}
		ls, _ := lb.Listeners.Get()
		for i := range ls {
			if isTLSProto(ls[i].Protocol) {
				ls[i].SetSSLPolicyUnknown(why, source.From(o))
			}
		}
	}
}

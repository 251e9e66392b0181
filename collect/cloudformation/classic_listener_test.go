package cloudformation

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
)

// TestClassicListenerUnknownProtocol: one listener whose protocol is a
// parameter without value (or a listener that may not exist) leaves the
// others judged; only it is UNKNOWN.
func TestClassicListenerUnknownProtocol(t *testing.T) {
	const tpl = `Parameters:
  Proto: {Type: String}
Conditions:
  Extra: !Equals [!Ref Proto, x]
Resources:
  Elb:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: %s, SSLCertificateId: "arn:aws:acm:eu-west-1:111122223333:certificate/x"}
        - {LoadBalancerPort: "8443", InstancePort: "80", Protocol: !Ref Proto}
        - !If [Extra, {LoadBalancerPort: "9443", InstancePort: "80", Protocol: HTTPS}, !Ref "AWS::NoValue"]
`
	got := outcomesOf(t, strings.Replace(tpl, "%s", "HTTP", 1), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "Elb", control.Fail, "listener HTTP:443 serves plain HTTP"},
		{"ONUS-ELB-011", "Elb", control.Unknown, "listener (protocol unresolved):8443 may be HTTPS or SSL: its protocol is unknown (Protocol is unresolved (parameter Proto has no Default"},
		{"ONUS-ELB-011", "Elb", control.Unknown, "listener (protocol unresolved) (port unresolved) may be HTTPS or SSL"},
	})
	got = outcomesOf(t, strings.Replace(tpl, "%s", "HTTPS", 1), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "Elb", control.Unknown, "listener (protocol unresolved):8443 may be plain or TLS"},
		{"ONUS-ELB-002", "Elb", control.Fail, "listener HTTPS:443 has no SSL negotiation policy attached"},
	})
}

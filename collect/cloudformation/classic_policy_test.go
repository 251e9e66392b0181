package cloudformation

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

// The SSL negotiation policy of a classic load balancer's HTTPS/SSL
// listener comes from its PolicyNames or from a policy whose
// LoadBalancerPorts names its port: a predefined policy by its
// Reference-Security-Policy, a custom one by the protocols it enables.
func TestClassicListenerPolicies(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Modern:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Policies:
        - PolicyName: tls12
          PolicyType: SSLNegotiationPolicyType
          Attributes:
            - {Name: Reference-Security-Policy, Value: ELBSecurityPolicy-TLS-1-2-2017-01}
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x, PolicyNames: [tls12]}
  Custom:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Policies:
        - PolicyName: legacy
          PolicyType: SSLNegotiationPolicyType
          LoadBalancerPorts: ["443"]
          Attributes:
            - {Name: Protocol-TLSv1, Value: "true"}
            - {Name: Protocol-TLSv1.2, Value: "true"}
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: SSL, SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x}
  Direct:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x, PolicyNames: [ELBSecurityPolicy-2016-08]}
  Default:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [eu-west-1a, eu-west-1b]
      Listeners:
        - {LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x}
`
	got := outcomesOf(t, src, Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-002", "Modern", control.Pass, "ELBSecurityPolicy-TLS-1-2-2017-01"},
		{"ONUS-ELB-002", "Custom", control.Fail, "TLSv1"},
		{"ONUS-ELB-002", "Direct", control.Fail, "ELBSecurityPolicy-2016-08"},
		{"ONUS-ELB-002", "Default", control.Unknown, "AWS applies its default"},
	})
}

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
		{"ONUS-ELB-011", "Elb", control.Unknown, "listener on port 8443 (protocol unresolved) may be HTTPS or SSL: its protocol is unknown (Protocol is unresolved (parameter Proto has no Default"},
		{"ONUS-ELB-011", "Elb", control.Unknown, "listener (protocol and port unresolved) may be HTTPS or SSL"},
	})
	got = outcomesOf(t, strings.Replace(tpl, "%s", "HTTPS", 1), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "Elb", control.Unknown, "listener on port 8443 (protocol unresolved) may be plain or TLS"},
		{"ONUS-ELB-002", "Elb", control.Fail, "listener HTTPS:443 has no SSL negotiation policy attached"},
	})
}

// TestServerlessV1Cluster: Aurora Serverless v1 has no IAM database
// authentication and no backtracking, so those controls do not apply.
func TestServerlessV1Cluster(t *testing.T) {
	const src = `Resources:
  V1:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      EngineMode: %s
      MasterUsername: app
      ManageMasterUserPassword: true
`
	got := outcomesOf(t, strings.Replace(src, "%s", "serverless", 1), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-RDS-007", "V1", control.NotApplicable, "Aurora Serverless v1"},
		{"ONUS-RDS-018", "V1", control.NotApplicable, "does not support backtracking"},
	})
	got = outcomesOf(t, strings.Replace(src, "%s", "provisioned", 1), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-RDS-007", "V1", control.Fail, ""},
		{"ONUS-RDS-018", "V1", control.Fail, ""},
	})
}

// TestListenerWithoutProtocol: AWS gives a listener no default protocol.
// An application or network load balancer's listener without one is
// rejected, so it is judged as of unknown protocol, never left out; a
// gateway load balancer's listener takes none and is not judged.
func TestListenerWithoutProtocol(t *testing.T) {
	const tpl = `Parameters:
  LbType: {Type: String}
Resources:
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      %s
      Subnets: [subnet-1, subnet-2]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 80
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1}]
`
	tests := []struct {
		lbType  string
		outcome control.Outcome
		reason  string
	}{
		{"Type: application", control.Unknown, "Protocol of Listener is not set, which AWS rejects for a listener of Lb, a load balancer of type application"},
		{"", control.Unknown, "a load balancer of type application"},
		{"Type: network", control.Unknown, "a load balancer of type network"},
		{"Type: !Ref LbType", control.Unknown, "load balancer type is unknown"},
		{"Type: gateway", control.NotApplicable, ""},
	}
	for _, tc := range tests {
		got := outcomesOf(t, strings.Replace(tpl, "%s", tc.lbType, 1), Options{})
		checkOutcomes(t, got, []want{{"ONUS-ELB-001", "Lb", tc.outcome, tc.reason}})
	}
	e, _ := loadString(t, "t.yaml", strings.Replace(tpl, "%s", "Type: !Ref LbType", 1), Options{})
	ls, _ := e.LoadBalancers[0].Listeners.Get()
	if len(ls) != 1 || !strings.Contains(ls[0].ProtocolUnknown, "only a gateway load balancer's listener takes none, and the type of Lb is unknown (parameter LbType") {
		t.Errorf("listeners %+v: want one of unknown protocol naming the unknown type", ls)
	}
}

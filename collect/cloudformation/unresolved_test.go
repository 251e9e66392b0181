package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

func state[T any](v source.Value[T]) string {
	x, ok := v.Get()
	if !ok {
		return "UNKNOWN"
	}
	return fmt.Sprint(x)
}

func policyState[T any](v source.Value[*T]) string {
	x, ok := v.Get()
	switch {
	case !ok:
		return "UNKNOWN"
	case x == nil:
		return "none"
	}
	return "set"
}

// TestUnresolvedValues: a value onus cannot resolve (!ImportValue, found by
// the unknown-injection test in internal/nofalsepass) never reads as a
// setting that passes.
func TestUnresolvedValues(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n"
	bucket := "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: my-bucket\n"
	fn := "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: f\n      Runtime: python3.13\n      Handler: a.b\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n"
	lb := "  LB:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Subnets: [subnet-1, subnet-2]}\n"
	cases := []struct {
		name, res string
		got       func(e *model.Estate) string
		want      string
	}{
		{"bucket policy on an unresolved bucket", bucket + `  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !ImportValue shared-bucket
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.S3Buckets[0].Policy) }, "UNKNOWN"},
		{"an unresolved bucket policy is not hidden by a later known one", bucket + `  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !ImportValue shared-bucket
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}]}
  Q:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.S3Buckets[0].Policy) }, "UNKNOWN"},
		{"bucket policy on the bucket", bucket + `  Q:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.S3Buckets[0].Policy) }, "set"},
		{"queue policy on an unresolved queue", `  Qu:
    Type: AWS::SQS::Queue
  P:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!ImportValue shared-queue]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "sqs:*", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.SQSQueues[0].Policy) }, "UNKNOWN"},
		{"topic policy on unresolved topics", `  T:
    Type: AWS::SNS::Topic
  P:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: !ImportValue shared-topics
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "sns:Publish", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.SNSTopics[0].Policy) }, "UNKNOWN"},
		{"secret policy on an unresolved secret", `  S:
    Type: AWS::SecretsManager::Secret
  P:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !ImportValue shared-secret
      ResourcePolicy: {Statement: [{Effect: Allow, Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*"}]}
`, func(e *model.Estate) string { return policyState(e.Secrets[0].Policy) }, "UNKNOWN"},
		{"permission on an unresolved function", fn + `  P:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !ImportValue shared-fn
      Action: lambda:InvokeFunction
      Principal: "*"
`, func(e *model.Estate) string { return policyState(e.LambdaFunctions[0].Policy) }, "UNKNOWN"},
		{"URL on an unresolved function", fn + `  U:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !ImportValue shared-fn
      AuthType: NONE
`, func(e *model.Estate) string { return state(e.LambdaFunctions[0].URLAuthType) }, "UNKNOWN"},
		{"SAM function URL with an unresolved AuthType", `  F:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: a.b
      InlineCode: x
      FunctionUrlConfig:
        AuthType: !ImportValue auth
`, func(e *model.Estate) string { return policyState(e.LambdaFunctions[0].Policy) }, "UNKNOWN"},
		{"listener on an unresolved load balancer", lb + `  L:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !ImportValue shared-lb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1}]
`, func(e *model.Estate) string { return state(e.LoadBalancers[0].Listeners) }, "UNKNOWN"},
		{"listener with an unresolved protocol", lb + `  L:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LB
      Port: 80
      Protocol: !ImportValue proto
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1}]
`, func(e *model.Estate) string {
			// The listener is there, of unknown protocol.
			ls, ok := e.LoadBalancers[0].Listeners.Get()
			if !ok || len(ls) != 1 {
				return state(e.LoadBalancers[0].Listeners)
			}
			return fmt.Sprintf("%d %q %v", ls[0].Port, ls[0].Protocol, strings.Contains(ls[0].ProtocolUnknown, `Protocol of L is unresolved (Fn::ImportValue "proto"`))
		}, `80 "" true`},
		{"lifecycle rule with an unresolved status", bucket + "      LifecycleConfiguration: {Rules: [{Status: !ImportValue st, ExpirationInDays: 30}]}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].Lifecycle) }, "UNKNOWN"},
		{"lifecycle rules unresolved", bucket + "      LifecycleConfiguration: {Rules: !ImportValue rules}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].Lifecycle) }, "UNKNOWN"},
		{"lifecycle rules all disabled", bucket + "      LifecycleConfiguration: {Rules: [{Status: Disabled, ExpirationInDays: 30}]}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].Lifecycle) }, "false"},
		{"lifecycle with an enabled rule", bucket + "      LifecycleConfiguration: {Rules: [{Status: !ImportValue st}, {Status: Enabled, ExpirationInDays: 30}]}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].Lifecycle) }, "true"},
		{"EventBridge notifications unresolved", bucket + "      NotificationConfiguration: {EventBridgeConfiguration: {EventBridgeEnabled: !ImportValue on}}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].EventNotifications) }, "UNKNOWN"},
		{"EventBridge notifications disabled", bucket + "      NotificationConfiguration: {EventBridgeConfiguration: {EventBridgeEnabled: false}}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].EventNotifications) }, "false"},
		{"EventBridge notifications enabled", bucket + "      NotificationConfiguration: {EventBridgeConfiguration: {EventBridgeEnabled: true}}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].EventNotifications) }, "true"},
		{"topic notifications", bucket + "      NotificationConfiguration: {TopicConfigurations: [{Event: \"s3:ObjectCreated:*\", Topic: arn:aws:sns:eu-west-1:123456789012:t}]}\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].EventNotifications) }, "true"},
		{"notification configuration unresolved", bucket + "      NotificationConfiguration: !ImportValue nc\n",
			func(e *model.Estate) string { return state(e.S3Buckets[0].EventNotifications) }, "UNKNOWN"},
		{"ingress rule on an unresolved group", `  G:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: g}
  R:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !ImportValue sg, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
`, func(e *model.Estate) string { return state(e.SecurityGroups[0].Ingress) }, "UNKNOWN"},
		{"role policy on an unresolved role", `  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  P:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !ImportValue role
      PolicyName: admin
      PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
`, func(e *model.Estate) string { return state(e.IAMRoles[0].Inline) }, "UNKNOWN"},
		{"policy on an unresolved role among known ones", `  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  P:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref R, !ImportValue role]
      PolicyName: admin
      PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
`, func(e *model.Estate) string { return state(e.IAMRoles[0].Inline) }, "UNKNOWN"},
		{"route with an unresolved gateway", `  RT:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: vpc-1}
  R:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !ImportValue igw}
`, func(e *model.Estate) string { return state(e.RouteTables[0].Routes) }, "UNKNOWN"},
		{"route in an unresolved table", `  RT:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: vpc-1}
  R:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !ImportValue rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: igw-1}
`, func(e *model.Estate) string { return state(e.RouteTables[0].Routes) }, "UNKNOWN"},
		{"ECS environment value unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: app
          Environment:
            - {Name: API_KEY, Value: !ImportValue key}
`, func(e *model.Estate) string {
			cs, _ := e.ECSTaskDefinitions[0].Containers.Get()
			ev := cs[0].Environment[0]
			return fmt.Sprintf("%q unknown=%v", ev.Value, strings.Contains(ev.Unknown, "key"))
		}, `"" unknown=true`},
		{"ECS environment entry unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: app
          Environment:
            - !ImportValue env
`, func(e *model.Estate) string {
			cs, _ := e.ECSTaskDefinitions[0].Containers.Get()
			ev := cs[0].Environment[0]
			return fmt.Sprintf("%q unknown=%v", ev.Name, strings.Contains(ev.Unknown, "env"))
		}, `"" unknown=true`},
		{"ECS container user unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: app, Image: app, User: !ImportValue user}
`, func(e *model.Estate) string { return state(e.ECSTaskDefinitions[0].Containers) }, "UNKNOWN"},
		{"ECS log driver unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: app, Image: app, LogConfiguration: {LogDriver: !ImportValue driver}}
`, func(e *model.Estate) string { return state(e.ECSTaskDefinitions[0].Containers) }, "UNKNOWN"},
		{"ECS log configuration unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: app, Image: app, LogConfiguration: !ImportValue logs}
`, func(e *model.Estate) string { return state(e.ECSTaskDefinitions[0].Containers) }, "UNKNOWN"},
		{"ECS environment name unresolved", `  TD:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: app
          Environment:
            - {Name: !ImportValue name, Value: hunter2hunter2}
`, func(e *model.Estate) string {
			cs, _ := e.ECSTaskDefinitions[0].Containers.Get()
			ev := cs[0].Environment[0]
			return fmt.Sprintf("%q unknown=%v", ev.Name, strings.Contains(ev.Unknown, "Name: ") && strings.Contains(ev.Unknown, "name"))
		}, `"" unknown=true`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", head+c.res, Options{})
			if d.HasErrors() {
				t.Fatalf("diagnostics: %v", d)
			}
			if got := c.got(e); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestListenerUnknownProtocol: a listener whose Protocol is unresolved is
// modelled with an unknown protocol, so the TLS controls are UNKNOWN for
// it and a known plain listener next to it still fails.
func TestListenerUnknownProtocol(t *testing.T) {
	const tpl = `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: application, Subnets: [subnet-1, subnet-2]}
  Known:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: %d
      Protocol: %s
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates: [{CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/x}]
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1}]
  Other:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 8443
      Protocol: !ImportValue proto
      DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1}]
`
	got := outcomesOf(t, fmt.Sprintf(tpl, 443, "HTTPS"), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "Alb", control.Unknown, `listener on port 8443 (protocol unresolved) may be plain or TLS: its protocol is unknown (Protocol of Other is unresolved (Fn::ImportValue "proto"`},
		{"ONUS-ELB-002", "Alb", control.Unknown, "listener on port 8443 (protocol unresolved) may be HTTPS or TLS"},
	})
	got = outcomesOf(t, fmt.Sprintf(tpl, 80, "HTTP"), Options{})
	checkOutcomes(t, got, []want{
		{"ONUS-ELB-001", "Alb", control.Fail, "listener HTTP:80 serves plain HTTP"},
	})
}

// TestLiteralTargetsUnresolvedNames: a policy that names its target by a
// literal matching no known name may mean a resource whose name is a
// parameter without value: that resource's policy is unknown, and only
// its (a generated name or a different known one cannot be meant).
func TestLiteralTargetsUnresolvedNames(t *testing.T) {
	src := `Parameters:
  Name: {Type: String}
Resources:
  Unnamed:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref Name}
  Generated:
    Type: AWS::S3::Bucket
  Known:
    Type: AWS::S3::Bucket
    Properties: {BucketName: audit-logs}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: prod-data
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-data/*"}]}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Ref Name}
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.eu-west-1.amazonaws.com/123456789012/payments]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "sqs:SendMessage", Resource: "*"}]}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Ref Name
      Role: arn:aws:iam::123456789012:role/r
      Runtime: python3.13
      Handler: a.b
      Code: {ZipFile: "x"}
  Perm:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: billing, Action: "lambda:InvokeFunction", Principal: "*"}
`
	e, d := loadString(t, "t.yaml", src, Options{})
	if d.HasErrors() {
		t.Fatalf("diagnostics: %v", d)
	}
	for _, b := range e.S3Buckets {
		_, ok := b.Policy.Get()
		if want := b.Address != "Unnamed"; ok != want {
			t.Errorf("%s: policy known=%v (%s), want %v", b.Address, ok, b.Policy.Reason(), want)
		}
		if b.Address == "Unnamed" && !strings.Contains(b.Policy.Reason(), `AWS::S3::BucketPolicy Policy may apply to it: its Bucket "prod-data"`) {
			t.Errorf("reason %q does not name the policy and its literal", b.Policy.Reason())
		}
	}
	if p := e.SQSQueues[0].Policy; p.Known() || !strings.Contains(p.Reason(), "payments") {
		t.Errorf("queue policy known=%v (%s), want unknown naming the literal", p.Known(), p.Reason())
	}
	if p := e.LambdaFunctions[0].Policy; p.Known() || !strings.Contains(p.Reason(), `FunctionName "billing"`) {
		t.Errorf("function policy known=%v (%s), want unknown naming the literal", p.Known(), p.Reason())
	}
}

package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const joinTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
  NamedPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: data
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: !Sub "${Bucket.Arn}/*"
            Condition: {Bool: {aws:SecureTransport: false}}
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      VpcId: !Ref Vpc
      SecurityGroupEgress:
        - {IpProtocol: "-1", CidrIp: 10.0.0.0/8}
  Ssh:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Group.GroupId, IpProtocol: "6", FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
  Out:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !Ref Group, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Flow:
    Type: AWS::EC2::FlowLog
    Properties: {ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: REJECT, LogDestination: !GetAtt Bucket.Arn, LogDestinationType: s3}
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Vpc}
  AclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 3389, To: 3389}}
  Server:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, SecurityGroupIds: [!Ref Group]}
  Disk:
    Type: AWS::EC2::Volume
    Properties: {AvailabilityZone: a, Size: 1, Encrypted: true}
  Attach:
    Type: AWS::EC2::VolumeAttachment
    Properties: {InstanceId: !Ref Server, VolumeId: !Ref Disk, Device: /dev/sdf}
  Alice:
    Type: AWS::IAM::User
    Properties: {UserName: alice}
  Admins:
    Type: AWS::IAM::Group
  AddAlice:
    Type: AWS::IAM::UserToGroupAddition
    Properties: {GroupName: !Ref Admins, Users: [alice]}
  AliceKey:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref Alice, Status: Inactive}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [!Ref Managed, arn:aws:iam::aws:policy/ReadOnlyAccess]
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      Roles: [!Ref Role]
      Groups: [!Ref Admins]
      PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: managed
      Users: [!Ref Alice]
      PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: fn, Runtime: nodejs20.x, Role: !GetAtt Role.Arn, Handler: i.h, Code: {ZipFile: x}}
  Perm:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: !GetAtt Bucket.Arn}
  Url:
    Type: AWS::Lambda::Url
    Properties: {TargetFunctionArn: !Ref Fn, AuthType: AWS_IAM}
  Topic:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref Topic, Protocol: email, Endpoint: sec@example.com}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sns:Publish, Resource: !Ref Topic}]}
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: "*", Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn}]}
  Secret:
    Type: AWS::SecretsManager::Secret
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties: {SecretId: !Ref Secret, RotationRules: {ScheduleExpression: rate(10 days)}}
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy: {Version: 2012-10-17, Statement: [{Effect: Deny, Principal: "*", Action: "secretsmanager:DeleteSecret", Resource: "*"}]}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref Lb, Port: 80, Protocol: HTTP, DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS}}]}
  Acl2:
    Type: AWS::WAFv2::WebACLAssociation
    Properties: {ResourceArn: !Ref Lb, WebACLArn: arn:aws:wafv2:eu-west-1:1:regional/webacl/x/y}
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties: {RoleARN: arn:aws:iam::1:role/config}
  Channel:
    Type: AWS::Config::DeliveryChannel
    Properties: {S3BucketName: !Ref Bucket}
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: t, KeySchema: [{AttributeName: id, KeyType: HASH}], AttributeDefinitions: [{AttributeName: id, AttributeType: S}]}
  Scaling:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties: {ServiceNamespace: dynamodb, ResourceId: !Sub "table/${Table}", ScalableDimension: dynamodb:table:ReadCapacityUnits, MinCapacity: 1, MaxCapacity: 5}
`

func TestJoins(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "j.yaml")
	os.WriteFile(p, []byte(joinTemplate), 0o644)
	e, diags := Load(context.Background(), p, Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", name, got, want)
		}
	}
	// bucket policy by literal bucket name
	pol, ok := e.S3Buckets[0].Policy.Get()
	check("bucket policy", ok && pol != nil && pol.Statements[0].Effect == "Deny" && pol.Statements[0].Resource[0] == "arn:aws:s3:::data/*", true)
	check("bucket policy line", e.S3Buckets[0].Policy.Prov().Loc.Start.Line, 11)
	// security group rules from separate resources; explicit egress replaces the default
	sg := e.SecurityGroups[0]
	in, _ := sg.Ingress.Get()
	out, _ := sg.Egress.Get()
	check("ingress count", len(in), 1)
	p0, _ := in[0].Protocol.Get()
	ports, _ := in[0].Ports.Get()
	cidrs, _ := in[0].CIDRs.Get()
	check("ingress rule", []any{p0, ports.From, ports.To, cidrs}, []any{"tcp", 22, 22, []string{"0.0.0.0/0"}})
	check("egress count", len(out), 2)
	v6, _ := out[1].IPv6CIDRs.Get()
	check("egress v6", v6, []string{"::/0"})
	inUse, _ := sg.InUse.Get()
	check("group in use", inUse, true)
	// flow log, NACL entry
	fl, _ := e.VPCs[0].FlowLogs.Get()
	check("flow log", len(fl) == 1 && fl[0].TrafficType == "REJECT" && fl[0].Destination == "Bucket", true)
	ents, _ := e.NetworkACLs[0].Entries.Get()
	ep, _ := ents[0].Ports.Get()
	act, _ := ents[0].Action.Get()
	check("nacl entry", []any{len(ents), ents[0].RuleNumber, ep.From, act}, []any{1, 100, 3389, "allow"})
	// volume attachment both ways
	att, _ := e.EBSVolumes[0].AttachedTo.Get()
	vols, _ := e.EC2Instances[0].Volumes.Get()
	check("attachment", []any{att, vols}, []any{[]string{"Server"}, []string{"Disk"}})
	// IAM
	alice := e.IAMUsers[0]
	keys, _ := alice.AccessKeys.Get()
	check("access key", len(keys) == 1 && !keys[0].Active, true)
	groups, _ := alice.Groups.Get()
	check("user groups", groups, []string{"Admins"})
	members, _ := e.IAMGroups[0].Users.Get()
	check("group members", members, []string{"Alice"})
	ua, _ := alice.Attached.Get()
	check("managed policy on user", len(ua) == 1 && ua[0].Name == "managed", true)
	role := e.IAMRoles[0]
	ra, _ := role.Attached.Get()
	check("role attached", len(ra), 2)
	doc, ok := ra[0].Document.Get()
	check("template managed policy document", ok && doc != nil, true)
	_, ok = ra[1].Document.Get()
	check("AWS managed document unknown", ok, false)
	check("AWS managed reason", strings.Contains(ra[1].Document.Reason(), "AWS managed policy"), true)
	ri, _ := role.Inline.Get()
	gi, _ := e.IAMGroups[0].Inline.Get()
	check("inline on role and group", []int{len(ri), len(gi)}, []int{1, 1})
	to, _ := e.IAMPolicies[0].AttachedTo.Get()
	check("managed attached to", to, []string{"Alice", "Role"})
	// Lambda
	fn := e.LambdaFunctions[0]
	fp, _ := fn.Policy.Get()
	check("lambda permission", fp != nil && fp.Statements[0].Principal.Service[0] == "s3.amazonaws.com" &&
		fp.Statements[0].Condition[0].Entries[0].Values[0] == "arn:aws:s3:::data", true)
	auth, _ := fn.URLAuthType.Get()
	check("function url", auth, "AWS_IAM")
	role2, _ := fn.Role.Get()
	check("function role", role2, "Role")
	// SNS, SQS, Secrets
	subs, _ := e.SNSTopics[0].Subscriptions.Get()
	check("subscription", len(subs) == 1 && subs[0].Endpoint == "sec@example.com", true)
	tp, _ := e.SNSTopics[0].Policy.Get()
	check("topic policy", tp != nil, true)
	qp, _ := e.SQSQueues[0].Policy.Get()
	check("queue policy", qp != nil && qp.Statements[0].Principal.All, true)
	rot, _ := e.Secrets[0].RotationEnabled.Get()
	days, _ := e.Secrets[0].RotationDays.Get()
	sp, _ := e.Secrets[0].Policy.Get()
	check("secret", []any{rot, days, sp != nil}, []any{true, 10, true})
	// ELB
	ls, _ := e.LoadBalancers[0].Listeners.Get()
	acl, _ := e.LoadBalancers[0].WebACL.Get()
	check("listener", len(ls) == 1 && ls[0].RedirectsToHTTPS, true)
	check("web acl", acl, "arn:aws:wafv2:eu-west-1:1:regional/webacl/x/y")
	// Config recorder starts because a delivery channel exists.
	rec, _ := e.ConfigRecorders[0].Recording.Get()
	check("recorder", rec, true)
	as, _ := e.DynamoDBTables[0].AutoScaling.Get()
	check("dynamodb autoscaling", as, true)
}

// TestSAM covers Globals and the implicit resources SAM makes.
func TestSAM(t *testing.T) {
	e, diags := Load(context.Background(), filepath.Join(examples, "sam-api.yaml"), Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	hello, open := e.LambdaFunctions[0], e.LambdaFunctions[1]
	rt, _ := hello.Runtime.Get()
	tr, _ := hello.TracingMode.Get()
	if rt != "python3.12" || tr != "Active" || hello.Runtime.Prov().Loc.Start.Line != 7 {
		t.Errorf("Globals not applied: runtime %q (line %d) tracing %q", rt, hello.Runtime.Prov().Loc.Start.Line, tr)
	}
	ort, _ := open.Runtime.Get()
	if ort != "python3.13" {
		t.Errorf("the function's own Runtime must win over Globals, got %q", ort)
	}
	env, _ := open.Environment.Get()
	var names []string
	for _, v := range env {
		names = append(names, v.Name)
	}
	if strings.Join(names, ",") != "DB_PASSWORD,LOG_LEVEL" {
		t.Errorf("environment must merge with Globals, got %v", names)
	}
	pol, _ := open.Policy.Get()
	if pol == nil || !pol.Statements[0].Principal.All {
		t.Errorf("an AuthType NONE URL makes the function public, got %v", pol)
	}
	hp, _ := hello.Policy.Get()
	if hp == nil || hp.Statements[0].Principal.Service[0] != "apigateway.amazonaws.com" {
		t.Errorf("an HttpApi event grants API Gateway, got %v", hp)
	}
}

package cloudformation

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/iam"
)

const samHeader = "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\n"

// samFn is a template with one function Fn whose extra properties are props
// (indented by 6) and the rest of the Resources section after it.
func samFn(props, rest string) string {
	return samHeader + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n" +
		"      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/\n" + props + rest
}

func roleByID(e *model.Estate, id string) *iam.Role {
	for _, r := range e.IAMRoles {
		if r.Address == id {
			return r
		}
	}
	return nil
}

// policyView is a role's policies as text: "attached: <ref>" and
// "inline <name>: <statements as JSON>" or "inline <name>: UNKNOWN <reason>".
func policyView(t *testing.T, r *iam.Role) []string {
	t.Helper()
	var out []string
	att, ok := r.Attached.Get()
	if !ok {
		t.Fatalf("attached unknown: %s", r.Attached.Reason())
	}
	for _, p := range att {
		out = append(out, "attached: "+p.Ref)
	}
	inl, ok := r.Inline.Get()
	if !ok {
		t.Fatalf("inline unknown: %s", r.Inline.Reason())
	}
	for _, p := range inl {
		d, ok := p.Document.Get()
		if !ok {
			out = append(out, "inline "+p.Name+": UNKNOWN "+p.Document.Reason())
			continue
		}
		var sts []string
		for _, st := range d.Statements {
			b, _ := json.Marshal(struct {
				A []string `json:"a"`
				R []string `json:"r"`
			}{st.Action, st.Resource})
			sts = append(sts, st.Effect+string(b))
		}
		out = append(out, "inline "+p.Name+": "+strings.Join(sts, " "))
	}
	return out
}

var tmpPath = regexp.MustCompile(`\(/[^ ]*/`)

func errorsOf(d diag.List) []string {
	var out []string
	for _, x := range d {
		out = append(out, x.Summary)
	}
	return out
}

func TestSAMImplicitRole(t *testing.T) {
	basic := "attached: arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	for _, tt := range []struct {
		name, props, rest string
		want              []string // policyView, in order
		diag              string   // a diagnostic containing this, if any
	}{
		{name: "bare function", want: []string{basic}},
		{name: "tracing and vpc", props: "      Tracing: Active\n      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}\n",
			want: []string{basic, "attached: arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
				"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"}},
		{name: "tracing disabled", props: "      Tracing: Disabled\n", want: []string{basic}},
		{name: "durable function", props: "      DurableConfig: {ExecutionTimeout: 60}\n",
			want: []string{"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"}},
		{name: "template arguments NoValue", props: "      Policies:\n        - S3ReadPolicy: !Ref AWS::NoValue\n",
			want: []string{basic, "inline FnRolePolicy0: UNKNOWN Policies entry 0 of Fn must be a managed policy name or ARN, a policy document or a policy template, got a mapping"},
			diag: "Policies entry 0"},
		{name: "managed policy name and ARN", props: "      Policies:\n        - AmazonS3ReadOnlyAccess\n        - AWSLambdaBasicExecutionRole\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n",
			want: []string{basic, "attached: arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
				"attached: arn:aws:iam::aws:policy/AdministratorAccess"}},
		{name: "single string", props: "      Policies: AdministratorAccess\n",
			want: []string{basic, "attached: arn:aws:iam::aws:policy/AdministratorAccess"}},
		{name: "document", props: "      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: !Sub arn:aws:s3:::${Bucket}/*\n",
			rest: "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: data}\n",
			want: []string{basic, `inline FnRolePolicy0: Allow{"a":["s3:GetObject"],"r":["arn:aws:s3:::data/*"]}`}},
		{name: "single document", props: "      Policies:\n        Statement: [{Effect: Allow, Action: '*', Resource: '*'}]\n",
			want: []string{basic, `inline FnRolePolicy0: Allow{"a":["*"],"r":["*"]}`}},
		{name: "templates", props: "      Policies:\n        - S3CrudPolicy: {BucketName: data}\n        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Q.QueueName\n        - CloudWatchPutMetricPolicy: {}\n        - DynamoDBReadPolicy: {TableName: !Ref T}\n",
			rest: "  Q:\n    Type: AWS::SQS::Queue\n  T:\n    Type: AWS::DynamoDB::Table\n",
			want: []string{basic,
				`inline FnRolePolicy0: Allow{"a":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:PutObject","s3:PutObjectAcl","s3:GetLifecycleConfiguration","s3:PutLifecycleConfiguration","s3:DeleteObject"],"r":["arn:aws:s3:::data","arn:aws:s3:::data/*"]}`,
				`inline FnRolePolicy1: Allow{"a":["sqs:SendMessage*"],"r":["arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Q.QueueName}"]}`,
				`inline FnRolePolicy2: Allow{"a":["cloudwatch:PutMetricData"],"r":["*"]}`,
				`inline FnRolePolicy3: Allow{"a":["dynamodb:GetItem","dynamodb:Scan","dynamodb:Query","dynamodb:BatchGetItem","dynamodb:DescribeTable"],"r":["arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}","arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}/index/*"]}`}},
		{name: "unknown template", props: "      Policies:\n        - NoSuchPolicy: {X: y}\n",
			want: []string{basic, "inline FnRolePolicy0: UNKNOWN SAM policy template NoSuchPolicy (t.yaml:11) is not one onus expands, so the permissions it grants are unknown"},
			diag: "NoSuchPolicy"},
		{name: "template missing parameter", props: "      Policies:\n        - S3ReadPolicy: {Bucket: x}\n",
			want: []string{basic, "inline FnRolePolicy0: UNKNOWN SAM policy template S3ReadPolicy needs parameter BucketName (t.yaml:11)"},
			diag: "needs parameter BucketName"},
		{name: "template not a map", props: "      Policies:\n        - S3ReadPolicy: data\n",
			want: []string{basic, `inline FnRolePolicy0: UNKNOWN SAM policy template S3ReadPolicy needs a mapping of parameters (t.yaml:11), got "data"`},
			diag: "needs a mapping"},
		{name: "number entry", props: "      Policies:\n        - 42\n",
			want: []string{basic, `inline FnRolePolicy0: UNKNOWN Policies entry 0 of Fn must be a managed policy name or ARN, a policy document or a policy template, got "42"`},
			diag: "Policies entry 0"},
		{name: "parameter without value", props: "      Policies:\n        - S3ReadPolicy: {BucketName: !Ref Name}\n",
			rest: "Parameters:\n  Name: {Type: String}\n",
			want: []string{basic, "inline FnRolePolicy0: UNKNOWN policy document: parameter Name has no Default and no value was given (--param Name=...)"}},
		{name: "event sources and destinations",
			props: "      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Q.Arn}\n      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure: {Type: SNS}\n          OnSuccess: {Type: Lambda, Destination: arn:aws:lambda:eu-west-1:111122223333:function:next}\n" +
				"      Events:\n        Jobs: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}\n        Stream:\n          Type: Kinesis\n          Properties:\n            Stream: arn:aws:kinesis:eu-west-1:111122223333:stream/s\n            StartingPosition: LATEST\n            DestinationConfig: {OnFailure: {Type: SQS, Destination: !GetAtt Q.Arn}}\n        Kafka: {Type: SelfManagedKafka, Properties: {Topics: [t]}}\n",
			rest: "  Q:\n    Type: AWS::SQS::Queue\n",
			want: []string{basic,
				"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
				"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
				`inline DeadLetterQueuePolicy: Allow{"a":["sqs:SendMessage"],"r":["${Q.Arn}"]}`,
				`inline FnEventInvokeConfigOnSuccessLambdaPolicy: Allow{"a":["lambda:InvokeFunction"],"r":["arn:aws:lambda:eu-west-1:111122223333:function:next"]}`,
				`inline FnEventInvokeConfigOnFailureSNSPolicy: Allow{"a":["sns:publish"],"r":["${FnEventInvokeConfigOnFailureTopic}"]}`,
				`inline FnStreamSQSPolicy: Allow{"a":["sqs:SendMessage"],"r":["${Q.Arn}"]}`,
				"inline SelfManagedKafkaExecutionRolePolicy: UNKNOWN SelfManagedKafka event Kafka of Fn needs SourceAccessConfigurations (SAM refuses it otherwise)"}},
		{name: "broker events", props: `      Events:
        Broker:
          Type: MQ
          Properties:
            Broker: arn:aws:mq:eu-west-1:111122223333:broker:b:b-1
            Queues: [q]
            SourceAccessConfigurations: [{Type: BASIC_AUTH, URI: arn:aws:secretsmanager:eu-west-1:111122223333:secret:mq}]
            SecretsManagerKmsKeyId: 1234abcd
        Docs:
          Type: DocumentDB
          Properties:
            Cluster: arn:aws:rds:eu-west-1:111122223333:cluster:docs
            DatabaseName: db
            SourceAccessConfigurations: [{Type: BASIC_AUTH, URI: arn:aws:secretsmanager:eu-west-1:111122223333:secret:docdb}]
        Failed:
          Type: Kinesis
          Properties:
            Stream: arn:aws:kinesis:eu-west-1:111122223333:stream/s
            DestinationConfig: {OnFailure: {Type: S3, Destination: arn:aws:s3:::failures}}
        NoAuth: {Type: MQ, Properties: {Broker: b, Queues: [q], DynamicPolicyName: true}}
        Kafka:
          Type: SelfManagedKafka
          Properties:
            KafkaBootstrapServers: [k:9092]
            Topics: [t]
            SourceAccessConfigurations:
              - {Type: SASL_SCRAM_512_AUTH, URI: arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka}
              - {Type: VPC_SUBNET, URI: subnet:subnet-1}
              - {Type: VPC_SECURITY_GROUP, URI: security_group:sg-1}
`, want: []string{basic, "attached: arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
			`inline SamAutoGeneratedAMQPolicy: Allow{"a":["secretsmanager:GetSecretValue"],"r":["arn:aws:secretsmanager:eu-west-1:111122223333:secret:mq"]} Allow{"a":["mq:DescribeBroker"],"r":["arn:aws:mq:eu-west-1:111122223333:broker:b:b-1"]} Allow{"a":["kms:Decrypt"],"r":["arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd"]}`,
			`inline SamAutoGeneratedDocumentDBPolicy: Allow{"a":["secretsmanager:GetSecretValue"],"r":["arn:aws:secretsmanager:eu-west-1:111122223333:secret:docdb"]} Allow{"a":["rds:DescribeDBClusterParameters"],"r":["arn:aws:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*"]} Allow{"a":["rds:DescribeDBSubnetGroups"],"r":["arn:aws:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*"]} Allow{"a":["rds:DescribeDBClusters"],"r":["arn:aws:rds:eu-west-1:111122223333:cluster:docs"]} Allow{"a":["ec2:CreateNetworkInterface"],"r":["*"]} Allow{"a":["ec2:DescribeNetworkInterfaces"],"r":["*"]} Allow{"a":["ec2:DeleteNetworkInterface"],"r":["*"]} Allow{"a":["ec2:DescribeVpcs"],"r":["*"]} Allow{"a":["ec2:DescribeSubnets"],"r":["*"]} Allow{"a":["ec2:DescribeSecurityGroups"],"r":["*"]}`,
			`inline FnFailedS3Policy: Allow{"a":["s3:PutObject"],"r":["arn:aws:s3:::failures/*"]} Allow{"a":["s3:ListBucket"],"r":["arn:aws:s3:::failures"]}`,
			"inline FnNoAuthAMQPolicy: UNKNOWN SAM grants secretsmanager:GetSecretValue on a resource Fn does not name",
			`inline SelfManagedKafkaExecutionRolePolicy: Allow{"a":["secretsmanager:GetSecretValue"],"r":["arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka"]} Allow{"a":["ec2:CreateNetworkInterface"],"r":["*"]} Allow{"a":["ec2:DescribeNetworkInterfaces"],"r":["*"]} Allow{"a":["ec2:DeleteNetworkInterface"],"r":["*"]} Allow{"a":["ec2:DescribeVpcs"],"r":["*"]} Allow{"a":["ec2:DescribeSubnets"],"r":["*"]} Allow{"a":["ec2:DescribeSecurityGroups"],"r":["*"]}`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", samFn(tt.props, tt.rest), Options{})
			var found bool
			for _, x := range d {
				if tt.diag != "" && strings.Contains(x.Summary, tt.diag) {
					found = true
				}
			}
			if tt.diag != "" && !found {
				t.Errorf("no diagnostic with %q in %q", tt.diag, errorsOf(d))
			}
			r := roleByID(e, "FnRole")
			if r == nil {
				t.Fatalf("no FnRole; roles %v, diags %q", e.IAMRoles, errorsOf(d))
			}
			got := policyView(t, r)
			for i := range got {
				got[i] = tmpPath.ReplaceAllString(got[i], "(")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("policies\n got %q\nwant %q", got, tt.want)
			}
			if r.Loc.Start.Line != 4 || !strings.HasSuffix(r.Loc.File, "t.yaml") {
				t.Errorf("role at %v, want the function's lines", r.Loc)
			}
			if _, ok := r.Name.Get(); ok {
				t.Errorf("role name known: %v", r.Name)
			}
			tp, ok := r.TrustPolicy.Get()
			if !ok || len(tp.Statements) != 1 || tp.Statements[0].Principal == nil ||
				strings.Join(tp.Statements[0].Principal.Service, ",") != "lambda.amazonaws.com" ||
				strings.Join(tp.Statements[0].Action, ",") != "sts:AssumeRole" {
				t.Errorf("trust policy %+v", tp)
			}
			if fn := e.LambdaFunctions[0]; fn.Address != "Fn" {
				t.Fatalf("function %s", fn.Address)
			} else if ref, _ := fn.Role.Get(); ref != "FnRole" {
				t.Errorf("function role %q", ref)
			}
		})
	}
}

// TestSAMImplicitRoleSettings: Globals apply as SAM merges them, a Role
// property means no generated role (unless it evaluates to AWS::NoValue),
// the role follows the function's Condition, and references to it resolve.
func TestSAMImplicitRoleSettings(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		role      bool
		check     func(t *testing.T, e *model.Estate, r *iam.Role, d diag.List)
	}{
		{name: "globals", role: true, src: samHeader + `Globals:
  Function:
    Tracing: Active
    VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}
    RolePath: /app/
    PermissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess
    Policies: [AdministratorAccess]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/}
`, check: func(t *testing.T, e *model.Estate, r *iam.Role, d diag.List) {
			got := policyView(t, r)
			want := []string{"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
				"attached: arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
				"attached: arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("policies %q, want %q (Globals.Policies is not a SAM global)", got, want)
			}
			if p, _ := r.Path.Get(); p != "/app/" {
				t.Errorf("path %q", p)
			}
			if b, ok := r.Boundary.Get(); !ok || b == nil {
				t.Errorf("boundary %v (%s)", b, r.Boundary.Reason())
			}
			if !strings.Contains(strings.Join(errorsOf(d), "\n"), "Globals.Function.Policies") {
				t.Errorf("no warning about Globals.Function.Policies: %q", errorsOf(d))
			}
		}},
		{name: "suppressions and tags of the function", role: true, src: samHeader + `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Metadata:
      onus:
        ignore:
          - {id: ONUS-IAM-022, reason: reviewed}
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/, Tags: {team: a}}
`, check: func(t *testing.T, e *model.Estate, r *iam.Role, d diag.List) {
			if len(r.Ignores) != 1 || r.Ignores[0].Control != "ONUS-IAM-022" {
				t.Errorf("ignores %+v", r.Ignores)
			}
			if tags, _ := r.Tags.Get(); tags["team"] != "a" {
				t.Errorf("tags %v", tags)
			}
		}},
		{name: "state machine", role: false, src: samHeader + `Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
      Tracing: {Enabled: true}
      RolePath: /sm/
      Policies:
        - AdministratorAccess
        - S3ReadPolicy: {BucketName: b}
  Given:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
      Role: arn:aws:iam::111122223333:role/sfn
Outputs:
  Arn: {Value: !GetAtt FlowRole.Arn}
`, check: func(t *testing.T, e *model.Estate, _ *iam.Role, d diag.List) {
			for _, x := range d {
				t.Errorf("diagnostic: %v", x)
			}
			if roleByID(e, "GivenRole") != nil {
				t.Errorf("a role was generated for a state machine with a Role")
			}
			r := roleByID(e, "FlowRole")
			if r == nil {
				t.Fatal("no FlowRole")
			}
			got := policyView(t, r)
			want := []string{"attached: arn:aws:iam::aws:policy/AdministratorAccess", "attached: arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
				`inline FlowRolePolicy1: Allow{"a":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:GetLifecycleConfiguration"],"r":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}`}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("policies %q, want %q", got, want)
			}
			tp, _ := r.TrustPolicy.Get()
			if tp == nil || tp.Statements[0].Principal.Service[0] != "states.amazonaws.com" {
				t.Errorf("trust %+v", tp)
			}
			if p, _ := r.Path.Get(); p != "/sm/" {
				t.Errorf("path %q", p)
			}
		}},
		{name: "role given", role: false, src: samFn("      Role: arn:aws:iam::111122223333:role/exec\n", "")},
		{name: "role by GetAtt", role: false,
			src: samFn("      Role: !GetAtt R.Arn\n", "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n")},
		{name: "role NoValue", role: true, src: samFn("      Role: !If [Never, arn:aws:iam::111122223333:role/exec, !Ref AWS::NoValue]\n",
			"Conditions:\n  Never: !Equals [a, b]\n")},
		{name: "function condition false", role: false, src: samHeader + `Conditions:
  Never: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Condition: Never
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/}
`},
		{name: "references and joins", role: true, src: samFn("      AssumeRolePolicyDocument:\n        Statement: [{Effect: Allow, Principal: {Service: edgelambda.amazonaws.com}, Action: sts:AssumeRole}]\n", `  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref FnRole]
      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}
Outputs:
  RoleArn:
    Value: !GetAtt FnRole.Arn
`), check: func(t *testing.T, e *model.Estate, r *iam.Role, d diag.List) {
			for _, x := range d {
				t.Errorf("diagnostic: %v", x)
			}
			inl, _ := r.Inline.Get()
			if len(inl) != 1 || inl[0].Name != "extra" {
				t.Errorf("inline %+v, want the AWS::IAM::Policy joined", inl)
			}
			tp, _ := r.TrustPolicy.Get()
			if tp == nil || len(tp.Statements) != 1 || tp.Statements[0].Principal.Service[0] != "edgelambda.amazonaws.com" {
				t.Errorf("trust %+v, want AssumeRolePolicyDocument", tp)
			}
		}},
		{name: "policies unresolved", role: true, src: samFn("      Policies: !If [Maybe, [AdministratorAccess], !Ref AWS::NoValue]\n",
			"Parameters:\n  P: {Type: String}\nConditions:\n  Maybe: !Equals [!Ref P, x]\n"),
			check: func(t *testing.T, e *model.Estate, r *iam.Role, d diag.List) {
				inl, _ := r.Inline.Get()
				if len(inl) != 1 || inl[0].Document.Known() || !strings.Contains(inl[0].Document.Reason(), "Policies of Fn is unresolved") {
					t.Errorf("inline %+v, want one unknown entry", inl)
				}
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", tt.src, Options{})
			r := roleByID(e, "FnRole")
			if (r != nil) != tt.role {
				t.Fatalf("implicit role present %v, want %v (diags %q)", r != nil, tt.role, errorsOf(d))
			}
			if tt.check != nil {
				tt.check(t, e, r, d)
			}
		})
	}
}

// TestSAMGlobalsListsConcatenate: SAM's Globals merge concatenates lists,
// global first (samtranslator plugins/globals GlobalProperties._merge_lists).
func TestSAMGlobalsListsConcatenate(t *testing.T) {
	e, d := loadString(t, "t.yaml", samHeader+`Globals:
  Function:
    VpcConfig: {SubnetIds: [subnet-g], SecurityGroupIds: [sg-g]}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      CodeUri: src/
      VpcConfig: {SecurityGroupIds: [sg-1]}
`, Options{})
	for _, x := range d {
		t.Errorf("diagnostic: %v", x)
	}
	vpc, ok := e.LambdaFunctions[0].VPC.Get()
	if !ok || vpc == nil {
		t.Fatalf("vpc %v", e.LambdaFunctions[0].VPC)
	}
	if got := strings.Join(vpc.SecurityGroupIDs, ","); got != "sg-g,sg-1" {
		t.Errorf("security groups %s, want sg-g,sg-1", got)
	}
	if got := strings.Join(vpc.SubnetIDs, ","); got != "subnet-g" {
		t.Errorf("subnets %s, want subnet-g", got)
	}
}

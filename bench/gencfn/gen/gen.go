package gen

import (
	"fmt"
	"strings"
)

// Template returns template number i with about n resources.
func Template(i, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `AWSTemplateFormatVersion: "2010-09-09"
Description: synthetic template %d for the onus loader benchmark
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [dev, prod]
  Project:
    Type: String
    Default: bench%d
  DBPassword:
    Type: String
    NoEcho: true
Mappings:
  EnvMap:
    dev: {Retention: 7, Size: small}
    prod: {Retention: 365, Size: large}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [IsProd, true, false]
      KeyPolicy:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags: [{Key: Name, Value: !Sub "${Project}-vpc"}]
`, i, i)
	for r := 2; r < n; r++ {
		k := r % 10
		id := fmt.Sprintf("R%d", r)
		switch k {
		case 0:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${Project}-%[1]s-${AWS::Region}"
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key.Arn}
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
      VersioningConfiguration: {Status: !If [IsProd, Enabled, Suspended]}
      Tags: [{Key: Project, Value: !Ref Project}]
`, id)
		case 1:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref R%[2]d
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: [!Sub "arn:${AWS::Partition}:s3:::${R%[2]d}", !Sub "arn:${AWS::Partition}:s3:::${R%[2]d}/*"]
            Condition: {Bool: {aws:SecureTransport: "false"}}
`, id, r-1)
		case 2:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Join [" ", [group, !Ref Project, %[1]s]]
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !If [IsDev, 0.0.0.0/0, 10.0.0.0/8]}
`, id)
		case 3:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
      Policies:
        - PolicyName: access
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - {Effect: Allow, Action: [s3:GetObject], Resource: !Sub "arn:${AWS::Partition}:s3:::${Project}-*/*"}
`, id)
		case 4:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${Project}-%[1]s"
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt R%[2]d.Arn
      Code: {ZipFile: "def handler(e, c): return 1"}
      TracingConfig: {Mode: Active}
      Environment:
        Variables:
          STAGE: !Ref Env
          TABLE: !Select [0, !Split [",", "a,b,c"]]
`, id, r-1)
		case 5:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: app
      MasterUserPassword: !Ref DBPassword
      StorageEncrypted: true
      KmsKeyId: !Ref Key
      MultiAZ: !If [IsProd, true, false]
      BackupRetentionPeriod: !FindInMap [EnvMap, !Ref Env, Retention]
      PubliclyAccessible: false
`, id)
		case 6:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/${Project}/%[1]s"
      RetentionInDays: !FindInMap [EnvMap, !Ref Env, Retention]
      KmsKeyId: !GetAtt Key.Arn
`, id)
		case 7:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${Project}-%[1]s"
      KmsMasterKeyId: !Ref Key
      Subscription: [{Protocol: email, Endpoint: ops@example.com}]
`, id)
		case 8:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      QueueName: !Join ["-", [!Ref Project, %[1]s]]
      KmsMasterKeyId: !Ref Key
`, id)
		case 9:
			fmt.Fprintf(&b, `  %[1]s:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      SSESpecification: {SSEEnabled: true, KMSMasterKeyId: !Ref Key}
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
`, id)
		}
	}
	b.WriteString("Outputs:\n  Vpc:\n    Value: !Ref Vpc\n")
	return []byte(b.String())
}

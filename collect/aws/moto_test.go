package awscollect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// fixture is what provision created, for exact assertions.
type fixture struct {
	uniq                          string
	encBucket, openBucket, euBkt  string
	vpcID, sgID, instID, volID    string
	snapID, keyID, asymKeyID      string
	trailARN, userARN, policyARN  string
	roleARN, groupARN, table, que string
	topicARN, secretARN           string
	lbARN, imageID, apiID, aclARN string
	endpointID, ltID, tgwID       string
	vpnID                         string
	mrapName, classic             string
	daxSecure, daxOpen            string
	apOpen, apVPC                 string
	data                          dataFixture
	ssm                           ssmFixture
	ecs                           ecsFixture
}

func sdkConfig(t testing.TB, endpoint string) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithBaseEndpoint(endpoint), config.WithRegion("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// provisionErr carries a provisioning failure out of must to provision.
type provisionErr struct{ err error }

func must[T any](v T, err error) T {
	if err != nil {
		panic(provisionErr{err})
	}
	return v
}

func uniqueSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// provision creates a mixed estate in two regions of the emulator.
func provision(t testing.TB, endpoint string) fixture {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			if pe, ok := p.(provisionErr); ok {
				t.Fatalf("provisioning: %v", pe.err)
			}
			panic(p)
		}
	}()
	ctx := context.Background()
	cfg := sdkConfig(t, endpoint)
	f := fixture{uniq: uniqueSuffix()}
	u := f.uniq
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	s3eu := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true; o.Region = "eu-west-1" })
	kmsc := kms.NewFromConfig(cfg)
	iamc := iam.NewFromConfig(cfg)
	ec2c := ec2.NewFromConfig(cfg)

	// KMS: a rotating symmetric key and an asymmetric one.
	k := must(kmsc.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("onus " + u)}))
	f.keyID = aws.ToString(k.KeyMetadata.KeyId)
	must(kmsc.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(f.keyID)}))
	ak := must(kmsc.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: kmstypes.KeySpecRsa2048, KeyUsage: kmstypes.KeyUsageTypeSignVerify}))
	f.asymKeyID = aws.ToString(ak.KeyMetadata.KeyId)

	// S3: an encrypted, versioned, blocked bucket with a TLS-only policy;
	// an open one with a public-read ACL; one in eu-west-1.
	f.encBucket, f.openBucket, f.euBkt = "onus-enc-"+u, "onus-open-"+u, "onus-eu-"+u
	must(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(f.encBucket)}))
	must(s3c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(f.encBucket), ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{
		Rules: []s3types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(f.keyID)}, BucketKeyEnabled: aws.Bool(true)}},
	}}))
	must(s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(f.encBucket), VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}))
	must(s3c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(f.encBucket), PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}))
	must(s3c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(f.encBucket), Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::` + f.encBucket + `","arn:aws:s3:::` + f.encBucket + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)}))
	must(s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(f.encBucket), Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}}}))
	must(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(f.openBucket), ACL: s3types.BucketCannedACLPublicRead}))
	must(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("onus-logs-" + u), ACL: s3types.BucketCannedACL("log-delivery-write")}))
	must(s3c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String(f.encBucket), BucketLoggingStatus: &s3types.BucketLoggingStatus{LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String("onus-logs-" + u), TargetPrefix: aws.String("logs/")}}}))
	must(s3eu.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(f.euBkt), CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}}))

	// EC2: a VPC with a flow log, an SSH-open group, an IMDSv2 instance with
	// user data, an unencrypted volume and its public snapshot.
	vpc := must(ec2c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.42.0.0/16")}))
	f.vpcID = aws.ToString(vpc.Vpc.VpcId)
	must(ec2c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{ResourceIds: []string{f.vpcID}, ResourceType: ec2types.FlowLogsResourceTypeVpc, TrafficType: ec2types.TrafficTypeAll, LogDestinationType: ec2types.LogDestinationTypeS3, LogDestination: aws.String("arn:aws:s3:::" + f.openBucket)}))
	sub := must(ec2c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(f.vpcID), CidrBlock: aws.String("10.42.1.0/24")}))
	sg := must(ec2c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("ssh-" + u), Description: aws.String("ssh"), VpcId: aws.String(f.vpcID)}))
	f.sgID = aws.ToString(sg.GroupId)
	must(ec2c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))
	ri := must(ec2c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12c6146b"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), InstanceType: ec2types.InstanceTypeT3Micro,
		SubnetId: sub.Subnet.SubnetId, SecurityGroupIds: []string{f.sgID}, UserData: aws.String(base64.StdEncoding.EncodeToString([]byte("#!/bin/sh\necho hi\n"))),
		MetadataOptions: &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateRequired, HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled}}))
	f.instID = aws.ToString(ri.Instances[0].InstanceId)
	vol := must(ec2c.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(8)}))
	f.volID = aws.ToString(vol.VolumeId)
	snap := must(ec2c.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: vol.VolumeId}))
	f.snapID = aws.ToString(snap.SnapshotId)
	must(ec2c.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId, Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission,
		OperationType: ec2types.OperationTypeAdd, GroupNames: []string{"all"}}))
	must(ec2c.EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{}))

	// Network: an EC2 interface endpoint in the VPC; a launch template that
	// assigns a public IP, leaves IMDSv1 on and has an unencrypted volume;
	// a transit gateway that accepts shared attachments automatically.
	vpce := must(ec2c.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: aws.String(f.vpcID), ServiceName: aws.String("com.amazonaws.us-east-1.ec2"),
		VpcEndpointType: ec2types.VpcEndpointTypeInterface, SubnetIds: []string{aws.ToString(sub.Subnet.SubnetId)}}))
	f.endpointID = aws.ToString(vpce.VpcEndpoint.VpcEndpointId)
	ltName := "web-" + u
	lt, err := ec2c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String(ltName), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{
		ImageId:             aws.String("ami-12c6146b"),
		NetworkInterfaces:   []ec2types.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest{{DeviceIndex: aws.Int32(0), AssociatePublicIpAddress: aws.Bool(true)}},
		MetadataOptions:     &ec2types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: ec2types.LaunchTemplateHttpTokensStateOptional},
		BlockDeviceMappings: []ec2types.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: aws.String("/dev/xvdb"), Ebs: &ec2types.LaunchTemplateEbsBlockDeviceRequest{VolumeSize: aws.Int32(8), Encrypted: aws.Bool(false)}}},
	}})
	if err != nil && strings.Contains(err.Error(), "AlreadyExists") {
		// The SDK retried a create the emulator had done but answered
		// with an error (seen under load); the name is this run's own.
		d := must(ec2c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{ltName}}))
		if len(d.LaunchTemplates) == 1 {
			lt, err = &ec2.CreateLaunchTemplateOutput{LaunchTemplate: &d.LaunchTemplates[0]}, nil
		}
	}
	f.ltID = aws.ToString(must(lt, err).LaunchTemplate.LaunchTemplateId)
	tgw := must(ec2c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("hub " + u),
		Options: &ec2types.TransitGatewayRequestOptions{AutoAcceptSharedAttachments: ec2types.AutoAcceptSharedAttachmentsValueEnable}}))
	f.tgwID = aws.ToString(tgw.TransitGateway.TransitGatewayId)
	// A Site-to-Site VPN connection (the emulator reports no telemetry and
	// no tunnel options for it).
	cgw := must(ec2c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{BgpAsn: aws.Int32(65000), PublicIp: aws.String("203.0.113.10"), Type: ec2types.GatewayTypeIpsec1}))
	vgw := must(ec2c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: ec2types.GatewayTypeIpsec1}))
	vpn := must(ec2c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: cgw.CustomerGateway.CustomerGatewayId,
		VpnGatewayId: vgw.VpnGateway.VpnGatewayId, Type: aws.String("ipsec.1")}))
	f.vpnID = aws.ToString(vpn.VpnConnection.VpnConnectionId)

	// A Multi-Region Access Point created with public policies allowed.
	f.mrapName = "global-" + u
	ctl := s3control.NewFromConfig(cfg, func(o *s3control.Options) {
		o.Region = "us-west-2"
		if ep, err := url.Parse(endpoint); err == nil {
			o.EndpointResolverV2 = baseResolver{*ep}
		}
	})
	must(ctl.CreateMultiRegionAccessPoint(ctx, &s3control.CreateMultiRegionAccessPointInput{AccountId: aws.String("123456789012"), ClientToken: aws.String("mrap-" + u),
		Details: &s3ctltypes.CreateMultiRegionAccessPointInput{Name: aws.String(f.mrapName), Regions: []s3ctltypes.Region{{Bucket: aws.String(f.encBucket)}},
			PublicAccessBlock: &s3ctltypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
				BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(true)}}}))

	// IAM: a user with an admin inline policy in a group with a customer
	// managed policy; a role with a trust policy.
	usr := must(iamc.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice-" + u)}))
	f.userARN = aws.ToString(usr.User.Arn)
	must(iamc.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("alice-" + u), PolicyName: aws.String("admin"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}))
	grp := must(iamc.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs-" + u)}))
	f.groupARN = aws.ToString(grp.Group.Arn)
	must(iamc.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs-" + u), UserName: aws.String("alice-" + u)}))
	pol := must(iamc.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read-" + u), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}`)}))
	f.policyARN = aws.ToString(pol.Policy.Arn)
	must(iamc.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("devs-" + u), PolicyArn: pol.Policy.Arn}))
	role := must(iamc.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app-" + u), AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))
	f.roleARN = aws.ToString(role.Role.Arn)
	must(iamc.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(14), RequireSymbols: true, PasswordReusePrevention: aws.Int32(24)}))

	// CloudTrail: one multi-region trail homed in us-east-1.
	ct := cloudtrail.NewFromConfig(cfg)
	tr := must(ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("org-" + u), S3BucketName: aws.String(f.openBucket), IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true),
		TagsList: []cttypes.Tag{{Key: aws.String("team"), Value: aws.String("audit")}}}))
	f.trailARN = aws.ToString(tr.TrailARN)
	must(ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("org-" + u)}))
	// The trail delivers to a CloudWatch Logs group without metric filters.
	must(cloudwatchlogs.NewFromConfig(cfg).CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("trail-" + u)}))
	must(ct.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("org-" + u),
		CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:trail-" + u + ":*"), CloudWatchLogsRoleArn: aws.String(f.roleARN)}))

	// DynamoDB with PITR, SQS with SSE, SNS, a secret.
	ddb := dynamodb.NewFromConfig(cfg)
	f.table = "orders-" + u
	must(ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(f.table), BillingMode: ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		Tags:                 []ddbtypes.Tag{{Key: aws.String("data"), Value: aws.String("orders")}}}))
	must(ddb.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(f.table), PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}))
	f.que = "jobs-" + u
	must(sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(f.que), Attributes: map[string]string{"KmsMasterKeyId": f.keyID}, Tags: map[string]string{"team": "jobs"}}))
	top := must(sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alerts-" + u), Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}}))
	f.topicARN = aws.ToString(top.TopicArn)
	sec := must(secretsmanager.NewFromConfig(cfg).CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("db-" + u), SecretString: aws.String("hunter2")}))
	f.secretARN = aws.ToString(sec.ARN)

	// An internet-facing ALB with tags, in the VPC's two subnets.
	sub2 := must(ec2c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(f.vpcID), CidrBlock: aws.String("10.42.2.0/24"), AvailabilityZone: aws.String("us-east-1b")}))
	lb := must(elbv2.NewFromConfig(cfg).CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("web-" + u), Type: elbtypes.LoadBalancerTypeEnumApplication,
		Subnets: []string{aws.ToString(sub.Subnet.SubnetId), aws.ToString(sub2.Subnet.SubnetId)}, SecurityGroups: []string{f.sgID},
		Tags: []elbtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}))
	f.lbARN = aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	f.classic = provisionClassic(ctx, cfg, u)
	f.daxSecure, f.daxOpen = provisionDAX(ctx, cfg, u)
	f.apOpen, f.apVPC = provisionAccessPoints(ctx, cfg, endpoint, f.encBucket, f.vpcID, u)

	// A public AMI made from the instance.
	img := must(ec2c.CreateImage(ctx, &ec2.CreateImageInput{InstanceId: aws.String(f.instID), Name: aws.String("golden-" + u)}))
	f.imageID = aws.ToString(img.ImageId)
	must(ec2c.ModifyImageAttribute(ctx, &ec2.ModifyImageAttributeInput{ImageId: img.ImageId, LaunchPermission: &ec2types.LaunchPermissionModifications{Add: []ec2types.LaunchPermission{{Group: ec2types.PermissionGroupAll}}}}))

	// A REST API with stage prod (WAF, access logs) and stage dev (neither).
	agw := apigateway.NewFromConfig(cfg)
	api := must(agw.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("shop-" + u)}))
	f.apiID = aws.ToString(api.Id)
	res := must(agw.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id}))
	root := res.Items[0].Id
	must(agw.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: root, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}))
	must(agw.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: root, HttpMethod: aws.String("GET"), Type: "MOCK"}))
	dep := must(agw.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, StageName: aws.String("prod")}))
	must(agw.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: api.Id, StageName: aws.String("dev"), DeploymentId: dep.Id}))
	must(agw.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: api.Id, StageName: aws.String("prod"), PatchOperations: []agtypes.PatchOperation{
		{Op: agtypes.OpReplace, Path: aws.String("/accessLogSettings/destinationArn"), Value: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:api")},
		{Op: agtypes.OpReplace, Path: aws.String("/accessLogSettings/format"), Value: aws.String("$context.requestId")}}}))
	waf := wafv2.NewFromConfig(cfg)
	acl := must(waf.CreateWebACL(ctx, &wafv2.CreateWebACLInput{Name: aws.String("api-" + u), Scope: waftypes.ScopeRegional, DefaultAction: &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}},
		VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: false, MetricName: aws.String("api"), SampledRequestsEnabled: false}}))
	f.aclARN = aws.ToString(acl.Summary.ARN)
	must(waf.AssociateWebACL(ctx, &wafv2.AssociateWebACLInput{WebACLArn: acl.Summary.ARN, ResourceArn: aws.String("arn:aws:apigateway:us-east-1::/restapis/" + f.apiID + "/stages/prod")}))

	// A security contact for the account; Macie on.
	must(awsaccount.NewFromConfig(cfg).PutAlternateContact(ctx, &awsaccount.PutAlternateContactInput{AlternateContactType: accttypes.AlternateContactTypeSecurity,
		EmailAddress: aws.String("sec@example.com"), Name: aws.String("Sec"), PhoneNumber: aws.String("+10000000000"), Title: aws.String("CISO")}))
	must(macie2.NewFromConfig(cfg).EnableMacie(ctx, &macie2.EnableMacieInput{}))
	f.data = provisionData(ctx, cfg, u)
	f.ssm = provisionSSM(ctx, cfg, u)
	f.ecs = provisionECS(ctx, cfg, u)
	return f
}

package cloudformation

import (
	"fmt"
	"strings"
)

// samTemplate is one SAM policy template: the parameters it takes and the
// statements it expands to.
type samTemplate struct {
	params []string
	stmts  []samStmt
}

// samStmt is an Allow statement of a policy template. Each resource is a
// pattern in Fn::Sub syntax over the pseudo parameters and the template's
// parameters (written here by their parameter names, where SAM's JSON
// binds them to lower-case Sub variables first).
type samStmt struct {
	actions   []string
	resources []string
}

// Resource patterns shared by several templates.
const (
	arnPrefix = "arn:${AWS::Partition}:"
	regionAcc = "${AWS::Region}:${AWS::AccountId}:"
	s3Bucket  = arnPrefix + "s3:::${BucketName}"
	ddbTable  = arnPrefix + "dynamodb:" + regionAcc + "table/${TableName}"
)

// samPolicyTemplates are the SAM policy templates onus expands, written
// from their definitions in aws/serverless-application-model
// samtranslator/policy_templates_data/policy_templates.json (commit
// 013ec109893d6fbb6ea2e148f37f1f5eb34471a1) and the AWS SAM Developer
// Guide's "Policy template list" (awsdocs/aws-sam-developer-guide
// doc_source/serverless-policy-template-list.md, commit 01df21b6), which
// also gives S3WritePolicy, DynamoDBWritePolicy and
// EventBridgePutEventsPolicy; every entry was compared with the
// policy_templates.json of aws-sam-translator 1.110.0. A template not listed here makes the policy
// it stands for unknown. Literal data; never mutated.
var samPolicyTemplates = map[string]samTemplate{
	"SQSPollerPolicy": {[]string{"QueueName"}, []samStmt{{
		[]string{"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
		[]string{arnPrefix + "sqs:" + regionAcc + "${QueueName}"}}}},
	"SQSSendMessagePolicy": {[]string{"QueueName"}, []samStmt{{
		[]string{"sqs:SendMessage*"}, []string{arnPrefix + "sqs:" + regionAcc + "${QueueName}"}}}},
	"SNSPublishMessagePolicy": {[]string{"TopicName"}, []samStmt{{
		[]string{"sns:Publish"}, []string{arnPrefix + "sns:" + regionAcc + "${TopicName}"}}}},
	"SNSCrudPolicy": {[]string{"TopicName"}, []samStmt{{
		[]string{"sns:ListSubscriptionsByTopic", "sns:CreateTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Publish"},
		[]string{arnPrefix + "sns:" + regionAcc + "${TopicName}*"}}}},
	"LambdaInvokePolicy": {[]string{"FunctionName"}, []samStmt{{
		[]string{"lambda:InvokeFunction"}, []string{arnPrefix + "lambda:" + regionAcc + "function:${FunctionName}*"}}}},
	"CloudWatchDescribeAlarmHistoryPolicy": {nil, []samStmt{{[]string{"cloudwatch:DescribeAlarmHistory"}, []string{"*"}}}},
	"CloudWatchPutMetricPolicy":            {nil, []samStmt{{[]string{"cloudwatch:PutMetricData"}, []string{"*"}}}},
	"CloudWatchDashboardPolicy": {nil, []samStmt{{
		[]string{"cloudwatch:GetDashboard", "cloudwatch:ListDashboards", "cloudwatch:PutDashboard", "cloudwatch:ListMetrics"}, []string{"*"}}}},
	"EC2DescribePolicy": {nil, []samStmt{{[]string{"ec2:DescribeRegions", "ec2:DescribeInstances"}, []string{"*"}}}},
	"VPCAccessPolicy": {nil, []samStmt{{
		[]string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface"}, []string{"*"}}}},
	"DynamoDBCrudPolicy": {[]string{"TableName"}, []samStmt{{
		[]string{"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem",
			"dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"},
		[]string{ddbTable, ddbTable + "/index/*"}}}},
	"DynamoDBReadPolicy": {[]string{"TableName"}, []samStmt{{
		[]string{"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"},
		[]string{ddbTable, ddbTable + "/index/*"}}}},
	"DynamoDBWritePolicy": {[]string{"TableName"}, []samStmt{{
		[]string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"},
		[]string{ddbTable, ddbTable + "/index/*"}}}},
	"DynamoDBReconfigurePolicy": {[]string{"TableName"}, []samStmt{{[]string{"dynamodb:UpdateTable"}, []string{ddbTable}}}},
	"DynamoDBStreamReadPolicy": {[]string{"TableName", "StreamName"}, []samStmt{
		{[]string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}, []string{ddbTable + "/stream/${StreamName}"}},
		{[]string{"dynamodb:ListStreams"}, []string{ddbTable + "/stream/*"}}}},
	"S3ReadPolicy": {[]string{"BucketName"}, []samStmt{{
		[]string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"},
		[]string{s3Bucket, s3Bucket + "/*"}}}},
	"S3WritePolicy": {[]string{"BucketName"}, []samStmt{{
		[]string{"s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"},
		[]string{s3Bucket, s3Bucket + "/*"}}}},
	"S3CrudPolicy": {[]string{"BucketName"}, []samStmt{{
		[]string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl",
			"s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:DeleteObject"},
		[]string{s3Bucket, s3Bucket + "/*"}}}},
	"S3FullAccessPolicy": {[]string{"BucketName"}, []samStmt{
		{[]string{"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject",
			"s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
			"s3:PutObjectTagging", "s3:PutObjectVersionTagging"}, []string{s3Bucket + "/*"}},
		{[]string{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"}, []string{s3Bucket}}}},
	"KinesisStreamReadPolicy": {[]string{"StreamName"}, []samStmt{
		{[]string{"kinesis:ListStreams", "kinesis:DescribeLimits"}, []string{arnPrefix + "kinesis:" + regionAcc + "stream/*"}},
		{[]string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator"},
			[]string{arnPrefix + "kinesis:" + regionAcc + "stream/${StreamName}"}}}},
	"KinesisCrudPolicy": {[]string{"StreamName"}, []samStmt{{
		[]string{"kinesis:AddTagsToStream", "kinesis:CreateStream", "kinesis:DecreaseStreamRetentionPeriod", "kinesis:DeleteStream",
			"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:IncreaseStreamRetentionPeriod",
			"kinesis:ListTagsForStream", "kinesis:MergeShards", "kinesis:PutRecord", "kinesis:PutRecords", "kinesis:SplitShard",
			"kinesis:RemoveTagsFromStream"},
		[]string{arnPrefix + "kinesis:" + regionAcc + "stream/${StreamName}"}}}},
	"KMSDecryptPolicy": {[]string{"KeyId"}, []samStmt{{[]string{"kms:Decrypt"}, []string{arnPrefix + "kms:" + regionAcc + "key/${KeyId}"}}}},
	"KMSEncryptPolicy": {[]string{"KeyId"}, []samStmt{{[]string{"kms:Encrypt"}, []string{arnPrefix + "kms:" + regionAcc + "key/${KeyId}"}}}},
	"AWSSecretsManagerGetSecretValuePolicy": {[]string{"SecretArn"}, []samStmt{{
		[]string{"secretsmanager:GetSecretValue"}, []string{"${SecretArn}"}}}},
	"SSMParameterReadPolicy": {[]string{"ParameterName"}, []samStmt{
		{[]string{"ssm:DescribeParameters"}, []string{"*"}},
		{[]string{"ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"},
			[]string{arnPrefix + "ssm:" + regionAcc + "parameter/${ParameterName}"}}}},
	"StepFunctionsExecutionPolicy": {[]string{"StateMachineName"}, []samStmt{{
		[]string{"states:StartExecution"}, []string{arnPrefix + "states:" + regionAcc + "stateMachine:${StateMachineName}"}}}},
	"EventBridgePutEventsPolicy": {[]string{"EventBusName"}, []samStmt{{
		[]string{"events:PutEvents"}, []string{arnPrefix + "events:" + regionAcc + "event-bus/${EventBusName}"}}}},
	"FirehoseWritePolicy": {[]string{"DeliveryStreamName"}, []samStmt{{
		[]string{"firehose:PutRecord", "firehose:PutRecordBatch"},
		[]string{arnPrefix + "firehose:" + regionAcc + "deliverystream/${DeliveryStreamName}"}}}},
	"FirehoseCrudPolicy": {[]string{"DeliveryStreamName"}, []samStmt{{
		[]string{"firehose:CreateDeliveryStream", "firehose:DeleteDeliveryStream", "firehose:DescribeDeliveryStream",
			"firehose:PutRecord", "firehose:PutRecordBatch", "firehose:UpdateDestination"},
		[]string{arnPrefix + "firehose:" + regionAcc + "deliverystream/${DeliveryStreamName}"}}}},
	"FilterLogEventsPolicy": {[]string{"LogGroupName"}, []samStmt{{
		[]string{"logs:FilterLogEvents"}, []string{arnPrefix + "logs:" + regionAcc + "log-group:${LogGroupName}:log-stream:*"}}}},
	"CloudFormationDescribeStacksPolicy": {nil, []samStmt{{
		[]string{"cloudformation:DescribeStacks"}, []string{arnPrefix + "cloudformation:" + regionAcc + "stack/*"}}}},
	"SESSendBouncePolicy": {[]string{"IdentityName"}, []samStmt{{
		[]string{"ses:SendBounce"}, []string{arnPrefix + "ses:" + regionAcc + "identity/${IdentityName}"}}}},
	"SESCrudPolicy": {[]string{"IdentityName"}, []samStmt{{
		[]string{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"},
		[]string{arnPrefix + "ses:" + regionAcc + "identity/${IdentityName}"}}}},
	"ElasticsearchHttpPostPolicy": {[]string{"DomainName"}, []samStmt{{
		[]string{"es:ESHttpPost", "es:ESHttpPut"}, []string{arnPrefix + "es:" + regionAcc + "domain/${DomainName}/*"}}}},
	"RekognitionDetectOnlyPolicy": {nil, []samStmt{{
		[]string{"rekognition:DetectFaces", "rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText"}, []string{"*"}}}},
	"RekognitionLabelsPolicy": {nil, []samStmt{{
		[]string{"rekognition:DetectLabels", "rekognition:DetectModerationLabels"}, []string{"*"}}}},
	"ComprehendBasicAccessPolicy": {nil, []samStmt{{
		[]string{"comprehend:BatchDetectKeyPhrases", "comprehend:DetectDominantLanguage", "comprehend:DetectEntities",
			"comprehend:BatchDetectEntities", "comprehend:DetectKeyPhrases", "comprehend:DetectSentiment",
			"comprehend:BatchDetectDominantLanguage", "comprehend:BatchDetectSentiment"}, []string{"*"}}}},
	"TextractPolicy": {nil, []samStmt{{[]string{"textract:*"}, []string{"*"}}}},
	"TextractDetectAnalyzePolicy": {nil, []samStmt{{
		[]string{"textract:DetectDocumentText", "textract:StartDocumentTextDetection", "textract:StartDocumentAnalysis", "textract:AnalyzeDocument"},
		[]string{"*"}}}},
	"TextractGetResultPolicy": {nil, []samStmt{{
		[]string{"textract:GetDocumentTextDetection", "textract:GetDocumentAnalysis"}, []string{"*"}}}},
}

// expandTemplate builds the policy document (Statement list) a SAM policy
// template stands for, with the arguments given. ok is false, with the
// reason, when the template is not known to onus or its arguments are not
// a mapping or lack a parameter; SAM refuses the latter two.
func (c *rctx) expandTemplate(name string, args *val, at sourceLoc) (doc *val, reason string, ok bool) {
	tp, known := samPolicyTemplates[name]
	if !known {
		return nil, fmt.Sprintf("SAM policy template %s (%s) is not one onus expands, so the permissions it grants are unknown", name, at), false
	}
	if args == nil || args.k != kMap {
		if args != nil && args.k == kUnknown {
			return nil, fmt.Sprintf("the arguments of SAM policy template %s are unresolved (%s)", name, args.s), false
		}
		return nil, fmt.Sprintf("SAM policy template %s needs a mapping of parameters (%s), got %s", name, at, describeOrNull(args)), false
	}
	for _, p := range tp.params {
		if args.field(p) == nil {
			return nil, fmt.Sprintf("SAM policy template %s needs parameter %s (%s)", name, p, at), false
		}
	}
	loc := args.loc
	stmts := make([]*val, 0, len(tp.stmts))
	for _, s := range tp.stmts {
		acts := make([]*val, len(s.actions))
		for i, a := range s.actions {
			acts[i] = c.t.scalar(a, loc)
		}
		res := make([]*val, len(s.resources))
		for i, pat := range s.resources {
			res[i] = c.subst(pat, args, loc)
		}
		stmts = append(stmts, mapVal(loc, []string{"Effect", "Action", "Resource"},
			c.t.scalar("Allow", loc), listVal(loc, acts...), listVal(loc, res...)))
	}
	return mapVal(loc, []string{"Statement"}, listVal(loc, stmts...)), "", true
}

func describeOrNull(v *val) string {
	if v == nil {
		return "nothing"
	}
	return describe(v)
}

// subst expands a resource pattern: ${AWS::...} are pseudo parameters,
// other ${Name} the template's arguments (as Fn::Sub joins them: an
// unknown argument makes the resource unknown, a placeholder one keeps it
// symbolic).
func (c *rctx) subst(pat string, args *val, loc sourceLoc) *val {
	var parts []*val
	for pat != "" {
		i := strings.Index(pat, "${")
		if i < 0 {
			parts = append(parts, c.t.scalar(pat, loc))
			break
		}
		if i > 0 {
			parts = append(parts, c.t.scalar(pat[:i], loc))
		}
		j := strings.IndexByte(pat[i:], '}')
		name := pat[i+2 : i+j]
		pat = pat[i+j+1:]
		if strings.HasPrefix(name, "AWS::") {
			parts = append(parts, c.t.pseudo(name, loc))
			continue
		}
		parts = append(parts, args.field(name))
	}
	return c.t.concat(parts, "", loc)
}

func mapVal(loc sourceLoc, keys []string, vals ...*val) *val {
	return &val{k: kMap, keys: keys, vals: vals, loc: loc}
}

func listVal(loc sourceLoc, elems ...*val) *val {
	return &val{k: kList, list: elems, loc: loc}
}

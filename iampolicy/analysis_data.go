package iampolicy

// representativeActions are probe actions per service for resource-policy
// analysis: reads, writes and permission changes, so a grant of any kind
// shows up. Wildcard and literal actions of the policy are probed as well.
var representativeActions = map[string][]string{
	"s3": {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketPolicy",
		"s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl", "s3:DeleteBucket", "s3:GetObjectVersion"},
	"sqs":            {"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:PurgeQueue"},
	"sns":            {"sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:DeleteTopic"},
	"kms":            {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DescribeKey"},
	"lambda":         {"lambda:InvokeFunction", "lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:AddPermission", "lambda:DeleteFunction"},
	"secretsmanager": {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteSecret"},
	"ecr":            {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage", "ecr:SetRepositoryPolicy"},
	"logs":           {"logs:PutLogEvents", "logs:CreateLogStream", "logs:GetLogEvents"},
	"events":         {"events:PutEvents"},
	"glacier":        {"glacier:UploadArchive", "glacier:InitiateJob", "glacier:DeleteArchive"},
	"es":             {"es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"},
	"backup":         {"backup:CopyIntoBackupVault", "backup:DeleteRecoveryPoint"},
	"sts":            {"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"},
	"iam":            {"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"},
}

// adminProbeActions must all be allowed, on any resource, for a policy to
// count as full administrative access: the synthetic actions stand for
// every action AWS might add, the others are what lets a principal grant
// itself anything (so NotAction ["iam:*"] is not full admin, while a NotAction
// list that carves out a few unrelated actions is).
var adminProbeActions = []string{
	"onusprobe:OnusProbeAction", "zzprobe:Q",
	"iam:AttachUserPolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:CreateUser", "iam:PassRole",
	"sts:AssumeRole", "organizations:LeaveOrganization", "s3:GetObject", "ec2:RunInstances", "kms:Decrypt",
}

// escalationMethod is one documented privilege-escalation path: every
// action in it must be allowed.
type escalationMethod struct {
	name     string
	actions  []string
	resource string // probe resource for iam actions; other actions probe "*"
}

// escalationMethods are the IAM privilege-escalation paths published by
// Rhino Security Labs and since taught widely, as action combinations.
var escalationMethods = []escalationMethod{
	{"create a new default version of a managed policy", []string{"iam:CreatePolicyVersion"}, "arn:aws:iam::123456789012:policy/onus-probe"},
	{"switch a managed policy to another version", []string{"iam:SetDefaultPolicyVersion"}, "arn:aws:iam::123456789012:policy/onus-probe"},
	{"attach a managed policy to a user", []string{"iam:AttachUserPolicy"}, "arn:aws:iam::123456789012:user/onus-probe"},
	{"attach a managed policy to a group", []string{"iam:AttachGroupPolicy"}, "arn:aws:iam::123456789012:group/onus-probe"},
	{"attach a managed policy to a role", []string{"iam:AttachRolePolicy"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"write an inline policy on a user", []string{"iam:PutUserPolicy"}, "arn:aws:iam::123456789012:user/onus-probe"},
	{"write an inline policy on a group", []string{"iam:PutGroupPolicy"}, "arn:aws:iam::123456789012:group/onus-probe"},
	{"write an inline policy on a role", []string{"iam:PutRolePolicy"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"add a user to a more privileged group", []string{"iam:AddUserToGroup"}, "arn:aws:iam::123456789012:group/onus-probe"},
	{"create access keys for another user", []string{"iam:CreateAccessKey"}, "arn:aws:iam::123456789012:user/onus-probe"},
	{"create a console password for another user", []string{"iam:CreateLoginProfile"}, "arn:aws:iam::123456789012:user/onus-probe"},
	{"change another user's console password", []string{"iam:UpdateLoginProfile"}, "arn:aws:iam::123456789012:user/onus-probe"},
	{"rewrite a role's trust policy and assume it", []string{"iam:UpdateAssumeRolePolicy"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new EC2 instance", []string{"iam:PassRole", "ec2:RunInstances"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new Lambda function", []string{"iam:PassRole", "lambda:CreateFunction"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new Glue development endpoint", []string{"iam:PassRole", "glue:CreateDevEndpoint"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new CloudFormation stack", []string{"iam:PassRole", "cloudformation:CreateStack"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new Data Pipeline", []string{"iam:PassRole", "datapipeline:CreatePipeline"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new SageMaker notebook", []string{"iam:PassRole", "sagemaker:CreateNotebookInstance"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new CodeBuild project", []string{"iam:PassRole", "codebuild:CreateProject"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"pass a role to a new ECS task", []string{"iam:PassRole", "ecs:RunTask"}, "arn:aws:iam::123456789012:role/onus-probe"},
	{"replace the code of an existing Lambda function", []string{"lambda:UpdateFunctionCode"}, ""},
	{"update an existing Glue development endpoint", []string{"glue:UpdateDevEndpoint"}, ""},
}

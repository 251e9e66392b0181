package awscollect

import (
	"context"
	"maps"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dax"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	mddb "github.com/onus-sec/onus/model/dynamodb"
	msm "github.com/onus-sec/onus/model/secretsmanager"
	msns "github.com/onus-sec/onus/model/sns"
	msqs "github.com/onus-sec/onus/model/sqs"
	"github.com/onus-sec/onus/source"
)

// snsAPI is the read-only part of the SNS client onus uses.
type snsAPI interface {
	sns.ListTopicsAPIClient
	sns.ListSubscriptionsByTopicAPIClient
	GetTopicAttributes(context.Context, *sns.GetTopicAttributesInput, ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
	ListTagsForResource(context.Context, *sns.ListTagsForResourceInput, ...func(*sns.Options)) (*sns.ListTagsForResourceOutput, error)
}

func (r *run) collectSNS(ctx context.Context, region string) *model.Estate {
	return r.snsEstate(ctx, region, sns.NewFromConfig(r.cfg, func(o *sns.Options) { o.Region = region }))
}

func (r *run) snsEstate(ctx context.Context, region string, cl snsAPI) *model.Estate {
	e := &model.Estate{}
	p := sns.NewListTopicsPaginator(cl, &sns.ListTopicsInput{})
	topics := paginate(ctx, r, r.origin("sns:ListTopics", region, ""), p.HasMorePages, func(ctx context.Context) (*sns.ListTopicsOutput, error) { return p.NextPage(ctx) },
		func(o *sns.ListTopicsOutput) []snstypes.Topic { return o.Topics })
	r.listErr(e, "AWS::SNS::Topic", topics.o, topics.err)
	e.SNSTopics = make([]*msns.Topic, len(topics.items))
	each(topics.items, func(i int, t snstypes.Topic) {
		arn := aws.ToString(t.TopicArn)
		lo := r.origin("sns:ListTopics", region, arn)
		x := &msns.Topic{Meta: r.meta("AWS::SNS::Topic", region, arn, lo), Name: known(arn[strings.LastIndex(arn, ":")+1:], lo)}
		parallel(
			func() {
				x.Tags = readTags(ctx, r, r.origin("sns:ListTagsForResource", region, arn),
					func(ctx context.Context, _ *string) (*sns.ListTagsForResourceOutput, error) {
						return cl.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
					},
					func(out *sns.ListTagsForResourceOutput, m map[string]string) *string {
						for _, t := range out.Tags {
							m[aws.ToString(t.Key)] = aws.ToString(t.Value)
						}
						return nil
					})
			},
			func() {
				o := r.origin("sns:GetTopicAttributes", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*sns.GetTopicAttributesOutput, error) {
					return cl.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
				})
				if err != nil {
					x.KMSKeyID = unknownErr[string](r, o, err)
					x.Policy = source.Unknown[*iampolicy.Policy](x.KMSKeyID.Reason(), source.From(o))
					return
				}
				x.KMSKeyID = known(out.Attributes["KmsMasterKeyId"], o)
				x.Policy = r.policy(o, out.Attributes["Policy"])
			},
			func() {
				o := r.origin("sns:ListSubscriptionsByTopic", region, arn)
				p := sns.NewListSubscriptionsByTopicPaginator(cl, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(arn)})
				subs := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*sns.ListSubscriptionsByTopicOutput, error) { return p.NextPage(ctx) },
					func(o *sns.ListSubscriptionsByTopicOutput) []snstypes.Subscription { return o.Subscriptions })
				if subs.err != nil {
					x.Subscriptions = unknownErr[[]msns.Subscription](r, o, subs.err)
					return
				}
				ss := []msns.Subscription{}
				for _, s := range subs.items {
					ss = append(ss, msns.Subscription{Protocol: aws.ToString(s.Protocol), Endpoint: aws.ToString(s.Endpoint), Prov: source.Pack(source.From(o))})
				}
				x.Subscriptions = known(ss, o)
			},
		)
		e.SNSTopics[i] = x
	})
	sortByAddress(e.SNSTopics)
	return e
}

// sqsAPI is the read-only part of the SQS client onus uses.
type sqsAPI interface {
	sqs.ListQueuesAPIClient
	GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	ListQueueTags(context.Context, *sqs.ListQueueTagsInput, ...func(*sqs.Options)) (*sqs.ListQueueTagsOutput, error)
}

func (r *run) collectSQS(ctx context.Context, region string) *model.Estate {
	return r.sqsEstate(ctx, region, sqs.NewFromConfig(r.cfg, func(o *sqs.Options) { o.Region = region }))
}

func (r *run) sqsEstate(ctx context.Context, region string, cl sqsAPI) *model.Estate {
	e := &model.Estate{}
	p := sqs.NewListQueuesPaginator(cl, &sqs.ListQueuesInput{})
	urls := paginate(ctx, r, r.origin("sqs:ListQueues", region, ""), p.HasMorePages, func(ctx context.Context) (*sqs.ListQueuesOutput, error) { return p.NextPage(ctx) },
		func(o *sqs.ListQueuesOutput) []string { return o.QueueUrls })
	r.listErr(e, "AWS::SQS::Queue", urls.o, urls.err)
	e.SQSQueues = make([]*msqs.Queue, len(urls.items))
	each(urls.items, func(i int, u string) {
		name := u[strings.LastIndex(u, "/")+1:]
		arn := r.arn("sqs", region, name)
		lo := r.origin("sqs:ListQueues", region, arn)
		x := &msqs.Queue{Meta: r.meta("AWS::SQS::Queue", region, arn, lo), Name: known(name, lo)}
		parallel(
			func() {
				x.Tags = readTags(ctx, r, r.origin("sqs:ListQueueTags", region, arn),
					func(ctx context.Context, _ *string) (*sqs.ListQueueTagsOutput, error) {
						return cl.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(u)})
					},
					func(out *sqs.ListQueueTagsOutput, m map[string]string) *string {
						maps.Copy(m, out.Tags)
						return nil
					})
			},
			func() {
				o := r.origin("sqs:GetQueueAttributes", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*sqs.GetQueueAttributesOutput, error) {
					return cl.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(u), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
				})
				if err != nil {
					x.SQSManagedSSE = unknownErr[bool](r, o, err)
					x.KMSKeyID = source.Unknown[string](x.SQSManagedSSE.Reason(), source.From(o))
					x.Policy = source.Unknown[*iampolicy.Policy](x.SQSManagedSSE.Reason(), source.From(o))
				} else {
					x.SQSManagedSSE = known(out.Attributes["SqsManagedSseEnabled"] == "true", o)
					x.KMSKeyID = known(out.Attributes["KmsMasterKeyId"], o)
					x.Policy = r.policy(o, out.Attributes["Policy"])
				}
			},
		)
		e.SQSQueues[i] = x
	})
	sortByAddress(e.SQSQueues)
	return e
}

// secretsAPI is the read-only part of the Secrets Manager client onus
// uses; it never reads secret values.
type secretsAPI interface {
	secretsmanager.ListSecretsAPIClient
	GetResourcePolicy(context.Context, *secretsmanager.GetResourcePolicyInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetResourcePolicyOutput, error)
}

func (r *run) collectSecrets(ctx context.Context, region string) *model.Estate {
	return r.secretsEstate(ctx, region, secretsmanager.NewFromConfig(r.cfg, func(o *secretsmanager.Options) { o.Region = region }))
}

func timePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r *run) secretsEstate(ctx context.Context, region string, cl secretsAPI) *model.Estate {
	e := &model.Estate{}
	p := secretsmanager.NewListSecretsPaginator(cl, &secretsmanager.ListSecretsInput{})
	secs := paginate(ctx, r, r.origin("secretsmanager:ListSecrets", region, ""), p.HasMorePages, func(ctx context.Context) (*secretsmanager.ListSecretsOutput, error) { return p.NextPage(ctx) },
		func(o *secretsmanager.ListSecretsOutput) []smtypes.SecretListEntry { return o.SecretList })
	r.listErr(e, "AWS::SecretsManager::Secret", secs.o, secs.err)
	e.Secrets = make([]*msm.Secret, len(secs.items))
	each(secs.items, func(i int, s smtypes.SecretListEntry) {
		arn := aws.ToString(s.ARN)
		o := r.origin("secretsmanager:ListSecrets", region, arn)
		x := &msm.Secret{
			Meta:            r.meta("AWS::SecretsManager::Secret", region, arn, o),
			Name:            known(aws.ToString(s.Name), o),
			RotationEnabled: known(aws.ToBool(s.RotationEnabled), o),
			KMSKeyID:        known(aws.ToString(s.KmsKeyId), o),
			LastAccessed:    known(timePtr(s.LastAccessedDate), o),
			LastRotated:     known(timePtr(s.LastRotatedDate), o),
		}
		days := 0
		if s.RotationRules != nil {
			days = int(aws.ToInt64(s.RotationRules.AutomaticallyAfterDays))
		}
		x.RotationDays = known(days, o)
		x.Tags = known(tagMap(s.Tags, func(t smtypes.Tag) (*string, *string) { return t.Key, t.Value }), o)
		po := r.origin("secretsmanager:GetResourcePolicy", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*secretsmanager.GetResourcePolicyOutput, error) {
			return cl.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String(arn)})
		})
		if err != nil {
			x.Policy = unknownErr[*iampolicy.Policy](r, po, err)
		} else {
			x.Policy = r.policy(po, aws.ToString(out.ResourcePolicy))
		}
		e.Secrets[i] = x
	})
	sortByAddress(e.Secrets)
	return e
}

// dynamoAPI is the read-only part of the DynamoDB client onus uses.
type dynamoAPI interface {
	dynamodb.ListTablesAPIClient
	DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	DescribeContinuousBackups(context.Context, *dynamodb.DescribeContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
	ListTagsOfResource(context.Context, *dynamodb.ListTagsOfResourceInput, ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
}

// collectDynamoDB reads the region's tables and DAX clusters.
func (r *run) collectDynamoDB(ctx context.Context, region string) *model.Estate {
	var tables, clusters *model.Estate
	parallel(
		func() {
			tables = r.dynamoEstate(ctx, region, dynamodb.NewFromConfig(r.cfg, func(o *dynamodb.Options) { o.Region = region }))
		},
		func() {
			clusters = r.daxEstate(ctx, region, dax.NewFromConfig(r.cfg, func(o *dax.Options) { o.Region = region }))
		},
	)
	tables.Merge(clusters)
	return tables
}

func (r *run) dynamoEstate(ctx context.Context, region string, cl dynamoAPI) *model.Estate {
	e := &model.Estate{}
	p := dynamodb.NewListTablesPaginator(cl, &dynamodb.ListTablesInput{})
	names := paginate(ctx, r, r.origin("dynamodb:ListTables", region, ""), p.HasMorePages, func(ctx context.Context) (*dynamodb.ListTablesOutput, error) { return p.NextPage(ctx) },
		func(o *dynamodb.ListTablesOutput) []string { return o.TableNames })
	r.listErr(e, "AWS::DynamoDB::Table", names.o, names.err)
	e.DynamoDBTables = make([]*mddb.Table, len(names.items))
	each(names.items, func(i int, name string) {
		arn := r.arn("dynamodb", region, "table/"+name)
		lo := r.origin("dynamodb:ListTables", region, arn)
		x := &mddb.Table{Meta: r.meta("AWS::DynamoDB::Table", region, arn, lo), Name: known(name, lo)}
		x.AutoScaling = source.Unknown[bool]("application auto scaling is not read by the live scan", source.From(lo))
		parallel(
			func() {
				x.Tags = readTags(ctx, r, r.origin("dynamodb:ListTagsOfResource", region, arn),
					func(ctx context.Context, next *string) (*dynamodb.ListTagsOfResourceOutput, error) {
						return cl.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn), NextToken: next})
					},
					func(out *dynamodb.ListTagsOfResourceOutput, m map[string]string) *string {
						for _, t := range out.Tags {
							m[aws.ToString(t.Key)] = aws.ToString(t.Value)
						}
						return out.NextToken
					})
			},
			func() {
				o := r.origin("dynamodb:DescribeTable", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*dynamodb.DescribeTableOutput, error) {
					return cl.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
				})
				if err != nil {
					why := r.fail(o.APICall, region, err)
					x.SSEType = source.Unknown[string](why, source.From(o))
					x.KMSKeyID, x.BillingMode = x.SSEType, x.SSEType
					x.DeletionProtection = source.Unknown[bool](why, source.From(o))
					return
				}
				t := out.Table
				sse, key := "", ""
				if t.SSEDescription != nil && t.SSEDescription.Status == "ENABLED" {
					sse, key = string(t.SSEDescription.SSEType), aws.ToString(t.SSEDescription.KMSMasterKeyArn)
				}
				x.SSEType = known(sse, o)
				x.KMSKeyID = known(key, o)
				x.DeletionProtection = known(aws.ToBool(t.DeletionProtectionEnabled), o)
				bm := "PROVISIONED"
				if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
					bm = string(t.BillingModeSummary.BillingMode)
				}
				x.BillingMode = known(bm, o)
			},
			func() {
				o := r.origin("dynamodb:DescribeContinuousBackups", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*dynamodb.DescribeContinuousBackupsOutput, error) {
					return cl.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
				})
				if err != nil {
					x.PITR = unknownErr[bool](r, o, err)
					return
				}
				d := out.ContinuousBackupsDescription
				x.PITR = known(d != nil && d.PointInTimeRecoveryDescription != nil && d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == "ENABLED", o)
			},
		)
		e.DynamoDBTables[i] = x
	})
	sortByAddress(e.DynamoDBTables)
	return e
}

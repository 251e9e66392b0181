package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/onus-sec/onus/model"
	mcw "github.com/onus-sec/onus/model/cloudwatch"
)

// cloudWatchAPI lists metric alarms.
type cloudWatchAPI interface {
	cloudwatch.DescribeAlarmsAPIClient
}

// logsAPI lists log groups and metric filters.
type logsAPI interface {
	cloudwatchlogs.DescribeLogGroupsAPIClient
	cloudwatchlogs.DescribeMetricFiltersAPIClient
}

func (r *run) collectCloudWatch(ctx context.Context, region string) *model.Estate {
	return r.cloudWatchEstate(ctx, region,
		cloudwatch.NewFromConfig(r.cfg, func(o *cloudwatch.Options) { o.Region = region }),
		cloudwatchlogs.NewFromConfig(r.cfg, func(o *cloudwatchlogs.Options) { o.Region = region }))
}

func (r *run) cloudWatchEstate(ctx context.Context, region string, cw cloudWatchAPI, lg logsAPI) *model.Estate {
	e := &model.Estate{}
	var (
		alarms  listed[cwtypes.MetricAlarm]
		filters listed[logtypes.MetricFilter]
		groups  listed[logtypes.LogGroup]
	)
	parallel(
		func() {
			p := cloudwatch.NewDescribeAlarmsPaginator(cw, &cloudwatch.DescribeAlarmsInput{})
			alarms = paginate(ctx, r, r.origin("cloudwatch:DescribeAlarms", region, ""), p.HasMorePages, func(ctx context.Context) (*cloudwatch.DescribeAlarmsOutput, error) { return p.NextPage(ctx) },
				func(o *cloudwatch.DescribeAlarmsOutput) []cwtypes.MetricAlarm { return o.MetricAlarms })
		},
		func() {
			p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(lg, &cloudwatchlogs.DescribeMetricFiltersInput{})
			filters = paginate(ctx, r, r.origin("logs:DescribeMetricFilters", region, ""), p.HasMorePages, func(ctx context.Context) (*cloudwatchlogs.DescribeMetricFiltersOutput, error) { return p.NextPage(ctx) },
				func(o *cloudwatchlogs.DescribeMetricFiltersOutput) []logtypes.MetricFilter { return o.MetricFilters })
		},
		func() {
			p := cloudwatchlogs.NewDescribeLogGroupsPaginator(lg, &cloudwatchlogs.DescribeLogGroupsInput{})
			groups = paginate(ctx, r, r.origin("logs:DescribeLogGroups", region, ""), p.HasMorePages, func(ctx context.Context) (*cloudwatchlogs.DescribeLogGroupsOutput, error) { return p.NextPage(ctx) },
				func(o *cloudwatchlogs.DescribeLogGroupsOutput) []logtypes.LogGroup { return o.LogGroups })
		},
	)
	r.listErr(e, "AWS::CloudWatch::Alarm", alarms.o, alarms.err)
	r.listErr(e, "AWS::Logs::MetricFilter", filters.o, filters.err)
	r.listErr(e, "AWS::Logs::LogGroup", groups.o, groups.err)
	for _, a := range alarms.items {
		arn := aws.ToString(a.AlarmArn)
		o := r.origin("cloudwatch:DescribeAlarms", region, arn)
		e.Alarms = append(e.Alarms, &mcw.Alarm{
			Meta:           r.meta("AWS::CloudWatch::Alarm", region, arn, o),
			Name:           known(aws.ToString(a.AlarmName), o),
			MetricName:     known(aws.ToString(a.MetricName), o),
			Namespace:      known(aws.ToString(a.Namespace), o),
			AlarmActions:   known(append([]string{}, a.AlarmActions...), o),
			ActionsEnabled: known(aws.ToBool(a.ActionsEnabled), o),
		})
	}
	for _, f := range filters.items {
		name := aws.ToString(f.FilterName)
		arn := r.arn("logs", region, "log-group:"+aws.ToString(f.LogGroupName)+":metric-filter:"+name)
		o := r.origin("logs:DescribeMetricFilters", region, arn)
		x := &mcw.MetricFilter{
			Meta:         r.meta("AWS::Logs::MetricFilter", region, arn, o),
			Name:         known(name, o),
			LogGroupName: known(aws.ToString(f.LogGroupName), o),
			Pattern:      known(aws.ToString(f.FilterPattern), o),
		}
		if len(f.MetricTransformations) > 0 {
			x.MetricName = known(aws.ToString(f.MetricTransformations[0].MetricName), o)
			x.Namespace = known(aws.ToString(f.MetricTransformations[0].MetricNamespace), o)
		}
		e.MetricFilters = append(e.MetricFilters, x)
	}
	for _, g := range groups.items {
		arn := aws.ToString(g.Arn)
		if len(arn) > 2 && arn[len(arn)-2:] == ":*" {
			arn = arn[:len(arn)-2]
		}
		o := r.origin("logs:DescribeLogGroups", region, arn)
		e.LogGroups = append(e.LogGroups, &mcw.LogGroup{
			Meta:          r.meta("AWS::Logs::LogGroup", region, arn, o),
			Name:          known(aws.ToString(g.LogGroupName), o),
			RetentionDays: known(int(aws.ToInt32(g.RetentionInDays)), o),
			KMSKeyID:      known(aws.ToString(g.KmsKeyId), o),
		})
	}
	sortByAddress(e.Alarms)
	sortByAddress(e.MetricFilters)
	sortByAddress(e.LogGroups)
	return e
}

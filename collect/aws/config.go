package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/onus-sec/onus/model"
	mcfg "github.com/onus-sec/onus/model/awsconfig"
	"github.com/onus-sec/onus/source"
)

// configAPI is the read-only part of the AWS Config client onus uses.
type configAPI interface {
	configservice.DescribeConfigRulesAPIClient
	configservice.DescribeConformancePacksAPIClient
	DescribeConfigurationRecorders(context.Context, *configservice.DescribeConfigurationRecordersInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecordersOutput, error)
	DescribeConfigurationRecorderStatus(context.Context, *configservice.DescribeConfigurationRecorderStatusInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecorderStatusOutput, error)
	DescribeDeliveryChannels(context.Context, *configservice.DescribeDeliveryChannelsInput, ...func(*configservice.Options)) (*configservice.DescribeDeliveryChannelsOutput, error)
}

func (r *run) collectConfig(ctx context.Context, region string) *model.Estate {
	return r.configEstate(ctx, region, configservice.NewFromConfig(r.cfg, func(o *configservice.Options) { o.Region = region }))
}

func (r *run) configEstate(ctx context.Context, region string, cl configAPI) *model.Estate {
	e := &model.Estate{}
	var (
		recs     *configservice.DescribeConfigurationRecordersOutput
		recErr   error
		status   *configservice.DescribeConfigurationRecorderStatusOutput
		stErr    error
		chans    *configservice.DescribeDeliveryChannelsOutput
		chErr    error
		rules    listed[cfgtypes.ConfigRule]
		packs    listed[cfgtypes.ConformancePackDetail]
		or       = func(api string) source.Origin { return r.origin(api, region, "") }
		recO, sO = or("config:DescribeConfigurationRecorders"), or("config:DescribeConfigurationRecorderStatus")
	)
	parallel(
		func() {
			recs, recErr = call(ctx, r, func(ctx context.Context) (*configservice.DescribeConfigurationRecordersOutput, error) {
				return cl.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
			})
		},
		func() {
			status, stErr = call(ctx, r, func(ctx context.Context) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
				return cl.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
			})
		},
		func() {
			chans, chErr = call(ctx, r, func(ctx context.Context) (*configservice.DescribeDeliveryChannelsOutput, error) {
				return cl.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
			})
		},
		func() {
			p := configservice.NewDescribeConfigRulesPaginator(cl, &configservice.DescribeConfigRulesInput{})
			rules = paginate(ctx, r, or("config:DescribeConfigRules"), p.HasMorePages, func(ctx context.Context) (*configservice.DescribeConfigRulesOutput, error) { return p.NextPage(ctx) },
				func(o *configservice.DescribeConfigRulesOutput) []cfgtypes.ConfigRule { return o.ConfigRules })
		},
		func() {
			p := configservice.NewDescribeConformancePacksPaginator(cl, &configservice.DescribeConformancePacksInput{})
			packs = paginate(ctx, r, or("config:DescribeConformancePacks"), p.HasMorePages, func(ctx context.Context) (*configservice.DescribeConformancePacksOutput, error) {
				return p.NextPage(ctx)
			},
				func(o *configservice.DescribeConformancePacksOutput) []cfgtypes.ConformancePackDetail {
					return o.ConformancePackDetails
				})
		},
	)
	if r.listErr(e, "AWS::Config::ConfigurationRecorder", recO, recErr) == "" {
		stWhy := ""
		byName := map[string]cfgtypes.ConfigurationRecorderStatus{}
		if stErr != nil {
			stWhy = r.fail(sO.APICall, region, stErr)
		} else {
			for _, s := range status.ConfigurationRecordersStatus {
				byName[aws.ToString(s.Name)] = s
			}
		}
		for _, c := range recs.ConfigurationRecorders {
			name := aws.ToString(c.Name)
			arn := aws.ToString(c.Arn)
			if arn == "" {
				arn = r.arn("config", region, "configuration-recorder/"+name)
			}
			o := r.origin(recO.APICall, region, arn)
			x := &mcfg.Recorder{Meta: r.meta("AWS::Config::ConfigurationRecorder", region, arn, o), Name: known(name, o), RoleARN: known(aws.ToString(c.RoleARN), o)}
			x.Tags = known(map[string]string(nil), o)
			if g := c.RecordingGroup; g != nil {
				x.AllSupported = known(g.AllSupported, o)
				x.IncludeGlobalResourceTypes = known(g.IncludeGlobalResourceTypes, o)
			} else {
				// No recording group means the default: all supported types.
				x.AllSupported = known(true, o)
				x.IncludeGlobalResourceTypes = known(false, o)
			}
			so := r.origin(sO.APICall, region, arn)
			s, ok := byName[name]
			switch {
			case stWhy != "":
				x.Recording = source.Unknown[bool](stWhy, source.From(so))
				x.LastStatus = source.Unknown[string](stWhy, source.From(so))
			case !ok:
				x.Recording = known(false, so)
				x.LastStatus = known("", so)
			default:
				x.Recording = known(s.Recording, so)
				x.LastStatus = known(string(s.LastStatus), so)
			}
			e.ConfigRecorders = append(e.ConfigRecorders, x)
		}
	}
	if chErr != nil {
		r.gap(e, "AWS::Config::DeliveryChannel", or("config:DescribeDeliveryChannels"), chErr)
	} else {
		for _, c := range chans.DeliveryChannels {
			name := aws.ToString(c.Name)
			arn := r.arn("config", region, "delivery-channel/"+name)
			o := r.origin("config:DescribeDeliveryChannels", region, arn)
			x := &mcfg.DeliveryChannel{Meta: r.meta("AWS::Config::DeliveryChannel", region, arn, o), Name: known(name, o), S3Bucket: known(aws.ToString(c.S3BucketName), o)}
			x.Tags = known(map[string]string(nil), o)
			e.ConfigDeliveryChannels = append(e.ConfigDeliveryChannels, x)
		}
	}
	r.listErr(e, "AWS::Config::ConfigRule", rules.o, rules.err)
	for _, c := range rules.items {
		arn := aws.ToString(c.ConfigRuleArn)
		o := r.origin("config:DescribeConfigRules", region, arn)
		x := &mcfg.Rule{Meta: r.meta("AWS::Config::ConfigRule", region, arn, o), Name: known(aws.ToString(c.ConfigRuleName), o)}
		if c.Source != nil {
			x.SourceIdentifier = known(aws.ToString(c.Source.SourceIdentifier), o)
			x.Owner = known(string(c.Source.Owner), o)
		}
		e.ConfigRules = append(e.ConfigRules, x)
	}
	r.listErr(e, "AWS::Config::ConformancePack", packs.o, packs.err)
	for _, c := range packs.items {
		arn := aws.ToString(c.ConformancePackArn)
		o := r.origin("config:DescribeConformancePacks", region, arn)
		e.ConformancePacks = append(e.ConformancePacks, &mcfg.ConformancePack{Meta: r.meta("AWS::Config::ConformancePack", region, arn, o), Name: known(aws.ToString(c.ConformancePackName), o)})
	}
	sortByAddress(e.ConfigRecorders)
	sortByAddress(e.ConfigDeliveryChannels)
	sortByAddress(e.ConfigRules)
	sortByAddress(e.ConformancePacks)
	return e
}

package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/onus-sec/onus/model"
	mct "github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/source"
)

// cloudTrailAPI is the read-only part of the CloudTrail client onus uses.
type cloudTrailAPI interface {
	DescribeTrails(context.Context, *cloudtrail.DescribeTrailsInput, ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error)
	GetTrailStatus(context.Context, *cloudtrail.GetTrailStatusInput, ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error)
	GetEventSelectors(context.Context, *cloudtrail.GetEventSelectorsInput, ...func(*cloudtrail.Options)) (*cloudtrail.GetEventSelectorsOutput, error)
	ListTags(context.Context, *cloudtrail.ListTagsInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListTagsOutput, error)
}

func (r *run) collectCloudTrail(ctx context.Context, region string) *model.Estate {
	return r.cloudTrailEstate(ctx, region, cloudtrail.NewFromConfig(r.cfg, func(o *cloudtrail.Options) { o.Region = region }))
}

func (r *run) cloudTrailEstate(ctx context.Context, region string, cl cloudTrailAPI) *model.Estate {
	e := &model.Estate{}
	lo := r.origin("cloudtrail:DescribeTrails", region, "")
	out, err := call(ctx, r, func(ctx context.Context) (*cloudtrail.DescribeTrailsOutput, error) {
		return cl.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	})
	if err != nil {
		r.gap(e, "AWS::CloudTrail::Trail", lo, err)
		return e
	}
	var trails []cttypes.Trail
	for _, t := range out.TrailList {
		// A multi-region trail shows up in every region; read it where it
		// lives, or here when its home region is not scanned (deduplicated
		// by ARN after all regions are in).
		home := aws.ToString(t.HomeRegion)
		if home == region || home == "" || !r.inScope(home) {
			trails = append(trails, t)
		}
	}
	e.Trails = make([]*mct.Trail, len(trails))
	each(trails, func(i int, t cttypes.Trail) {
		arn := aws.ToString(t.TrailARN)
		home := aws.ToString(t.HomeRegion)
		if home == "" {
			home = region
		}
		o := r.origin("cloudtrail:DescribeTrails", home, arn)
		x := &mct.Trail{
			Meta:                r.meta("AWS::CloudTrail::Trail", home, arn, o),
			Name:                known(aws.ToString(t.Name), o),
			HomeRegion:          known(home, o),
			MultiRegion:         known(aws.ToBool(t.IsMultiRegionTrail), o),
			OrganizationTrail:   known(aws.ToBool(t.IsOrganizationTrail), o),
			LogFileValidation:   known(aws.ToBool(t.LogFileValidationEnabled), o),
			KMSKeyID:            known(aws.ToString(t.KmsKeyId), o),
			GlobalServiceEvents: known(aws.ToBool(t.IncludeGlobalServiceEvents), o),
			CloudWatchLogsGroup: known(aws.ToString(t.CloudWatchLogsLogGroupArn), o),
			S3Bucket:            known(aws.ToString(t.S3BucketName), o),
		}
		if acct := arnAccount(arn); acct != "" {
			x.Account = acct // organization trails belong to the management account
		}
		parallel(
			func() {
				to := r.origin("cloudtrail:ListTags", home, arn)
				if home != region {
					// ListTags answers for trails of the caller's region only.
					x.Tags = source.Unknown[map[string]string]("trail tags are read in its home region "+home+", which is not scanned", source.From(to))
					return
				}
				x.Tags = readTags(ctx, r, to,
					func(ctx context.Context, next *string) (*cloudtrail.ListTagsOutput, error) {
						return cl.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}, NextToken: next})
					},
					func(out *cloudtrail.ListTagsOutput, m map[string]string) *string {
						for _, rt := range out.ResourceTagList {
							for _, t := range rt.TagsList {
								m[aws.ToString(t.Key)] = aws.ToString(t.Value)
							}
						}
						return out.NextToken
					})
			},
			func() {
				so := r.origin("cloudtrail:GetTrailStatus", home, arn)
				st, err := call(ctx, r, func(ctx context.Context) (*cloudtrail.GetTrailStatusOutput, error) {
					return cl.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
				})
				if err != nil {
					x.Logging = unknownErr[bool](r, so, err)
					return
				}
				x.Logging = known(aws.ToBool(st.IsLogging), so)
			},
			func() {
				so := r.origin("cloudtrail:GetEventSelectors", home, arn)
				es, err := call(ctx, r, func(ctx context.Context) (*cloudtrail.GetEventSelectorsOutput, error) {
					return cl.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
				})
				if err != nil {
					x.EventSelectors = unknownErr[[]mct.EventSelector](r, so, err)
					return
				}
				x.EventSelectors = known(eventSelectors(es, so), so)
			},
		)
		e.Trails[i] = x
	})
	return e
}

func eventSelectors(out *cloudtrail.GetEventSelectorsOutput, o source.Origin) []mct.EventSelector {
	sel := []mct.EventSelector{}
	for _, s := range out.EventSelectors {
		x := mct.EventSelector{ReadWriteType: string(s.ReadWriteType), IncludeManagementEvents: aws.ToBool(s.IncludeManagementEvents), Prov: source.From(o)}
		for _, d := range s.DataResources {
			x.DataResources = append(x.DataResources, mct.DataResource{Type: aws.ToString(d.Type), Values: append([]string{}, d.Values...)})
		}
		sel = append(sel, x)
	}
	for _, s := range out.AdvancedEventSelectors {
		// An advanced selector records management events when its
		// eventCategory is Management; read/write comes from readOnly.
		x := mct.EventSelector{ReadWriteType: "All", Prov: source.From(o)}
		for _, f := range s.FieldSelectors {
			af := mct.AdvancedField{Field: aws.ToString(f.Field), Equals: f.Equals, NotEquals: f.NotEquals, StartsWith: f.StartsWith}
			x.Advanced = append(x.Advanced, af)
			switch af.Field {
			case "eventCategory":
				for _, v := range f.Equals {
					if v == "Management" {
						x.IncludeManagementEvents = true
					}
				}
			case "readOnly":
				for _, v := range f.Equals {
					if v == "true" {
						x.ReadWriteType = "ReadOnly"
					} else if v == "false" {
						x.ReadWriteType = "WriteOnly"
					}
				}
			}
		}
		sel = append(sel, x)
	}
	return sel
}

func arnAccount(arn string) string {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 {
		return ""
	}
	return p[4]
}

// dedupeTrails keeps one copy of each trail (by ARN), preferring the one
// read in its home region.
func dedupeTrails(e *model.Estate) {
	seen := map[string]int{}
	var out []*mct.Trail
	for _, t := range e.Trails {
		if t == nil {
			continue
		}
		if i, ok := seen[t.ARN]; ok {
			if h, _ := t.HomeRegion.Get(); h == t.Region && out[i].Region != h {
				out[i] = t
			}
			continue
		}
		seen[t.ARN] = len(out)
		out = append(out, t)
	}
	sortByAddress(out)
	e.Trails = out
}

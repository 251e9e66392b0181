package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbc "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/onus-sec/onus/model"
	melb "github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

// elbAPI is the read-only part of the ELBv2 client onus uses.
type elbAPI interface {
	elbv2.DescribeLoadBalancersAPIClient
	elbv2.DescribeListenersAPIClient
	DescribeLoadBalancerAttributes(context.Context, *elbv2.DescribeLoadBalancerAttributesInput, ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancerAttributesOutput, error)
	DescribeTags(context.Context, *elbv2.DescribeTagsInput, ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error)
}

// wafAPI tells which web ACL protects a resource.
type wafAPI interface {
	GetWebACLForResource(context.Context, *wafv2.GetWebACLForResourceInput, ...func(*wafv2.Options)) (*wafv2.GetWebACLForResourceOutput, error)
}

// collectELB reads the region's ELBv2 (application, network, gateway) and
// classic load balancers; the two are separate APIs.
func (r *run) collectELB(ctx context.Context, region string) *model.Estate {
	var v2, classic *model.Estate
	parallel(
		func() {
			v2 = r.elbEstate(ctx, region,
				elbv2.NewFromConfig(r.cfg, func(o *elbv2.Options) { o.Region = region }),
				wafv2.NewFromConfig(r.cfg, func(o *wafv2.Options) { o.Region = region }))
		},
		func() {
			classic = r.classicEstate(ctx, region, elbc.NewFromConfig(r.cfg, func(o *elbc.Options) { o.Region = region }))
		},
	)
	v2.Merge(classic)
	sortByAddress(v2.LoadBalancers)
	return v2
}

func (r *run) elbEstate(ctx context.Context, region string, cl elbAPI, waf wafAPI) *model.Estate {
	e := &model.Estate{}
	p := elbv2.NewDescribeLoadBalancersPaginator(cl, &elbv2.DescribeLoadBalancersInput{})
	lbs := paginate(ctx, r, r.origin("elasticloadbalancing:DescribeLoadBalancers", region, ""), p.HasMorePages, func(ctx context.Context) (*elbv2.DescribeLoadBalancersOutput, error) { return p.NextPage(ctx) },
		func(o *elbv2.DescribeLoadBalancersOutput) []elbtypes.LoadBalancer { return o.LoadBalancers })
	r.listErr(e, "AWS::ElasticLoadBalancingV2::LoadBalancer", lbs.o, lbs.err)
	e.LoadBalancers = make([]*melb.LoadBalancer, len(lbs.items))
	tags := r.elbTags(ctx, region, cl, lbs.items)
	each(lbs.items, func(i int, lb elbtypes.LoadBalancer) {
		arn := aws.ToString(lb.LoadBalancerArn)
		o := r.origin("elasticloadbalancing:DescribeLoadBalancers", region, arn)
		x := &melb.LoadBalancer{
			Meta:   r.meta("AWS::ElasticLoadBalancingV2::LoadBalancer", region, arn, o),
			Name:   known(aws.ToString(lb.LoadBalancerName), o),
			Type:   known(string(lb.Type), o),
			Scheme: known(string(lb.Scheme), o),
		}
		x.Tags = tags[arn]
		zones := []string{}
		for _, z := range lb.AvailabilityZones {
			zones = append(zones, aws.ToString(z.ZoneName))
		}
		x.Zones = known(zones, o)
		parallel(
			func() {
				ao := r.origin("elasticloadbalancing:DescribeLoadBalancerAttributes", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*elbv2.DescribeLoadBalancerAttributesOutput, error) {
					return cl.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(arn)})
				})
				if err != nil {
					x.AccessLogs = unknownErr[bool](r, ao, err)
					x.DeletionProtection, x.DropInvalidHeaders = x.AccessLogs, x.AccessLogs
					x.CrossZone = x.AccessLogs
					x.DesyncMode = unknownErr[string](r, ao, err)
					return
				}
				attrs := map[string]string{}
				for _, a := range out.Attributes {
					attrs[aws.ToString(a.Key)] = aws.ToString(a.Value)
				}
				x.AccessLogs = known(attrs["access_logs.s3.enabled"] == "true", ao)
				x.DeletionProtection = known(attrs["deletion_protection.enabled"] == "true", ao)
				if lb.Type == elbtypes.LoadBalancerTypeEnumApplication {
					x.CrossZone = known(true, ao) // always on for ALBs
					mode := attrs["routing.http.desync_mitigation_mode"]
					if mode == "" {
						mode = "defensive"
					}
					x.DesyncMode = known(mode, ao)
				} else {
					x.CrossZone = known(attrs["load_balancing.cross_zone.enabled"] == "true", ao)
				}
				if lb.Type == elbtypes.LoadBalancerTypeEnumApplication {
					x.DropInvalidHeaders = known(attrs["routing.http.drop_invalid_header_fields.enabled"] == "true", ao)
				} else {
					x.DropInvalidHeaders = source.Unknown[bool]("drop_invalid_header_fields applies to application load balancers only", source.From(ao))
				}
			},
			func() {
				lo := r.origin("elasticloadbalancing:DescribeListeners", region, arn)
				p := elbv2.NewDescribeListenersPaginator(cl, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(arn)})
				ls := paginate(ctx, r, lo, p.HasMorePages, func(ctx context.Context) (*elbv2.DescribeListenersOutput, error) { return p.NextPage(ctx) },
					func(o *elbv2.DescribeListenersOutput) []elbtypes.Listener { return o.Listeners })
				if ls.err != nil {
					x.Listeners = unknownErr[[]melb.Listener](r, lo, ls.err)
					return
				}
				out := []melb.Listener{}
				for _, l := range ls.items {
					redirect := false
					for _, a := range l.DefaultActions {
						if a.Type == elbtypes.ActionTypeEnumRedirect && a.RedirectConfig != nil && strings.EqualFold(aws.ToString(a.RedirectConfig.Protocol), "HTTPS") {
							redirect = true
						}
					}
					out = append(out, melb.Listener{Port: int(aws.ToInt32(l.Port)), Protocol: string(l.Protocol), SSLPolicy: aws.ToString(l.SslPolicy), RedirectsToHTTPS: redirect, Prov: source.From(r.origin(lo.APICall, region, aws.ToString(l.ListenerArn)))})
				}
				x.Listeners = known(out, lo)
			},
			func() {
				wo := r.origin("wafv2:GetWebACLForResource", region, arn)
				if lb.Type != elbtypes.LoadBalancerTypeEnumApplication {
					x.WebACL = source.Unknown[string]("WAF web ACLs attach to application load balancers only", source.From(wo))
					return
				}
				out, err := call(ctx, r, func(ctx context.Context) (*wafv2.GetWebACLForResourceOutput, error) {
					return waf.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(arn)})
				})
				switch {
				case err == nil && out.WebACL != nil:
					x.WebACL = known(aws.ToString(out.WebACL.ARN), wo)
				case err == nil || hasCode(err, "WAFNonexistentItemException"):
					x.WebACL = known("", wo)
				default:
					x.WebACL = unknownErr[string](r, wo, err)
				}
			},
		)
		e.LoadBalancers[i] = x
	})
	sortByAddress(e.LoadBalancers)
	return e
}

// elbTags reads the tags of load balancers, 20 per DescribeTags call (the
// API's limit); a failed batch leaves exactly its load balancers' tags
// UNKNOWN.
func (r *run) elbTags(ctx context.Context, region string, cl elbAPI, lbs []elbtypes.LoadBalancer) map[string]source.Value[map[string]string] {
	var batches [][]string
	for i, lb := range lbs {
		if i%20 == 0 {
			batches = append(batches, nil)
		}
		batches[len(batches)-1] = append(batches[len(batches)-1], aws.ToString(lb.LoadBalancerArn))
	}
	res := make([]map[string]source.Value[map[string]string], len(batches))
	each(batches, func(i int, arns []string) {
		m := map[string]source.Value[map[string]string]{}
		res[i] = m
		out, err := call(ctx, r, func(ctx context.Context) (*elbv2.DescribeTagsOutput, error) {
			return cl.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: arns})
		})
		if err != nil {
			why := r.fail("elasticloadbalancing:DescribeTags", region, err)
			for _, a := range arns {
				m[a] = source.Unknown[map[string]string](why, source.From(r.origin("elasticloadbalancing:DescribeTags", region, a)))
			}
			return
		}
		for _, a := range arns {
			// A load balancer without tags may be left out of the answer.
			m[a] = known(map[string]string{}, r.origin("elasticloadbalancing:DescribeTags", region, a))
		}
		for _, d := range out.TagDescriptions {
			a := aws.ToString(d.ResourceArn)
			m[a] = known(tagMap(d.Tags, func(t elbtypes.Tag) (*string, *string) { return t.Key, t.Value }), r.origin("elasticloadbalancing:DescribeTags", region, a))
		}
	})
	all := map[string]source.Value[map[string]string]{}
	for _, m := range res {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

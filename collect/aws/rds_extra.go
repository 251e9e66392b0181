package awscollect

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/onus-sec/onus/model"
	mrds "github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// rdsExtraAPI reads event subscriptions, proxies and the parameters of
// the parameter groups databases use.
type rdsExtraAPI interface {
	rds.DescribeEventSubscriptionsAPIClient
	rds.DescribeDBProxiesAPIClient
	rds.DescribeDBParametersAPIClient
	rds.DescribeDBClusterParametersAPIClient
}

// rdsExtra adds event subscriptions, proxies and the parameter groups the
// listed instances and clusters use to e, and sets each database's group
// and subnets.
func (r *run) rdsExtra(ctx context.Context, region string, cl rdsExtraAPI, e *model.Estate, insts []rdstypes.DBInstance, clus []rdstypes.DBCluster) {
	or := func(api string) source.Origin { return r.origin(api, region, "") }
	var (
		subs    listed[rdstypes.EventSubscription]
		proxies listed[rdstypes.DBProxy]
	)
	// Group names used by the databases (non-default groups only: a default
	// group holds the engine defaults and cannot be changed).
	dbGroups, clGroups := map[string]bool{}, map[string]bool{}
	byARN := map[string]*mrds.Instance{}
	for _, x := range e.RDSInstances {
		byARN[x.ARN] = x
	}
	for _, d := range insts {
		x := byARN[aws.ToString(d.DBInstanceArn)]
		if x == nil {
			continue
		}
		o := r.origin("rds:DescribeDBInstances", region, x.ARN)
		name := ""
		if len(d.DBParameterGroups) > 0 {
			name = aws.ToString(d.DBParameterGroups[0].DBParameterGroupName)
		}
		x.ParameterGroup = known(name, o)
		if name != "" && !strings.HasPrefix(name, "default.") {
			dbGroups[name] = true
		}
		subnets := []string{}
		if d.DBSubnetGroup != nil {
			for _, s := range d.DBSubnetGroup.Subnets {
				subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
			}
		}
		x.SubnetIDs = known(subnets, o)
	}
	clByARN := map[string]*mrds.Cluster{}
	for _, x := range e.RDSClusters {
		clByARN[x.ARN] = x
	}
	for _, c := range clus {
		x := clByARN[aws.ToString(c.DBClusterArn)]
		if x == nil {
			continue
		}
		name := aws.ToString(c.DBClusterParameterGroup)
		x.ParameterGroup = known(name, r.origin("rds:DescribeDBClusters", region, x.ARN))
		if name != "" && !strings.HasPrefix(name, "default.") {
			clGroups[name] = true
		}
	}
	var mu sync.Mutex
	var groups []*mrds.ParameterGroup
	fns := []func(){
		func() {
			p := rds.NewDescribeEventSubscriptionsPaginator(cl, &rds.DescribeEventSubscriptionsInput{})
			subs = paginate(ctx, r, or("rds:DescribeEventSubscriptions"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeEventSubscriptionsOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeEventSubscriptionsOutput) []rdstypes.EventSubscription {
					return o.EventSubscriptionsList
				})
		},
		func() {
			p := rds.NewDescribeDBProxiesPaginator(cl, &rds.DescribeDBProxiesInput{})
			proxies = paginate(ctx, r, or("rds:DescribeDBProxies"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBProxiesOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBProxiesOutput) []rdstypes.DBProxy { return o.DBProxies })
		},
	}
	for name := range dbGroups {
		fns = append(fns, func() {
			arn := r.arn("rds", region, "pg:"+name)
			o := r.origin("rds:DescribeDBParameters", region, arn)
			// Only the parameters the customer set: the rest are defaults.
			p := rds.NewDescribeDBParametersPaginator(cl, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(name), Source: aws.String("user")})
			l := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBParametersOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBParametersOutput) []rdstypes.Parameter { return o.Parameters })
			g := r.paramGroup("AWS::RDS::DBParameterGroup", region, arn, name, false, o, l)
			mu.Lock()
			groups = append(groups, g)
			mu.Unlock()
		})
	}
	for name := range clGroups {
		fns = append(fns, func() {
			arn := r.arn("rds", region, "cluster-pg:"+name)
			o := r.origin("rds:DescribeDBClusterParameters", region, arn)
			p := rds.NewDescribeDBClusterParametersPaginator(cl, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String(name), Source: aws.String("user")})
			l := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBClusterParametersOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBClusterParametersOutput) []rdstypes.Parameter { return o.Parameters })
			g := r.paramGroup("AWS::RDS::DBClusterParameterGroup", region, arn, name, true, o, l)
			mu.Lock()
			groups = append(groups, g)
			mu.Unlock()
		})
	}
	parallel(fns...)
	r.listErr(e, "AWS::RDS::EventSubscription", subs.o, subs.err)
	r.listErr(e, "AWS::RDS::DBProxy", proxies.o, proxies.err)
	for _, s := range subs.items {
		arn := aws.ToString(s.EventSubscriptionArn)
		o := r.origin("rds:DescribeEventSubscriptions", region, arn)
		cats := append([]string{}, s.EventCategoriesList...)
		e.RDSEventSubscriptions = append(e.RDSEventSubscriptions, &mrds.EventSubscription{
			Meta:       r.meta("AWS::RDS::EventSubscription", region, arn, o),
			Name:       known(aws.ToString(s.CustSubscriptionId), o),
			Enabled:    known(aws.ToBool(s.Enabled), o),
			SourceType: known(aws.ToString(s.SourceType), o),
			Categories: known(cats, o),
			SourceIDs:  known(append([]string{}, s.SourceIdsList...), o),
			SNSTopic:   known(aws.ToString(s.SnsTopicArn), o),
		})
	}
	for _, p := range proxies.items {
		arn := aws.ToString(p.DBProxyArn)
		o := r.origin("rds:DescribeDBProxies", region, arn)
		e.RDSProxies = append(e.RDSProxies, &mrds.Proxy{
			Meta:       r.meta("AWS::RDS::DBProxy", region, arn, o),
			Name:       known(aws.ToString(p.DBProxyName), o),
			RequireTLS: known(aws.ToBool(p.RequireTLS), o),
		})
	}
	e.RDSParameterGroups = append(e.RDSParameterGroups, groups...)
	sortByAddress(e.RDSEventSubscriptions)
	sortByAddress(e.RDSProxies)
	sortByAddress(e.RDSParameterGroups)
}

// paramGroup models a parameter group from its user-set parameters; a
// failed read leaves the parameters unknown.
func (r *run) paramGroup(typ, region, arn, name string, cluster bool, o source.Origin, l listed[rdstypes.Parameter]) *mrds.ParameterGroup {
	g := &mrds.ParameterGroup{Meta: r.meta(typ, region, arn, o), Name: known(name, o), Cluster: cluster,
		Family: source.Unknown[string]("not read (the parameter listing does not return it)", source.From(o))}
	if l.err != nil {
		g.Parameters = unknownErr[map[string]string](r, o, l.err)
		return g
	}
	m := map[string]string{}
	for _, p := range l.items {
		if p.ParameterValue == nil {
			continue // listed without a value: the engine default applies
		}
		m[aws.ToString(p.ParameterName)] = aws.ToString(p.ParameterValue)
	}
	g.Parameters = known(m, o)
	return g
}

package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbc "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbctypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/onus-sec/onus/model"
	melb "github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/source"
)

// classicAPI is the read-only part of the classic Elastic Load Balancing
// client onus uses.
type classicAPI interface {
	elbc.DescribeLoadBalancersAPIClient
	DescribeLoadBalancerAttributes(context.Context, *elbc.DescribeLoadBalancerAttributesInput, ...func(*elbc.Options)) (*elbc.DescribeLoadBalancerAttributesOutput, error)
	DescribeLoadBalancerPolicies(context.Context, *elbc.DescribeLoadBalancerPoliciesInput, ...func(*elbc.Options)) (*elbc.DescribeLoadBalancerPoliciesOutput, error)
	DescribeTags(context.Context, *elbc.DescribeTagsInput, ...func(*elbc.Options)) (*elbc.DescribeTagsOutput, error)
}

const classicType = "AWS::ElasticLoadBalancing::LoadBalancer"

// classicEstate reads the classic load balancers of a region: attributes
// (access logs, connection draining, cross-zone, desync mitigation), the
// listeners with their certificates, and the SSL negotiation policy of each
// HTTPS/SSL listener.
func (r *run) classicEstate(ctx context.Context, region string, cl classicAPI) *model.Estate {
	e := &model.Estate{}
	lo := r.origin("elasticloadbalancing:DescribeLoadBalancers", region, "")
	p := elbc.NewDescribeLoadBalancersPaginator(cl, &elbc.DescribeLoadBalancersInput{})
	lbs := paginate(ctx, r, lo, p.HasMorePages, func(ctx context.Context) (*elbc.DescribeLoadBalancersOutput, error) { return p.NextPage(ctx) },
		func(o *elbc.DescribeLoadBalancersOutput) []elbctypes.LoadBalancerDescription {
			return o.LoadBalancerDescriptions
		})
	r.listErr(e, classicType, lbs.o, lbs.err)
	e.LoadBalancers = make([]*melb.LoadBalancer, len(lbs.items))
	tags := r.classicTags(ctx, region, cl, lbs.items)
	each(lbs.items, func(i int, lb elbctypes.LoadBalancerDescription) {
		name := aws.ToString(lb.LoadBalancerName)
		arn := r.arn("elasticloadbalancing", region, "loadbalancer/"+name)
		o := r.origin("elasticloadbalancing:DescribeLoadBalancers", region, arn)
		x := &melb.LoadBalancer{
			Meta:   r.meta(classicType, region, arn, o),
			Name:   known(name, o),
			Type:   known("classic", o),
			Scheme: known(aws.ToString(lb.Scheme), o),
			Zones:  known(append([]string{}, lb.AvailabilityZones...), o),
			// Classic load balancers have neither setting; no control
			// judges them on this type.
			DeletionProtection: source.Unknown[bool]("classic load balancers have no deletion protection", source.From(o)),
			DropInvalidHeaders: source.Unknown[bool]("drop_invalid_header_fields applies to application load balancers only", source.From(o)),
			WebACL:             source.Unknown[string]("WAF web ACLs attach to application load balancers only", source.From(o)),
		}
		x.Tags = tags[name]
		parallel(
			func() { r.classicAttributes(ctx, region, cl, name, x) },
			func() { x.Listeners = r.classicListeners(ctx, region, cl, name, arn, lb.ListenerDescriptions, o) },
		)
		e.LoadBalancers[i] = x
	})
	sortByAddress(e.LoadBalancers)
	return e
}

func (r *run) classicAttributes(ctx context.Context, region string, cl classicAPI, name string, x *melb.LoadBalancer) {
	ao := r.origin("elasticloadbalancing:DescribeLoadBalancerAttributes", region, x.ARN)
	out, err := call(ctx, r, func(ctx context.Context) (*elbc.DescribeLoadBalancerAttributesOutput, error) {
		return cl.DescribeLoadBalancerAttributes(ctx, &elbc.DescribeLoadBalancerAttributesInput{LoadBalancerName: aws.String(name)})
	})
	if err != nil {
		x.AccessLogs = unknownErr[bool](r, ao, err)
		x.ConnectionDraining, x.CrossZone = x.AccessLogs, x.AccessLogs
		x.DesyncMode = source.Unknown[string](x.AccessLogs.Reason(), source.From(ao))
		return
	}
	a := out.LoadBalancerAttributes
	if a == nil {
		a = &elbctypes.LoadBalancerAttributes{}
	}
	// An attribute left out of the answer is off: that is how a new
	// classic load balancer starts (CreateLoadBalancer API defaults).
	x.AccessLogs = known(a.AccessLog != nil && a.AccessLog.Enabled, ao)
	x.ConnectionDraining = known(a.ConnectionDraining != nil && a.ConnectionDraining.Enabled, ao)
	x.CrossZone = known(a.CrossZoneLoadBalancing != nil && a.CrossZoneLoadBalancing.Enabled, ao)
	mode := "defensive" // AWS's default when the attribute was never set
	for _, aa := range a.AdditionalAttributes {
		if aws.ToString(aa.Key) == "elb.http.desyncmitigationmode" && aws.ToString(aa.Value) != "" {
			mode = aws.ToString(aa.Value)
		}
	}
	x.DesyncMode = known(mode, ao)
}

// classicListeners turns the listener descriptions into the model. The SSL
// policy of an HTTPS/SSL listener is the SSLNegotiationPolicyType policy
// among its PolicyNames, read from DescribeLoadBalancerPolicies: the
// predefined policy it references (Reference-Security-Policy), or the
// protocols and ciphers a custom one enables. A listener with no SSL
// negotiation policy gets AWS's default (elb.ClassicDefaultSSLPolicy). When
// the policies cannot be read, the listeners are still known (protocol,
// certificate) and each TLS listener says why its policy is UNKNOWN.
func (r *run) classicListeners(ctx context.Context, region string, cl classicAPI, name, arn string, lds []elbctypes.ListenerDescription, o source.Origin) source.Value[[]melb.Listener] {
	tls := false
	for _, ld := range lds {
		if ld.Listener != nil && isTLSProto(aws.ToString(ld.Listener.Protocol)) {
			tls = true
		}
	}
	po := r.origin("elasticloadbalancing:DescribeLoadBalancerPolicies", region, arn)
	// types holds every policy of the load balancer by name, so a
	// stickiness policy on the listener is told apart from an unknown one.
	types, attrs, policyErr := map[string]string{}, map[string][]melb.SSLAttr{}, ""
	if tls {
		out, err := call(ctx, r, func(ctx context.Context) (*elbc.DescribeLoadBalancerPoliciesOutput, error) {
			return cl.DescribeLoadBalancerPolicies(ctx, &elbc.DescribeLoadBalancerPoliciesInput{LoadBalancerName: aws.String(name)})
		})
		if err != nil {
			policyErr = r.fail(po.APICall, region, err)
		} else {
			for _, pd := range out.PolicyDescriptions {
				pn := aws.ToString(pd.PolicyName)
				types[pn] = aws.ToString(pd.PolicyTypeName)
				if types[pn] != "SSLNegotiationPolicyType" {
					continue
				}
				as := []melb.SSLAttr{}
				for _, at := range pd.PolicyAttributeDescriptions {
					as = append(as, melb.SSLAttr{Name: aws.ToString(at.AttributeName), Value: aws.ToString(at.AttributeValue), Prov: source.From(po)})
				}
				attrs[pn] = as
			}
		}
	}
	out := []melb.Listener{}
	for _, ld := range lds {
		l := ld.Listener
		if l == nil {
			continue
		}
		x := melb.Listener{Port: int(l.LoadBalancerPort), Protocol: strings.ToUpper(aws.ToString(l.Protocol)), Prov: source.From(o),
			Certificate: known(aws.ToString(l.SSLCertificateId), o)}
		if isTLSProto(x.Protocol) {
			classicListenerPolicy(&x, ld.PolicyNames, types, attrs, policyErr, o, po)
		}
		out = append(out, x)
	}
	return known(out, o)
}

// classicListenerPolicy sets the SSL policy of one HTTPS/SSL listener from
// its PolicyNames (o: DescribeLoadBalancers) and the policies described
// (po: DescribeLoadBalancerPolicies).
func classicListenerPolicy(x *melb.Listener, names []string, types map[string]string, attrs map[string][]melb.SSLAttr, policyErr string, o, po source.Origin) {
	if policyErr != "" {
		x.SetSSLPolicyUnknown(policyErr, source.From(po))
		return
	}
	for _, pn := range names {
		typ, described := types[pn]
		switch {
		case typ == "SSLNegotiationPolicyType":
			x.SetClassicSSLPolicy(pn, attrs[pn], source.From(po))
			return
		case described: // stickiness, proxy protocol, ...
		case strings.HasPrefix(pn, "ELBSecurityPolicy-"):
			// A predefined policy named directly on the listener.
			x.SetClassicSSLPolicy(pn, []melb.SSLAttr{{Name: "Reference-Security-Policy", Value: pn, Prov: source.From(o)}}, source.From(o))
			return
		default:
			x.SetSSLPolicyUnknown("the listener's policy "+pn+" is not among those DescribeLoadBalancerPolicies returned", source.From(po))
			return
		}
	}
	x.SetClassicDefaultSSLPolicy(source.From(o))
}

func isTLSProto(p string) bool {
	p = strings.ToUpper(p)
	return p == "HTTPS" || p == "SSL"
}

// classicTags reads the tags of classic load balancers, 20 names per
// DescribeTags call (the API's limit); a failed batch leaves exactly its
// load balancers' tags UNKNOWN.
func (r *run) classicTags(ctx context.Context, region string, cl classicAPI, lbs []elbctypes.LoadBalancerDescription) map[string]source.Value[map[string]string] {
	var batches [][]string
	for i, lb := range lbs {
		if i%20 == 0 {
			batches = append(batches, nil)
		}
		batches[len(batches)-1] = append(batches[len(batches)-1], aws.ToString(lb.LoadBalancerName))
	}
	res := make([]map[string]source.Value[map[string]string], len(batches))
	api := "elasticloadbalancing:DescribeTags"
	each(batches, func(i int, names []string) {
		m := map[string]source.Value[map[string]string]{}
		res[i] = m
		out, err := call(ctx, r, func(ctx context.Context) (*elbc.DescribeTagsOutput, error) {
			return cl.DescribeTags(ctx, &elbc.DescribeTagsInput{LoadBalancerNames: names})
		})
		o := func(n string) source.Origin {
			return r.origin(api, region, r.arn("elasticloadbalancing", region, "loadbalancer/"+n))
		}
		if err != nil {
			why := r.fail(api, region, err)
			for _, n := range names {
				m[n] = source.Unknown[map[string]string](why, source.From(o(n)))
			}
			return
		}
		for _, n := range names {
			m[n] = known(map[string]string{}, o(n))
		}
		for _, d := range out.TagDescriptions {
			n := aws.ToString(d.LoadBalancerName)
			m[n] = known(tagMap(d.Tags, func(t elbctypes.Tag) (*string, *string) { return t.Key, t.Value }), o(n))
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

package awscollect

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	mec2 "github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// ec2NetAPI reads VPC endpoints, launch templates (with their default
// versions) and transit gateways.
type ec2NetAPI interface {
	ec2.DescribeVpcEndpointsAPIClient
	ec2.DescribeLaunchTemplatesAPIClient
	ec2.DescribeLaunchTemplateVersionsAPIClient
	ec2.DescribeTransitGatewaysAPIClient
}

// ec2Net is what the network reads of one region returned.
type ec2Net struct {
	endpoints listed[ec2types.VpcEndpoint]
	templates listed[ec2types.LaunchTemplate]
	// versions[i] is the default version of templates.items[i], or the
	// reason it could not be read.
	versions []ltVersion
	tgws     listed[ec2types.TransitGateway]
}

type ltVersion struct {
	data *ec2types.ResponseLaunchTemplateData
	err  string
	o    source.Origin
}

func (r *run) ec2NetList(ctx context.Context, region string, cl ec2NetAPI) *ec2Net {
	n := &ec2Net{}
	or := func(api string) source.Origin { return r.origin(api, region, "") }
	parallel(
		func() {
			p := ec2.NewDescribeVpcEndpointsPaginator(cl, &ec2.DescribeVpcEndpointsInput{})
			n.endpoints = paginate(ctx, r, or("ec2:DescribeVpcEndpoints"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeVpcEndpointsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeVpcEndpointsOutput) []ec2types.VpcEndpoint { return o.VpcEndpoints })
		},
		func() {
			p := ec2.NewDescribeLaunchTemplatesPaginator(cl, &ec2.DescribeLaunchTemplatesInput{})
			n.templates = paginate(ctx, r, or("ec2:DescribeLaunchTemplates"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeLaunchTemplatesOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeLaunchTemplatesOutput) []ec2types.LaunchTemplate { return o.LaunchTemplates })
			n.versions = make([]ltVersion, len(n.templates.items))
			each(n.templates.items, func(i int, t ec2types.LaunchTemplate) {
				id := aws.ToString(t.LaunchTemplateId)
				o := r.origin("ec2:DescribeLaunchTemplateVersions", region, r.arn("ec2", region, "launch-template/"+id))
				out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
					return cl.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(id), Versions: []string{"$Default"}})
				})
				switch {
				case err != nil:
					n.versions[i] = ltVersion{err: r.fail(o.APICall, region, err), o: o}
				case len(out.LaunchTemplateVersions) == 0 || out.LaunchTemplateVersions[0].LaunchTemplateData == nil:
					n.versions[i] = ltVersion{err: "ec2:DescribeLaunchTemplateVersions returned no default version", o: o}
				default:
					n.versions[i] = ltVersion{data: out.LaunchTemplateVersions[0].LaunchTemplateData, o: o}
				}
			})
		},
		func() {
			p := ec2.NewDescribeTransitGatewaysPaginator(cl, &ec2.DescribeTransitGatewaysInput{})
			n.tgws = paginate(ctx, r, or("ec2:DescribeTransitGateways"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeTransitGatewaysOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeTransitGatewaysOutput) []ec2types.TransitGateway { return o.TransitGateways })
		},
	)
	return n
}

// ec2NetApply joins the endpoints onto the region's VPCs (already in e)
// and adds the launch templates and transit gateways.
func (r *run) ec2NetApply(e *model.Estate, region string, n *ec2Net) {
	epErr := r.listErr(e, "AWS::EC2::VPCEndpoint", n.endpoints.o, n.endpoints.err)
	byVPC := map[string][]mec2.VPCEndpoint{}
	for _, ep := range n.endpoints.items {
		id := aws.ToString(ep.VpcEndpointId)
		o := r.origin("ec2:DescribeVpcEndpoints", region, r.arn("ec2", region, "vpc-endpoint/"+id))
		vpc := aws.ToString(ep.VpcId)
		byVPC[vpc] = append(byVPC[vpc], mec2.VPCEndpoint{ID: id, ServiceName: known(aws.ToString(ep.ServiceName), o),
			Type: string(ep.VpcEndpointType), State: string(ep.State), Prov: source.From(o)})
	}
	for _, v := range e.VPCs {
		if v.Region != region {
			continue
		}
		id, _ := v.VPCID.Get()
		o := r.origin("ec2:DescribeVpcEndpoints", region, v.ARN)
		if epErr != "" {
			v.Endpoints = source.Unknown[[]mec2.VPCEndpoint](epErr, source.From(o))
			continue
		}
		l := byVPC[id]
		if l == nil {
			l = []mec2.VPCEndpoint{}
		}
		v.Endpoints = known(l, o)
	}

	r.listErr(e, "AWS::EC2::LaunchTemplate", n.templates.o, n.templates.err)
	for i, t := range n.templates.items {
		id := aws.ToString(t.LaunchTemplateId)
		arn := r.arn("ec2", region, "launch-template/"+id)
		o := r.origin("ec2:DescribeLaunchTemplates", region, arn)
		lt := &mec2.LaunchTemplate{
			Meta: base.Meta{Type: "AWS::EC2::LaunchTemplate", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(t.Tags, o)},
			Name: known(aws.ToString(t.LaunchTemplateName), o),
		}
		v := n.versions[i]
		if v.data == nil {
			lt.PublicIPInterfaces = source.Unknown[[]string](v.err, source.From(v.o))
			lt.HTTPTokens = source.Unknown[string](v.err, source.From(v.o))
			lt.UnencryptedVolumes = source.Unknown[[]string](v.err, source.From(v.o))
		} else {
			fillTemplate(lt, v.data, v.o)
		}
		e.LaunchTemplates = append(e.LaunchTemplates, lt)
	}

	r.listErr(e, "AWS::EC2::TransitGateway", n.tgws.o, n.tgws.err)
	for _, g := range n.tgws.items {
		if g.State == ec2types.TransitGatewayStateDeleted || g.State == ec2types.TransitGatewayStateDeleting {
			continue
		}
		id := aws.ToString(g.TransitGatewayId)
		arn := aws.ToString(g.TransitGatewayArn)
		if arn == "" {
			arn = r.arn("ec2", region, "transit-gateway/"+id)
		}
		o := r.origin("ec2:DescribeTransitGateways", region, arn)
		tg := &mec2.TransitGateway{Meta: base.Meta{Type: "AWS::EC2::TransitGateway", Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: ec2Tags(g.Tags, o)}}
		if g.Options == nil {
			tg.AutoAcceptSharedAttachments = source.Unknown[bool]("ec2:DescribeTransitGateways returned no options", source.From(o))
		} else {
			tg.AutoAcceptSharedAttachments = known(g.Options.AutoAcceptSharedAttachments == ec2types.AutoAcceptSharedAttachmentsValueEnable, o)
		}
		e.TransitGateways = append(e.TransitGateways, tg)
	}
	sortByAddress(e.LaunchTemplates)
	sortByAddress(e.TransitGateways)
}

// fillTemplate reads the settings the launch template controls judge from
// the template's default version.
func fillTemplate(lt *mec2.LaunchTemplate, d *ec2types.ResponseLaunchTemplateData, o source.Origin) {
	pub := []string{}
	for i, ni := range d.NetworkInterfaces {
		if aws.ToBool(ni.AssociatePublicIpAddress) {
			idx := i
			if ni.DeviceIndex != nil {
				idx = int(*ni.DeviceIndex)
			}
			pub = append(pub, "device_index "+strconv.Itoa(idx))
		}
	}
	lt.PublicIPInterfaces = known(pub, o)
	// No metadata options: the template leaves IMDS to the AMI and account
	// defaults, "" as the code sources read it.
	tokens := ""
	if d.MetadataOptions != nil {
		tokens = strings.ToLower(string(d.MetadataOptions.HttpTokens))
	}
	lt.HTTPTokens = known(tokens, o)
	bad := []string{}
	for _, m := range d.BlockDeviceMappings {
		if m.Ebs != nil && !aws.ToBool(m.Ebs.Encrypted) {
			bad = append(bad, aws.ToString(m.DeviceName))
		}
	}
	lt.UnencryptedVolumes = known(bad, o)
}

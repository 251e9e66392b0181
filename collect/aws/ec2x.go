package awscollect

import (
	"context"
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	mec2 "github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

// ec2xAPI reads Site-to-Site VPN connections, Client VPN endpoints, Spot
// Fleet requests and the VPC Block Public Access options.
type ec2xAPI interface {
	ec2.DescribeClientVpnEndpointsAPIClient
	ec2.DescribeSpotFleetRequestsAPIClient
	DescribeVpnConnections(context.Context, *ec2.DescribeVpnConnectionsInput, ...func(*ec2.Options)) (*ec2.DescribeVpnConnectionsOutput, error)
	DescribeVpcBlockPublicAccessOptions(context.Context, *ec2.DescribeVpcBlockPublicAccessOptionsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcBlockPublicAccessOptionsOutput, error)
}

// ec2x is what those reads of one region returned.
type ec2x struct {
	vpns    listed[ec2types.VpnConnection]
	cvpns   listed[ec2types.ClientVpnEndpoint]
	fleets  listed[ec2types.SpotFleetRequestConfig]
	bpa     *ec2types.VpcBlockPublicAccessOptions
	bpaErr  error
	bpaOrig source.Origin
}

func (r *run) ec2xList(ctx context.Context, region string, cl ec2xAPI) *ec2x {
	x := &ec2x{}
	or := func(api string) source.Origin { return r.origin(api, region, "") }
	parallel(
		func() {
			// DescribeVpnConnections has no pagination: one call lists all.
			o := or("ec2:DescribeVpnConnections")
			x.vpns = listed[ec2types.VpnConnection]{o: o, items: []ec2types.VpnConnection{}}
			out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeVpnConnectionsOutput, error) {
				return cl.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
			})
			if err != nil {
				x.vpns.err = err
				return
			}
			x.vpns.items = out.VpnConnections
		},
		func() {
			p := ec2.NewDescribeClientVpnEndpointsPaginator(cl, &ec2.DescribeClientVpnEndpointsInput{})
			x.cvpns = paginate(ctx, r, or("ec2:DescribeClientVpnEndpoints"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeClientVpnEndpointsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeClientVpnEndpointsOutput) []ec2types.ClientVpnEndpoint {
					return o.ClientVpnEndpoints
				})
		},
		func() {
			p := ec2.NewDescribeSpotFleetRequestsPaginator(cl, &ec2.DescribeSpotFleetRequestsInput{})
			x.fleets = paginate(ctx, r, or("ec2:DescribeSpotFleetRequests"), p.HasMorePages, func(ctx context.Context) (*ec2.DescribeSpotFleetRequestsOutput, error) { return p.NextPage(ctx) },
				func(o *ec2.DescribeSpotFleetRequestsOutput) []ec2types.SpotFleetRequestConfig {
					return o.SpotFleetRequestConfigs
				})
		},
		func() {
			x.bpaOrig = or("ec2:DescribeVpcBlockPublicAccessOptions")
			out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeVpcBlockPublicAccessOptionsOutput, error) {
				return cl.DescribeVpcBlockPublicAccessOptions(ctx, &ec2.DescribeVpcBlockPublicAccessOptionsInput{})
			})
			if err != nil {
				x.bpaErr = err
				return
			}
			x.bpa = out.VpcBlockPublicAccessOptions
		},
	)
	return x
}

// ec2xApply adds what ec2xList read to the region's estate.
func (r *run) ec2xApply(e *model.Estate, region string, x *ec2x) {
	r.listErr(e, "AWS::EC2::VPNConnection", x.vpns.o, x.vpns.err)
	for _, v := range x.vpns.items {
		if v.State == ec2types.VpnStateDeleted || v.State == ec2types.VpnStateDeleting {
			continue
		}
		id := aws.ToString(v.VpnConnectionId)
		arn := r.arn("ec2", region, "vpn-connection/"+id)
		o := r.origin("ec2:DescribeVpnConnections", region, arn)
		c := &mec2.VPNConnection{Meta: r.meta("AWS::EC2::VPNConnection", region, arn, o)}
		c.Tags = ec2Tags(v.Tags, o)
		status := []mec2.VPNTunnelStatus{}
		for _, t := range v.VgwTelemetry {
			status = append(status, mec2.VPNTunnelStatus{OutsideIP: aws.ToString(t.OutsideIpAddress), Status: string(t.Status), StatusMessage: aws.ToString(t.StatusMessage)})
		}
		c.TunnelStatus = known(status, o)
		if v.Options == nil || len(v.Options.TunnelOptions) == 0 {
			c.TunnelLogging = source.Unknown[[]bool]("ec2:DescribeVpnConnections reported no tunnel options", source.From(o))
		} else {
			logs := make([]bool, len(v.Options.TunnelOptions))
			for i, t := range v.Options.TunnelOptions {
				logs[i] = t.LogOptions != nil && t.LogOptions.CloudWatchLogOptions != nil && aws.ToBool(t.LogOptions.CloudWatchLogOptions.LogEnabled)
			}
			c.TunnelLogging = known(logs, o)
		}
		e.VPNConnections = append(e.VPNConnections, c)
	}

	r.listErr(e, "AWS::EC2::ClientVpnEndpoint", x.cvpns.o, x.cvpns.err)
	for _, v := range x.cvpns.items {
		if v.Status != nil && (v.Status.Code == ec2types.ClientVpnEndpointStatusCodeDeleted || v.Status.Code == ec2types.ClientVpnEndpointStatusCodeDeleting) {
			continue
		}
		id := aws.ToString(v.ClientVpnEndpointId)
		arn := r.arn("ec2", region, "client-vpn-endpoint/"+id)
		o := r.origin("ec2:DescribeClientVpnEndpoints", region, arn)
		c := &mec2.ClientVPNEndpoint{Meta: r.meta("AWS::EC2::ClientVpnEndpoint", region, arn, o)}
		c.Tags = ec2Tags(v.Tags, o)
		if v.ConnectionLogOptions == nil {
			c.ConnectionLogging = source.Unknown[bool]("ec2:DescribeClientVpnEndpoints reported no connection log options", source.From(o))
		} else {
			c.ConnectionLogging = known(aws.ToBool(v.ConnectionLogOptions.Enabled), o)
		}
		e.ClientVPNEndpoints = append(e.ClientVPNEndpoints, c)
	}

	r.listErr(e, "AWS::EC2::SpotFleet", x.fleets.o, x.fleets.err)
	for _, f := range x.fleets.items {
		switch f.SpotFleetRequestState {
		case ec2types.BatchStateCancelled, ec2types.BatchStateCancelledRunning, ec2types.BatchStateCancelledTerminatingInstances, ec2types.BatchStateFailed:
			continue
		}
		id := aws.ToString(f.SpotFleetRequestId)
		arn := r.arn("ec2", region, "spot-fleet-request/"+id)
		o := r.origin("ec2:DescribeSpotFleetRequests", region, arn)
		s := &mec2.SpotFleetRequest{Meta: r.meta("AWS::EC2::SpotFleet", region, arn, o)}
		s.Tags = ec2Tags(f.Tags, o)
		if f.SpotFleetRequestConfig == nil {
			why := "ec2:DescribeSpotFleetRequests reported no request configuration"
			s.LaunchSpecifications = source.Unknown[int](why, source.From(o))
			s.UnencryptedVolumes = source.Unknown[[]string](why, source.From(o))
		} else {
			specs := f.SpotFleetRequestConfig.LaunchSpecifications
			s.LaunchSpecifications = known(len(specs), o)
			bad := []string{}
			for i, sp := range specs {
				for _, m := range sp.BlockDeviceMappings {
					if m.Ebs != nil && !aws.ToBool(m.Ebs.Encrypted) {
						bad = append(bad, "LaunchSpecifications["+strconv.Itoa(i)+"] "+aws.ToString(m.DeviceName))
					}
				}
			}
			s.UnencryptedVolumes = known(bad, o)
		}
		e.SpotFleetRequests = append(e.SpotFleetRequests, s)
	}

	// One record per region, like EBS encryption by default: a failed read
	// is an UNKNOWN setting, not a missing one.
	addr := "vpc-block-public-access/" + r.account + "/" + region
	bpa := &mec2.VPCBlockPublicAccess{Meta: base.Meta{Type: "AWS::EC2::VPCBlockPublicAccessOptions", Address: addr, Account: r.account, Region: region,
		Source: source.AWS, Origin: base.LiveOrigin(x.bpaOrig), Tags: known(map[string]string(nil), x.bpaOrig)}}
	switch {
	case x.bpaErr != nil:
		bpa.InternetGatewayBlockMode = unknownErr[string](r, x.bpaOrig, x.bpaErr)
	case x.bpa == nil || x.bpa.InternetGatewayBlockMode == "":
		bpa.InternetGatewayBlockMode = source.Unknown[string]("ec2:DescribeVpcBlockPublicAccessOptions reported no internet gateway block mode", source.From(x.bpaOrig))
	default:
		bpa.InternetGatewayBlockMode = known(string(x.bpa.InternetGatewayBlockMode), x.bpaOrig)
	}
	e.VPCBlockPublicAccess = append(e.VPCBlockPublicAccess, bpa)
	sortByAddress(e.VPNConnections)
	sortByAddress(e.ClientVPNEndpoints)
	sortByAddress(e.SpotFleetRequests)
}

// stateSince is the time a state transition reason states, as
// "User initiated (2017-02-28 07:33:36 GMT)" does.
var stateSince = regexp.MustCompile(`\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)`)

// stateTransitionTime reads when the instance entered its state from its
// state transition reason; a reason without a time is UNKNOWN.
func stateTransitionTime(reason string, o source.Origin) source.Value[string] {
	m := stateSince.FindStringSubmatch(reason)
	if m == nil {
		why := "ec2:DescribeInstances states no time for the last state transition"
		if reason != "" {
			why += " (" + strconv.Quote(reason) + ")"
		}
		return source.Unknown[string](why, source.From(o))
	}
	t, err := time.Parse("2006-01-02 15:04:05", m[1])
	if err != nil {
		return source.Unknown[string]("state transition time "+strconv.Quote(m[1])+": "+err.Error(), source.From(o))
	}
	return known(t.UTC().Format(time.RFC3339), o)
}

// instanceENIs lists the network interfaces attached to an instance.
func instanceENIs(in ec2types.Instance) []string {
	out := []string{}
	for _, n := range in.NetworkInterfaces {
		out = append(out, aws.ToString(n.NetworkInterfaceId))
	}
	return out
}

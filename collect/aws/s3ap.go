package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/onus-sec/onus/model"
	ms3 "github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// accessPointAPI lists a region's S3 access points and reads each one.
type accessPointAPI interface {
	s3control.ListAccessPointsAPIClient
	GetAccessPoint(context.Context, *s3control.GetAccessPointInput, ...func(*s3control.Options)) (*s3control.GetAccessPointOutput, error)
}

const accessPointType = "AWS::S3::AccessPoint"

func (r *run) accessPointClient(region string) accessPointAPI {
	return r.s3ControlClient(region).(accessPointAPI)
}

// s3AccessPoints adds the S3 access points of every scanned region with
// their public access block and network origin (GetAccessPoint: the
// listing carries no public access block).
func (r *run) s3AccessPoints(ctx context.Context, clientFor func(string) accessPointAPI) *model.Estate {
	parts := make([]*model.Estate, len(r.regions))
	each(r.regions, func(i int, region string) { parts[i] = r.regionAccessPoints(ctx, region, clientFor(region)) })
	e := &model.Estate{}
	for _, p := range parts {
		e.Merge(p)
	}
	sortByAddress(e.S3AccessPoints)
	return e
}

func (r *run) regionAccessPoints(ctx context.Context, region string, cl accessPointAPI) *model.Estate {
	e := &model.Estate{}
	lo := r.origin("s3control:ListAccessPoints", region, "")
	p := s3control.NewListAccessPointsPaginator(cl, &s3control.ListAccessPointsInput{AccountId: aws.String(r.account)})
	aps := paginate(ctx, r, lo, p.HasMorePages, func(ctx context.Context) (*s3control.ListAccessPointsOutput, error) { return p.NextPage(ctx) },
		func(o *s3control.ListAccessPointsOutput) []s3ctltypes.AccessPoint { return o.AccessPointList })
	r.listErr(e, accessPointType, aps.o, aps.err)
	var mine []s3ctltypes.AccessPoint
	for _, ap := range aps.items {
		// The listing is per region; an answer naming another region in
		// the ARN (an emulator keeps one list for all) belongs there.
		if f := strings.Split(aws.ToString(ap.AccessPointArn), ":"); len(f) > 3 && f[3] != region {
			continue
		}
		mine = append(mine, ap)
	}
	e.S3AccessPoints = make([]*ms3.AccessPoint, len(mine))
	each(mine, func(i int, ap s3ctltypes.AccessPoint) {
		name := aws.ToString(ap.Name)
		arn := aws.ToString(ap.AccessPointArn)
		if arn == "" {
			arn = "arn:" + r.partition + ":s3:" + region + ":" + r.account + ":accesspoint/" + name
		}
		o := r.origin("s3control:ListAccessPoints", region, arn)
		x := &ms3.AccessPoint{Meta: r.meta(accessPointType, region, arn, o), Name: known(name, o), Bucket: known(aws.ToString(ap.Bucket), o)}
		x.Tags = source.Unknown[map[string]string]("tags of access points are not read", source.From(o))
		x.NetworkOrigin = known(string(ap.NetworkOrigin), o)
		if ap.NetworkOrigin == "" {
			x.NetworkOrigin = source.Unknown[string]("s3control:ListAccessPoints returned no NetworkOrigin", source.From(o))
		}
		if ap.VpcConfiguration != nil {
			x.VPCID = aws.ToString(ap.VpcConfiguration.VpcId)
		}
		gao := r.origin("s3control:GetAccessPoint", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*s3control.GetAccessPointOutput, error) {
			return cl.GetAccessPoint(ctx, &s3control.GetAccessPointInput{AccountId: aws.String(r.account), Name: aws.String(name)})
		})
		switch {
		case err != nil:
			x.PublicAccessBlock = unknownErr[*ms3.PublicAccessBlock](r, gao, err)
		case out.PublicAccessBlockConfiguration == nil:
			// AWS always answers with the block (all on unless the creator
			// said otherwise); its absence says nothing either way.
			x.PublicAccessBlock = source.Unknown[*ms3.PublicAccessBlock]("s3control:GetAccessPoint returned no PublicAccessBlockConfiguration", source.From(gao))
		default:
			b := out.PublicAccessBlockConfiguration
			sw := func(v *bool, name string) source.Value[bool] {
				if v == nil {
					return source.Unknown[bool]("s3control:GetAccessPoint returned no "+name, source.From(gao))
				}
				return known(*v, gao)
			}
			x.PublicAccessBlock = known(&ms3.PublicAccessBlock{
				BlockPublicACLs: sw(b.BlockPublicAcls, "BlockPublicAcls"), IgnorePublicACLs: sw(b.IgnorePublicAcls, "IgnorePublicAcls"),
				BlockPublicPolicy: sw(b.BlockPublicPolicy, "BlockPublicPolicy"), RestrictPublicBuckets: sw(b.RestrictPublicBuckets, "RestrictPublicBuckets"),
				Prov: source.Pack(source.From(gao))}, gao)
		}
		if err == nil && out.NetworkOrigin != "" {
			x.NetworkOrigin = known(string(out.NetworkOrigin), gao)
			if out.VpcConfiguration != nil {
				x.VPCID = aws.ToString(out.VpcConfiguration.VpcId)
			}
		}
		e.S3AccessPoints[i] = x
	})
	return e
}

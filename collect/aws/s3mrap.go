package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	ms3 "github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// mrapAPI lists the account's Multi-Region Access Points.
type mrapAPI interface {
	s3control.ListMultiRegionAccessPointsAPIClient
}

// mrapRegion is where S3 Control serves Multi-Region Access Point
// requests: every such call is routed to US West (Oregon).
const mrapRegion = "us-west-2"

// s3MRAPs adds the account's Multi-Region Access Points (global, so read
// once per scan) with their public access blocks.
func (r *run) s3MRAPs(ctx context.Context, e *model.Estate, cl mrapAPI) {
	o := r.origin("s3control:ListMultiRegionAccessPoints", "", "")
	p := s3control.NewListMultiRegionAccessPointsPaginator(cl, &s3control.ListMultiRegionAccessPointsInput{AccountId: aws.String(r.account)})
	for p.HasMorePages() {
		out, err := call(ctx, r, func(ctx context.Context) (*s3control.ListMultiRegionAccessPointsOutput, error) {
			return p.NextPage(ctx)
		})
		if err != nil {
			r.gap(e, "AWS::S3::MultiRegionAccessPoint", o, err)
			return
		}
		for _, ap := range out.AccessPoints {
			arn := "arn:" + r.partition + ":s3::" + r.account + ":accesspoint/" + aws.ToString(ap.Alias)
			ao := r.origin(o.APICall, "", arn)
			m := &ms3.MultiRegionAccessPoint{
				Meta: base.Meta{Type: "AWS::S3::MultiRegionAccessPoint", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(ao),
					Tags: source.Unknown[map[string]string]("tags of Multi-Region Access Points are not read", source.From(ao))},
				Name: known(aws.ToString(ap.Name), ao),
			}
			if b := ap.PublicAccessBlock; b == nil {
				m.PublicAccessBlock = known[*ms3.PublicAccessBlock](nil, ao)
			} else {
				m.PublicAccessBlock = known(&ms3.PublicAccessBlock{
					BlockPublicACLs: known(aws.ToBool(b.BlockPublicAcls), ao), IgnorePublicACLs: known(aws.ToBool(b.IgnorePublicAcls), ao),
					BlockPublicPolicy: known(aws.ToBool(b.BlockPublicPolicy), ao), RestrictPublicBuckets: known(aws.ToBool(b.RestrictPublicBuckets), ao),
					Prov: source.Pack(source.From(ao))}, ao)
			}
			e.S3MultiRegionAccessPoints = append(e.S3MultiRegionAccessPoints, m)
		}
	}
	sortByAddress(e.S3MultiRegionAccessPoints)
}

func (r *run) mrapClient() mrapAPI {
	return r.s3ControlClient(mrapRegion).(mrapAPI)
}

package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/onus-sec/onus/model"
	mefs "github.com/onus-sec/onus/model/efs"
)

// efsExtraAPI reads mount targets and access points.
type efsExtraAPI interface {
	efs.DescribeMountTargetsAPIClient
	efs.DescribeAccessPointsAPIClient
}

// efsExtra adds each file system's mount target subnets and the region's
// access points to e.
func (r *run) efsExtra(ctx context.Context, region string, cl efsExtraAPI, e *model.Estate) {
	parallel(
		func() {
			each(e.EFSFileSystems, func(_ int, f *mefs.FileSystem) {
				id, _ := f.ID.Get()
				o := r.origin("elasticfilesystem:DescribeMountTargets", region, f.ARN)
				p := efs.NewDescribeMountTargetsPaginator(cl, &efs.DescribeMountTargetsInput{FileSystemId: aws.String(id)})
				l := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*efs.DescribeMountTargetsOutput, error) { return p.NextPage(ctx) },
					func(o *efs.DescribeMountTargetsOutput) []efstypes.MountTargetDescription { return o.MountTargets })
				if l.err != nil {
					f.MountTargetSubnets = unknownErr[[]string](r, o, l.err)
					return
				}
				subs := []string{}
				for _, m := range l.items {
					subs = append(subs, aws.ToString(m.SubnetId))
				}
				f.MountTargetSubnets = known(subs, o)
			})
		},
		func() {
			o := r.origin("elasticfilesystem:DescribeAccessPoints", region, "")
			p := efs.NewDescribeAccessPointsPaginator(cl, &efs.DescribeAccessPointsInput{})
			l := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*efs.DescribeAccessPointsOutput, error) { return p.NextPage(ctx) },
				func(o *efs.DescribeAccessPointsOutput) []efstypes.AccessPointDescription { return o.AccessPoints })
			r.listErr(e, "AWS::EFS::AccessPoint", l.o, l.err)
			for _, a := range l.items {
				arn := aws.ToString(a.AccessPointArn)
				ao := r.origin("elasticfilesystem:DescribeAccessPoints", region, arn)
				root := ""
				if a.RootDirectory != nil {
					root = aws.ToString(a.RootDirectory.Path)
				}
				tags := map[string]string{}
				for _, t := range a.Tags {
					tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
				meta := r.meta("AWS::EFS::AccessPoint", region, arn, ao)
				meta.Tags = known(tags, ao)
				e.EFSAccessPoints = append(e.EFSAccessPoints, &mefs.AccessPoint{Meta: meta,
					RootDirectory: known(root, ao), PosixUser: known(a.PosixUser != nil, ao)})
			}
			sortByAddress(e.EFSAccessPoints)
		},
	)
}

package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dax"
	daxtypes "github.com/aws/aws-sdk-go-v2/service/dax/types"

	"github.com/onus-sec/onus/model"
	mddb "github.com/onus-sec/onus/model/dynamodb"
)

// daxAPI is the read-only part of the DynamoDB Accelerator client onus uses.
type daxAPI interface {
	DescribeClusters(context.Context, *dax.DescribeClustersInput, ...func(*dax.Options)) (*dax.DescribeClustersOutput, error)
	ListTags(context.Context, *dax.ListTagsInput, ...func(*dax.Options)) (*dax.ListTagsOutput, error)
}

// daxEstate reads the region's DAX clusters: encryption at rest and the
// endpoint encryption type, both fixed when a cluster is created.
func (r *run) daxEstate(ctx context.Context, region string, cl daxAPI) *model.Estate {
	e := &model.Estate{}
	// The SDK has no paginator for DescribeClusters; NextToken drives it.
	var next *string
	started := false
	lo := r.origin("dax:DescribeClusters", region, "")
	cs := paginate(ctx, r, lo, func() bool { return !started || aws.ToString(next) != "" },
		func(ctx context.Context) (*dax.DescribeClustersOutput, error) {
			out, err := cl.DescribeClusters(ctx, &dax.DescribeClustersInput{NextToken: next})
			if err == nil {
				started, next = true, out.NextToken
			}
			return out, err
		},
		func(o *dax.DescribeClustersOutput) []daxtypes.Cluster { return o.Clusters })
	r.listErr(e, "AWS::DAX::Cluster", cs.o, cs.err)
	e.DAXClusters = make([]*mddb.DAXCluster, len(cs.items))
	each(cs.items, func(i int, c daxtypes.Cluster) {
		arn := aws.ToString(c.ClusterArn)
		o := r.origin("dax:DescribeClusters", region, arn)
		x := &mddb.DAXCluster{Meta: r.meta("AWS::DAX::Cluster", region, arn, o), Name: known(aws.ToString(c.ClusterName), o)}
		// A cluster created without SSESpecification is unencrypted;
		// ENABLING counts as encrypted (the choice is made and fixed).
		sse := false
		if c.SSEDescription != nil {
			sse = c.SSEDescription.Status == daxtypes.SSEStatusEnabled || c.SSEDescription.Status == daxtypes.SSEStatusEnabling
		}
		x.SSE = known(sse, o)
		// NONE is the API's default when the field is left out.
		enc := strings.ToUpper(string(c.ClusterEndpointEncryptionType))
		if enc == "" {
			enc = string(daxtypes.ClusterEndpointEncryptionTypeNone)
		}
		x.EndpointEncryption = known(enc, o)
		x.Tags = readTags(ctx, r, r.origin("dax:ListTags", region, arn),
			func(ctx context.Context, next *string) (*dax.ListTagsOutput, error) {
				return cl.ListTags(ctx, &dax.ListTagsInput{ResourceName: aws.String(arn), NextToken: next})
			},
			func(out *dax.ListTagsOutput, m map[string]string) *string {
				for _, t := range out.Tags {
					m[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
				return out.NextToken
			})
		e.DAXClusters[i] = x
	})
	sortByAddress(e.DAXClusters)
	return e
}

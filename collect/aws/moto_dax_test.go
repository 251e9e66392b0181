package awscollect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dax"
	daxtypes "github.com/aws/aws-sdk-go-v2/service/dax/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
)

// provisionDAX creates two DAX clusters in us-east-1: one encrypted at rest
// with a TLS endpoint, one with the defaults (neither).
func provisionDAX(ctx context.Context, cfg aws.Config, u string) (secure, open string) {
	cl := dax.NewFromConfig(cfg)
	role := aws.String("arn:aws:iam::123456789012:role/dax-" + u)
	s := must(cl.CreateCluster(ctx, &dax.CreateClusterInput{ClusterName: aws.String("sec-" + u), NodeType: aws.String("dax.t3.small"), ReplicationFactor: 1, IamRoleArn: role,
		SSESpecification: &daxtypes.SSESpecification{Enabled: aws.Bool(true)}, ClusterEndpointEncryptionType: daxtypes.ClusterEndpointEncryptionTypeTls,
		Tags: []daxtypes.Tag{{Key: aws.String("team"), Value: aws.String("cache")}}}))
	o := must(cl.CreateCluster(ctx, &dax.CreateClusterInput{ClusterName: aws.String("open-" + u), NodeType: aws.String("dax.t3.small"), ReplicationFactor: 1, IamRoleArn: role}))
	return aws.ToString(s.Cluster.ClusterArn), aws.ToString(o.Cluster.ClusterArn)
}

func TestCollectDAXMoto(t *testing.T) {
	w := sharedWorld(t)
	runChecks(t, w.baseline, []check{
		{"secure cluster", func(e *model.Estate) any {
			c := get(e.DAXClusters, w.f.daxSecure)
			return [6]any{c.Type, c.Region, val(c.Name), val(c.SSE), val(c.EndpointEncryption), val(c.Tags)}
		}, [6]any{"AWS::DAX::Cluster", "us-east-1", "sec-" + w.f.uniq, true, "TLS", map[string]string{"team": "cache"}}},
		{"default cluster", func(e *model.Estate) any {
			c := get(e.DAXClusters, w.f.daxOpen)
			return [4]any{val(c.SSE), val(c.EndpointEncryption), c.SSE.Prov().Origin.APICall, val(c.Tags)}
		}, [4]any{false, "NONE", "dax:DescribeClusters", map[string]string{}}},
	})
	want := []struct {
		id, arn string
		o       control.Outcome
	}{
		{"ONUS-DYNAMODB-005", w.f.daxSecure, control.Pass},
		{"ONUS-DYNAMODB-005", w.f.daxOpen, control.Fail},
		{"ONUS-DYNAMODB-006", w.f.daxSecure, control.Pass},
		{"ONUS-DYNAMODB-006", w.f.daxOpen, control.Fail},
	}
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r
	}
	for _, x := range want {
		if r, ok := got[x.id+" "+x.arn]; !ok || r.Outcome != x.o {
			t.Errorf("%s on %s = %s (%s), want %s", x.id, x.arn, r.Outcome, r.Reason, x.o)
		}
	}
}

// TestDAXListingDenied: a denied DescribeClusters is a gap, and the DAX
// controls say so instead of reporting nothing.
func TestDAXListingDenied(t *testing.T) {
	w := sharedWorld(t)
	e, _ := collectVia(t, w, 1, func(o *Options) { o.Services = []string{"dynamodb"} }, deny("dax", "DescribeClusters"))
	if len(e.DAXClusters) != 0 {
		t.Fatalf("%d DAX clusters listed although the listing was denied", len(e.DAXClusters))
	}
	why, ok := e.ListingGap("AWS::DAX::Cluster", "us-east-1")
	if !ok || why != "dax:DescribeClusters: AccessDeniedException (permission denied)" {
		t.Fatalf("gap = %v %q", ok, why)
	}
	if len(e.DynamoDBTables) == 0 {
		t.Fatal("the denied DAX listing took the tables with it")
	}
}

package awscollect

import (
	"context"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	ms3 "github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// provisionAccessPoints creates two access points on the encrypted bucket
// in us-east-1: one reachable from the internet with BlockPublicPolicy
// off, one restricted to a VPC with the default block (all on).
func provisionAccessPoints(ctx context.Context, cfg aws.Config, endpoint, bucket, vpc, u string) (open, private string) {
	cl := s3control.NewFromConfig(cfg, func(o *s3control.Options) {
		if ep, err := url.Parse(endpoint); err == nil {
			o.EndpointResolverV2 = baseResolver{*ep}
		}
	})
	o := must(cl.CreateAccessPoint(ctx, &s3control.CreateAccessPointInput{AccountId: aws.String("123456789012"), Name: aws.String("open-" + u), Bucket: aws.String(bucket),
		PublicAccessBlockConfiguration: &s3ctltypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
			BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(true)}}))
	p := must(cl.CreateAccessPoint(ctx, &s3control.CreateAccessPointInput{AccountId: aws.String("123456789012"), Name: aws.String("vpc-" + u), Bucket: aws.String(bucket),
		VpcConfiguration: &s3ctltypes.VpcConfiguration{VpcId: aws.String(vpc)}}))
	return aws.ToString(o.AccessPointArn), aws.ToString(p.AccessPointArn)
}

func TestCollectAccessPointsMoto(t *testing.T) {
	w := sharedWorld(t)
	f := w.f
	pab := func(a *ms3.AccessPoint) any {
		p, ok := a.PublicAccessBlock.Get()
		if !ok || p == nil {
			return "no block"
		}
		return [4]any{val(p.BlockPublicACLs), val(p.IgnorePublicACLs), val(p.BlockPublicPolicy), val(p.RestrictPublicBuckets)}
	}
	runChecks(t, w.baseline, []check{
		{"open access point", func(e *model.Estate) any {
			a := get(e.S3AccessPoints, f.apOpen)
			return [6]any{a.Type, a.Region, val(a.Name), val(a.Bucket), val(a.NetworkOrigin), pab(a)}
		}, [6]any{"AWS::S3::AccessPoint", "us-east-1", "open-" + f.uniq, f.encBucket, "Internet", [4]any{true, true, false, true}}},
		{"vpc access point", func(e *model.Estate) any {
			a := get(e.S3AccessPoints, f.apVPC)
			return [4]any{val(a.NetworkOrigin), a.VPCID, pab(a), a.PublicAccessBlock.Prov().Origin.APICall}
		}, [4]any{"VPC", f.vpcID, [4]any{true, true, true, true}, "s3control:GetAccessPoint"}},
		{"listed once", func(e *model.Estate) any { return len(e.S3AccessPoints) }, 2},
	})
	want := map[string]control.Outcome{f.apOpen: control.Fail, f.apVPC: control.Pass}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		if o, ok := want[r.Resource.Address]; ok && r.Control.ID == "ONUS-S3-016" {
			if r.Outcome != o {
				t.Errorf("ONUS-S3-016 on %s = %s (%s), want %s", r.Resource.Address, r.Outcome, r.Reason, o)
			}
			delete(want, r.Resource.Address)
		}
	}
	if len(want) > 0 {
		t.Errorf("no ONUS-S3-016 result for %v", want)
	}
}

// accessPointDenied is what a denied GetAccessPoint does to the baseline:
// each access point's public access block is UNKNOWN; its network origin
// stays known from the listing.
func accessPointDenied(e *model.Estate) {
	for _, a := range e.S3AccessPoints {
		o := source.Origin{APICall: "s3control:GetAccessPoint", ARN: a.ARN, Region: a.Region, Account: a.Account}
		a.PublicAccessBlock = source.Unknown[*ms3.PublicAccessBlock]("s3control:GetAccessPoint: AccessDenied (permission denied)", source.From(o))
		lo := source.Origin{APICall: "s3control:ListAccessPoints", ARN: a.ARN, Region: a.Region, Account: a.Account}
		a.NetworkOrigin = source.Known(val(a.NetworkOrigin).(string), source.From(lo))
	}
}

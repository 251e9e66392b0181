package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	mkms "github.com/onus-sec/onus/model/kms"
	"github.com/onus-sec/onus/source"
)

// kmsAPI is the read-only part of the KMS client onus uses.
type kmsAPI interface {
	kms.ListKeysAPIClient
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyRotationStatus(context.Context, *kms.GetKeyRotationStatusInput, ...func(*kms.Options)) (*kms.GetKeyRotationStatusOutput, error)
	GetKeyPolicy(context.Context, *kms.GetKeyPolicyInput, ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
	ListResourceTags(context.Context, *kms.ListResourceTagsInput, ...func(*kms.Options)) (*kms.ListResourceTagsOutput, error)
}

func (r *run) collectKMS(ctx context.Context, region string) *model.Estate {
	return r.kmsEstate(ctx, region, kms.NewFromConfig(r.cfg, func(o *kms.Options) { o.Region = region }))
}

func (r *run) kmsEstate(ctx context.Context, region string, cl kmsAPI) *model.Estate {
	e := &model.Estate{}
	p := kms.NewListKeysPaginator(cl, &kms.ListKeysInput{})
	keys := paginate(ctx, r, r.origin("kms:ListKeys", region, ""), p.HasMorePages, func(ctx context.Context) (*kms.ListKeysOutput, error) { return p.NextPage(ctx) },
		func(o *kms.ListKeysOutput) []kmstypes.KeyListEntry { return o.Keys })
	r.listErr(e, "AWS::KMS::Key", keys.o, keys.err)
	e.KMSKeys = make([]*mkms.Key, len(keys.items))
	each(keys.items, func(i int, k kmstypes.KeyListEntry) {
		id := aws.ToString(k.KeyId)
		arn := aws.ToString(k.KeyArn)
		if arn == "" {
			arn = r.arn("kms", region, "key/"+id)
		}
		lo := r.origin("kms:ListKeys", region, arn)
		x := &mkms.Key{Meta: r.meta("AWS::KMS::Key", region, arn, lo), KeyID: known(id, lo)}
		do := r.origin("kms:DescribeKey", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*kms.DescribeKeyOutput, error) {
			return cl.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		})
		var md *kmstypes.KeyMetadata
		if err != nil {
			why := r.fail(do.APICall, region, err)
			u := func() source.Value[string] { return source.Unknown[string](why, source.From(do)) }
			x.KeySpec, x.KeyUsage, x.Manager, x.State = u(), u(), u(), u()
			x.Enabled = source.Unknown[bool](why, source.From(do))
			x.MultiRegion = x.Enabled
		} else {
			md = out.KeyMetadata
			x.KeySpec = known(string(md.KeySpec), do)
			x.KeyUsage = known(string(md.KeyUsage), do)
			x.Manager = known(string(md.KeyManager), do)
			x.State = known(string(md.KeyState), do)
			x.Enabled = known(md.Enabled, do)
			x.MultiRegion = known(aws.ToBool(md.MultiRegion), do)
		}
		pendingDeletion := md != nil && (md.KeyState == kmstypes.KeyStatePendingDeletion || md.KeyState == kmstypes.KeyStatePendingReplicaDeletion)
		parallel(
			func() {
				o := r.origin("kms:GetKeyRotationStatus", region, arn)
				switch {
				case md == nil:
					x.RotationEnabled = source.Unknown[bool](x.KeySpec.Reason(), source.From(do))
					return
				case md.KeySpec != kmstypes.KeySpecSymmetricDefault:
					x.RotationEnabled = source.Unknown[bool]("automatic rotation does not apply to key spec "+string(md.KeySpec), source.From(do))
					return
				case md.Origin != kmstypes.OriginTypeAwsKms && md.Origin != "":
					x.RotationEnabled = source.Unknown[bool]("automatic rotation does not apply to keys with origin "+string(md.Origin), source.From(do))
					return
				case pendingDeletion:
					x.RotationEnabled = source.Unknown[bool]("key is pending deletion", source.From(do))
					return
				}
				out, err := call(ctx, r, func(ctx context.Context) (*kms.GetKeyRotationStatusOutput, error) {
					return cl.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
				})
				if err != nil {
					x.RotationEnabled = unknownErr[bool](r, o, err)
					return
				}
				x.RotationEnabled = known(out.KeyRotationEnabled, o)
			},
			func() {
				o := r.origin("kms:GetKeyPolicy", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*kms.GetKeyPolicyOutput, error) {
					return cl.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
				})
				if err != nil {
					x.Policy = unknownErr[*iampolicy.Policy](r, o, err)
					return
				}
				x.Policy = r.policy(o, aws.ToString(out.Policy))
			},
			func() {
				o := r.origin("kms:ListResourceTags", region, arn)
				if md != nil && md.KeyManager == kmstypes.KeyManagerTypeAws {
					x.Tags = known(map[string]string{}, o)
					return
				}
				// One call, as before: a key has at most 50 tags, one default page.
				x.Tags = readTags(ctx, r, o,
					func(ctx context.Context, _ *string) (*kms.ListResourceTagsOutput, error) {
						return cl.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
					},
					func(out *kms.ListResourceTagsOutput, m map[string]string) *string {
						for _, t := range out.Tags {
							m[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
						}
						return nil
					})
			},
		)
		e.KMSKeys[i] = x
	})
	sortByAddress(e.KMSKeys)
	return e
}

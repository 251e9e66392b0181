package awscollect

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	ms3 "github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// s3API is the read-only part of the S3 client onus uses.
type s3API interface {
	ListBuckets(context.Context, *s3.ListBucketsInput, ...func(*s3.Options)) (*s3.ListBucketsOutput, error)
	GetBucketLocation(context.Context, *s3.GetBucketLocationInput, ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error)
	GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error)
	GetBucketPolicy(context.Context, *s3.GetBucketPolicyInput, ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
	GetBucketPolicyStatus(context.Context, *s3.GetBucketPolicyStatusInput, ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error)
	GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	GetBucketAcl(context.Context, *s3.GetBucketAclInput, ...func(*s3.Options)) (*s3.GetBucketAclOutput, error)
	GetBucketOwnershipControls(context.Context, *s3.GetBucketOwnershipControlsInput, ...func(*s3.Options)) (*s3.GetBucketOwnershipControlsOutput, error)
	GetBucketLogging(context.Context, *s3.GetBucketLoggingInput, ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error)
	GetBucketVersioning(context.Context, *s3.GetBucketVersioningInput, ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	GetObjectLockConfiguration(context.Context, *s3.GetObjectLockConfigurationInput, ...func(*s3.Options)) (*s3.GetObjectLockConfigurationOutput, error)
	GetBucketLifecycleConfiguration(context.Context, *s3.GetBucketLifecycleConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketLifecycleConfigurationOutput, error)
	GetBucketReplication(context.Context, *s3.GetBucketReplicationInput, ...func(*s3.Options)) (*s3.GetBucketReplicationOutput, error)
	GetBucketNotificationConfiguration(context.Context, *s3.GetBucketNotificationConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketNotificationConfigurationOutput, error)
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
}

// s3ControlAPI reads the account-wide public access block.
type s3ControlAPI interface {
	GetPublicAccessBlock(context.Context, *s3control.GetPublicAccessBlockInput, ...func(*s3control.Options)) (*s3control.GetPublicAccessBlockOutput, error)
}

func (r *run) s3Client(region string) s3API {
	return s3.NewFromConfig(r.cfg, func(o *s3.Options) {
		o.Region = region
		if r.endpoint != "" {
			o.UsePathStyle = true
		}
	})
}

// baseResolver sends S3 Control calls to the custom endpoint as is: the
// default rules put the account id in front of the host, which no emulator
// or proxy resolves.
type baseResolver struct{ u url.URL }

func (b baseResolver) ResolveEndpoint(context.Context, s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	return smithyendpoints.Endpoint{URI: b.u}, nil
}

func (r *run) s3ControlClient(region string) s3ControlAPI {
	return s3control.NewFromConfig(r.cfg, func(o *s3control.Options) {
		o.Region = region
		if r.endpoint != "" {
			if u, err := url.Parse(r.endpoint); err == nil {
				o.EndpointResolverV2 = baseResolver{*u}
			}
		}
	})
}

func (r *run) inScope(region string) bool {
	return slices.Contains(r.regions, region)
}

func (r *run) collectS3(ctx context.Context) *model.Estate {
	e := r.s3Estate(ctx, r.s3Client(r.cfg.Region), r.s3Client, r.s3ControlClient(r.cfg.Region))
	var aps *model.Estate
	parallel(
		func() { r.s3MRAPs(ctx, e, r.mrapClient()) },
		func() { aps = r.s3AccessPoints(ctx, r.accessPointClient) },
	)
	e.Merge(aps)
	return e
}

const bucketType = "AWS::S3::Bucket"

func (r *run) s3Estate(ctx context.Context, lister s3API, clientFor func(string) s3API, ctl s3ControlAPI) *model.Estate {
	e := &model.Estate{}
	parallel(func() { r.s3AccountBlock(ctx, e, ctl) }, func() {
		type found struct{ name, region string }
		var bs []found
		api := "s3:ListBuckets"
		p := s3.NewListBucketsPaginator(lister, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
		for p.HasMorePages() {
			out, err := call(ctx, r, func(ctx context.Context) (*s3.ListBucketsOutput, error) { return p.NextPage(ctx) })
			if err != nil {
				r.gap(e, bucketType, r.origin(api, "", ""), err)
				break
			}
			for _, b := range out.Buckets {
				bs = append(bs, found{aws.ToString(b.Name), aws.ToString(b.BucketRegion)})
			}
		}
		buckets := make([]*ms3.Bucket, len(bs))
		each(bs, func(i int, f found) {
			region := f.region
			if region == "" {
				o := r.origin("s3:GetBucketLocation", "", "arn:"+r.partition+":s3:::"+f.name)
				out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketLocationOutput, error) {
					return lister.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(f.name)})
				})
				if err != nil {
					// Without its region the bucket is still listed, read
					// through the default region's endpoint.
					r.fail(o.APICall, "", err)
					region = r.cfg.Region
				} else {
					region = string(out.LocationConstraint)
					switch region {
					case "":
						region = "us-east-1"
					case "EU":
						region = "eu-west-1"
					}
				}
			}
			if !r.inScope(region) && len(r.opts.Regions) > 0 && !isAll(r.opts.Regions) {
				return
			}
			buckets[i] = r.s3Bucket(ctx, clientFor(region), f.name, region)
		})
		for _, b := range buckets {
			if b != nil {
				e.S3Buckets = append(e.S3Buckets, b)
			}
		}
		sort.Slice(e.S3Buckets, func(i, j int) bool { return e.S3Buckets[i].Address < e.S3Buckets[j].Address })
	})
	return e
}

func isAll(rs []string) bool {
	for _, g := range rs {
		for _, x := range strings.Split(g, ",") {
			if strings.EqualFold(strings.TrimSpace(x), "all") {
				return true
			}
		}
	}
	return false
}

func (r *run) s3AccountBlock(ctx context.Context, e *model.Estate, ctl s3ControlAPI) {
	o := r.origin("s3control:GetPublicAccessBlock", "", "")
	blk := &ms3.AccountPublicAccessBlock{Meta: base.Meta{
		Type: "AWS::S3::AccountPublicAccessBlock", Address: "s3-account-public-access-block/" + r.account,
		Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o), Tags: known(map[string]string(nil), o),
	}}
	out, err := call(ctx, r, func(ctx context.Context) (*s3control.GetPublicAccessBlockOutput, error) {
		return ctl.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(r.account)})
	})
	switch {
	case err == nil && out.PublicAccessBlockConfiguration != nil:
		c := out.PublicAccessBlockConfiguration
		blk.Block = known(pab(aws.ToBool(c.BlockPublicAcls), aws.ToBool(c.IgnorePublicAcls), aws.ToBool(c.BlockPublicPolicy), aws.ToBool(c.RestrictPublicBuckets), o), o)
	case err == nil || hasCode(err, "NoSuchPublicAccessBlockConfiguration"):
		blk.Block = known[*ms3.PublicAccessBlock](nil, o)
	default:
		blk.Block = unknownErr[*ms3.PublicAccessBlock](r, o, err)
	}
	e.S3AccountBlocks = append(e.S3AccountBlocks, blk)
}

func pab(a, b, c, d bool, o source.Origin) *ms3.PublicAccessBlock {
	return &ms3.PublicAccessBlock{
		BlockPublicACLs: known(a, o), IgnorePublicACLs: known(b, o),
		BlockPublicPolicy: known(c, o), RestrictPublicBuckets: known(d, o), Prov: source.Pack(source.From(o)),
	}
}

// s3Bucket reads one bucket's configuration; each Get* fills only its own fields.
func (r *run) s3Bucket(ctx context.Context, cl s3API, name, region string) *ms3.Bucket {
	arn := "arn:" + r.partition + ":s3:::" + name
	lo := r.origin("s3:ListBuckets", region, arn)
	b := &ms3.Bucket{
		Meta: base.Meta{Type: bucketType, Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(lo)},
		Name: known(name, lo),
	}
	in := aws.String(name)
	o := func(api string) source.Origin { return r.origin(api, region, arn) }
	parallel(
		func() {
			o := o("s3:GetBucketEncryption")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketEncryptionOutput, error) {
				return cl.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in})
			})
			switch {
			case err == nil:
				var enc *ms3.Encryption
				if out.ServerSideEncryptionConfiguration != nil {
					for _, rule := range out.ServerSideEncryptionConfiguration.Rules {
						if d := rule.ApplyServerSideEncryptionByDefault; d != nil {
							enc = &ms3.Encryption{Algorithm: string(d.SSEAlgorithm), KMSKeyID: aws.ToString(d.KMSMasterKeyID), BucketKey: aws.ToBool(rule.BucketKeyEnabled), Prov: source.Pack(source.From(o))}
							break
						}
					}
				}
				b.Encryption = known(enc, o)
			case hasCode(err, "ServerSideEncryptionConfigurationNotFoundError"):
				b.Encryption = known[*ms3.Encryption](nil, o)
			default:
				b.Encryption = unknownErr[*ms3.Encryption](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketPolicy")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketPolicyOutput, error) {
				return cl.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: in})
			})
			switch {
			case err == nil:
				b.Policy = r.policy(o, aws.ToString(out.Policy))
			case hasCode(err, "NoSuchBucketPolicy"):
				b.Policy = known[*iampolicy.Policy](nil, o)
			default:
				b.Policy = unknownErr[*iampolicy.Policy](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketPolicyStatus")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketPolicyStatusOutput, error) {
				return cl.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: in})
			})
			switch {
			case err == nil:
				pub := out.PolicyStatus != nil && aws.ToBool(out.PolicyStatus.IsPublic)
				b.PolicyIsPublic = known(pub, o)
			case hasCode(err, "NoSuchBucketPolicy"):
				b.PolicyIsPublic = known(false, o)
			default:
				b.PolicyIsPublic = unknownErr[bool](r, o, err)
			}
		},
		func() {
			o := o("s3:GetPublicAccessBlock")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetPublicAccessBlockOutput, error) {
				return cl.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: in})
			})
			switch {
			case err == nil && out.PublicAccessBlockConfiguration != nil:
				c := out.PublicAccessBlockConfiguration
				b.PublicAccessBlock = known(pab(aws.ToBool(c.BlockPublicAcls), aws.ToBool(c.IgnorePublicAcls), aws.ToBool(c.BlockPublicPolicy), aws.ToBool(c.RestrictPublicBuckets), o), o)
			case err == nil || hasCode(err, "NoSuchPublicAccessBlockConfiguration"):
				b.PublicAccessBlock = known[*ms3.PublicAccessBlock](nil, o)
			default:
				b.PublicAccessBlock = unknownErr[*ms3.PublicAccessBlock](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketAcl")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketAclOutput, error) {
				return cl.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: in})
			})
			if err != nil {
				b.Grants = unknownErr[[]ms3.Grant](r, o, err)
				b.ACL = source.Unknown[string](b.Grants.Reason(), source.From(o))
				return
			}
			owner := ""
			if out.Owner != nil {
				owner = aws.ToString(out.Owner.ID)
			}
			gs := []ms3.Grant{}
			for _, g := range out.Grants {
				if g.Grantee == nil {
					continue
				}
				gs = append(gs, ms3.Grant{
					GranteeType: string(g.Grantee.Type), GranteeURI: aws.ToString(g.Grantee.URI),
					GranteeID: aws.ToString(g.Grantee.ID), Permission: string(g.Permission),
				})
			}
			b.Grants = known(gs, o)
			b.ACL = known(cannedACL(gs, owner), o)
		},
		func() {
			o := o("s3:GetBucketOwnershipControls")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketOwnershipControlsOutput, error) {
				return cl.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: in})
			})
			switch {
			case err == nil:
				v := ""
				if out.OwnershipControls != nil && len(out.OwnershipControls.Rules) > 0 {
					v = string(out.OwnershipControls.Rules[0].ObjectOwnership)
				}
				b.Ownership = known(v, o)
			case hasCode(err, "OwnershipControlsNotFoundError"):
				b.Ownership = known("", o)
			default:
				b.Ownership = unknownErr[string](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketLogging")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketLoggingOutput, error) {
				return cl.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in})
			})
			if err != nil {
				b.Logging = unknownErr[*ms3.Logging](r, o, err)
				return
			}
			var l *ms3.Logging
			if out.LoggingEnabled != nil {
				l = &ms3.Logging{TargetBucket: aws.ToString(out.LoggingEnabled.TargetBucket), TargetPrefix: aws.ToString(out.LoggingEnabled.TargetPrefix), Prov: source.Pack(source.From(o))}
			}
			b.Logging = known(l, o)
		},
		func() {
			o := o("s3:GetBucketVersioning")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketVersioningOutput, error) {
				return cl.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in})
			})
			if err != nil {
				b.Versioning = unknownErr[*ms3.Versioning](r, o, err)
				return
			}
			b.Versioning = known(&ms3.Versioning{Status: string(out.Status), MFADelete: out.MFADelete == s3types.MFADeleteStatusEnabled, Prov: source.Pack(source.From(o))}, o)
		},
		func() {
			o := o("s3:GetObjectLockConfiguration")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetObjectLockConfigurationOutput, error) {
				return cl.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: in})
			})
			switch {
			case err == nil:
				b.ObjectLock = known(out.ObjectLockConfiguration != nil && out.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled, o)
			case hasCode(err, "ObjectLockConfigurationNotFoundError"):
				b.ObjectLock = known(false, o)
			default:
				b.ObjectLock = unknownErr[bool](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketLifecycleConfiguration")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketLifecycleConfigurationOutput, error) {
				return cl.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: in})
			})
			switch {
			case err == nil:
				b.Lifecycle = known(anyEnabledRule(out.Rules), o)
			case hasCode(err, "NoSuchLifecycleConfiguration"):
				b.Lifecycle = known(false, o)
			default:
				b.Lifecycle = unknownErr[bool](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketReplication")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketReplicationOutput, error) {
				return cl.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: in})
			})
			switch {
			case err == nil:
				b.Replication = known(out.ReplicationConfiguration != nil && len(out.ReplicationConfiguration.Rules) > 0, o)
			case hasCode(err, "ReplicationConfigurationNotFoundError"):
				b.Replication = known(false, o)
			default:
				b.Replication = unknownErr[bool](r, o, err)
			}
		},
		func() {
			o := o("s3:GetBucketNotificationConfiguration")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketNotificationConfigurationOutput, error) {
				return cl.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: in})
			})
			if err != nil {
				b.EventNotifications = unknownErr[bool](r, o, err)
				return
			}
			b.EventNotifications = known(len(out.TopicConfigurations)+len(out.QueueConfigurations)+len(out.LambdaFunctionConfigurations) > 0 || out.EventBridgeConfiguration != nil, o)
		},
		func() {
			o := o("s3:GetBucketTagging")
			out, err := call(ctx, r, func(ctx context.Context) (*s3.GetBucketTaggingOutput, error) {
				return cl.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: in})
			})
			switch {
			case err == nil:
				b.Tags = known(tagMap(out.TagSet, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value }), o)
			case hasCode(err, "NoSuchTagSet", "NoSuchTagSetError"):
				b.Tags = known(map[string]string{}, o)
			default:
				b.Tags = unknownErr[map[string]string](r, o, err)
			}
		},
	)
	return b
}

const (
	allUsersURI  = "http://acs.amazonaws.com/groups/global/AllUsers"
	authUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// cannedACL names the canned ACL the grants amount to, "" for custom grants.
func cannedACL(gs []ms3.Grant, owner string) string {
	var all, auth []string
	other := false
	for _, g := range gs {
		switch {
		case g.GranteeURI == allUsersURI:
			all = append(all, g.Permission)
		case g.GranteeURI == authUsersURI:
			auth = append(auth, g.Permission)
		case g.GranteeType == "CanonicalUser" && (g.GranteeID == owner || owner == "") && g.Permission == "FULL_CONTROL":
		default:
			other = true
		}
	}
	slices.Sort(all)
	switch {
	case other:
		return ""
	case len(auth) == 0 && len(all) == 0:
		return "private"
	case len(auth) == 0 && slices.Equal(all, []string{"READ"}):
		return "public-read"
	case len(auth) == 0 && slices.Equal(all, []string{"READ", "WRITE"}):
		return "public-read-write"
	case len(all) == 0 && slices.Equal(auth, []string{"READ"}):
		return "authenticated-read"
	}
	return ""
}

// policy parses a policy document read from the API. IAM returns most
// documents URL-encoded (starting with "%7B"); some endpoints return them raw.
func (r *run) policy(o source.Origin, doc string) source.Value[*iampolicy.Policy] {
	if strings.TrimSpace(doc) == "" {
		return known[*iampolicy.Policy](nil, o)
	}
	text := decodePolicy(doc)
	p, err := iampolicy.Parse([]byte(text))
	if err != nil {
		return source.Unknown[*iampolicy.Policy](o.APICall+": policy document does not parse: "+err.Error(), source.From(o))
	}
	return known(p, o)
}

func decodePolicy(doc string) string {
	t := strings.TrimSpace(doc)
	if strings.HasPrefix(t, "%7B") || strings.HasPrefix(t, "%7b") {
		if d, err := url.QueryUnescape(t); err == nil {
			return d
		}
	}
	return t
}

// anyEnabledRule: a lifecycle configuration whose rules are all Disabled
// expires and transitions nothing, so only an Enabled rule counts (as the
// Terraform and CloudFormation readers count it).
func anyEnabledRule(rules []s3types.LifecycleRule) bool {
	for _, r := range rules {
		if r.Status == s3types.ExpirationStatusEnabled {
			return true
		}
	}
	return false
}

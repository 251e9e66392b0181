package awscollect

import (
	"context"
	"maps"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	mlambda "github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/source"
)

// lambdaAPI is the read-only part of the Lambda client onus uses.
type lambdaAPI interface {
	lambda.ListFunctionsAPIClient
	GetPolicy(context.Context, *lambda.GetPolicyInput, ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error)
	GetFunctionUrlConfig(context.Context, *lambda.GetFunctionUrlConfigInput, ...func(*lambda.Options)) (*lambda.GetFunctionUrlConfigOutput, error)
	GetFunctionConcurrency(context.Context, *lambda.GetFunctionConcurrencyInput, ...func(*lambda.Options)) (*lambda.GetFunctionConcurrencyOutput, error)
	ListTags(context.Context, *lambda.ListTagsInput, ...func(*lambda.Options)) (*lambda.ListTagsOutput, error)
}

func (r *run) collectLambda(ctx context.Context, region string) *model.Estate {
	return r.lambdaEstate(ctx, region, lambda.NewFromConfig(r.cfg, func(o *lambda.Options) { o.Region = region }))
}

func (r *run) lambdaEstate(ctx context.Context, region string, cl lambdaAPI) *model.Estate {
	e := &model.Estate{}
	p := lambda.NewListFunctionsPaginator(cl, &lambda.ListFunctionsInput{})
	fns := paginate(ctx, r, r.origin("lambda:ListFunctions", region, ""), p.HasMorePages, func(ctx context.Context) (*lambda.ListFunctionsOutput, error) { return p.NextPage(ctx) },
		func(o *lambda.ListFunctionsOutput) []lambdatypes.FunctionConfiguration { return o.Functions })
	r.listErr(e, "AWS::Lambda::Function", fns.o, fns.err)
	e.LambdaFunctions = make([]*mlambda.Function, len(fns.items))
	each(fns.items, func(i int, f lambdatypes.FunctionConfiguration) {
		arn := aws.ToString(f.FunctionArn)
		name := aws.ToString(f.FunctionName)
		o := r.origin("lambda:ListFunctions", region, arn)
		x := &mlambda.Function{
			Meta:        r.meta("AWS::Lambda::Function", region, arn, o),
			Name:        known(name, o),
			Runtime:     known(string(f.Runtime), o),
			PackageType: known(string(f.PackageType), o),
			Role:        known(aws.ToString(f.Role), o),
			KMSKeyARN:   known(aws.ToString(f.KMSKeyArn), o),
			DeadLetter:  known(f.DeadLetterConfig != nil && aws.ToString(f.DeadLetterConfig.TargetArn) != "", o),
		}
		if f.TracingConfig != nil {
			x.TracingMode = known(string(f.TracingConfig.Mode), o)
		} else {
			x.TracingMode = known("PassThrough", o)
		}
		env := []mlambda.EnvVar{}
		if f.Environment != nil {
			if f.Environment.Error != nil {
				x.Environment = source.Unknown[[]mlambda.EnvVar]("lambda:ListFunctions: environment not readable: "+aws.ToString(f.Environment.Error.ErrorCode), source.From(o))
			}
			for k, v := range f.Environment.Variables {
				env = append(env, mlambda.EnvVar{Name: k, Value: known(v, o), Prov: source.Pack(source.From(o))})
			}
			sort.Slice(env, func(i, j int) bool { return env[i].Name < env[j].Name })
		}
		if !x.Environment.Known() && x.Environment.Reason() == "not read by this source" {
			x.Environment = known(env, o)
		}
		var vpc *mlambda.VPCConfig
		if f.VpcConfig != nil && aws.ToString(f.VpcConfig.VpcId) != "" {
			vpc = &mlambda.VPCConfig{SubnetIDs: append([]string{}, f.VpcConfig.SubnetIds...), SecurityGroupIDs: append([]string{}, f.VpcConfig.SecurityGroupIds...)}
		}
		x.VPC = known(vpc, o)
		in := aws.String(name)
		parallel(
			func() {
				o := r.origin("lambda:GetPolicy", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*lambda.GetPolicyOutput, error) {
					return cl.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: in})
				})
				switch {
				case err == nil:
					x.Policy = r.policy(o, aws.ToString(out.Policy))
				case hasCode(err, "ResourceNotFoundException"):
					x.Policy = known[*iampolicy.Policy](nil, o)
				default:
					x.Policy = unknownErr[*iampolicy.Policy](r, o, err)
				}
			},
			func() {
				o := r.origin("lambda:GetFunctionUrlConfig", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*lambda.GetFunctionUrlConfigOutput, error) {
					return cl.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: in})
				})
				switch {
				case err == nil:
					x.URLAuthType = known(string(out.AuthType), o)
				case hasCode(err, "ResourceNotFoundException"):
					x.URLAuthType = known("", o)
				default:
					x.URLAuthType = unknownErr[string](r, o, err)
				}
			},
			func() {
				o := r.origin("lambda:GetFunctionConcurrency", region, arn)
				out, err := call(ctx, r, func(ctx context.Context) (*lambda.GetFunctionConcurrencyOutput, error) {
					return cl.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: in})
				})
				switch {
				case err == nil && out.ReservedConcurrentExecutions != nil:
					x.ReservedConcurrency = known(int(*out.ReservedConcurrentExecutions), o)
				case err == nil:
					x.ReservedConcurrency = known(-1, o)
				default:
					x.ReservedConcurrency = unknownErr[int](r, o, err)
				}
			},
			func() {
				x.Tags = readTags(ctx, r, r.origin("lambda:ListTags", region, arn),
					func(ctx context.Context, _ *string) (*lambda.ListTagsOutput, error) {
						return cl.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(arn)})
					},
					func(out *lambda.ListTagsOutput, m map[string]string) *string {
						maps.Copy(m, out.Tags)
						return nil
					})
			},
		)
		e.LambdaFunctions[i] = x
	})
	sortByAddress(e.LambdaFunctions)
	return e
}

package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/onus-sec/onus/model"
	magw "github.com/onus-sec/onus/model/apigateway"
	"github.com/onus-sec/onus/source"
)

// apiGatewayAPI is the read-only part of the API Gateway (REST) client onus
// uses. GetStages carries each stage's WAF association (webAclArn), so no
// WAFv2 call per stage is needed.
type apiGatewayAPI interface {
	apigateway.GetRestApisAPIClient
	GetStages(context.Context, *apigateway.GetStagesInput, ...func(*apigateway.Options)) (*apigateway.GetStagesOutput, error)
}

func (r *run) collectAPIGateway(ctx context.Context, region string) *model.Estate {
	return r.apiGatewayEstate(ctx, region, apigateway.NewFromConfig(r.cfg, func(o *apigateway.Options) { o.Region = region }))
}

func (r *run) apiGatewayEstate(ctx context.Context, region string, cl apiGatewayAPI) *model.Estate {
	e := &model.Estate{}
	p := apigateway.NewGetRestApisPaginator(cl, &apigateway.GetRestApisInput{})
	apis := paginate(ctx, r, r.origin("apigateway:GetRestApis", region, ""), p.HasMorePages, func(ctx context.Context) (*apigateway.GetRestApisOutput, error) { return p.NextPage(ctx) },
		func(o *apigateway.GetRestApisOutput) []agtypes.RestApi { return o.Items })
	r.listErr(e, "AWS::ApiGateway::Stage", apis.o, apis.err)
	perAPI := make([][]*magw.Stage, len(apis.items))
	type failed struct {
		o   source.Origin
		err error
	}
	fails := make([]*failed, len(apis.items))
	each(apis.items, func(i int, api agtypes.RestApi) {
		id := aws.ToString(api.Id)
		o := r.origin("apigateway:GetStages", region, "arn:"+r.partition+":apigateway:"+region+"::/restapis/"+id)
		out, err := call(ctx, r, func(ctx context.Context) (*apigateway.GetStagesOutput, error) {
			return cl.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(id)})
		})
		if err != nil {
			// The API's stages are unknown: a gap for this API, so controls
			// over "every stage" answer UNKNOWN rather than pass on none.
			fails[i] = &failed{o, err}
			return
		}
		for _, s := range out.Item {
			name := aws.ToString(s.StageName)
			arn := "arn:" + r.partition + ":apigateway:" + region + "::/restapis/" + id + "/stages/" + name
			so := r.origin("apigateway:GetStages", region, arn)
			x := &magw.Stage{
				Meta:              r.meta("AWS::ApiGateway::Stage", region, arn, so),
				APIID:             known(id, so),
				APIName:           known(aws.ToString(api.Name), so),
				Name:              known(name, so),
				WebACL:            known(aws.ToString(s.WebAclArn), so),
				AccessLogs:        known(s.AccessLogSettings != nil && aws.ToString(s.AccessLogSettings.DestinationArn) != "", so),
				ClientCertificate: known(aws.ToString(s.ClientCertificateId), so),
			}
			x.Tags = known(copyTags(s.Tags), so)
			perAPI[i] = append(perAPI[i], x)
		}
	})
	for i, ss := range perAPI {
		if f := fails[i]; f != nil {
			r.gap(e, "AWS::ApiGateway::Stage", f.o, f.err)
		}
		e.APIGatewayStages = append(e.APIGatewayStages, ss...)
	}
	sortByAddress(e.APIGatewayStages)
	return e
}

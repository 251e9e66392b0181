package awscollect

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/onus-sec/onus/model"
	mssm "github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

// ssmReadAPI is the read-only part of the Systems Manager client the SSM
// collector uses (EC2 uses DescribeInstanceInformation on its own).
type ssmReadAPI interface {
	ssm.ListDocumentsAPIClient
	ssm.ListResourceComplianceSummariesAPIClient
	DescribeDocumentPermission(context.Context, *ssm.DescribeDocumentPermissionInput, ...func(*ssm.Options)) (*ssm.DescribeDocumentPermissionOutput, error)
	GetServiceSetting(context.Context, *ssm.GetServiceSettingInput, ...func(*ssm.Options)) (*ssm.GetServiceSettingOutput, error)
}

// ssmSettings are the service settings controls judge (FSBP SSM.6, SSM.7).
var ssmSettings = []string{
	"/ssm/automation/customer-script-log-destination",
	"/ssm/documents/console/public-sharing-permission",
}

// ssmComplianceTypes are the compliance types read per managed instance
// (FSBP SSM.2, SSM.3).
var ssmComplianceTypes = []string{"Patch", "Association"}

func (r *run) collectSSM(ctx context.Context, region string) *model.Estate {
	return r.ssmEstate(ctx, region, ssm.NewFromConfig(r.cfg, func(o *ssm.Options) { o.Region = region }))
}

func (r *run) ssmEstate(ctx context.Context, region string, cl ssmReadAPI) *model.Estate {
	parts := make([]*model.Estate, 2+len(ssmComplianceTypes))
	fs := []func(){
		func() { parts[0] = r.ssmDocuments(ctx, region, cl) },
		func() { parts[1] = r.ssmServiceSettings(ctx, region, cl) },
	}
	for i, typ := range ssmComplianceTypes {
		fs = append(fs, func() { parts[2+i] = r.ssmCompliance(ctx, region, cl, typ) })
	}
	parallel(fs...)
	e := &model.Estate{}
	for _, p := range parts {
		e.Merge(p)
	}
	return e
}

// ssmDocuments reads the documents the account owns and who they are
// shared with; "all" in the account ids means public.
func (r *run) ssmDocuments(ctx context.Context, region string, cl ssmReadAPI) *model.Estate {
	e := &model.Estate{}
	p := ssm.NewListDocumentsPaginator(cl, &ssm.ListDocumentsInput{Filters: []ssmtypes.DocumentKeyValuesFilter{{Key: aws.String("Owner"), Values: []string{"Self"}}}})
	docs := paginate(ctx, r, r.origin("ssm:ListDocuments", region, ""), p.HasMorePages, func(ctx context.Context) (*ssm.ListDocumentsOutput, error) { return p.NextPage(ctx) },
		func(o *ssm.ListDocumentsOutput) []ssmtypes.DocumentIdentifier { return o.DocumentIdentifiers })
	r.listErr(e, "AWS::SSM::Document", docs.o, docs.err)
	e.SSMDocuments = make([]*mssm.Document, len(docs.items))
	each(docs.items, func(i int, d ssmtypes.DocumentIdentifier) {
		name := aws.ToString(d.Name)
		arn := r.arn("ssm", region, "document/"+name)
		lo := r.origin("ssm:ListDocuments", region, arn)
		x := &mssm.Document{Meta: r.meta("AWS::SSM::Document", region, arn, lo), Name: known(name, lo)}
		x.Tags = known(tagMap(d.Tags, func(t ssmtypes.Tag) (*string, *string) { return t.Key, t.Value }), lo)
		x.SharedWith = r.ssmDocumentSharing(ctx, region, cl, name, arn)
		e.SSMDocuments[i] = x
	})
	sortByAddress(e.SSMDocuments)
	return e
}

// ssmDocumentSharing pages DescribeDocumentPermission: a share with "all"
// on any page makes the document public, so every page must be read.
func (r *run) ssmDocumentSharing(ctx context.Context, region string, cl ssmReadAPI, name, arn string) source.Value[[]string] {
	o := r.origin("ssm:DescribeDocumentPermission", region, arn)
	ids := []string{}
	var token *string
	for {
		out, err := call(ctx, r, func(ctx context.Context) (*ssm.DescribeDocumentPermissionOutput, error) {
			return cl.DescribeDocumentPermission(ctx, &ssm.DescribeDocumentPermissionInput{Name: aws.String(name), PermissionType: ssmtypes.DocumentPermissionTypeShare, NextToken: token})
		})
		if err != nil {
			return unknownErr[[]string](r, o, err)
		}
		for _, id := range out.AccountIds {
			if strings.EqualFold(id, "all") {
				id = "all"
			}
			ids = append(ids, id)
		}
		if aws.ToString(out.NextToken) == "" || aws.ToString(out.NextToken) == aws.ToString(token) {
			break
		}
		token = out.NextToken
	}
	sort.Strings(ids)
	return known(ids, o)
}

// ssmServiceSettings reads each judged setting of the region; one that
// could not be read is kept, UNKNOWN with the API error.
func (r *run) ssmServiceSettings(ctx context.Context, region string, cl ssmReadAPI) *model.Estate {
	e := &model.Estate{}
	e.SSMServiceSettings = make([]*mssm.ServiceSetting, len(ssmSettings))
	each(ssmSettings, func(i int, id string) {
		arn := r.arn("ssm", region, "servicesetting"+id)
		o := r.origin("ssm:GetServiceSetting", region, arn)
		x := &mssm.ServiceSetting{Meta: r.meta("AWS::SSM::ServiceSetting", region, arn, o), SettingID: id}
		out, err := call(ctx, r, func(ctx context.Context) (*ssm.GetServiceSettingOutput, error) {
			return cl.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String(id)})
		})
		switch {
		case err != nil:
			x.Value = unknownErr[string](r, o, err)
		case out.ServiceSetting == nil || out.ServiceSetting.SettingValue == nil:
			x.Value = source.Unknown[string]("ssm:GetServiceSetting returned no value for "+id, source.From(o))
		default:
			x.Value = known(aws.ToString(out.ServiceSetting.SettingValue), o)
		}
		e.SSMServiceSettings[i] = x
	})
	return e
}

// ssmCompliance lists the compliance summaries of one type; a failed
// listing is a gap of that type (the region may hold non-compliant
// instances), never "no instance".
func (r *run) ssmCompliance(ctx context.Context, region string, cl ssmReadAPI, typ string) *model.Estate {
	e := &model.Estate{}
	in := &ssm.ListResourceComplianceSummariesInput{Filters: []ssmtypes.ComplianceStringFilter{{Key: aws.String("ComplianceType"), Values: []string{typ}, Type: ssmtypes.ComplianceQueryOperatorTypeEqual}}}
	p := ssm.NewListResourceComplianceSummariesPaginator(cl, in)
	items := paginate(ctx, r, r.origin("ssm:ListResourceComplianceSummaries", region, ""), p.HasMorePages,
		func(ctx context.Context) (*ssm.ListResourceComplianceSummariesOutput, error) { return p.NextPage(ctx) },
		func(o *ssm.ListResourceComplianceSummariesOutput) []ssmtypes.ResourceComplianceSummaryItem {
			return o.ResourceComplianceSummaryItems
		})
	r.listErr(e, mssm.ComplianceGapType(typ), items.o, items.err)
	for _, it := range items.items {
		// Compliance is reported for managed nodes only; a filter the API
		// ignored must not mix in another type.
		if aws.ToString(it.ResourceType) != "ManagedInstance" || !strings.EqualFold(aws.ToString(it.ComplianceType), typ) {
			continue
		}
		id := aws.ToString(it.ResourceId)
		arn := r.arn("ssm", region, "managed-instance/"+id)
		if strings.HasPrefix(id, "i-") {
			arn = r.arn("ec2", region, "instance/"+id)
		}
		o := r.origin("ssm:ListResourceComplianceSummaries", region, arn)
		x := &mssm.Compliance{Meta: r.meta(mssm.ComplianceGapType(typ), region, arn, o), InstanceID: id, Type: typ}
		switch it.Status {
		case ssmtypes.ComplianceStatusCompliant, ssmtypes.ComplianceStatusNonCompliant:
			x.Status = known(string(it.Status), o)
		default:
			x.Status = source.Unknown[string]("compliance status \""+string(it.Status)+"\" is neither COMPLIANT nor NON_COMPLIANT", source.From(o))
		}
		e.SSMCompliance = append(e.SSMCompliance, x)
	}
	sortByAddress(e.SSMCompliance)
	return e
}

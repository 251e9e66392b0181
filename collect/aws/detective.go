package awscollect

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	macietypes "github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/source"
)

// guardDutyAPI tells whether GuardDuty runs in a region.
type guardDutyAPI interface {
	guardduty.ListDetectorsAPIClient
	GetDetector(context.Context, *guardduty.GetDetectorInput, ...func(*guardduty.Options)) (*guardduty.GetDetectorOutput, error)
}

// securityHubAPI tells whether Security Hub is enabled in a region.
type securityHubAPI interface {
	DescribeHub(context.Context, *securityhub.DescribeHubInput, ...func(*securityhub.Options)) (*securityhub.DescribeHubOutput, error)
}

// macieAPI tells whether Amazon Macie runs in a region.
type macieAPI interface {
	GetMacieSession(context.Context, *macie2.GetMacieSessionInput, ...func(*macie2.Options)) (*macie2.GetMacieSessionOutput, error)
}

// accessAnalyzerAPI lists IAM Access Analyzer analyzers.
type accessAnalyzerAPI interface {
	accessanalyzer.ListAnalyzersAPIClient
}

func (r *run) collectRegion(ctx context.Context, region string) *model.Estate {
	var gd guardDutyAPI
	var sh securityHubAPI
	var aa accessAnalyzerAPI
	var mc macieAPI
	if r.services["guardduty"] {
		gd = guardduty.NewFromConfig(r.cfg, func(o *guardduty.Options) { o.Region = region })
	}
	if r.services["securityhub"] {
		sh = securityhub.NewFromConfig(r.cfg, func(o *securityhub.Options) { o.Region = region })
	}
	if r.services["accessanalyzer"] {
		aa = accessanalyzer.NewFromConfig(r.cfg, func(o *accessanalyzer.Options) { o.Region = region })
	}
	if r.services["macie"] {
		mc = macie2.NewFromConfig(r.cfg, func(o *macie2.Options) { o.Region = region })
	}
	return r.regionEstate(ctx, region, detectives{gd, sh, aa, mc})
}

// detectives are the clients of the per-region detective services; a nil
// one was not selected for the scan.
type detectives struct {
	gd guardDutyAPI
	sh securityHubAPI
	aa accessAnalyzerAPI
	mc macieAPI
}

func (r *run) regionEstate(ctx context.Context, region string, d detectives) *model.Estate {
	gd, sh, aa, mc := d.gd, d.sh, d.aa, d.mc
	o := r.origin("ec2:DescribeRegions", region, "")
	x := &account.Region{
		Meta: r.meta("AWS::Region", region, "", o),
		Name: region,
	}
	x.Address = "region/" + r.account + "/" + region
	x.Tags = known(map[string]string(nil), o)
	notScanned := func(svc string) string { return svc + " not in the scanned services" }
	parallel(
		func() {
			o := r.origin("guardduty:ListDetectors", region, "")
			if gd == nil {
				x.GuardDuty = source.Unknown[bool](notScanned("guardduty"), source.From(o))
				x.GuardDutyFeatures = source.Unknown[map[string]bool](notScanned("guardduty"), source.From(o))
				return
			}
			p := guardduty.NewListDetectorsPaginator(gd, &guardduty.ListDetectorsInput{})
			ids := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*guardduty.ListDetectorsOutput, error) { return p.NextPage(ctx) },
				func(o *guardduty.ListDetectorsOutput) []string { return o.DetectorIds })
			if ids.err != nil {
				x.GuardDuty = unknownErr[bool](r, o, ids.err)
				x.GuardDutyFeatures = source.Unknown[map[string]bool](x.GuardDuty.Reason(), source.From(o))
				return
			}
			enabled := false
			var lastErr error
			var feats map[string]bool
			for _, id := range ids.items {
				out, err := call(ctx, r, func(ctx context.Context) (*guardduty.GetDetectorOutput, error) {
					return gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
				})
				if err != nil {
					lastErr = err
					continue
				}
				if out.Status == gdtypes.DetectorStatusEnabled {
					enabled = true
					feats = detectorFeatures(out.Features)
				}
			}
			do := r.origin("guardduty:GetDetector", region, "")
			switch {
			case enabled:
				x.GuardDuty = known(true, do)
				x.GuardDutyFeatures = known(feats, do)
			case lastErr != nil:
				x.GuardDuty = unknownErr[bool](r, do, lastErr)
				x.GuardDutyFeatures = source.Unknown[map[string]bool](x.GuardDuty.Reason(), source.From(do))
			default:
				// No enabled detector: no feature runs.
				x.GuardDuty = known(false, o)
				x.GuardDutyFeatures = known(map[string]bool{}, o)
			}
		},
		func() {
			o := r.origin("securityhub:DescribeHub", region, "")
			if sh == nil {
				x.SecurityHub = source.Unknown[bool](notScanned("securityhub"), source.From(o))
				return
			}
			_, err := call(ctx, r, func(ctx context.Context) (*securityhub.DescribeHubOutput, error) {
				return sh.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			})
			switch {
			case err == nil:
				x.SecurityHub = known(true, o)
			case hasCode(err, "InvalidAccessException", "ResourceNotFoundException"):
				// "Account is not subscribed to AWS Security Hub".
				x.SecurityHub = known(false, o)
			default:
				x.SecurityHub = unknownErr[bool](r, o, err)
			}
		},
		func() {
			o := r.origin("macie2:GetMacieSession", region, "")
			if mc == nil {
				x.Macie = source.Unknown[bool](notScanned("macie"), source.From(o))
				return
			}
			x.Macie = r.macieEnabled(ctx, o, mc)
		},
		func() {
			o := r.origin("access-analyzer:ListAnalyzers", region, "")
			if aa == nil {
				x.AccessAnalyzers = source.Unknown[[]string](notScanned("accessanalyzer"), source.From(o))
				return
			}
			p := accessanalyzer.NewListAnalyzersPaginator(aa, &accessanalyzer.ListAnalyzersInput{})
			as := paginate(ctx, r, o, p.HasMorePages, func(ctx context.Context) (*accessanalyzer.ListAnalyzersOutput, error) { return p.NextPage(ctx) },
				func(o *accessanalyzer.ListAnalyzersOutput) []aatypes.AnalyzerSummary { return o.Analyzers })
			if as.err != nil {
				x.AccessAnalyzers = unknownErr[[]string](r, o, as.err)
				return
			}
			names := []string{}
			for _, a := range as.items {
				if a.Status == aatypes.AnalyzerStatusActive {
					names = append(names, aws.ToString(a.Arn))
				}
			}
			slices.Sort(names)
			x.AccessAnalyzers = known(names, o)
		},
	)
	return &model.Estate{Regions: []*account.Region{x}}
}

// macieEnabled reads the Macie session of a region. Macie answers
// AccessDeniedException both to a caller without macie2:GetMacieSession
// (HTTP 403) and, for an account where Macie is not enabled, with HTTP 401:
// the status code, not the message, tells the two apart. Only the 401 and
// ResourceNotFoundException are "not enabled"; a 403 stays UNKNOWN.
func (r *run) macieEnabled(ctx context.Context, o source.Origin, mc macieAPI) source.Value[bool] {
	out, err := call(ctx, r, func(ctx context.Context) (*macie2.GetMacieSessionOutput, error) {
		return mc.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	})
	switch {
	case err == nil:
		return known(out.Status == macietypes.MacieStatusEnabled, o)
	case hasCode(err, "ResourceNotFoundException"),
		hasCode(err, "AccessDeniedException") && httpStatus(err) == 401:
		return known(false, o)
	}
	return unknownErr[bool](r, o, err)
}

// detectorFeatures maps the detector's features and runtime add-ons to
// whether they are enabled, under the names model/account documents.
func detectorFeatures(fs []gdtypes.DetectorFeatureConfigurationResult) map[string]bool {
	m := map[string]bool{}
	for _, f := range fs {
		m[string(f.Name)] = f.Status == gdtypes.FeatureStatusEnabled
		for _, a := range f.AdditionalConfiguration {
			m[string(a.Name)] = f.Status == gdtypes.FeatureStatusEnabled && a.Status == gdtypes.FeatureStatusEnabled
		}
	}
	return m
}

package cloudformation

import (
	"fmt"

	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/source"
)

// stackRegion names the region the template deploys to: the AWS::Region
// given (--param AWS::Region=...), else the placeholder the template
// itself would write, so region-wide controls still get one region.
func (b *builder) stackRegion() string {
	if r := b.t.opts.params["AWS::Region"]; r != "" {
		return r
	}
	return "${AWS::Region}"
}

// region returns the per-region record of the stack's region, creating it
// on first use; settings the template does not declare stay unknown (with
// no location, which controls read as "not declared here").
func (b *builder) region(c *rctx) *account.Region {
	name := b.stackRegion()
	for _, r := range b.est.Regions {
		if r.Name == name {
			return r
		}
	}
	why := "not declared in this template (may be enabled elsewhere in the account)"
	reg := &account.Region{Meta: c.meta, Name: name,
		AccessAnalyzers: source.Unknown[[]string](why, source.Prov{}),
		GuardDuty:       source.Unknown[bool](why, source.Prov{}),
		SecurityHub:     source.Unknown[bool](why, source.Prov{}),
		Macie:           source.Unknown[bool](why, source.Prov{})}
	b.est.Regions = append(b.est.Regions, reg)
	return reg
}

// guardDutyDetector reads AWS::GuardDuty::Detector: Enable, the deprecated
// DataSources and the Features list, over the features a new detector
// gets by default (account.GuardDutyDefaultFeatures).
func (b *builder) guardDutyDetector(c *rctx) {
	reg := b.region(c)
	reg.GuardDuty = c.boolean(c.get("Enable"))
	if !c.has("Enable") {
		reg.GuardDuty = source.UnknownIn[bool](c.t.batch, "Enable not set (the property is required)", c.prov())
	}
	feats := map[string]bool{}
	for _, n := range account.GuardDutyDefaultFeatures() {
		feats[n] = true
	}
	prov := c.prov()
	unknown := func(reason string, at source.Prov) {
		reg.GuardDutyFeatures = source.Unknown[map[string]bool](reason, at)
	}
	set := func(name string, v source.Value[bool]) bool {
		on, ok := v.Get()
		if !ok {
			unknown(fmt.Sprintf("GuardDuty feature %s: %s", name, v.Reason()), v.Prov())
			return false
		}
		feats[name] = on
		if !on {
			prov = v.Prov()
		}
		return true
	}
	status := func(v *val) source.Value[bool] {
		return source.Map(c.str(v), func(s string) bool { return s == "ENABLED" })
	}
	if ds := c.get("DataSources"); ds != nil {
		if ds.k == kUnknown {
			unknown("GuardDuty DataSources: "+ds.s, source.At(ds.loc))
			return
		}
		if v := walk(ds, "S3Logs", "Enable"); v != nil && !set("S3_DATA_EVENTS", c.boolean(v)) {
			return
		}
		if v := walk(ds, "Kubernetes", "AuditLogs", "Enable"); v != nil && !set("EKS_AUDIT_LOGS", c.boolean(v)) {
			return
		}
		if v := walk(ds, "MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes"); v != nil && !set("EBS_MALWARE_PROTECTION", c.boolean(v)) {
			return
		}
	}
	list, unk := c.items("Features")
	if unk != nil {
		unknown("GuardDuty Features: "+unk.s, source.At(unk.loc))
		return
	}
	for _, f := range list {
		name, ok := c.str(walk(f, "Name")).Get()
		if !ok || name == "" {
			unknown("a GuardDuty feature name is unknown", source.At(f.loc))
			return
		}
		if !set(name, status(walk(f, "Status"))) {
			return
		}
		acs, unk := items(walk(f, "AdditionalConfiguration"))
		if unk != nil {
			unknown("GuardDuty feature "+name+" AdditionalConfiguration: "+unk.s, source.At(unk.loc))
			return
		}
		for _, ac := range acs {
			n, ok := c.str(walk(ac, "Name")).Get()
			if !ok || n == "" {
				unknown("a GuardDuty additional configuration name is unknown", source.At(ac.loc))
				return
			}
			if !set(n, status(walk(ac, "Status"))) {
				return
			}
		}
	}
	reg.GuardDutyFeatures = source.Known(feats, prov)
}

// primaryAccount maps the region-wide security services a template can
// switch on; false for any other type.
func (b *builder) primaryAccount(c *rctx) bool {
	switch c.r.typ {
	case "AWS::AccessAnalyzer::Analyzer":
		b.analyzer(c)
	case "AWS::SecurityHub::Hub":
		// Creating the hub resource is what enables Security Hub.
		b.region(c).SecurityHub = source.KnownAt(true, c.site())
	case "AWS::Macie::Session":
		b.region(c).Macie = source.Map(c.strOr("ENABLED", "Status"), func(s string) bool { return s == "ENABLED" })
	default:
		return false
	}
	return true
}

// analyzer reads AWS::AccessAnalyzer::Analyzer. Without AnalyzerName
// CloudFormation generates one, so the analyzer is there either way; it is
// listed by its logical id then.
func (b *builder) analyzer(c *rctx) {
	reg := b.region(c)
	name := c.r.id
	if v := c.get("AnalyzerName"); v != nil {
		n, ok := c.str(v).Get()
		if !ok {
			n = c.r.id
		}
		name = n
	}
	cur, _ := reg.AccessAnalyzers.Get()
	reg.AccessAnalyzers = source.KnownAt(append(append([]string{}, cur...), name), c.site())
}

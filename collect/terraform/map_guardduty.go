package terraform

import (
	"fmt"

	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/source"
)

// gdDetector collects what the code says about one detector's features:
// the service defaults, the inline datasources block, and every
// aws_guardduty_detector_feature that configures it.
type gdDetector struct {
	reg   *account.Region
	feats map[string]bool
	prov  source.Prov
	// unknown is why the features cannot be known (first reason wins).
	unknown     string
	unknownProv source.Prov
	off         bool // prov already points at a disabling resource
}

func (d *gdDetector) setUnknown(reason string, at source.Prov) {
	if d.unknown == "" {
		d.unknown, d.unknownProv = reason, at
	}
}

// set records one feature state read from the code.
func (d *gdDetector) set(name string, on source.Value[bool]) {
	v, ok := on.Get()
	if !ok {
		d.setUnknown(fmt.Sprintf("GuardDuty feature %s: %s", name, on.Reason()), on.Prov())
		return
	}
	d.feats[name] = v
	if !v && !d.off {
		d.prov, d.off = on.Prov(), true
	}
}

func mapGuardDuty(bd *builder, r *resInst) {
	reg := bd.region(r)
	reg.GuardDuty = r.body.boolean("enable", true)
	d := &gdDetector{reg: reg, feats: map[string]bool{}, prov: r.at()}
	for _, n := range account.GuardDutyDefaultFeatures() {
		d.feats[n] = true
	}
	// The deprecated datasources block sets three of the features.
	if ds, reason := r.body.block("datasources"); reason != "" {
		d.setUnknown("GuardDuty datasources: "+reason, r.at())
	} else if ds != nil {
		if s3, _ := ds.block("s3_logs"); s3 != nil {
			d.set("S3_DATA_EVENTS", s3.boolean("enable", true))
		}
		if k, _ := ds.block("kubernetes"); k != nil {
			if al, _ := k.block("audit_logs"); al != nil {
				d.set("EKS_AUDIT_LOGS", al.boolean("enable", true))
			}
		}
		if mp, _ := ds.block("malware_protection"); mp != nil {
			if sc, _ := mp.block("scan_ec2_instance_with_findings"); sc != nil {
				if ev, _ := sc.block("ebs_volumes"); ev != nil {
					d.set("EBS_MALWARE_PROTECTION", ev.boolean("enable", true))
				}
			}
		}
	}
	names := []string{}
	if id := r.knownString("id"); id != "" {
		names = append(names, id) // plan JSON knows the id of an existing detector
	}
	bd.add(r, d, names...)
	bd.post = append(bd.post, func() {
		if d.unknown != "" {
			d.reg.GuardDutyFeatures = source.Unknown[map[string]bool](d.unknown, d.unknownProv)
			return
		}
		d.reg.GuardDutyFeatures = source.Known(d.feats, d.prov)
	})
}

// gdFeature joins aws_guardduty_detector_feature to its detector.
func gdFeature(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "detector_id", "aws_guardduty_detector")
	if !found {
		region, _ := r.region.Get()
		if reason == "" {
			// A literal id of a detector this configuration does not
			// declare: GuardDuty runs in the region (a feature needs a
			// detector), but what else that detector has is unknown.
			reason = "detector " + r.knownString("detector_id") + " is not declared in this configuration"
			reg := bd.region(r)
			if _, ok := reg.GuardDuty.Get(); !ok && reg.GuardDuty.Prov().Loc.IsZero() {
				reg.GuardDuty = source.Unknown[bool](reason, r.at())
				reg.GuardDutyFeatures = source.Unknown[map[string]bool]("GuardDuty features of "+reason, r.at())
			}
		}
		// The detector it configures may be one declared here (imported,
		// or behind an unknown reference): their features are unknown too.
		// Secondaries run after every detector is mapped, and features
		// are finalised last, so marking them here is enough.
		for _, x := range bd.byAddr {
			if d, ok := x.(*gdDetector); ok && d.reg.Name == region {
				d.setUnknown("may be configured by "+r.addr+": "+reason, r.at())
			}
		}
		return
	}
	d := o.(*gdDetector)
	name, ok := r.body.str("name", "").Get()
	if !ok || name == "" {
		d.setUnknown(r.addr+": feature name is unknown", r.at())
		return
	}
	d.set(name, enabledStatus(r.body.str("status", "")))
	acs, reason := r.body.nested("additional_configuration")
	if reason != "" {
		d.setUnknown(r.addr+" additional_configuration: "+reason, r.at())
		return
	}
	for _, ac := range acs {
		n, ok := ac.str("name", "").Get()
		if !ok || n == "" {
			d.setUnknown(r.addr+": additional_configuration name is unknown", source.At(ac.loc()))
			continue
		}
		d.set(n, enabledStatus(ac.str("status", "")))
	}
}

func enabledStatus(v source.Value[string]) source.Value[bool] {
	return source.Map(v, func(s string) bool { return s == "ENABLED" })
}

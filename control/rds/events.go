package rds

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// eventSubscriptionType is the listing whose gaps make "no subscription"
// unknown.
const eventSubscriptionType = "AWS::RDS::EventSubscription"

// eventSpec is one FSBP event-subscription duty: a source type and the
// event categories FSBP calls critical for it.
type eventSpec struct {
	id, fsbp, noun, sourceType string
	categories                 []string
	// relevant counts the resources in region whose events matter, and
	// names a listing gap that may hide some.
	relevant func(e *model.Estate, region string) (n int, gap string)
}

func eventControls() []*control.Control {
	instances := func(e *model.Estate, region string) (int, string) {
		n := 0
		for _, i := range e.RDSInstances {
			if i.Region == region {
				n++
			}
		}
		g, _ := e.ListingGap("AWS::RDS::DBInstance", region)
		return n, g
	}
	clusters := func(e *model.Estate, region string) (int, string) {
		n := 0
		for _, c := range e.RDSClusters {
			if c.Region == region {
				n++
			}
		}
		g, _ := e.ListingGap("AWS::RDS::DBCluster", region)
		return n, g
	}
	databases := func(e *model.Estate, region string) (int, string) {
		a, g1 := instances(e, region)
		b, g2 := clusters(e, region)
		if g1 == "" {
			g1 = g2
		}
		return a + b, g1
	}
	return []*control.Control{
		eventControl(eventSpec{id: "ONUS-RDS-019", fsbp: "RDS.19", noun: "DB cluster", sourceType: "db-cluster",
			categories: []string{"failure", "maintenance"}, relevant: clusters}),
		eventControl(eventSpec{id: "ONUS-RDS-020", fsbp: "RDS.20", noun: "DB instance", sourceType: "db-instance",
			categories: []string{"configuration change", "failure", "maintenance"}, relevant: instances}),
		eventControl(eventSpec{id: "ONUS-RDS-021", fsbp: "RDS.21", noun: "DB parameter group", sourceType: "db-parameter-group",
			categories: []string{"configuration change"}, relevant: databases}),
		eventControl(eventSpec{id: "ONUS-RDS-022", fsbp: "RDS.22", noun: "DB security group", sourceType: "db-security-group",
			categories: []string{"configuration change", "failure"}, relevant: databases}),
	}
}

// covers judges one subscription against the spec: ok=false with a reason
// when a field it needs is unknown; else whether it covers, and why not.
func (s eventSpec) covers(sub *rds.EventSubscription) (covers, relevant, ok bool, why string) {
	st, known := sub.SourceType.Get()
	if !known {
		return false, true, false, "source type is unknown: " + sub.SourceType.Reason()
	}
	st = strings.ToLower(strings.TrimSpace(st))
	if st != "" && st != s.sourceType {
		return false, false, true, "subscription is for " + st + " events"
	}
	on, known := sub.Enabled.Get()
	if !known {
		return false, true, false, "whether it is enabled is unknown: " + sub.Enabled.Reason()
	}
	cats, known := sub.Categories.Get()
	if !known {
		return false, true, false, "event categories are unknown: " + sub.Categories.Reason()
	}
	if !on {
		return false, true, true, "subscription is disabled"
	}
	if len(cats) == 0 {
		return true, true, true, "subscribed to every " + s.noun + " event category"
	}
	have := map[string]bool{}
	for _, c := range cats {
		have[strings.ToLower(strings.TrimSpace(c))] = true
	}
	var missing []string
	for _, c := range s.categories {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return false, true, true, "subscription lacks the " + strings.Join(missing, ", ") + " categories"
	}
	ids, known := sub.SourceIDs.Get()
	if !known {
		return false, true, false, "the sources it is limited to are unknown: " + sub.SourceIDs.Reason()
	}
	if len(ids) > 0 {
		// AWS's remediation for these controls includes every source of
		// the type: a named list misses the ones created later.
		return false, true, true, fmt.Sprintf("subscription is limited to %d named source(s) (%s), so other and future %ss are not notified",
			len(ids), strings.Join(ids, ", "), s.noun)
	}
	return true, true, true, "subscribed to " + strings.Join(s.categories, ", ") + " " + s.noun + " events"
}

func subName(sub *rds.EventSubscription) string {
	if n, ok := sub.Name.Get(); ok && n != "" {
		return n
	}
	return sub.Address
}

func eventControl(s eventSpec) *control.Control {
	cats := strings.Join(s.categories, ", ")
	quoted := make([]string, len(s.categories))
	for i, c := range s.categories {
		quoted[i] = fmt.Sprintf("%q", c)
	}
	return &control.Control{
		ID: s.id, Title: "An RDS event subscription notifies of critical " + s.noun + " events", Severity: control.Low,
		Service: "rds", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP(s.fsbp), fw.Monitoring()),
		Rationale: "AWS emits " + s.noun + " events (" + cats + ") but tells no one unless the customer subscribes; " +
			"without a subscription, failures and changes to the database estate go unnoticed until users notice them.",
		Checked: "Per region (live) or across the declared subscriptions (code): an enabled RDS event subscription " +
			"whose source type is " + s.sourceType + " (or every source type), whose categories include " + cats +
			" (or every category) and that is not limited to named source IDs passes (the source type and categories " +
			"are those of AWS's " + s.fsbp + "). Live regions without a " + s.noun + " to watch are not applicable; " +
			"code without such a subscription is not applicable (the subscription may live elsewhere in the account). " +
			"Stricter than Security Hub, which passes an account with no event subscription at all: onus fails a region " +
			"that has databases but no subscription covering these events.",
		Remediation: control.Remediation{
			Summary: "Subscribe an SNS topic to the critical " + s.noun + " event categories.",
			Terraform: "resource \"aws_db_event_subscription\" \"" + strings.ReplaceAll(s.sourceType, "-", "_") + "\" {\n" +
				"  name             = \"" + s.sourceType + "-critical\"\n  sns_topic        = aws_sns_topic.db_events.arn\n" +
				"  source_type      = \"" + s.sourceType + "\"\n  event_categories = [" + strings.Join(quoted, ", ") + "]\n}",
			CloudFormation: "Events:\n  Type: AWS::RDS::EventSubscription\n  Properties:\n    SnsTopicArn: !Ref DbEvents\n" +
				"    SourceType: " + s.sourceType + "\n    EventCategories: [" + strings.Join(quoted, ", ") + "]\n    Enabled: true",
			CLI: "aws rds create-event-subscription --subscription-name " + s.sourceType + "-critical --sns-topic-arn arn:aws:sns:REGION:ACCOUNT:db-events " +
				"--source-type " + s.sourceType + " --event-categories " + strings.Join(quoted, " "),
		},
		Check: func(e *model.Estate) []control.Result {
			if !e.AccountWide {
				return s.checkCode(e)
			}
			var out []control.Result
			for _, region := range scope.Regions(e) {
				out = append(out, s.checkRegion(e, region))
			}
			if len(out) == 0 {
				return []control.Result{control.On(scope.Account(e)).Unknown("no region was scanned, so RDS event subscriptions could not be judged")}
			}
			return out
		},
	}
}

func (s eventSpec) checkRegion(e *model.Estate, region string) control.Result {
	b := control.On(scope.RegionMeta(e, region))
	var unknown []string
	var near []string
	for _, sub := range e.RDSEventSubscriptions {
		if sub.Region != region {
			continue
		}
		cov, rel, ok, why := s.covers(sub)
		switch {
		case cov:
			return control.On(&sub.Meta).Pass(subName(sub)+": "+why, subEvidence(sub)...)
		case !ok:
			unknown = append(unknown, subName(sub)+": "+why)
		case rel:
			near = append(near, subName(sub)+": "+why)
		}
	}
	n, gap := s.relevant(e, region)
	if n == 0 && gap == "" {
		return b.NA("no " + s.noun + " in " + region + " whose events a subscription would report")
	}
	if len(unknown) > 0 {
		return b.Unknown("no subscription in " + region + " is known to cover critical " + s.noun + " events; " + strings.Join(unknown, "; "))
	}
	if why, g := e.ListingGap(eventSubscriptionType, region); g {
		return b.Unknown("RDS event subscriptions in " + region + " could not be listed: " + why)
	}
	if n == 0 {
		return b.Unknown("no subscription covers critical " + s.noun + " events in " + region + ", and whether any " + s.noun + " exists there is unknown: " + gap)
	}
	reason := fmt.Sprintf("no enabled RDS event subscription in %s covers the %s categories of %s events", region, strings.Join(s.categories, ", "), s.noun)
	if len(near) > 0 {
		reason += " (" + strings.Join(near, "; ") + ")"
	}
	// The listing that found no covering subscription completed (a failed
	// one is a gap, UNKNOWN above): it is what the FAIL rests on.
	var ev []control.Evidence
	if o, ok := e.ListingOrigin(eventSubscriptionType, region); ok {
		ev = append(ev, control.Ev(o.APICall+" in "+region, source.Prov{Origin: o}))
	}
	return b.Fail(reason, ev...)
}

// subEvidence cites the settings a covering subscription is judged on.
func subEvidence(sub *rds.EventSubscription) []control.Evidence {
	return []control.Evidence{
		control.EvAt("enabled", sub.Enabled.PackedProv()),
		control.EvAt("event categories", sub.Categories.PackedProv()),
		control.EvAt("source ids", sub.SourceIDs.PackedProv()),
	}
}

func (s eventSpec) checkCode(e *model.Estate) []control.Result {
	var out []control.Result
	for _, sub := range e.RDSEventSubscriptions {
		cov, rel, ok, why := s.covers(sub)
		b := control.On(&sub.Meta)
		switch {
		case cov:
			return []control.Result{b.Pass(subName(sub)+": "+why, subEvidence(sub)...)}
		case !ok:
			out = append(out, b.Unknown(subName(sub)+": "+why))
		case rel:
			out = append(out, b.Fail(subName(sub)+": "+why+"; critical "+s.noun+" events ("+strings.Join(s.categories, ", ")+") are not all notified"))
		}
	}
	if len(out) == 0 {
		return []control.Result{control.On(scope.Account(e)).NA(scope.CodeNA("an RDS event subscription for " + s.noun + " events"))}
	}
	slices.SortStableFunc(out, func(a, b control.Result) int { return strings.Compare(a.Resource.Address, b.Resource.Address) })
	return out
}

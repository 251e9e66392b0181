package cloudwatch

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/cloudwatch/pattern"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/cloudwatch"
	"github.com/onus-sec/onus/model/sns"
)

// deliveredGroups returns the CloudWatch Logs group names that logging
// multi-region trails deliver to, and reasons for trails that might.
func deliveredGroups(e *model.Estate) (groups map[string]string, unknowns []string) {
	groups = map[string]string{}
	for _, t := range e.Trails {
		name := t.Address
		if n, ok := t.Name.Get(); ok && n != "" {
			name = n
		}
		if lg, ok := t.Logging.Get(); ok && !lg {
			continue
		}
		mr, ok := t.MultiRegion.Get()
		if ok && !mr {
			continue
		}
		ref, refOK := t.CloudWatchLogsGroup.Get()
		switch {
		case !refOK:
			unknowns = append(unknowns, "trail "+name+": CloudWatch Logs group unknown ("+t.CloudWatchLogsGroup.Reason()+")")
			continue
		case ref == "":
			continue
		case !ok:
			unknowns = append(unknowns, "trail "+name+": whether it is multi-region is unknown ("+t.MultiRegion.Reason()+")")
			continue
		}
		if _, ok := t.Logging.Get(); !ok {
			unknowns = append(unknowns, "trail "+name+": whether it is logging is unknown ("+t.Logging.Reason()+")")
			continue
		}
		g := logGroupName(e, ref)
		if g == "" {
			unknowns = append(unknowns, "trail "+name+": log group "+ref+" could not be resolved to a name")
			continue
		}
		groups[g] = name
	}
	return groups, unknowns
}

// delivering cites the trails that deliver to the watched log groups
// (deliveredGroups' map of group to trail name): where a filter belongs.
func delivering(e *model.Estate, groups map[string]string) []control.Evidence {
	var ev []control.Evidence
	for _, t := range e.Trails {
		name := t.Address
		if n, ok := t.Name.Get(); ok && n != "" {
			name = n
		}
		for g, tn := range groups {
			if tn == name {
				ev = append(ev, control.EvAt("trail "+name+" delivers to log group "+g, t.CloudWatchLogsGroup.PackedProv()))
				break
			}
		}
	}
	return ev
}

// deliveredRegions are the regions of the log groups trails deliver to,
// read from the group ARNs; [""] (any region) when one is not an ARN.
func deliveredRegions(e *model.Estate) []string {
	var out []string
	for _, t := range e.Trails {
		ref, ok := t.CloudWatchLogsGroup.Get()
		if !ok || ref == "" {
			continue
		}
		parts := strings.SplitN(ref, ":", 5)
		if len(parts) < 5 || parts[0] != "arn" || parts[3] == "" {
			return []string{""}
		}
		if !slices.Contains(out, parts[3]) {
			out = append(out, parts[3])
		}
	}
	return out
}

// whyNotDelivered cites, per trail, the setting that keeps it from
// delivering to CloudWatch Logs: what a FAIL of deliveredGroups rests on.
func whyNotDelivered(e *model.Estate) []control.Evidence {
	var ev []control.Evidence
	for _, t := range e.Trails {
		name := t.Address
		if n, ok := t.Name.Get(); ok && n != "" {
			name = n
		}
		if lg, ok := t.Logging.Get(); ok && !lg {
			ev = append(ev, control.EvAt("trail "+name+" is not logging", t.Logging.PackedProv()))
		} else if mr, ok := t.MultiRegion.Get(); ok && !mr {
			ev = append(ev, control.EvAt("trail "+name+" is single-region", t.MultiRegion.PackedProv()))
		} else if ref, ok := t.CloudWatchLogsGroup.Get(); ok && ref == "" {
			ev = append(ev, control.EvAt("trail "+name+" has no CloudWatch Logs group", t.CloudWatchLogsGroup.PackedProv()))
		}
	}
	return ev
}

// logGroupName resolves a trail's log group reference (an ARN
// "arn:aws:logs:r:a:log-group:NAME:*", a name, or a code reference).
func logGroupName(e *model.Estate, ref string) string {
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.Index(ref, ":log-group:"); i >= 0 {
			return strings.TrimSuffix(ref[i+len(":log-group:"):], ":*")
		}
		return ""
	}
	for _, g := range e.LogGroups {
		n, ok := g.Name.Get()
		if scope.SameRef(ref, &g.Meta, n) && ok {
			return n
		}
	}
	if !strings.Contains(ref, ".") || strings.HasPrefix(ref, "/") {
		return ref
	}
	return ""
}

func filterGroupMatches(e *model.Estate, f *cloudwatch.MetricFilter, groups map[string]string) (string, bool) {
	g, ok := f.LogGroupName.Get()
	if !ok {
		return "", false
	}
	if trail, ok := groups[g]; ok {
		return trail, true
	}
	// Code often names the group by reference (aws_cloudwatch_log_group.trail.name).
	for _, lg := range e.LogGroups {
		n, ok := lg.Name.Get()
		if ok && scope.SameRef(g, &lg.Meta, n) {
			if trail, ok := groups[n]; ok {
				return trail, true
			}
		}
	}
	return "", false
}

// judgePattern evaluates a filter pattern against a spec's samples.
func judgePattern(sp spec, pat string) (ok bool, why string) {
	expr, err := pattern.Parse(pat)
	if err != nil {
		return false, err.Error()
	}
	for _, s := range sp.must {
		if !expr.Match(s.fields) {
			return false, "does not match a " + s.label + " event"
		}
	}
	for _, s := range sp.mustNot {
		if expr.Match(s.fields) {
			return false, "also matches an unrelated " + s.label + " event, so it does not single out " + sp.what
		}
	}
	return true, ""
}

// alarmChain follows metric → alarm → SNS topic → subscriber.
func alarmChain(e *model.Estate, metric, ns, region string) (pass *control.Evidence, failWhy []string, unknowns []string) {
	for _, a := range e.Alarms {
		m, mok := a.MetricName.Get()
		n, nok := a.Namespace.Get()
		if (mok && m != metric) || (nok && n != ns) {
			continue
		}
		if !mok || !nok {
			unknowns = append(unknowns, "alarm "+a.Address+": metric or namespace unknown")
			continue
		}
		if en, ok := a.ActionsEnabled.Get(); ok && !en {
			failWhy = append(failWhy, "alarm "+a.Address+" has its actions disabled")
			continue
		}
		acts, ok := a.AlarmActions.Get()
		if !ok {
			unknowns = append(unknowns, "alarm "+a.Address+": actions unknown ("+a.AlarmActions.Reason()+")")
			continue
		}
		found := false
		for _, act := range acts {
			t := topicFor(e, act)
			if t == nil {
				if strings.HasPrefix(act, "arn:aws:sns:") || strings.Contains(act, "aws_sns_topic.") {
					unknowns = append(unknowns, "alarm "+a.Address+": topic "+act+" is not in the scanned estate, so its subscribers are unknown")
					found = true
				}
				continue
			}
			found = true
			subs, ok := t.Subscriptions.Get()
			switch {
			case !ok:
				unknowns = append(unknowns, "topic "+t.Address+": subscriptions unknown ("+t.Subscriptions.Reason()+")")
			case len(subs) == 0:
				failWhy = append(failWhy, "alarm "+a.Address+" notifies topic "+t.Address+", which has no subscriber")
			default:
				ev := control.Ev(fmt.Sprintf("alarm %s → topic %s (%d subscriber(s))", a.Address, t.Address, len(subs)), a.Meta.Prov())
				return &ev, nil, nil
			}
		}
		if !found {
			failWhy = append(failWhy, "alarm "+a.Address+" has no SNS action")
		}
	}
	if len(failWhy) == 0 && len(unknowns) == 0 {
		// An alarm on the metric is in the metric's region; one there may be
		// among those not listed.
		if r, gap := e.ListingGap("AWS::CloudWatch::Alarm", region); gap {
			return nil, nil, []string{fmt.Sprintf("no listed alarm watches metric %s/%s, and alarms could not be listed everywhere: %s", ns, metric, r)}
		}
		failWhy = append(failWhy, fmt.Sprintf("no alarm watches metric %s/%s", ns, metric))
	}
	return nil, failWhy, unknowns
}

func topicFor(e *model.Estate, ref string) *sns.Topic {
	for _, t := range e.SNSTopics {
		n, _ := t.Name.Get()
		if scope.SameRef(ref, &t.Meta, n) {
			return t
		}
	}
	return nil
}

// checkSpec judges one CIS monitoring recommendation for the account.
func checkSpec(e *model.Estate, sp spec) []control.Result {
	acct := control.On(scope.Account(e))
	if !e.AccountWide && len(e.Trails) == 0 && len(e.MetricFilters) == 0 && len(e.Alarms) == 0 {
		return []control.Result{acct.NA(scope.CodeNA("monitoring of " + sp.what))}
	}
	groups, unknowns := deliveredGroups(e)
	if len(groups) == 0 && len(unknowns) == 0 {
		if r, gap := scope.ListingGap(e, "AWS::CloudTrail::Trail"); gap && e.AccountWide {
			return []control.Result{acct.Unknown("trails could not be listed: " + r)}
		}
		if !e.AccountWide {
			if len(e.Trails) == 0 {
				return []control.Result{acct.Unknown("the scanned code declares metric filters or alarms but no trail; whether a multi-region trail delivers to their log group is unknown")}
			}
		}
		return []control.Result{acct.Fail("no logging multi-region trail delivers to CloudWatch Logs, so "+sp.what+" cannot be monitored", whyNotDelivered(e)...)}
	}
	var fails []string
	var failEv []control.Evidence
	for _, f := range e.MetricFilters {
		trail, onTrail := filterGroupMatches(e, f, groups)
		if !onTrail {
			if _, ok := f.LogGroupName.Get(); !ok {
				unknowns = append(unknowns, "filter "+f.Address+": log group unknown ("+f.LogGroupName.Reason()+")")
			}
			continue
		}
		pat, ok := f.Pattern.Get()
		if !ok {
			unknowns = append(unknowns, "filter "+f.Address+": pattern unknown ("+f.Pattern.Reason()+")")
			continue
		}
		if good, why := judgePattern(sp, pat); !good {
			fails = append(fails, "filter "+f.Address+" "+why)
			failEv = append(failEv, control.EvAt("filter pattern of "+f.Address, f.Pattern.PackedProv()))
			continue
		}
		metric, mok := f.MetricName.Get()
		ns, nok := f.Namespace.Get()
		if !mok || !nok {
			unknowns = append(unknowns, "filter "+f.Address+": metric name or namespace unknown")
			continue
		}
		ev, why, unk := alarmChain(e, metric, ns, f.Region)
		if ev != nil {
			return []control.Result{acct.Pass(fmt.Sprintf("filter %s on the log group of trail %s matches %s and alarm notifies a subscribed topic", f.Address, trail, sp.what),
				control.Ev("metric filter "+f.Address+" ("+ns+"/"+metric+")", f.Meta.Prov()), *ev)}
		}
		for _, w := range why {
			fails = append(fails, "filter "+f.Address+": "+w)
		}
		if len(why) > 0 {
			failEv = append(failEv, control.Ev("metric filter "+f.Address+" ("+ns+"/"+metric+")", f.Meta.Prov()))
		}
		unknowns = append(unknowns, unk...)
	}
	// A complete chain may start at a filter that was not listed, in a
	// region of a log group a trail delivers to.
	for _, reg := range deliveredRegions(e) {
		if r, gap := e.ListingGap("AWS::Logs::MetricFilter", reg); gap && e.AccountWide {
			unknowns = append(unknowns, "metric filters could not be listed everywhere: "+r)
			break
		}
	}
	if len(unknowns) > 0 {
		return []control.Result{acct.Unknown("no complete filter → alarm → subscribed topic chain is known for " + sp.what + "; " + strings.Join(unknowns, "; "))}
	}
	if len(fails) == 0 {
		var gs []string
		for g := range groups {
			gs = append(gs, g)
		}
		return []control.Result{acct.Fail("no metric filter for "+sp.what+" on the trail log group(s) "+strings.Join(sortStrings(gs), ", "), delivering(e, groups)...)}
	}
	return []control.Result{acct.Fail(sp.what+" are not monitored: "+strings.Join(fails, "; "), failEv...)}
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// logGroup wraps the model type so judges take it by value.
type logGroup struct{ *cloudwatch.LogGroup }

package scope

import (
	"sort"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Code reports whether the resource was declared in code (Terraform or
// CloudFormation) rather than read from a live account or a snapshot of one.
func Code(m *base.Meta) bool {
	return m.Source == source.Terraform || m.Source == source.CloudFormation
}

// Now is the clock the age-based controls judge against: the estate's scan
// time (model.Estate.Now), so a snapshot rescanned later judges ages as of
// when its evidence was read and gives the same results.
func Now(e *model.Estate) time.Time { return e.Now() }

// AccountType is the resource type of synthetic account-level results.
const AccountType = "AWS::::Account"

// Account returns the header account-wide results hang on: the first
// account read (live) or declared (code), else a synthetic one.
func Account(e *model.Estate) *base.Meta {
	if len(e.Accounts) > 0 && e.Accounts[0] != nil {
		return &e.Accounts[0].Meta
	}
	m := &base.Meta{Type: AccountType, Address: "account", Source: estateSource(e)}
	if e.AccountWide {
		m.Source = source.AWS
	}
	return m
}

// estateSource names the source of a code estate for its synthetic account
// result, so every result says where it came from: the first source found in
// a fixed order of resource kinds (a mixed estate is rare and any of its
// sources is true of the account).
func estateSource(e *model.Estate) source.Kind {
	// The first source found wins: no need to collect them all (this runs
	// for every account-wide result).
	for _, k := range []source.Kind{
		firstSource(e.Trails),
		firstSource(e.S3Buckets),
		firstSource(e.IAMRoles),
		firstSource(e.SecurityGroups),
		firstSource(e.VPCs),
		firstSource(e.EC2Instances),
		firstSource(e.LambdaFunctions),
		firstSource(e.RDSInstances),
		firstSource(e.KMSKeys),
	} {
		if k != "" {
			return k
		}
	}
	for _, r := range e.Literals {
		if r.Meta.Source != "" {
			return r.Meta.Source
		}
	}
	return ""
}

// firstSource is the source of the first resource that has one.
func firstSource[R base.Resource](rs []R) source.Kind {
	for _, r := range rs {
		if s := r.M().Source; s != "" {
			return s
		}
	}
	return ""
}

// CodeNA is the reason account-wide duties give on code estates.
func CodeNA(what string) string {
	return what + " is account-wide and the scanned code does not declare it; it is evaluated on live account scans"
}

// Regions returns the regions a region-wide duty must hold in: for live
// scans the scanned regions plus any region with a record; for code, only
// regions the code declares a record for.
func Regions(e *model.Estate) []string {
	seen := map[string]bool{}
	var out []string
	add := func(r string) {
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if e.AccountWide {
		for _, r := range e.ScannedRegions {
			add(r)
		}
	}
	for _, r := range e.Regions {
		if r != nil {
			add(regionName(r))
		}
	}
	sort.Strings(out)
	return out
}

func regionName(r *account.Region) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Meta.Region
}

// Region returns the record of one region, or nil.
func Region(e *model.Estate, name string) *account.Region {
	for _, r := range e.Regions {
		if r != nil && regionName(r) == name {
			return r
		}
	}
	return nil
}

// RegionMeta is the header for a region-level result: the region record's
// own header when there is one, else a synthetic one.
func RegionMeta(e *model.Estate, name string) *base.Meta {
	if r := Region(e, name); r != nil {
		return &r.Meta
	}
	acct := Account(e)
	return &base.Meta{Type: "AWS::::Region", Address: name, Region: name, Account: acct.Account, Source: acct.Source}
}

// Age says how long ago t was, in whole days.
func Age(now, t time.Time) int { return int(now.Sub(t).Hours() / 24) }

// NameFromARN returns the last path element of an ARN's resource part
// ("arn:aws:sns:us-east-1:1:alerts" -> "alerts"), or s itself.
func NameFromARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return s
	}
	res := parts[5]
	if i := strings.LastIndexAny(res, "/:"); i >= 0 {
		return res[i+1:]
	}
	return res
}

// SameRef reports whether a reference written in one resource (an ARN, a
// name, or a code address such as "aws_sns_topic.alerts.arn") points at the
// resource with header m and name name.
func SameRef(ref string, m *base.Meta, name string) bool {
	if ref == "" {
		return false
	}
	if m.ARN != "" && ref == m.ARN {
		return true
	}
	if m.Address != "" && (ref == m.Address || strings.HasPrefix(ref, m.Address+".")) {
		return true
	}
	if name != "" && (ref == name || (strings.HasPrefix(ref, "arn:") && NameFromARN(ref) == name)) {
		return true
	}
	return false
}

// ListingGap says why resources of a CloudFormation type may be missing from
// a live estate (a listing that was denied or failed).
func ListingGap(e *model.Estate, typ string) (string, bool) {
	return e.ListingGap(typ, "")
}

// PerRegion runs judge on the record of every region a region-wide duty
// covers. Live scans answer UNKNOWN for a scanned region without a record;
// code estates without any region record are NOT_APPLICABLE.
func PerRegion(e *model.Estate, what string, judge func(*account.Region) control.Verdict) []control.Result {
	regions := Regions(e)
	if len(regions) == 0 {
		b := control.On(Account(e))
		if e.AccountWide {
			return []control.Result{b.Unknown("no region was scanned, so " + what + " could not be judged")}
		}
		return []control.Result{b.NA(CodeNA(what))}
	}
	var out []control.Result
	for _, name := range regions {
		b := control.On(RegionMeta(e, name))
		r := Region(e, name)
		if r == nil {
			out = append(out, b.Unknown(what+" was not read in "+name))
			continue
		}
		out = append(out, b.Result(judge(r)))
	}
	return out
}

// RegionBool judges a per-region on/off setting; on code, a setting the
// code does not declare is NOT_APPLICABLE.
func RegionBool(r *account.Region, v source.Value[bool], what string) control.Verdict {
	on, ok := v.Get()
	switch {
	case !ok && Code(&r.Meta) && v.Prov().Loc.IsZero():
		return control.Verdict{Outcome: control.NotApplicable, Reason: what + " is not declared in the scanned code for " + r.Name}
	case !ok:
		return control.Verdict{Outcome: control.Unknown, Reason: what + " in " + r.Name + " is unknown: " + v.Reason(), Evidence: []control.Evidence{control.EvAt(what, v.PackedProv())}}
	case on:
		return control.Verdict{Outcome: control.Pass, Reason: what + " is enabled in " + r.Name, Evidence: []control.Evidence{control.EvAt(what+" enabled", v.PackedProv())}}
	}
	return control.Verdict{Outcome: control.Fail, Reason: what + " is not enabled in " + r.Name, Evidence: []control.Evidence{control.EvAt(what+" disabled", v.PackedProv())}}
}

// UnreadRegions gives, on a live scan, an UNKNOWN for every scanned region
// that has no record of a per-region setting: have lists the regions that
// do, listing is the record's type in Estate.ListingGap, what names the
// setting ("the EBS encryption-by-default setting"). A region whose setting
// was not read must never look like one where it is off or on.
func UnreadRegions(e *model.Estate, have []string, listing, what string) []control.Result {
	seen := map[string]bool{}
	for _, r := range have {
		seen[r] = true
	}
	regions := append([]string(nil), e.ScannedRegions...)
	sort.Strings(regions)
	var out []control.Result
	for _, r := range regions {
		if seen[r] {
			continue
		}
		seen[r] = true
		reason := what + " of " + r + " was not read"
		if g, ok := e.ListingGap(listing, r); ok {
			reason += ": " + g
		}
		out = append(out, control.On(RegionMeta(e, r)).Unknown(reason))
	}
	return out
}

package awscollect

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// TestSkippedServicesAreUnknown: a scan limited to some services says
// nothing about the others. Before the skipped services became gaps, a
// scan with --services s3 reported "the account has no CloudTrail trail"
// and "no AWS Config recorder" about an account it never asked.
func TestSkippedServicesAreUnknown(t *testing.T) {
	w := sharedWorld(t)
	e, _ := collectVia(t, w, 1, func(o *Options) { o.Services = []string{"s3"} })
	unknown := 0
	for _, r := range control.Run(context.Background(), e, catalog.All()).All() {
		if r.Control.Service == "s3" {
			continue
		}
		switch r.Outcome {
		case control.Pass, control.Fail:
			t.Errorf("%s %s on %s with only s3 scanned: %s", r.Outcome, r.Control.ID, r.Resource.Address, r.Reason)
		case control.Unknown:
			unknown++
		}
	}
	if unknown == 0 {
		t.Error("no control of an unscanned service answered UNKNOWN")
	}
	if why, gap := e.ListingGap("AWS::Config::ConfigurationRecorder", "us-east-1"); !gap || why != "config is not among the scanned services (--services)" {
		t.Errorf("config recorders: gap %v %q", gap, why)
	}
	if _, gap := e.ListingGap("AWS::S3::Bucket", "us-east-1"); gap {
		t.Error("a scanned service has a gap")
	}
}

// TestSkippedRegionsAreUnknown: a scan limited to one region cannot say
// the account has no Config recorder (one may record elsewhere), but it
// still judges the region it read, and a multi-region trail (visible from
// every region) still counts. Every PASS and FAIL it gives is the full
// scan's verdict on the same resource.
func TestSkippedRegionsAreUnknown(t *testing.T) {
	w := sharedWorld(t)
	e, _ := collectVia(t, w, 1, func(o *Options) { o.Regions = []string{"us-east-1"} })
	full := map[string]control.Outcome{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).All() {
		full[r.Control.ID+" "+r.Resource.Address] = r.Outcome
	}
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).All() {
		k := r.Control.ID + " " + r.Resource.Address
		got[k] = *r
		if (r.Outcome == control.Pass || r.Outcome == control.Fail) && full[k] != r.Outcome {
			t.Errorf("%s: %s with only us-east-1 scanned (%s), %s on the full scan", k, r.Outcome, r.Reason, full[k])
		}
	}
	acct := "account/123456789012"
	if r := got["ONUS-CFG-002 "+acct]; r.Outcome != control.Unknown || r.Reason != "Config recorders could not be listed: regions other than us-east-1 were not scanned (--regions)" {
		t.Errorf("CFG-002: %s %q, want UNKNOWN for the regions not scanned", r.Outcome, r.Reason)
	}
	ct := 0
	for k, r := range got {
		if strings.HasPrefix(k, "ONUS-CT-001 ") {
			ct++
			if r.Outcome != control.Pass {
				t.Errorf("CT-001 on %s is %s (%s): the multi-region trail shows from any region", r.Resource.Address, r.Outcome, r.Reason)
			}
		}
	}
	if ct != 1 {
		t.Errorf("%d CT-001 results, want 1", ct)
	}
}

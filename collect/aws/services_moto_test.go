package awscollect

import (
	"context"
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
	o := testOptions(w.url)
	o.Services = []string{"s3"}
	e, _, err := Collect(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
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

package awscollect

import (
	"context"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// TestNetReadsDenied: with the VPC endpoint, launch template version and
// transit gateway reads denied, the endpoints of every VPC and the
// settings of every template are UNKNOWN with the denial as reason, the
// transit gateway listing is a gap, and the controls on them answer
// UNKNOWN (never PASS or FAIL).
func TestNetReadsDenied(t *testing.T) {
	w := sharedWorld(t)
	e, _ := collectVia(t, w, 1, nil, deny("ec2", "DescribeVpcEndpoints"), deny("ec2", "DescribeLaunchTemplateVersions"),
		deny("ec2", "DescribeTransitGateways"))
	if len(e.VPCs) == 0 || len(e.LaunchTemplates) == 0 {
		t.Fatalf("want VPCs and launch templates listed, got %d and %d", len(e.VPCs), len(e.LaunchTemplates))
	}
	for _, v := range e.VPCs {
		if _, ok := v.Endpoints.Get(); ok || !strings.Contains(v.Endpoints.Reason(), "ec2:DescribeVpcEndpoints") {
			t.Errorf("%s: endpoints known=%v reason %q", v.Address, ok, v.Endpoints.Reason())
		}
	}
	for _, lt := range e.LaunchTemplates {
		if _, ok := lt.HTTPTokens.Get(); ok || !strings.Contains(lt.HTTPTokens.Reason(), "ec2:DescribeLaunchTemplateVersions") {
			t.Errorf("%s: HttpTokens known=%v reason %q", lt.Address, ok, lt.HTTPTokens.Reason())
		}
	}
	if len(e.TransitGateways) != 0 {
		t.Errorf("transit gateways listed although the listing was denied")
	}
	if _, gap := e.ListingGap("AWS::EC2::TransitGateway", "us-east-1"); !gap {
		t.Errorf("no gap recorded for the denied transit gateway listing")
	}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		switch r.Control.ID {
		case "ONUS-VPC-011", "ONUS-VPC-012", "ONUS-VPC-013", "ONUS-VPC-014", "ONUS-VPC-015", "ONUS-VPC-016",
			"ONUS-EC2-009", "ONUS-EC2-010", "ONUS-EC2-011":
			if r.Outcome != control.Unknown {
				t.Errorf("%s on %s = %s (%s) with its read denied; want UNKNOWN", r.Control.ID, r.Resource.Address, r.Outcome, r.Reason)
			}
		}
	}
	compareOutcomes(t, w.baseline, e)
}

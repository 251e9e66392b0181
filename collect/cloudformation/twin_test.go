package cloudformation_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// outcomeCounts summarises results per control: "FAIL=2 PASS=1".
func outcomeCounts(rs []control.Result) map[string]string {
	counts := map[string]map[string]int{}
	for _, r := range rs {
		if counts[r.Control.ID] == nil {
			counts[r.Control.ID] = map[string]int{}
		}
		counts[r.Control.ID][r.Outcome.String()]++
	}
	out := map[string]string{}
	for id, c := range counts {
		var parts []string
		for o, n := range c {
			parts = append(parts, fmt.Sprintf("%s=%d", o, n))
		}
		sort.Strings(parts)
		out[id] = strings.Join(parts, " ")
	}
	return out
}

// terraformOnly are controls whose evidence only the Terraform twin can
// declare, with why; they are left out of the comparison.
var terraformOnly = map[string]string{
	"ONUS-SSM-001": "AWS::SSM::Document has no sharing property; the Terraform twin shares its runbook publicly",
	"ONUS-SSM-004": "CloudFormation has no resource type for SSM service settings; the Terraform twin declares the Automation log destination",
	"ONUS-SSM-005": "CloudFormation has no resource type for SSM service settings; the Terraform twin allows public document sharing",
}

// TestTwinWithTerraform: examples/cloudformation/web-app.yaml declares the
// same estate as examples/terraform/web-app, so every control of the
// catalogue gives the same outcomes (counted per control; addresses differ).
func TestTwinWithTerraform(t *testing.T) {
	ctx := context.Background()
	te, _ := terraform.Load(ctx, filepath.Join("..", "..", "examples", "terraform", "web-app"), terraform.Options{})
	ce, diags := cloudformation.Load(ctx, filepath.Join(exampleDir, "web-app.yaml"), cloudformation.Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	tr := control.Run(ctx, te, catalog.All()).Slice()
	cr := control.Run(ctx, ce, catalog.All()).Slice()
	tc, cc := outcomeCounts(tr), outcomeCounts(cr)
	ids := map[string]bool{}
	for id := range tc {
		ids[id] = true
	}
	for id := range cc {
		ids[id] = true
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		if _, skip := terraformOnly[id]; skip || tc[id] == cc[id] {
			continue
		}
		var detail []string
		for _, r := range tr {
			if r.Control.ID == id {
				detail = append(detail, fmt.Sprintf("  terraform      %-8s %s: %s", r.Outcome, r.Resource.Address, r.Reason))
			}
		}
		for _, r := range cr {
			if r.Control.ID == id {
				detail = append(detail, fmt.Sprintf("  cloudformation %-8s %s: %s", r.Outcome, r.Resource.Address, r.Reason))
			}
		}
		t.Errorf("%s: terraform [%s], cloudformation [%s]\n%s", id, tc[id], cc[id], strings.Join(detail, "\n"))
	}
}

package cloudformation_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
)

const exampleDir = "../../examples/cloudformation"

func scan(t *testing.T, file string) (*model.Estate, []control.Result) {
	t.Helper()
	e, diags := cloudformation.Load(context.Background(), filepath.Join(exampleDir, file), cloudformation.Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	return e, control.Run(context.Background(), e, catalog.All()).Slice()
}

// resultsOf loads one template file, fails the test on any diagnostic,
// runs the catalogue and indexes the results by "control address".
func resultsOf(t *testing.T, path string) map[string]control.Result {
	t.Helper()
	e, diags := cloudformation.Load(context.Background(), path, cloudformation.Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r
	}
	return got
}

// ignoresByAddress collects the inline suppressions of every resource.
func ignoresByAddress(e *model.Estate, visit func(func(*base.Meta))) map[string][]base.Ignore {
	out := map[string][]base.Ignore{}
	visit(func(m *base.Meta) {
		if len(m.Ignores) > 0 {
			out[m.Address] = m.Ignores
		}
	})
	return out
}

// eachMeta visits every resource header of the estate.
func eachMeta(e *model.Estate) func(func(*base.Meta)) {
	return func(f func(*base.Meta)) {
		v := reflect.ValueOf(e).Elem()
		for i := range v.NumField() {
			if fl := v.Field(i); fl.Kind() == reflect.Slice {
				for j := range fl.Len() {
					if r, ok := fl.Index(j).Interface().(base.Resource); ok {
						f(r.M())
					}
				}
			}
		}
	}
}

// TestSecureExampleHasNoFail: the secure template fails no control of the
// catalogue, except what it suppresses inline with a reason; and every
// inline suppression is still needed.
func TestSecureExampleHasNoFail(t *testing.T) {
	e, rs := scan(t, "web-app-secure.yaml")
	ignores := ignoresByAddress(e, eachMeta(e))
	used := map[string]bool{}
	for _, r := range rs {
		if r.Outcome != control.Fail {
			continue
		}
		suppressed := false
		for _, ig := range ignores[r.Resource.Address] {
			if ig.Control == r.Control.ID {
				suppressed = true
				used[r.Resource.Address+" "+ig.Control] = true
			}
		}
		if !suppressed {
			t.Errorf("FAIL %s on %s: %s", r.Control.ID, r.Resource.Address, r.Reason)
		}
	}
	for addr, igs := range ignores {
		for _, ig := range igs {
			if !used[addr+" "+ig.Control] {
				t.Errorf("inline suppression of %s on %s suppresses nothing", ig.Control, addr)
			}
		}
	}
}

// TestMixedExampleFindings: the mixed template shows its mistakes, and
// what it does right passes.
func TestMixedExampleFindings(t *testing.T) {
	_, rs := scan(t, "web-app.yaml")
	got := map[string]control.Outcome{}
	for _, r := range rs {
		got[r.Control.ID+" "+r.Resource.Address] = r.Outcome
	}
	for _, c := range []struct {
		key  string
		want control.Outcome
	}{
		{"ONUS-VPC-001 AppSecurityGroup", control.Fail}, // SSH from anywhere
		{"ONUS-IAM-014 AppRole", control.Fail},          // Action * on Resource *
		{"ONUS-LAMBDA-001 Resizer", control.Fail},       // Stripe key in the environment
		{"ONUS-LAMBDA-002 Resizer", control.Fail},       // deprecated runtime
		{"ONUS-RDS-014 Database", control.Fail},         // password in the template
		{"ONUS-RDS-004 Database", control.Fail},         // one day of backups
		{"ONUS-CT-002 Trail", control.Fail},             // no log file validation
		{"ONUS-S3-005 LogsBucket", control.Fail},        // no public access block
		{"ONUS-S3-001 LogsBucket", control.Fail},        // no KMS default encryption
		{"ONUS-VPC-007 Vpc", control.Fail},              // no flow logs
		{"ONUS-VPC-008 PublicSubnet0", control.Fail},    // public IPs on launch
		{"ONUS-RDS-001 Database", control.Pass},         // encrypted
		{"ONUS-RDS-003 Database", control.Pass},         // private
		{"ONUS-S3-001 AssetsBucket", control.Pass},      // SSE-KMS
		{"ONUS-S3-005 AssetsBucket", control.Pass},      // public access blocked
		{"ONUS-LAMBDA-007 Resizer", control.Pass},       // invoked by S3 only
	} {
		if got[c.key] != c.want {
			t.Errorf("%s: %v, want %v", c.key, got[c.key], c.want)
		}
	}
}

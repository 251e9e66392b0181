package e2e

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/dynamodb"
	"github.com/onus-sec/onus/control/ec2"
	"github.com/onus-sec/onus/control/ecs"
	"github.com/onus-sec/onus/control/efs"
	"github.com/onus-sec/onus/control/elb"
	"github.com/onus-sec/onus/control/kms"
	"github.com/onus-sec/onus/control/lambda"
	"github.com/onus-sec/onus/control/rds"
	"github.com/onus-sec/onus/control/s3"
	"github.com/onus-sec/onus/control/secrets"
	"github.com/onus-sec/onus/control/secretsmanager"
	"github.com/onus-sec/onus/control/sns"
	"github.com/onus-sec/onus/control/sqs"
	"github.com/onus-sec/onus/control/vpc"
	"github.com/onus-sec/onus/model"
)

const examples = "../../../examples"

// controls are the service controls this package family owns.
func controls() []*control.Control {
	var all []*control.Control
	for _, l := range [][]*control.Control{s3.Controls(), ec2.Controls(), vpc.Controls(), rds.Controls(),
		lambda.Controls(), ecs.Controls(), elb.Controls(), dynamodb.Controls(), efs.Controls(), kms.Controls(),
		secretsmanager.Controls(), sqs.Controls(), sns.Controls(), secrets.Controls()} {
		all = append(all, l...)
	}
	return all
}

// suppressed reports whether an inline ignore next to the resource covers the result.
func suppressed(r control.Result) bool {
	for _, ig := range r.Resource.Ignores {
		if ig.Control == r.Control.ID {
			return true
		}
	}
	return false
}

func scan(t *testing.T, e *model.Estate) []control.Result {
	t.Helper()
	var out []control.Result
	for _, r := range control.Run(context.Background(), e, controls()) {
		if !suppressed(r) {
			out = append(out, r)
		}
	}
	return out
}

func loadTF(t *testing.T, dir string) *model.Estate {
	t.Helper()
	e, d := terraform.Load(context.Background(), filepath.Join(examples, "terraform", dir), terraform.Options{})
	if e == nil {
		t.Fatalf("load %s: %v", dir, d)
	}
	return e
}

func loadCFN(t *testing.T, file string) *model.Estate {
	t.Helper()
	e, d := cloudformation.Load(context.Background(), filepath.Join(examples, "cloudformation", file), cloudformation.Options{})
	if e == nil {
		t.Fatalf("load %s: %v", file, d)
	}
	return e
}

// TestInsecureExampleFailsTopControls: the mixed web-app shows at least one
// FAIL of the top control of each service it uses.
func TestInsecureExampleFailsTopControls(t *testing.T) {
	top := []string{"ONUS-S3-002", "ONUS-VPC-001", "ONUS-EC2-001", "ONUS-EBS-001", "ONUS-RDS-002",
		"ONUS-LAMBDA-001", "ONUS-ELB-001", "ONUS-KMS-001", "ONUS-SECRETS-001"}
	fails := map[string]int{}
	for _, r := range scan(t, loadTF(t, "web-app")) {
		if r.Outcome == control.Fail {
			fails[r.Control.ID]++
		}
	}
	for _, id := range top {
		if fails[id] == 0 {
			t.Errorf("examples/terraform/web-app: no FAIL for %s", id)
		}
	}
}

// TestSecureExamplesHaveNoFail: the secure twins pass or are unknown/not
// applicable on every control; a FAIL is either a wrong example or a wrong
// control.
func TestSecureExamplesHaveNoFail(t *testing.T) {
	estates := map[string]*model.Estate{
		"terraform/web-app-secure":           loadTF(t, "web-app-secure"),
		"cloudformation/web-app-secure.yaml": loadCFN(t, "web-app-secure.yaml"),
	}
	names := make([]string, 0, len(estates))
	for n := range estates {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rs := scan(t, estates[n])
		if len(rs) == 0 {
			t.Errorf("%s: no results at all", n)
		}
		for _, r := range rs {
			if r.Outcome == control.Fail {
				t.Errorf("%s: %s FAIL on %s: %s", n, r.Control.ID, r.Resource.Address, r.Reason)
			}
			if r.Outcome == control.Unknown && strings.Contains(r.Reason, "not read by this source") {
				t.Logf("%s: %s UNKNOWN on %s: %s", n, r.Control.ID, r.Resource.Address, r.Reason)
			}
		}
	}
}

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
	"github.com/onus-sec/onus/control/catalog"
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
	for _, r := range control.Run(context.Background(), e, controls()).Slice() {
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

// codeCannotFail are the top (critical/high) controls whose failure code
// cannot express: the failing state exists only in a live account. Each
// must give no FAIL on any bundled code example (checked below), so the
// list cannot hide a control that code does fail.
var codeCannotFail = map[string]string{
	"ONUS-IAM-001": "root access keys exist only in the account (credential report)",
	"ONUS-IAM-002": "root MFA is an account setting no template declares",
	"ONUS-IAM-003": "the root MFA device type is only in the account",
	"ONUS-IAM-008": "MFA devices of console users are enrolled by the users, not declared in code",
	"ONUS-EBS-002": "snapshot sharing (createVolumePermission) is only read from the live account",
	"ONUS-RDS-012": "snapshot sharing (restore attribute) is only read from the live account",
	"ONUS-KMS-003": "a key's pending-deletion state exists only after ScheduleKeyDeletion in the account",
	"ONUS-EC2-013": "AMI launch permissions are only read from the live account",
	"ONUS-SSM-002": "patch compliance is reported by managed instances at run time; only a live scan reads it",
}

// insecureExamples are the bundled examples written to show failures.
func insecureExamples(t *testing.T) map[string]*model.Estate {
	t.Helper()
	out := map[string]*model.Estate{"terraform/web-app": loadTF(t, "web-app")}
	for _, pat := range []string{"*.yaml", "*.json"} {
		files, err := filepath.Glob(filepath.Join(examples, "cloudformation", pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			base := filepath.Base(f)
			if strings.Contains(base, "-secure") {
				continue
			}
			out["cloudformation/"+base] = loadCFN(t, base)
		}
	}
	return out
}

// TestInsecureExamplesFailTopControls: for every service in the catalogue,
// each of its top controls (severity critical or high, not deprecated) that
// code can fail FAILs on at least one insecure example.
func TestInsecureExamplesFailTopControls(t *testing.T) {
	all := catalog.All()
	fails := map[string]int{}
	failedOn := map[string]string{} // control -> a code example where it FAILed
	ins := insecureExamples(t)
	estates := map[string]*model.Estate{
		"terraform/web-app-secure":           loadTF(t, "web-app-secure"),
		"cloudformation/web-app-secure.yaml": loadCFN(t, "web-app-secure.yaml"),
	}
	for n, e := range ins {
		estates[n] = e
	}
	for n, e := range estates {
		for _, r := range control.Run(context.Background(), e, all).Slice() {
			if suppressed(r) {
				continue
			}
			if r.Outcome == control.Fail {
				failedOn[r.Control.ID] = n
			}
			if r.Outcome == control.Fail && ins[n] != nil {
				fails[r.Control.ID]++
			}
		}
	}
	bySvc := map[string][]string{}
	for _, c := range all {
		if c.Deprecated != "" || c.Severity < control.High {
			continue
		}
		if why, blind := codeCannotFail[c.ID]; blind {
			if n, ok := failedOn[c.ID]; ok {
				t.Errorf("%s is listed as unable to fail on code (%s) but FAILed on %s", c.ID, why, n)
			}
			continue
		}
		if fails[c.ID] == 0 {
			bySvc[c.Service] = append(bySvc[c.Service], c.ID)
		}
	}
	svcs := make([]string, 0, len(bySvc))
	for s := range bySvc {
		svcs = append(svcs, s)
	}
	sort.Strings(svcs)
	for _, s := range svcs {
		t.Errorf("service %s: no insecure example FAILs its top controls %s", s, strings.Join(bySvc[s], ", "))
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

package cloudformation_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
)

// TestSAMRoleControls: the execution roles SAM generates are judged. Before
// they were modelled every one of these was UNKNOWN ("the execution role
// ReaderRole is not in the scanned estate") and IAM controls never saw
// the roles.
func TestSAMRoleControls(t *testing.T) {
	got := resultsOf(t, "testdata/sam-roles.yaml")
	for _, c := range []struct {
		key    string
		want   control.Outcome
		reason string // a part of the reason
	}{
		{"ONUS-LAMBDA-009 Reader", control.Pass, "do not grant full administrative access"},
		{"ONUS-IAM-022 ReaderRole", control.Pass, "no privilege-escalation action"},
		{"ONUS-IAM-014 ReaderRole", control.Pass, ""},
		{"ONUS-IAM-021 ReaderRole", control.Pass, ""},
		{"ONUS-LAMBDA-009 Admin", control.Fail, "AdministratorAccess"},
		{"ONUS-IAM-022 AdminRole", control.Fail, "full admin"},
		{"ONUS-LAMBDA-009 Wildcard", control.Fail, "full administrative access"},
		{"ONUS-IAM-014 WildcardRole", control.Fail, "WildcardRolePolicy0"},
		{"ONUS-IAM-022 WorkflowRole", control.Pass, "no privilege-escalation action"},
		{"ONUS-IAM-021 WorkflowRole", control.Pass, ""},
	} {
		r, ok := got[c.key]
		if !ok {
			t.Errorf("%s: no result", c.key)
			continue
		}
		if r.Outcome != c.want || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s: %v %q, want %v with %q", c.key, r.Outcome, r.Reason, c.want, c.reason)
		}
	}
	// The evidence points at the template: the role is the function's lines.
	r := got["ONUS-IAM-022 ReaderRole"]
	if r.Resource.Loc.File != "testdata/sam-roles.yaml" || r.Resource.Loc.Start.Line != 29 {
		t.Errorf("ReaderRole at %v, want the Reader function's lines", r.Resource.Loc)
	}
}

// TestSAMUnknownTemplateControls: a policy template onus does not expand
// leaves the role's permissions unknown, never a PASS.
func TestSAMUnknownTemplateControls(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      CodeUri: src/
      Policies:
        - SomeFuturePolicy: {Name: x}
`
	p := t.TempDir() + "/t.yaml"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, _ := cloudformation.Load(context.Background(), p, cloudformation.Options{})
	seen := 0
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		switch r.Control.ID + " " + r.Resource.Address {
		case "ONUS-LAMBDA-009 Fn", "ONUS-IAM-022 FnRole", "ONUS-IAM-014 FnRole":
			seen++
			if r.Outcome != control.Unknown || !strings.Contains(r.Reason, "SomeFuturePolicy") || !strings.Contains(r.Reason, "t.yaml:10") {
				t.Errorf("%s %s: %v %q, want UNKNOWN naming the template and its line", r.Control.ID, r.Resource.Address, r.Outcome, r.Reason)
			}
		}
	}
	if seen != 3 {
		t.Errorf("%d of the 3 results judged", seen)
	}
}

// TestSAMRoleSnapshotRoundTrip: the generated roles survive a snapshot and
// give the same verdicts read back.
func TestSAMRoleSnapshotRoundTrip(t *testing.T) {
	e, _ := cloudformation.Load(context.Background(), "testdata/sam-roles.yaml", cloudformation.Options{})
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, e, nil); err != nil {
		t.Fatal(err)
	}
	back, _, err := snapshot.Read(&buf, "snap.json")
	if err != nil {
		t.Fatal(err)
	}
	verdicts := func(e *model.Estate) map[string]string {
		out := map[string]string{}
		for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
			if strings.HasPrefix(r.Control.ID, "ONUS-IAM-") || r.Control.ID == "ONUS-LAMBDA-009" {
				out[r.Control.ID+" "+r.Resource.Address] = r.Outcome.String() + " " + r.Reason
			}
		}
		return out
	}
	before, after := verdicts(e), verdicts(back)
	if len(before) == 0 || before["ONUS-IAM-022 ReaderRole"] == "" {
		t.Fatalf("no role verdicts: %v", before)
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %q after the round trip, %q before", k, after[k], v)
		}
	}
}

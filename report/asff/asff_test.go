package asff

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"regexp"
	"testing"
	"time"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

var opts = Options{AccountID: "111122223333", Region: "us-east-1"}

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Report(), opts); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/report.golden.json", b.Bytes(), *update)
}

// TestRequiredFields checks the attributes BatchImportFindings requires and
// their documented formats and limits.
func TestRequiredFields(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Report(), opts); err != nil {
		t.Fatal(err)
	}
	var req struct{ Findings []map[string]any }
	if err := json.Unmarshal(b.Bytes(), &req); err != nil {
		t.Fatal(err)
	}
	if len(req.Findings) != 6 {
		t.Fatalf("%d findings, want 6", len(req.Findings))
	}
	account := regexp.MustCompile(`^\d{12}$`)
	ids := map[string]bool{}
	for _, f := range req.Findings {
		for _, k := range []string{"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types",
			"CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %s: %v", k, f)
			}
		}
		if !account.MatchString(f["AwsAccountId"].(string)) {
			t.Errorf("AwsAccountId %v", f["AwsAccountId"])
		}
		if _, err := time.Parse(time.RFC3339, f["CreatedAt"].(string)); err != nil {
			t.Error(err)
		}
		if len(f["Title"].(string)) > 256 || len(f["Description"].(string)) > 1024 {
			t.Error("title or description too long")
		}
		id := f["Id"].(string)
		if ids[id] {
			t.Errorf("duplicate Id %s", id)
		}
		ids[id] = true
		rs := f["Resources"].([]any)
		r0 := rs[0].(map[string]any)
		if r0["Type"] == "" || r0["Id"] == "" {
			t.Errorf("resource without type or id: %v", r0)
		}
	}
}

func TestStatuses(t *testing.T) {
	req, err := Build(fixture.Report(), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range req.Findings {
		got[f.ProductFields["onus/Outcome"]+"/"+f.Workflow.Status] = f.Compliance.Status
	}
	want := map[string]string{"FAIL/NEW": "FAILED", "PASS/NEW": "PASSED", "UNKNOWN/NEW": "WARNING",
		"NOT_APPLICABLE/NEW": "NOT_AVAILABLE", "FAIL/SUPPRESSED": "FAILED"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: compliance %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestNeedsAccount(t *testing.T) {
	_, err := Build(fixture.Report(), Options{})
	if !errors.Is(err, ErrNoAccount) {
		t.Errorf("code results without account: err=%v", err)
	}
	r := fixture.Report()
	r.Started, r.Finished = time.Time{}, time.Time{}
	if _, err := Build(r, opts); err == nil {
		t.Error("want error without a scan time")
	}
}

func TestClip(t *testing.T) {
	s := clip("ééééé", 6)
	if len(s) > 6 || s != "é..." {
		t.Errorf("clip = %q", s)
	}
}

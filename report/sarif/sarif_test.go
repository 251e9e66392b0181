package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
	"github.com/onus-sec/onus/report/internal/schematest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, fixture.Report(), Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	golden.Check(t, "testdata/report.golden.sarif", render(t), *update)
}

func TestSchema(t *testing.T) {
	s, err := schematest.Compile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	out := render(t)
	if err := schematest.Validate(s, out); err != nil {
		t.Fatalf("SARIF does not match the 2.1.0 schema: %v", err)
	}
	bad := strings.Replace(string(out), `"kind": "fail"`, `"kind": "failed"`, 1)
	if err := schematest.Validate(s, []byte(bad)); err == nil {
		t.Error("schema accepted an invalid result kind; the validation is not working")
	}
}

type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID         string                `json:"id"`
					Help       struct{ Text string } `json:"help"`
					Properties map[string]any        `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Kind      string `json:"kind"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
					Region           struct{ StartLine int } `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct{ FullyQualifiedName string } `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string                      `json:"partialFingerprints"`
			Suppressions        []struct{ Kind, Justification string } `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func TestContent(t *testing.T) {
	var l sarifLog
	if err := json.Unmarshal(render(t), &l); err != nil {
		t.Fatal(err)
	}
	run := l.Runs[0]
	for _, rl := range run.Tool.Driver.Rules {
		if rl.Properties["security-severity"] == nil || rl.Help.Text == "" {
			t.Errorf("rule %s lacks security-severity or help", rl.ID)
		}
	}
	// FAIL (2) + UNKNOWN (1) + suppressed FAIL (1); PASS and N/A are not alerts.
	if len(run.Results) != 4 {
		t.Fatalf("%d results, want 4", len(run.Results))
	}
	sup := 0
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
		}
		if res.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("%s: no fingerprint", res.RuleID)
		}
		loc := res.Locations[0]
		switch res.RuleID {
		case "ONUS-RDS-001":
			if loc.PhysicalLocation == nil || loc.PhysicalLocation.Region.StartLine != 15 ||
				loc.PhysicalLocation.ArtifactLocation.URI != "examples/terraform/web-app/main.tf" {
				t.Errorf("code result location wrong: %+v", loc.PhysicalLocation)
			}
		case "ONUS-KMS-001":
			if loc.PhysicalLocation != nil || !strings.HasPrefix(loc.LogicalLocations[0].FullyQualifiedName, "arn:aws:kms:") {
				t.Errorf("live result location wrong: %+v", loc)
			}
			if res.Kind != "open" || res.Level != "none" {
				t.Errorf("UNKNOWN as kind %s level %s", res.Kind, res.Level)
			}
		}
		if len(res.Suppressions) > 0 {
			sup++
			if res.Suppressions[0].Kind != "inSource" || res.Suppressions[0].Justification == "" {
				t.Errorf("suppression %+v", res.Suppressions[0])
			}
		}
	}
	if sup != 1 {
		t.Errorf("%d suppressed results, want 1", sup)
	}
}

func fingerprints(t *testing.T, r *report.Report) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var l sarifLog
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, res := range l.Runs[0].Results {
		out = append(out, res.PartialFingerprints[FingerprintKey])
	}
	return out
}

func TestFingerprintsStable(t *testing.T) {
	a, b := fixture.Report(), fixture.Report()
	// A later run: code moved down, reasons reworded.
	for i := range b.Results.Len() {
		b.Results.At(i).Resource.Loc.Start.Line += 7
		b.Results.At(i).Reason += " (again)"
		for j, e := range b.Results.At(i).Evidence {
			p := e.Prov()
			p.Loc.Start.Line += 7
			b.Results.At(i).Evidence[j] = control.Ev(e.Summary, p)
		}
	}
	fa, fb := fingerprints(t, a), fingerprints(t, b)
	if strings.Join(fa, ",") != strings.Join(fb, ",") {
		t.Errorf("fingerprints churned:\n%v\n%v", fa, fb)
	}
	seen := map[string]bool{}
	for _, f := range fa {
		if seen[f] {
			t.Errorf("duplicate fingerprint %s", f)
		}
		seen[f] = true
	}
}

// TestDefaultResourceProperty: results on unused default resources keep
// their place in SARIF (which carries FAIL and UNKNOWN results), marked in
// the properties bag.
func TestDefaultResourceProperty(t *testing.T) {
	r := fixture.Report()
	marked := 0
	for i := range r.Results.Len() {
		if r.Results.At(i).Resource.Source == "aws" {
			r.Results.At(i).Resource.DefaultResource = true
			if o := r.Results.At(i).Outcome; o == control.Fail || o == control.Unknown {
				marked++
			}
		}
	}
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, res := range log.Runs[0].Results {
		if res.Properties["default_resource"] == true {
			got++
		}
	}
	if marked == 0 || got != marked {
		t.Fatalf("%d results marked default_resource in SARIF, want %d", got, marked)
	}
}

// TestBaselineState: compared with a baseline, a finding the baseline had
// is "unchanged" and any other "new"; the document stays valid SARIF.
// Without a baseline no result carries the property.
func TestBaselineState(t *testing.T) {
	r := fixture.Report()
	known := -1
	for i := range r.Results.Len() {
		if _, ok := r.Suppressed[i]; !ok && r.Results.At(i).Outcome == control.Fail {
			known = i
			r.Suppressed[i] = report.Suppression{Reason: "already failing in the baseline b.json", Source: "baseline"}
			break
		}
	}
	if known < 0 {
		t.Fatal("fixture has no unsuppressed FAIL")
	}
	r.Baseline = &report.BaselineSummary{File: "b.json", Findings: 1, Matched: 1}
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	s, err := schematest.Compile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := schematest.Validate(s, b.Bytes()); err != nil {
		t.Fatalf("SARIF with baseline states is invalid: %v", err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				BaselineState       string            `json:"baselineState"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := report.Fingerprint(r.Results.At(known))
	states := map[string]int{}
	for _, res := range doc.Runs[0].Results {
		states[res.BaselineState]++
		if res.PartialFingerprints[FingerprintKey] == want && res.BaselineState != "unchanged" {
			t.Errorf("the baselined finding is %q, want unchanged", res.BaselineState)
		}
	}
	if states["unchanged"] != 1 || states["new"] == 0 || len(states) != 2 {
		t.Errorf("baseline states %v, want one unchanged and the rest new", states)
	}
	if strings.Contains(string(render(t)), "baselineState") {
		t.Error("a scan without a baseline has baseline states")
	}
}

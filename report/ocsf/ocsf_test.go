package ocsf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"testing"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture.Report(), Options{}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/report.golden.jsonl", b.Bytes(), *update)
}

func TestEvents(t *testing.T) {
	r := fixture.Report()
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&b)
	n := 0
	status := map[string]int{}
	for sc.Scan() {
		n++
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %d is not one JSON object: %v", n, err)
		}
		// Attributes OCSF requires for class 2003 (base event + finding + compliance).
		for _, k := range []string{"activity_id", "category_uid", "class_uid", "type_uid", "time", "severity_id",
			"metadata", "finding_info", "compliance", "cloud"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %d lacks %s", n, k)
			}
		}
		var e Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.ClassUID != 2003 || e.TypeUID != 200301 || e.CategoryUID != 2 {
			t.Errorf("class %d type %d category %d", e.ClassUID, e.TypeUID, e.CategoryUID)
		}
		if e.FindingInfo.UID == "" || e.Metadata.Version == "" || e.Metadata.Product.Name == "" {
			t.Errorf("line %d: missing uid/version/product", n)
		}
		status[e.Unmapped.Outcome+"/"+e.Compliance.Status+"/"+e.Status]++
	}
	if n != r.Results.Len() {
		t.Errorf("%d events for %d results", n, r.Results.Len())
	}
	for _, want := range []string{"FAIL/Fail/New", "PASS/Pass/New", "UNKNOWN/Unknown/New", "NOT_APPLICABLE/Not Applicable/New", "FAIL/Fail/Suppressed"} {
		if status[want] == 0 {
			t.Errorf("no event with outcome/compliance/status %s: %v", want, status)
		}
	}
}

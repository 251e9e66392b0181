package iampolicy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// caseMeta is the part of a case file the engine ignores.
type caseMeta struct {
	Name     string  `json:"name"`
	Expected Outcome `json:"expected"`
}

// TestCaseFiles runs every documented case under testdata/cases through
// ParseCase and Evaluate.
func TestCaseFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 200 {
		t.Fatalf("only %d case files, want at least 200", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var m caseMeta
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			c, err := ParseCase(data)
			if err != nil {
				t.Fatal(err)
			}
			d := Evaluate(c.Request, c.Policies)
			if d.Outcome != m.Expected {
				t.Errorf("%s: got %s, want %s; reasons: %v", m.Name, d.Outcome, m.Expected, d.Reasons)
			}
			if len(d.Reasons) == 0 {
				t.Errorf("%s: decision without reasons", m.Name)
			}
		})
	}
}

package docgen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

var update = flag.Bool("update", false, "rewrite the generated docs")

const root = "../.."

// TestDocsUpToDate fails when docs/controls.md or the framework tables no
// longer match the catalogue; run `go run ./internal/gen/docs` (or this
// test with -update) to regenerate.
func TestDocsUpToDate(t *testing.T) {
	for path, want := range Files(catalog.All()) {
		full := filepath.Join(root, path)
		if *update {
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(full)
		if err != nil {
			t.Fatalf("%s: %v (run go run ./internal/gen/docs)", path, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go run ./internal/gen/docs", path)
		}
	}
}

// TestCISCoverage: every recommendation CIS marks automated has a control,
// and every recommendation without one has a note saying how onus treats it.
func TestCISCoverage(t *testing.T) {
	cs := catalog.All()
	for _, s := range control.Sections(cs, control.CISAWS) {
		for _, r := range s.Requirements {
			if len(r.Controls) > 0 {
				continue
			}
			if r.Assessment == "automated" {
				t.Errorf("CIS %s (%s) is automated in the benchmark but no control maps to it", r.ID, r.Title)
			}
		}
	}
}

// TestFrameworkIDs: controls map only to requirement ids that exist in the
// carried lists and only to known frameworks.
func TestFrameworkIDs(t *testing.T) {
	known := map[string]map[string]bool{}
	for _, fw := range []string{control.CISAWS, control.FSBP} {
		known[fw] = map[string]bool{}
		for _, r := range control.Requirements(fw) {
			known[fw][r.ID] = true
		}
	}
	for _, c := range catalog.All() {
		for fw, reqs := range c.Frameworks {
			if !control.KnownFramework(fw) {
				t.Errorf("%s maps to unknown framework %q", c.ID, fw)
			}
			for _, id := range reqs {
				if known[fw] != nil && !known[fw][id] {
					t.Errorf("%s maps to %s %s, which is not in the published list", c.ID, fw, id)
				}
			}
		}
	}
}

// TestDeprecatedControls: a retired control maps to no framework and points
// at live controls that now cover its duty.
func TestDeprecatedControls(t *testing.T) {
	live := map[string]bool{}
	for _, c := range catalog.All() {
		if c.Deprecated == "" {
			live[c.ID] = true
		}
	}
	ref := regexp.MustCompile(`ONUS-[A-Z0-9]+-[0-9]{3}`)
	for _, c := range catalog.All() {
		if c.Deprecated == "" {
			continue
		}
		if len(c.Frameworks) != 0 {
			t.Errorf("deprecated %s still maps to frameworks %v", c.ID, c.Frameworks)
		}
		ptrs := ref.FindAllString(c.Deprecated, -1)
		if len(ptrs) == 0 {
			t.Errorf("deprecated %s names no replacement control", c.ID)
		}
		for _, p := range ptrs {
			if !live[p] {
				t.Errorf("deprecated %s points at %s, which is not a live control", c.ID, p)
			}
		}
	}
}

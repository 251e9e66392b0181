package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/cli/iostreams"
)

// End-to-end: the real binary's wiring (loaders, catalogue, formats) on the
// bundled examples, run from the repository root with the README's paths.

type resultsDoc struct {
	SchemaVersion string `json:"schema_version"`
	Incomplete    bool   `json:"incomplete"`
	Summary       struct {
		Total int `json:"total"`
		Pass  int `json:"pass"`
		Fail  int `json:"fail"`
	} `json:"summary"`
	Results []struct {
		Control struct {
			ID, Title, Severity, Service, Layer string
		} `json:"control"`
		Outcome    string `json:"outcome"`
		Reason     string `json:"reason"`
		Suppressed *struct {
			Reason string `json:"reason"`
		} `json:"suppressed"`
		Source   string `json:"source"`
		Resource struct {
			Type    string `json:"type"`
			Address string `json:"address"`
		} `json:"resource"`
		Location *struct {
			File      string `json:"file"`
			StartLine int    `json:"start_line"`
		} `json:"location"`
	} `json:"results"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
	} `json:"diagnostics"`
}

func e2e(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	streams, _, out, errOut := iostreams.Test()
	code := run(context.Background(), streams, args)
	return code, out.String(), errOut.String()
}

func parse(t *testing.T, out string) resultsDoc {
	t.Helper()
	var d resultsDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return d
}

func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
	if _, err := os.Stat("examples"); err != nil {
		t.Fatalf("bundled example missing: %v", err)
	}
}

// example is one bundled estate: a mixed one that must FAIL and its
// secure twin that must not.
type example struct {
	source, mixed, secure, dir string
	// broken is a file that does not parse, with the line of the error.
	brokenName, broken string
	brokenLine         int
}

var examples = []example{
	{source: "terraform", mixed: "examples/terraform/web-app", secure: "examples/terraform/web-app-secure", dir: "examples/terraform/",
		brokenName: "zz_broken.tf", broken: "resource \"aws_s3_bucket\" \"oops\" {\n  bucket = \"x\"\n  acl = = \"private\"\n}\n", brokenLine: 3},
	{source: "cloudformation", mixed: "examples/cloudformation/web-app.yaml", secure: "examples/cloudformation/web-app-secure.yaml", dir: "examples/cloudformation/",
		brokenName: "zz_broken.yaml", broken: "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [\n", brokenLine: 5},
}

func TestE2EMixed(t *testing.T) {
	chdirRoot(t)
	for _, ex := range examples {
		t.Run(ex.source, func(t *testing.T) { testMixed(t, ex) })
	}
}

func testMixed(t *testing.T, ex example) {
	code, out, errOut := e2e(t, "scan", ex.mixed)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, errOut)
	}
	// Grouped by service then layer, with outcome, severity, resource,
	// file:line and a fix line for FAILs.
	for _, re := range []string{
		`(?m)^s3$`, `(?m)^  data-protection$`,
		`(?m)^    FAIL +(critical|high|medium|low|info) +ONUS-`,
		regexp.QuoteMeta(ex.dir) + `[a-z0-9_/-]+\.(tf|yaml|json):\d+`,
		`fix: `, `\d+ results: \d+ FAIL`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("table lacks %s", re)
		}
	}

	code, out, _ = e2e(t, "scan", ex.mixed, "--format", "json")
	d := parse(t, out)
	if code != 1 || d.Summary.Fail == 0 || d.SchemaVersion == "" {
		t.Fatalf("exit %d, summary %+v", code, d.Summary)
	}
	for _, r := range d.Results {
		if r.Control.ID == "" || r.Control.Severity == "" || r.Control.Service == "" || r.Control.Layer == "" ||
			r.Outcome == "" || r.Resource.Type == "" {
			t.Errorf("incomplete result: %+v", r)
		}
		if (r.Outcome == "FAIL" || r.Outcome == "UNKNOWN" || r.Outcome == "NOT_APPLICABLE") && r.Reason == "" {
			t.Errorf("%s without reason: %+v", r.Outcome, r)
		}
		// Account-wide results hang on a synthetic account header, which
		// has no block of its own to point at (and, on code, no source).
		if r.Resource.Address == "account" {
			continue
		}
		if r.Source != ex.source {
			t.Errorf("result source %q: %+v", r.Source, r)
		}
		if r.Location == nil || !strings.HasPrefix(r.Location.File, ex.dir) || r.Location.StartLine == 0 {
			t.Errorf("result without file:line: %+v", r)
		}
	}

	if code, _, _ := e2e(t, "scan", ex.mixed, "--fail-on", "none"); code != 0 {
		t.Errorf("--fail-on none: exit %d", code)
	}
}

func TestE2ESecure(t *testing.T) {
	chdirRoot(t)
	for _, ex := range examples {
		if ex.secure == "" {
			continue
		}
		t.Run(ex.source, func(t *testing.T) { testSecure(t, ex) })
	}
}

// testSecure: the secure twin has no unsuppressed FAIL of any severity
// (the bar) and exits 0.
func testSecure(t *testing.T, ex example) {
	code, out, errOut := e2e(t, "scan", ex.secure, "--format", "json")
	d := parse(t, out)
	for _, r := range d.Results {
		if r.Outcome == "FAIL" && r.Suppressed == nil {
			t.Errorf("FAIL on the secure twin: %s %s: %s", r.Control.ID, r.Resource.Address, r.Reason)
		}
	}
	if code != 0 || d.Summary.Pass == 0 || d.Summary.Fail != 0 {
		t.Errorf("exit %d, summary %+v, stderr %s", code, d.Summary, errOut)
	}
}

var stamps = regexp.MustCompile(`"(started|finished)": "[^"]*",?\n`)

func TestE2EDeterministic(t *testing.T) {
	chdirRoot(t)
	for _, ex := range examples {
		for _, format := range []string{"table", "json"} {
			_, a, _ := e2e(t, "scan", ex.mixed, "--format", format, "--matrix")
			_, b, _ := e2e(t, "scan", ex.mixed, "--format", format, "--matrix")
			a, b = stamps.ReplaceAllString(a, ""), stamps.ReplaceAllString(b, "")
			if a != b || a == "" {
				t.Errorf("%s %s output differs between runs or is empty", ex.mixed, format)
			}
		}
		_, a, _ := e2e(t, "matrix", ex.mixed)
		_, b, _ := e2e(t, "matrix", ex.mixed)
		if a != b || !strings.Contains(a, "SERVICE") {
			t.Errorf("matrix output differs or is empty:\n%s", a)
		}
	}
}

// copyDir copies the files of a flat directory (only the named ones, if any).
func copyDir(t *testing.T, from, to string, only ...string) {
	t.Helper()
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || (len(only) > 0 && !slices.Contains(only, e.Name())) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestE2EBrokenFile(t *testing.T) {
	chdirRoot(t)
	for _, ex := range examples {
		t.Run(ex.source, func(t *testing.T) { testBroken(t, ex) })
	}
}

// testBroken puts one unparseable file next to the mixed example: the
// diagnostic names file:line, the rest is still scanned, --strict exits 3.
func testBroken(t *testing.T, ex example) {
	src := ex.mixed
	dir := filepath.Join(t.TempDir(), "estate")
	if st, err := os.Stat(src); err == nil && st.IsDir() {
		copyDir(t, src, dir)
	} else {
		copyDir(t, filepath.Dir(src), dir, filepath.Base(src))
	}
	if err := os.WriteFile(filepath.Join(dir, ex.brokenName), []byte(ex.broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, good, _ := e2e(t, "scan", src, "--format", "json", "--fail-on", "none")
	code, out, errOut := e2e(t, "scan", dir, "--format", "json", "--fail-on", "none")
	if code != 0 {
		t.Errorf("exit %d without --strict", code)
	}
	want := regexp.MustCompile(fmt.Sprintf(`(?m)^error: %s:%d:\d+: `, regexp.QuoteMeta(filepath.Join(dir, ex.brokenName)), ex.brokenLine))
	if !want.MatchString(errOut) {
		t.Errorf("stderr lacks the file:line diagnostic:\n%s", errOut)
	}
	d, g := parse(t, out), parse(t, good)
	if !d.Incomplete {
		t.Error("report not marked incomplete")
	}
	// The other files are still scanned: the same results as the intact example.
	if d.Summary.Total != g.Summary.Total || d.Summary.Fail != g.Summary.Fail || d.Summary.Total == 0 {
		t.Errorf("broken file lost results: %+v vs %+v", d.Summary, g.Summary)
	}
	if code, _, _ := e2e(t, "scan", dir, "--strict"); code != 3 {
		t.Errorf("--strict with a broken file: exit %d, want 3", code)
	}
}

func TestE2EUsage(t *testing.T) {
	chdirRoot(t)
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"scan", examples[0].mixed, "--no-such-flag"}, 2},
		{[]string{"scan", "cmd/onus/main.go"}, 2},
		{[]string{"scan"}, 2},
		{[]string{"controls", "explain", "ONUS-XYZ-999"}, 2},
	}
	for _, c := range cases {
		if code, _, errOut := e2e(t, c.args...); code != c.code || errOut == "" {
			t.Errorf("%v: exit %d (want %d), stderr %q", c.args, code, c.code, errOut)
		}
	}
}

// --var reaches the Terraform reader: narrowing admin_cidr removes the
// world-open admin port findings and adds no diagnostics.
func TestE2EVar(t *testing.T) {
	chdirRoot(t)
	fails := func(args ...string) (int, resultsDoc) {
		_, out, errOut := e2e(t, append([]string{"scan", "examples/terraform/web-app", "--format", "json"}, args...)...)
		d := parse(t, out)
		if strings.Contains(errOut, "error:") {
			t.Errorf("%v: %s", args, errOut)
		}
		return d.Summary.Fail, d
	}
	open, _ := fails()
	narrowed, _ := fails("--var", "admin_cidr=203.0.113.0/24")
	if narrowed >= open {
		t.Errorf("--var admin_cidr did not change the findings: %d FAIL before, %d after", open, narrowed)
	}
}

func TestE2EPlan(t *testing.T) {
	chdirRoot(t)
	code, out, errOut := e2e(t, "scan", "examples/terraform/plan/plan.json", "--format", "json", "--fail-on", "none")
	d := parse(t, out)
	if code != 0 || d.Summary.Total == 0 || strings.Contains(errOut, "error:") {
		t.Errorf("plan scan: exit %d, summary %+v, stderr %s", code, d.Summary, errOut)
	}
}

package main

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/root"
	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report/formats"
)

var update = flag.Bool("update", false, "rewrite the golden files of the examples")

// TestExamplesGolden renders every output format for the bundled mixed
// examples with the real wiring and a fixed clock, against golden files:
// any change in a control, a reader or a format shows up as a reviewable
// diff. Rerun with -update after an intended change and read the diff.
func TestExamplesGolden(t *testing.T) {
	chdirRoot(t)
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := []struct{ name, path string }{
		{"terraform-web-app", "examples/terraform/web-app"},
		{"cloudformation-web-app", "examples/cloudformation/web-app.yaml"},
	}
	for _, c := range cases {
		for _, f := range formats.Names() {
			t.Run(c.name+"/"+f, func(t *testing.T) {
				d := deps()
				d.Build = root.BuildInfo{Version: "golden"}
				d.Scan.Now = func() time.Time { return at }
				streams, _, out, errOut := iostreams.Test()
				cmd := root.NewCmd(streams, d)
				args := []string{"scan", c.path, "--format", f, "--fail-on", "none", "--matrix"}
				if f == "asff" {
					args = append(args, "--asff-account", "123456789012", "--asff-region", "eu-west-1")
				}
				cmd.SetArgs(args)
				if err := cmd.ExecuteContext(context.Background()); err != nil {
					t.Fatalf("onus %s: %v\n%s", strings.Join(args, " "), err, errOut)
				}
				golden.Check(t, filepath.Join("cmd", "onus", "testdata", "examples", c.name+"."+ext(f)), out.Bytes(), *update)
			})
		}
	}
}

func ext(format string) string {
	switch format {
	case "table":
		return "txt"
	case "junit":
		return "junit.xml"
	case "ocsf":
		return "ocsf.jsonl"
	case "asff":
		return "asff.json"
	}
	return format
}

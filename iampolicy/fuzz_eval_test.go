package iampolicy

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzEvaluate feeds simulation cases (seeded from testdata/cases) through
// ParseCase, Evaluate and the analysis helpers: whatever the input, nothing
// may panic and every decision must carry a reason.
func FuzzEvaluate(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	for i, file := range files {
		if i%10 != 0 {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCase(data)
		if err != nil {
			return
		}
		d := Evaluate(c.Request, c.Policies)
		switch d.Outcome {
		case Allow, ExplicitDeny, ImplicitDeny:
		default:
			t.Fatalf("outcome %q", d.Outcome)
		}
		if len(d.Reasons) == 0 {
			t.Fatalf("decision without reasons")
		}
		if p := c.Policies.Resource; p != nil && len(p.Statements) <= 4 {
			AnalyzeExposure(p, c.Request.Resource, c.Request.ResourceAccount)
			DeniesInsecureTransport(p, "arn:aws:s3:::b")
			OpenTrust(p)
		}
	})
}

package table

import (
	"fmt"
	"io"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/source"
)

// benchReport is shaped like the CloudFormation benchmark estate's report
// (bench/gencfn): many resources, tens of controls over a few services and
// layers, mostly PASS and FAIL with some NOT_APPLICABLE under a handful of
// distinct reasons.
func benchReport(resources int) *report.Report {
	layers := []string{"network-config", "identity-access", "data-protection", "logging-monitoring"}
	var cs []*control.Control
	for s, svc := range []string{"ec2", "iam", "lambda", "rds", "s3"} {
		for n := 1; n <= 8; n++ {
			cs = append(cs, &control.Control{
				ID: fmt.Sprintf("ONUS-%s-%03d", svc, n), Title: "A control title of ordinary length for " + svc,
				Severity: control.Severity(n % 5), Service: svc, Layer: layers[(n+s)%len(layers)],
				Remediation: control.Remediation{Summary: "Do the thing that fixes it."},
			})
		}
	}
	reasons := []string{
		"the function is not attached to a VPC",
		"the estate has no IAM users",
		"storage is not encrypted at all (see ONUS-RDS-001)",
	}
	var rs []control.Result
	for i := 0; i < resources; i++ {
		m := &base.Meta{Type: "AWS::S3::Bucket", Address: fmt.Sprintf("t%04d.yaml/Bucket%d", i/50, i%50), Source: source.CloudFormation,
			Loc: source.Loc{File: fmt.Sprintf("t%04d.yaml", i/50), Start: source.Pos{Line: 10 + i%50, Column: 3}}}
		for k, c := range cs {
			if (i+k)%5 == 0 {
				continue
			}
			b := control.On(m)
			var r control.Result
			switch (i + 3*k) % 11 {
			case 0:
				r = b.NA(reasons[(i+k)%len(reasons)])
			case 1, 2, 3:
				r = b.Fail("the setting is off")
			default:
				r = b.Pass("")
			}
			r.Control = c
			rs = append(rs, r)
		}
	}
	control.Sort(rs)
	return &report.Report{Tool: report.Tool{Name: "onus", Version: "bench"}, Target: "bench", Results: control.ResultsOf(rs...)}
}

// BenchmarkWrite measures the table writer alone on ~64,000 results; run
// with -benchmem to see allocations.
func BenchmarkWrite(b *testing.B) {
	r := benchReport(2000)
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"default", Options{}},
		{"quiet", Options{Quiet: true}},
		{"colour", Options{Colour: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, r, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

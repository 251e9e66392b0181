package table

import (
	"bytes"
	"flag"
	"github.com/onus-sec/onus/control"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/internal/golden"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		opts Options
	}{
		{"plain", Options{}},
		{"colour", Options{Colour: true}},
		{"suppressed", Options{ShowSuppressed: true}},
		{"quiet", Options{Quiet: true}},
		{"matrix", Options{Matrix: true}},
		{"show-na", Options{ShowNotApplicable: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, fixture.Report(), c.opts); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+c.name+".golden", b.Bytes(), *update)
		})
	}
}

func TestContent(t *testing.T) {
	r := fixture.Report()
	cases := []struct {
		name      string
		opts      Options
		want, not []string
	}{
		{"plain", Options{},
			[]string{"ONUS-RDS-001", "aws_db_instance.main  examples/terraform/web-app/main.tf:15",
				"fix: Set storage_encrypted = true", "kms:GetKeyRotationStatus was denied",
				"(kms:GetKeyRotationStatus, eu-west-1)", "1 suppressed", "scan incomplete",
				"2 FAIL (1 high, 1 medium)", "Expired suppressions"},
			[]string{"ONUS-LAMBDA-002", "\x1b["}},
		{"colour", Options{Colour: true}, []string{"\x1b[31m"}, nil},
		{"matrix", Options{Matrix: true},
			[]string{"Responsibility matrix (catalogue 2026-01-01)", "data-protection         customer 1 FAIL",
				"attested: OS firewall and patching on instances (by platform-team, until 2026-06-30",
				"manual: evidence the customer's own controls"}, nil},
		{"no matrix unless asked", Options{}, nil, []string{"Responsibility matrix"}},
		{"show suppressed", Options{ShowSuppressed: true},
			[]string{"ONUS-LAMBDA-002", "suppressed (inline, examples/cloudformation/api/template.yaml:8):"},
			[]string{"Move the secret"}},
		{"quiet", Options{Quiet: true}, []string{"ONUS-EC2-001", "ONUS-KMS-001", "6 results"},
			[]string{"ONUS-S3-001", "asymmetric", "Diagnostics", "target examples"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, r, c.opts); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}

func TestGroupingOrder(t *testing.T) {
	r := fixture.Report()
	// Reverse the results: the table must still group by service.
	for i, j := 0, r.Results.Len()-1; i < j; i, j = i+1, j-1 {
		*r.Results.At(i), *r.Results.At(j) = *r.Results.At(j), *r.Results.At(i)
	}
	r.Suppressed = nil
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	prev := -1
	for _, svc := range []string{"\nec2\n", "\nkms\n", "\nlambda\n", "\nrds\n", "\ns3\n"} {
		i := strings.Index(out, svc)
		if i < 0 || i < prev {
			t.Fatalf("service heading %q missing or out of order:\n%s", svc, out)
		}
		if strings.Count(out, svc) != 1 {
			t.Errorf("service heading %q repeated", svc)
		}
		prev = i
	}
}

func TestEmpty(t *testing.T) {
	var b bytes.Buffer
	r := &report.Report{Tool: report.Tool{Name: "onus"}, Target: "x"}
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "0 results: 0 FAIL") {
		t.Errorf("got %q", b.String())
	}
}

// TestFrameworkLayout: with a framework, results sit under the framework's
// sections and requirements; recommendations no control automates show as
// MANUAL unless quiet; results of other controls are not dropped.
func TestFrameworkLayout(t *testing.T) {
	r := fixture.Report()
	r.Framework = "cis-aws-7.0.0"
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	sec := strings.Index(out, "\n2 Identity and Access Management\n")
	req := strings.Index(out, "  2.1.4 Ensure Organizational Units")
	res := strings.Index(out, "ONUS-S3-001")
	if sec < 0 || req < sec || res < req {
		t.Fatalf("want section, then requirement 2.1.4, then ONUS-S3-001 under it:\n%s", out)
	}
	if !strings.Contains(out, "MANUAL   no onus control automates this recommendation") {
		t.Errorf("manual recommendations missing:\n%s", out)
	}
	if i := strings.Index(out, "not mapped to cis-aws-7.0.0"); i < 0 || !strings.Contains(out[i:], "ONUS-EC2-001") {
		t.Errorf("results of controls outside the framework were dropped:\n%s", out)
	}
	b.Reset()
	if err := Write(&b, r, Options{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "MANUAL") {
		t.Errorf("quiet table lists manual recommendations:\n%s", b.String())
	}
}

// TestFrameworkRanWithoutResults: a recommendation whose controls ran but
// had nothing to judge in this estate is not MANUAL (onus automates it),
// nor hidden: it says which controls found nothing to check.
func TestFrameworkRanWithoutResults(t *testing.T) {
	r := fixture.Report()
	r.Framework = "cis-aws-7.0.0"
	for _, res := range r.Results.Slice() {
		if res.Control != nil && !slices.Contains(r.Controls, res.Control) {
			r.Controls = append(r.Controls, res.Control)
		}
	}
	rds := &control.Control{ID: "ONUS-RDS-006", Title: "minor upgrades", Service: "rds", Layer: "platform",
		Frameworks: map[string][]string{"cis-aws-7.0.0": {"3.2.2"}}}
	r.Controls = append(r.Controls, rds)
	var b bytes.Buffer
	if err := Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	head := strings.Index(out, "  3.2.2 Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances\n")
	if head < 0 || !strings.HasPrefix(out[head:], "  3.2.2 Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances\n    -        nothing in this scan for ONUS-RDS-006 to check\n") {
		t.Errorf("3.2.2 should say ONUS-RDS-006 had nothing to check:\n%s", out)
	}
	if i := strings.Index(out, "not mapped to"); i >= 0 && strings.Contains(out[i:], "ONUS-RDS-006") {
		t.Errorf("a framework control without results is listed as not mapped:\n%s", out[i:])
	}
	b.Reset()
	if err := Write(&b, r, Options{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "nothing in this scan") {
		t.Errorf("quiet table lists requirements with nothing to check:\n%s", b.String())
	}
}

package table

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/source"
)

// naReport builds a report from compact result specs. Each spec is
// "ID outcome reason", ID's number picking the layer: ONUS-LOG-0xx are
// logging-monitoring, anything else identity-access. Resources are named
// after their index.
type naSpec struct {
	id, outcome, reason string
	suppressed, def     bool
	fw                  []string // CIS requirements the control maps to
}

func naReport(specs []naSpec, framework string) *report.Report {
	cs := map[string]*control.Control{}
	var rs []control.Result
	sup := map[int]report.Suppression{}
	var supAt []int
	for k, s := range specs {
		c := cs[s.id]
		if c == nil {
			svc, layer := "iam", "identity-access"
			if strings.HasPrefix(s.id, "ONUS-LOG-") {
				svc, layer = "cloudwatch", "logging-monitoring"
			}
			c = &control.Control{ID: s.id, Title: "Title of " + s.id, Severity: control.Medium, Service: svc, Layer: layer,
				Remediation: control.Remediation{Summary: "fix " + s.id}}
			if len(s.fw) > 0 {
				c.Frameworks = map[string][]string{"cis-aws-7.0.0": s.fw}
			}
			cs[s.id] = c
		}
		addr := fmt.Sprintf("res%02d", k)
		m := &base.Meta{Type: "AWS::IAM::User", Address: addr, Source: source.CloudFormation, Region: "eu-west-1",
			Loc: source.Loc{File: "t.yaml", Start: source.Pos{Line: k + 1, Column: 1}}}
		b := control.On(m)
		var r control.Result
		switch s.outcome {
		case "NA":
			r = b.NA(s.reason)
		case "FAIL":
			r = b.Fail(s.reason)
		case "PASS":
			r = b.Pass(s.reason)
		case "UNKNOWN":
			r = b.Unknown(s.reason)
		}
		r.Control = c
		r.Resource.DefaultResource = s.def
		rs = append(rs, r)
		if s.suppressed {
			supAt = append(supAt, k)
		}
	}
	// Suppressions are keyed by position after sorting; mark by address.
	want := map[string]bool{}
	for _, k := range supAt {
		want[fmt.Sprintf("res%02d", k)] = true
	}
	control.Sort(rs)
	for i := range rs {
		if want[rs[i].Resource.Address] {
			sup[i] = report.Suppression{Reason: "accepted", Source: "config"}
		}
	}
	return &report.Report{Tool: report.Tool{Name: "onus", Version: "test"}, Target: "t", Results: control.ResultsOf(rs...), Suppressed: sup, Framework: framework}
}

const liveOnly = " is account-wide and the scanned code does not declare it; it is evaluated on live account scans"

// foldSpecs: an iam identity-access group with three controls N/A for
// account-wide reasons (merged), two for "no users", one N/A on one
// resource and FAIL on another, one suppressed N/A; a cloudwatch group
// that is all N/A; a control with a default-resource group that is N/A on
// every resource and one whose group is mixed.
func foldSpecs() []naSpec {
	return []naSpec{
		{id: "ONUS-IAM-001", outcome: "NA", reason: "root access keys" + liveOnly},
		{id: "ONUS-IAM-002", outcome: "NA", reason: "root MFA" + liveOnly},
		{id: "ONUS-IAM-003", outcome: "NA", reason: "the password policy" + liveOnly},
		{id: "ONUS-IAM-008", outcome: "NA", reason: "the estate has no IAM users"},
		{id: "ONUS-IAM-009", outcome: "NA", reason: "the estate has no IAM users"},
		{id: "ONUS-IAM-010", outcome: "FAIL", reason: "the key is 200 days old"},
		{id: "ONUS-IAM-010", outcome: "NA", reason: "the user has no access keys"},
		{id: "ONUS-IAM-011", outcome: "NA", reason: "suppressed n/a", suppressed: true},
		{id: "ONUS-IAM-012", outcome: "PASS", reason: "fine"},
		{id: "ONUS-IAM-013", outcome: "UNKNOWN", reason: "denied"},
		{id: "ONUS-LOG-001", outcome: "NA", reason: "the estate has no log groups"},
		{id: "ONUS-LOG-002", outcome: "NA", reason: "the estate has no log groups"},
		{id: "ONUS-LOG-004", outcome: "NA", reason: "the estate has no log groups"},
		{id: "ONUS-LOG-005", outcome: "NA", reason: "default security groups cannot be deleted", def: true},
		{id: "ONUS-LOG-005", outcome: "NA", reason: "default security groups cannot be deleted", def: true},
		{id: "ONUS-LOG-006", outcome: "NA", reason: "the default VPC is unused", def: true},
		{id: "ONUS-LOG-006", outcome: "FAIL", reason: "the default VPC has flow logs off", def: true},
	}
}

func TestFoldNotApplicable(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		// want are whole lines, in this order; not are substrings.
		want, not []string
	}{
		{"default folds per service and layer", Options{},
			[]string{
				"cloudwatch",
				"  logging-monitoring",
				"    FAIL     medium    ONUS-LOG-006  Title of ONUS-LOG-006",
				"                       2 unused default resources in 1 region: FAIL 1, NOT_APPLICABLE 1",
				"    N/A      5 results not applicable (4 controls): ONUS-LOG-001, 002, 004, 005",
				"                       ONUS-LOG-001, 002, 004: the estate has no log groups",
				"                       ONUS-LOG-005 (2 results): default security groups cannot be deleted",
				"",
				"iam",
				"  identity-access",
				"    FAIL     medium    ONUS-IAM-010  Title of ONUS-IAM-010",
				"    PASS     medium    ONUS-IAM-012  Title of ONUS-IAM-012",
				"    UNKNOWN  medium    ONUS-IAM-013  Title of ONUS-IAM-013",
				"    N/A      6 results not applicable (6 controls): ONUS-IAM-001..003, 008..010",
				"                       ONUS-IAM-001..003: … is account-wide and the scanned code does not declare it; it is evaluated on live account scans",
				"                       ONUS-IAM-008, 009: the estate has no IAM users",
				"                       ONUS-IAM-010: the user has no access keys",
				"",
				// The summary keeps every count.
				"17 results: 2 FAIL (2 medium), 1 PASS, 1 UNKNOWN, 12 NOT_APPLICABLE, 1 suppressed",
			},
			[]string{"ONUS-IAM-011", "suppressed n/a", "  ONUS-IAM-001  ", "  ONUS-LOG-005  ", "res00", "res06", "res13"}},
		{"show-na lists every result", Options{ShowNotApplicable: true},
			[]string{
				"    N/A      medium    ONUS-LOG-005  Title of ONUS-LOG-005",
				"                       2 unused default resources in 1 region: NOT_APPLICABLE 2",
				"    N/A      medium    ONUS-IAM-001  Title of ONUS-IAM-001",
				"                       res00  t.yaml:1",
				"                       root access keys" + liveOnly,
				"    N/A      medium    ONUS-IAM-010  Title of ONUS-IAM-010",
				"17 results: 2 FAIL (2 medium), 1 PASS, 1 UNKNOWN, 12 NOT_APPLICABLE, 1 suppressed",
			},
			[]string{"not applicable (", "ONUS-IAM-011"}},
		{"suppressed N/A is listed with its suppression, not folded", Options{ShowSuppressed: true},
			[]string{
				"    N/A      medium    ONUS-IAM-011  Title of ONUS-IAM-011",
				"                       suppressed (config): accepted",
				"    N/A      6 results not applicable (6 controls): ONUS-IAM-001..003, 008..010",
			},
			nil},
		{"quiet prints no N/A at all", Options{Quiet: true},
			[]string{"    FAIL     medium    ONUS-IAM-010  Title of ONUS-IAM-010",
				"17 results: 2 FAIL (2 medium), 1 PASS, 1 UNKNOWN, 12 NOT_APPLICABLE, 1 suppressed"},
			[]string{"N/A", "not applicable", "PASS     "}},
		{"colour", Options{Colour: true},
			[]string{"    \x1b[2mN/A    \x1b[0m  6 results not applicable (6 controls): ONUS-IAM-001..003, 008..010"},
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, naReport(foldSpecs(), ""), c.opts); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			inOrder(t, out, c.want)
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}

// inOrder checks that each wanted line is in out, after the previous one.
func inOrder(t *testing.T, out string, want []string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	at := 0
	for _, w := range want {
		found := false
		for k := at; k < len(lines); k++ {
			if lines[k] == w {
				at, found = k+1, true
				break
			}
		}
		if !found {
			t.Errorf("output lacks line %q (after line %d):\n%s", w, at, out)
			return
		}
	}
}

// TestFoldReasons: reasons are ordered most common first, one that covers
// every folded control is shown without IDs, and beyond four the rest are
// counted, not listed.
func TestFoldReasons(t *testing.T) {
	var many []naSpec
	for k := 1; k <= 9; k++ {
		r := fmt.Sprintf("reason %d", k)
		if k <= 3 {
			r = "common reason"
		}
		many = append(many, naSpec{id: fmt.Sprintf("ONUS-IAM-%03d", k), outcome: "NA", reason: r})
	}
	cases := []struct {
		name  string
		specs []naSpec
		want  []string
		not   []string
	}{
		{"one reason for all", []naSpec{
			{id: "ONUS-IAM-001", outcome: "NA", reason: "the estate has no IAM users"},
			{id: "ONUS-IAM-001", outcome: "NA", reason: "the estate has no IAM users"},
			{id: "ONUS-IAM-002", outcome: "NA", reason: "the estate has no IAM users"},
		}, []string{
			"    N/A      3 results not applicable (2 controls): ONUS-IAM-001, 002",
			"                       the estate has no IAM users",
		}, nil},
		{"most common first", []naSpec{
			{id: "ONUS-IAM-001", outcome: "NA", reason: "rare"},
			{id: "ONUS-IAM-002", outcome: "NA", reason: "common"},
			{id: "ONUS-IAM-003", outcome: "NA", reason: "common"},
		}, []string{
			"                       ONUS-IAM-002, 003: common",
			"                       ONUS-IAM-001: rare",
		}, nil},
		{"four reasons are all shown", many[2:6], []string{
			"                       ONUS-IAM-003: common reason",
			"                       ONUS-IAM-006: reason 6",
		}, []string{"more reason"}},
		{"more than four are counted", many, []string{
			"    N/A      9 results not applicable (9 controls): ONUS-IAM-001..009",
			"                       ONUS-IAM-001..003: common reason",
			"                       ONUS-IAM-004: reason 4",
			"                       ONUS-IAM-005: reason 5",
			"                       +4 more reasons (4 results); --show-na lists every result",
		}, []string{"reason 6"}},
		{"no reason given", []naSpec{{id: "ONUS-IAM-001", outcome: "NA"}},
			[]string{"                       (no reason given)"}, nil},
		{"short shared tail is not merged", []naSpec{
			{id: "ONUS-IAM-001", outcome: "NA", reason: "root keys cannot be seen in code; evaluated live"},
			{id: "ONUS-IAM-002", outcome: "NA", reason: "the password policy is not declared anywhere; evaluated live"},
		}, []string{
			"                       ONUS-IAM-001: root keys cannot be seen in code; evaluated live",
			"                       ONUS-IAM-002: the password policy is not declared anywhere; evaluated live",
		}, []string{"…"}},
		{"long reason cut at a word", []naSpec{{id: "ONUS-IAM-001", outcome: "NA", reason: strings.Repeat("policy text ", 30)}},
			[]string{"                       " + strings.Repeat("policy text ", 16) + "policy …"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, naReport(c.specs, ""), Options{}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			inOrder(t, out, c.want)
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}

// TestFoldFramework: in the framework layout, requirements with only N/A
// results become one entry at the end of their (sub)section, naming them;
// the N/A results of a requirement with others fold under it; MANUAL rows
// are untouched.
func TestFoldFramework(t *testing.T) {
	specs := []naSpec{
		{id: "ONUS-LOG-001", outcome: "NA", reason: "a" + liveOnly, fw: []string{"5.1"}},
		{id: "ONUS-LOG-002", outcome: "NA", reason: "b" + liveOnly, fw: []string{"5.2"}},
		{id: "ONUS-LOG-003", outcome: "NA", reason: "no trail", fw: []string{"5.3"}},
		{id: "ONUS-LOG-005", outcome: "FAIL", reason: "bad", fw: []string{"5.5"}},
		{id: "ONUS-LOG-005", outcome: "NA", reason: "not this one", fw: []string{"5.5"}},
		{id: "ONUS-LOG-006", outcome: "NA", reason: "no trail", fw: []string{"5.6"}},
		{id: "ONUS-IAM-001", outcome: "NA", reason: "no org", fw: []string{"2.1.1"}},
		{id: "ONUS-IAM-002", outcome: "NA", reason: "no org", fw: []string{"2.1.2", "2.1.3"}},
		{id: "ONUS-IAM-005", outcome: "NA", reason: "no macie", fw: []string{"3.1.3"}},
	}
	cases := []struct {
		name      string
		opts      Options
		want, not []string
	}{
		{"folded", Options{}, []string{
			"  2.1 AWS Organizations",
			"  2.1.4 Ensure Organizational Units are structured by environment and sensitivity",
			"    MANUAL   no onus control automates this recommendation; assess it by hand",
			"  2.1.1..2.1.3: only not-applicable results",
			"    N/A      2 results not applicable (2 controls): ONUS-IAM-001, 002",
			"                       no org",
			"  2.2 Maintain current AWS account contact details",
			// One requirement folded keeps its own heading.
			"  3.1.4 Ensure that S3 is configured with 'Block Public Access' enabled",
			"  3.1.3 Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary",
			"    N/A      1 result not applicable: ONUS-IAM-005",
			"                       no macie",
			"  3.2 Relational Database Service (RDS)",
			"5 Monitoring",
			"  5.4 Ensure IAM policy changes are monitored",
			"    MANUAL   no onus control automates this recommendation; assess it by hand",
			"  5.5 Ensure CloudTrail configuration changes are monitored",
			"    FAIL     medium    ONUS-LOG-005  Title of ONUS-LOG-005",
			"    N/A      1 result not applicable: ONUS-LOG-005",
			"                       not this one",
			"  5.7 Ensure disabling or scheduled deletion of customer created CMKs is monitored",
			"  5.1..5.3, 5.6: only not-applicable results",
			"    N/A      4 results not applicable (4 controls): ONUS-LOG-001..003, 006",
			"                       ONUS-LOG-001, 002: … is account-wide and the scanned code does not declare it; it is evaluated on live account scans",
			"                       ONUS-LOG-003, 006: no trail",
			"9 results: 1 FAIL (1 medium), 0 PASS, 0 UNKNOWN, 8 NOT_APPLICABLE",
		}, []string{"  5.1 Ensure", "  5.6 Ensure", "  2.1.2 Ensure", "not mapped", "3.1.3:"}},
		{"show-na", Options{ShowNotApplicable: true}, []string{
			"  2.1.1 Ensure centralized root access in AWS Organizations",
			"    N/A      medium    ONUS-IAM-001  Title of ONUS-IAM-001",
			"  2.1.2 Ensure authorization guardrails for all AWS Organization accounts",
			"    N/A      medium    ONUS-IAM-002  Title of ONUS-IAM-002",
			"  2.1.3 Ensure Organizations management account is not used for workloads",
			"    N/A      medium    ONUS-IAM-002  Title of ONUS-IAM-002",
			"  5.1 Ensure unauthorized API calls are monitored",
			"    N/A      medium    ONUS-LOG-001  Title of ONUS-LOG-001",
		}, []string{"not applicable"}},
		{"quiet", Options{Quiet: true}, []string{
			"  5.5 Ensure CloudTrail configuration changes are monitored",
			"    FAIL     medium    ONUS-LOG-005  Title of ONUS-LOG-005",
		}, []string{"N/A", "not applicable", "MANUAL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, naReport(specs, "cis-aws-7.0.0"), c.opts); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			inOrder(t, out, c.want)
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
	// Folding hides N/A, never a MANUAL row.
	var folded, full bytes.Buffer
	if err := Write(&folded, naReport(specs, "cis-aws-7.0.0"), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&full, naReport(specs, "cis-aws-7.0.0"), Options{ShowNotApplicable: true}); err != nil {
		t.Fatal(err)
	}
	if a, b := strings.Count(folded.String(), "MANUAL"), strings.Count(full.String(), "MANUAL"); a != b || a == 0 {
		t.Errorf("MANUAL rows: %d folded, %d with --show-na", a, b)
	}
}

// TestFoldAllocations: folding costs no allocation per result; a group of
// 4,000 N/A results allocates no more than one of 500.
func TestFoldAllocations(t *testing.T) {
	allocs := func(n int) float64 {
		specs := make([]naSpec, n)
		for k := range specs {
			specs[k] = naSpec{id: fmt.Sprintf("ONUS-IAM-%03d", 1+k%7), outcome: "NA", reason: fmt.Sprintf("reason %d", k%3)}
		}
		r := naReport(specs, "")
		var b bytes.Buffer
		return testing.AllocsPerRun(5, func() {
			b.Reset()
			if err := Write(&b, r, Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(500), allocs(4000)
	t.Logf("allocations: %.0f for 500 folded results, %.0f for 4000", small, large)
	if large > small+2 {
		t.Errorf("allocations grow with folded results: %.0f for 500, %.0f for 4000", small, large)
	}
}

func TestCompactIDs(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"ONUS-CT-001"}, "ONUS-CT-001"},
		{[]string{"ONUS-CT-001", "ONUS-CT-002"}, "ONUS-CT-001, 002"},
		{[]string{"ONUS-CT-001", "ONUS-CT-002", "ONUS-CT-003", "ONUS-CT-005", "ONUS-CT-007", "ONUS-CT-008", "ONUS-CT-009", "ONUS-CT-010"},
			"ONUS-CT-001..003, 005, 007..010"},
		{[]string{"ONUS-CFG-001", "ONUS-CT-001", "ONUS-CT-002", "ONUS-CT-003", "ONUS-IAM-017"}, "ONUS-CFG-001, ONUS-CT-001..003, ONUS-IAM-017"},
		{[]string{"ONUS-X-9", "ONUS-X-10", "ONUS-X-11"}, "ONUS-X-9, 10, 11"},
		{[]string{"A", "B-x", "C-"}, "A, B-x, C-"},
	}
	for _, c := range cases {
		if got := compactIDs(c.in); got != c.want {
			t.Errorf("compactIDs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWordSuffix(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"GuardDuty S3 protection is off", "GuardDuty RDS protection is off", "protection is off"},
		{"abc is off", "xbc is off", "is off"},
		{"a b", "a b c", ""},
		{"same", "same", "same"},
		{"", "x", ""},
		{"is off", "root MFA is off", "is off"},
	}
	for _, c := range cases {
		if got := wordSuffix(c.a, c.b); got != c.want {
			t.Errorf("wordSuffix(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

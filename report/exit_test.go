package report_test

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
)

func TestExitCode(t *testing.T) {
	high := &control.Control{ID: "ONUS-X-001", Severity: control.High}
	low := &control.Control{ID: "ONUS-X-002", Severity: control.Low}
	res := func(c *control.Control, o control.Outcome) control.Result {
		return control.Result{Control: c, Outcome: o}
	}
	cases := []struct {
		name       string
		results    []control.Result
		suppressed map[int]report.Suppression
		incomplete bool
		failOn     string
		strict     bool
		want       int
	}{
		{"no results", nil, nil, false, "high", false, report.ExitOK},
		{"high fail", []control.Result{res(high, control.Fail)}, nil, false, "high", false, report.ExitFindings},
		{"low fail below threshold", []control.Result{res(low, control.Fail)}, nil, false, "high", false, report.ExitOK},
		{"low fail at low", []control.Result{res(low, control.Fail)}, nil, false, "low", false, report.ExitFindings},
		{"fail-on none", []control.Result{res(high, control.Fail)}, nil, false, "none", false, report.ExitOK},
		{"unknown never fails", []control.Result{res(high, control.Unknown)}, nil, false, "low", false, report.ExitOK},
		{"suppressed fail", []control.Result{res(high, control.Fail)}, map[int]report.Suppression{0: {Reason: "r"}}, false, "low", false, report.ExitOK},
		{"incomplete not strict", []control.Result{res(high, control.Pass)}, nil, true, "high", false, report.ExitOK},
		{"incomplete strict", []control.Result{res(high, control.Pass)}, nil, true, "high", true, report.ExitIncomplete},
		{"incomplete strict beats fail", []control.Result{res(high, control.Fail)}, nil, true, "high", true, report.ExitIncomplete},
		{"complete strict fail", []control.Result{res(high, control.Fail)}, nil, false, "critical", true, report.ExitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := report.ParseFailOn(c.failOn)
			if err != nil {
				t.Fatal(err)
			}
			r := &report.Report{Results: control.ResultsOf(c.results...), Suppressed: c.suppressed, Incomplete: c.incomplete}
			if got := report.ExitCode(r, f, c.strict); got != c.want {
				t.Errorf("got %d want %d", got, c.want)
			}
		})
	}
}

func TestParseFailOn(t *testing.T) {
	for _, s := range []string{"critical", "HIGH", "medium", "low", "info", "none"} {
		if _, err := report.ParseFailOn(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := report.ParseFailOn("severe"); err == nil {
		t.Error("want error for unknown severity")
	}
	f, _ := report.ParseFailOn("medium")
	if f.String() != "medium" || !f.Fails(control.Critical) || f.Fails(control.Low) {
		t.Errorf("medium threshold wrong: %v", f)
	}
}

func TestFingerprint(t *testing.T) {
	c := &control.Control{ID: "ONUS-X-001"}
	base := control.Result{Control: c, Outcome: control.Fail, Resource: &control.Ref{}}
	base.Resource.Type = "aws_instance"
	base.Resource.Address = "aws_instance.web"
	base.Resource.Loc.File = "stacks/a/main.tf"
	base.Resource.Loc.Start.Line = 3
	fp := report.Fingerprint(&base)

	moved := base
	moved.Resource = clone(base.Resource)
	moved.Resource.Loc.Start.Line = 40
	moved.Resource.Loc.File = "stacks/a/compute.tf"
	moved.Reason = "other words"
	if report.Fingerprint(&moved) != fp {
		t.Error("fingerprint changed when the resource moved within its stack")
	}
	for name, f := range map[string]func(r *control.Result){
		"other stack":   func(r *control.Result) { r.Resource.Loc.File = "stacks/b/main.tf" },
		"other address": func(r *control.Result) { r.Resource.Address = "aws_instance.db" },
		"other control": func(r *control.Result) { r.Control = &control.Control{ID: "ONUS-X-002"} },
	} {
		r := base
		r.Resource = clone(base.Resource)
		f(&r)
		if report.Fingerprint(&r) == fp {
			t.Errorf("%s: same fingerprint", name)
		}
	}
}

func clone(r *control.Ref) *control.Ref { c := *r; return &c }

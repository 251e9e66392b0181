package report

import (
	"maps"
	"testing"

	"github.com/onus-sec/onus/control"
)

func TestSummarize(t *testing.T) {
	high := &control.Control{ID: "H", Severity: control.High}
	low := &control.Control{ID: "L", Severity: control.Low}
	odd := &control.Control{ID: "X", Severity: control.Severity(200)}
	rs := []control.Result{
		{Control: high, Outcome: control.Fail},
		{Control: high, Outcome: control.Fail}, // suppressed
		{Control: low, Outcome: control.Fail},
		{Control: low, Outcome: control.Pass},
		{Control: low, Outcome: control.Unknown},
		{Control: low, Outcome: control.NotApplicable},
		{Control: odd, Outcome: control.Fail},
		{Outcome: control.Fail}, // no control: counted, no severity
	}
	cases := []struct {
		name       string
		suppressed map[int]Suppression
		want       Summary
	}{
		{"none suppressed", nil, Summary{Total: 8, Counts: Counts{Pass: 1, Fail: 5, Unknown: 1, NotApplicable: 1},
			FailBySeverity: map[string]int{"high": 2, "low": 1, "Severity(200)": 1}}},
		{"some suppressed", map[int]Suppression{1: {}, 3: {}}, Summary{Total: 8, Counts: Counts{Fail: 4, Unknown: 1, NotApplicable: 1, Suppressed: 2},
			FailBySeverity: map[string]int{"high": 1, "low": 1, "Severity(200)": 1}}},
	}
	for _, c := range cases {
		r := &Report{Results: control.ResultsOf(rs...), Suppressed: c.suppressed}
		got := r.Summarize()
		if got.Total != c.want.Total || got.Counts != c.want.Counts || !maps.Equal(got.FailBySeverity, c.want.FailBySeverity) {
			t.Errorf("%s: Summarize = %+v, want %+v", c.name, got, c.want)
		}
		if got.Counts != r.Count() {
			t.Errorf("%s: Summarize counts %+v, Count %+v", c.name, got.Counts, r.Count())
		}
	}
}

package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
)

// Options for JUnit output.
type Options struct{}

type testSuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Suites   []testSuite `xml:"testsuite"`
}

type testSuite struct {
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Time     string     `xml:"time,attr"`
	Cases    []testCase `xml:"testcase"`
}

type testCase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	File      string   `xml:"file,attr,omitempty"`
	Line      int      `xml:"line,attr,omitempty"`
	Time      string   `xml:"time,attr"`
	Failure   *failure `xml:"failure,omitempty"`
	Error     *failure `xml:"error,omitempty"`
	Skipped   *skipped `xml:"skipped,omitempty"`
}

type failure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type skipped struct {
	Message string `xml:"message,attr"`
}

// Write renders one test suite per service; cases keep the report's order.
func Write(w io.Writer, r *report.Report, _ Options) error {
	suites := map[string]*testSuite{}
	var names []string
	// Each suite's cases are allocated once: growing them through a few
	// hundred thousand appends copied them over and over.
	counts := map[string]int{}
	for _, res := range r.Results.All() {
		if res.Control != nil {
			counts[res.Control.Service]++
		}
	}
	for i, res := range r.Results.All() {
		c := res.Control
		if c == nil {
			continue
		}
		s, ok := suites[c.Service]
		if !ok {
			s = &testSuite{Name: "onus." + c.Service, Time: "0", Cases: make([]testCase, 0, counts[c.Service])}
			suites[c.Service] = s
			names = append(names, c.Service)
		}
		s.Cases = append(s.Cases, caseOf(r, i))
		s.Tests++
		tc := &s.Cases[len(s.Cases)-1]
		if tc.Failure != nil {
			s.Failures++
		}
		if tc.Skipped != nil {
			s.Skipped++
		}
	}
	sort.Strings(names)
	doc := testSuites{Name: "onus " + r.Target, Time: "0"}
	for _, n := range names {
		s := suites[n]
		doc.Suites = append(doc.Suites, *s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}
	if r.Incomplete {
		// An incomplete scan is an error of the run itself; CI views show
		// it next to the results instead of hiding it in a log.
		es := testSuite{Name: "onus.input", Tests: 1, Errors: 1, Time: "0"}
		var msgs []string
		for _, d := range r.Diagnostics {
			msgs = append(msgs, d.String())
		}
		es.Cases = []testCase{{Name: "all inputs were read", Classname: "onus.input", Time: "0",
			Error: &failure{Message: "scan incomplete: some inputs could not be read", Type: "incomplete",
				Body: strings.Join(msgs, "\n")}}}
		doc.Suites = append(doc.Suites, es)
		doc.Tests++
		doc.Errors++
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func caseOf(r *report.Report, i int) testCase {
	res := r.Results.At(i)
	c := res.Control
	name := res.Resource.Address
	if name == "" {
		name = res.Resource.ARN
	}
	tc := testCase{
		Name:      fmt.Sprintf("%s %s", c.ID, name),
		Classname: fmt.Sprintf("onus.%s.%s.%s", c.Service, c.Layer, c.ID),
		Time:      "0",
	}
	if l := res.Location(); !l.IsZero() {
		tc.File, tc.Line = l.File, l.Start.Line
	}
	if sup, ok := r.Suppressed[i]; ok {
		tc.Skipped = &skipped{Message: fmt.Sprintf("suppressed %s (%s): %s", res.Outcome, sup.Source, sup.Reason)}
		return tc
	}
	switch res.Outcome {
	case control.Fail:
		var body strings.Builder
		fmt.Fprintf(&body, "%s\n%s\n", c.Title, res.Reason)
		if l := res.Location(); !l.IsZero() {
			fmt.Fprintf(&body, "at %s\n", l)
		} else if o := res.Origin(); o.APICall != "" {
			fmt.Fprintf(&body, "read with %s (%s)\n", o.APICall, o.Region)
		}
		for _, e := range res.Evidence {
			fmt.Fprintf(&body, "evidence: %s\n", e.Summary)
		}
		if c.Remediation.Summary != "" {
			fmt.Fprintf(&body, "fix: %s\n", c.Remediation.Summary)
		}
		tc.Failure = &failure{Message: res.Reason, Type: c.Severity.String(), Body: body.String()}
	case control.Unknown:
		tc.Skipped = &skipped{Message: "UNKNOWN: " + res.Reason}
	case control.NotApplicable:
		tc.Skipped = &skipped{Message: "NOT_APPLICABLE: " + res.Reason}
	}
	return tc
}

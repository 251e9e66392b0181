package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/ordered"
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
// The cases are the bulk of a large report: they are encoded in batches on
// every CPU and spliced into the document's empty suites, byte for byte
// what one encoding of the whole document writes.
func Write(w io.Writer, r *report.Report, _ Options) error {
	suites := map[string]*testSuite{}
	cases := map[string][]int{}
	var names []string
	for i, res := range r.Results.All() {
		c := res.Control
		if c == nil {
			continue
		}
		s, ok := suites[c.Service]
		if !ok {
			s = &testSuite{Name: "onus." + c.Service, Time: "0"}
			suites[c.Service] = s
			names = append(names, c.Service)
		}
		cases[c.Service] = append(cases[c.Service], i)
		s.Tests++
		fail, skip := caseKind(r, i)
		if fail {
			s.Failures++
		}
		if skip {
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
		doc.Suites = append(doc.Suites, inputSuite(r))
		doc.Tests++
		doc.Errors++
	}
	var shell bytes.Buffer
	shell.WriteString(xml.Header)
	enc := xml.NewEncoder(&shell)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	shell.WriteString("\n")
	out := shell.Bytes()
	// Each service suite is empty in the shell, "<testsuite ...></testsuite>"
	// (attribute values escape '>'), in the order of names; the input
	// suite has its case and no such marker.
	const marker = "></testsuite>"
	pos := 0
	for _, n := range names {
		at := bytes.Index(out[pos:], []byte(marker))
		if at < 0 {
			return fmt.Errorf("junit: suite %s not found in the document shell", n)
		}
		at += pos
		if _, err := w.Write(out[pos : at+1]); err != nil {
			return err
		}
		idx := cases[n]
		err := ordered.Write(w, len(idx), caseBatch, func() ordered.Render {
			var buf bytes.Buffer
			return func(dst []byte, lo, hi int) ([]byte, error) {
				// A fresh encoder puts the prefix before the first case
				// and a newline and the prefix before each next one.
				buf.Reset()
				enc := xml.NewEncoder(&buf)
				enc.Indent("    ", "  ")
				// Named as the testSuite field's tag names it.
				start := xml.StartElement{Name: xml.Name{Local: "testcase"}}
				for _, i := range idx[lo:hi] {
					if err := enc.EncodeElement(caseOf(r, i), start); err != nil {
						return nil, err
					}
				}
				if err := enc.Flush(); err != nil {
					return nil, err
				}
				dst = append(dst, '\n')
				return append(dst, buf.Bytes()...), nil
			}
		})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n  </testsuite>"); err != nil {
			return err
		}
		pos = at + len(marker)
	}
	_, err := w.Write(out[pos:])
	return err
}

// inputSuite is the suite of an incomplete scan: an error of the run
// itself, which CI views show next to the results instead of hiding it in
// a log.
func inputSuite(r *report.Report) testSuite {
	var msgs []string
	for _, d := range r.Diagnostics {
		msgs = append(msgs, d.String())
	}
	return testSuite{Name: "onus.input", Tests: 1, Errors: 1, Time: "0",
		Cases: []testCase{{Name: "all inputs were read", Classname: "onus.input", Time: "0",
			Error: &failure{Message: "scan incomplete: some inputs could not be read", Type: "incomplete",
				Body: strings.Join(msgs, "\n")}}}}
}

// caseBatch is how many cases one batch encodes.
const caseBatch = 64

// caseKind is whether caseOf(r, i) fails or is skipped, without making it.
func caseKind(r *report.Report, i int) (fail, skip bool) {
	if _, ok := r.Suppressed[i]; ok {
		return false, true
	}
	switch r.Results.At(i).Outcome {
	case control.Fail:
		return true, false
	case control.Unknown, control.NotApplicable:
		return false, true
	}
	return false, false
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

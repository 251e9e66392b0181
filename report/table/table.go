package table

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/ordered"
)

// Options control what the table shows.
type Options struct {
	// Colour adds ANSI colours; the caller sets it only when writing to a
	// terminal and NO_COLOR is unset.
	Colour bool
	// ShowSuppressed lists suppressed results (marked) instead of hiding them.
	ShowSuppressed bool
	// Matrix prints the responsibility matrix after the results.
	Matrix bool
	// Quiet prints only FAIL and UNKNOWN results and the summary line.
	Quiet bool
	// ShowNotApplicable lists every NOT_APPLICABLE result; by default those
	// of one group are folded into one line with their controls and reasons.
	ShowNotApplicable bool
}

const (
	red     = "\x1b[31m"
	green   = "\x1b[32m"
	yellow  = "\x1b[33m"
	magenta = "\x1b[35m"
	cyan    = "\x1b[36m"
	bold    = "\x1b[1m"
	dim     = "\x1b[2m"
	reset   = "\x1b[0m"
)

type printer struct {
	// w receives all the text but the result entries, whose places ops
	// records.
	w      *bytes.Buffer
	ops    []entryAt
	colour bool
	// groupNoted: the note on grouped default resources was printed.
	groupNoted bool
	// fold collects the NOT_APPLICABLE results of the current group unless
	// they are all listed; reqFold those of one framework requirement.
	fold, reqFold naFold
}

// entryAt places the entry of result i at offset at of the printer's text.
// Both fit 32 bits: results are counted in hundreds of thousands, and the
// text without them grows with the number of groups, not results.
type entryAt struct{ at, i int32 }

func (p *printer) c(code, s string) string {
	if !p.colour || s == "" || code == "" {
		return s
	}
	return code + s + reset
}

func (p *printer) f(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

func outcomeColour(o control.Outcome) string {
	switch o {
	case control.Pass:
		return green
	case control.Fail:
		return red + bold
	case control.Unknown:
		return yellow
	}
	return dim
}

func severityColour(s control.Severity) string {
	switch s {
	case control.Critical:
		return magenta + bold
	case control.High:
		return red
	case control.Medium:
		return yellow
	}
	return ""
}

// Write renders r.
//
// The result entries are most of a large table (hundreds of thousands of
// results), so they are not written as the layout is decided: the layout
// pass writes everything else (headings, folded lines, diagnostics, the
// summary) to a buffer and notes where each entry goes, then the entries
// are rendered in batches on every CPU and written in order between the
// buffer's pieces.
func Write(w io.Writer, r *report.Report, opts Options) error {
	p := &printer{w: &bytes.Buffer{}, colour: opts.Colour}
	if !opts.Quiet {
		header(p, r)
	}
	results(p, r, opts)
	var merr error
	if !opts.Quiet {
		diagnostics(p, r)
		expired(p, r)
		if opts.Matrix {
			merr = matrix(p, r)
		}
	}
	if merr == nil {
		summary(p, r)
	}
	text, ops := p.w.Bytes(), p.ops
	err := ordered.Write(w, len(ops), entryBatch, func() ordered.Render {
		e := &entryWriter{r: r, colour: p.colour}
		return func(dst []byte, lo, hi int) ([]byte, error) {
			for k := lo; k < hi; k++ {
				from := int32(0)
				if k > 0 {
					from = ops[k-1].at
				}
				dst = append(dst, text[from:ops[k].at]...)
				dst = e.entry(dst, int(ops[k].i))
			}
			return dst, nil
		}
	})
	if err != nil {
		return err
	}
	rest := text
	if len(ops) > 0 {
		rest = text[ops[len(ops)-1].at:]
	}
	if _, err := w.Write(rest); err != nil {
		return err
	}
	return merr
}

// entryBatch is how many result entries one batch renders: about 50 KB of
// text, enough to make the hand-off between goroutines negligible.
const entryBatch = 256

func header(p *printer, r *report.Report) {
	name := r.Tool.Name
	if name == "" {
		name = "onus"
	}
	srcs := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		srcs[i] = string(s)
	}
	p.f("%s %s · target %s", p.c(bold, name), r.Tool.Version, r.Target)
	if len(srcs) > 0 {
		p.f(" · sources %s", strings.Join(srcs, ", "))
	}
	if r.Framework != "" {
		p.f(" · framework %s", r.Framework)
	}
	p.f("\n")
	// Results judged against the user's thresholds, not the defaults the
	// control titles state: say so before the first of them.
	for _, x := range r.Parameters {
		p.f("parameter %s %s = %s (default %s)", x.Control, x.Name, withUnit(x.Values, x.Unit), withUnit(x.Defaults, x.Unit))
		if x.Loc.File != "" {
			p.f(" · %s:%d", x.Loc.File, x.Loc.Start.Line)
		}
		p.f("\n")
	}
}

// withUnit writes "14 days", "80, 443 ports" or "none".
func withUnit(ns []int, unit string) string {
	if len(ns) == 0 {
		return control.Join(ns)
	}
	return control.Join(ns) + " " + unit
}

func shown(r *report.Report, i int, opts Options) bool {
	if r.IsSuppressed(i) && !opts.ShowSuppressed {
		return false
	}
	if opts.Quiet {
		o := r.Results.At(i).Outcome
		return o == control.Fail || o == control.Unknown
	}
	return true
}

func results(p *printer, r *report.Report, opts Options) {
	idx := make([]int, 0, r.Results.Len())
	for i, res := range r.Results.All() {
		if res.Control != nil && shown(r, i, opts) {
			idx = append(idx, i)
		}
	}
	// The grouping below needs control.Sort order, which control.Run
	// gives; a report not marked as such is checked, and sorted if needed.
	if !r.Sorted && !sort.SliceIsSorted(idx, func(a, b int) bool { return control.Less(r.Results.At(idx[a]), r.Results.At(idx[b])) }) {
		sort.SliceStable(idx, func(a, b int) bool { return control.Less(r.Results.At(idx[a]), r.Results.At(idx[b])) })
	}
	// Unsuppressed results on unused default resources (every region has a
	// default VPC, security group and network ACL) become one line per
	// control, printed where the first of them would have been.
	defaults := map[*control.Control][]int{}
	for _, i := range idx {
		if r.Results.At(i).Resource.DefaultResource && !r.IsSuppressed(i) {
			c := r.Results.At(i).Control
			defaults[c] = append(defaults[c], i)
		}
	}
	// Most shown results get an entry: one allocation rather than
	// growing through a few hundred thousand appends.
	p.ops = make([]entryAt, 0, len(idx))
	if r.Framework != "" {
		frameworkResults(p, r, opts, idx, defaults)
		return
	}
	fold := !opts.ShowNotApplicable
	lastSvc, lastLayer := "", ""
	for _, i := range idx {
		res := r.Results.At(i)
		c := res.Control
		group, grouped := defaults[c]
		if grouped && res.Resource.DefaultResource && !r.IsSuppressed(i) && group[0] != i {
			continue
		}
		if c.Service != lastSvc || c.Layer != lastLayer {
			p.flushFold(&p.fold, false)
		}
		if c.Service != lastSvc {
			p.f("\n%s\n", p.c(bold+cyan, c.Service))
			lastSvc, lastLayer = c.Service, ""
		}
		if c.Layer != lastLayer {
			p.f("  %s\n", p.c(bold, c.Layer))
			lastLayer = c.Layer
		}
		if grouped && res.Resource.DefaultResource && !r.IsSuppressed(i) {
			if fold && allNA(r, group) {
				p.fold.addAll(r, group)
				continue
			}
			defaultLines(p, r, group)
			continue
		}
		if fold && foldable(r, i) {
			p.fold.add(res)
			continue
		}
		resultLines(p, r, i)
	}
	p.flushFold(&p.fold, false)
}

// foldable: an unsuppressed NOT_APPLICABLE result, which the table folds
// unless asked to list them. A suppressed one is listed (with
// --show-suppressed) with its suppression, like any other.
func foldable(r *report.Report, i int) bool {
	return r.Results.At(i).Outcome == control.NotApplicable && !r.IsSuppressed(i)
}

// allNA: a group of default resources that is NOT_APPLICABLE on every one
// folds like a single N/A result would; one with any other outcome keeps
// its grouped line, which counts the N/A ones.
func allNA(r *report.Report, group []int) bool {
	for _, i := range group {
		if r.Results.At(i).Outcome != control.NotApplicable {
			return false
		}
	}
	return true
}

func (f *naFold) addAll(r *report.Report, group []int) {
	for _, i := range group {
		f.add(r.Results.At(i))
	}
}

// frameworkResults lays the results out in the framework's own structure
// (onus scan --framework): each section, each requirement in benchmark
// order with the results of the controls that automate it, and, unless
// quiet, the requirements no control automates as MANUAL. A control that
// maps to several requirements is listed under each. Unless every result is
// to be listed, the N/A results of a requirement that has others are folded
// under it, and the requirements with only N/A results are folded into one
// entry at the end of their section (or subsection).
func frameworkResults(p *printer, r *report.Report, opts Options, idx []int, defaults map[*control.Control][]int) {
	fold := !opts.ShowNotApplicable
	byControl := map[*control.Control][]int{}
	var cs []*control.Control
	for _, i := range idx {
		c := r.Results.At(i).Control
		if _, ok := byControl[c]; !ok {
			cs = append(cs, c)
		}
		byControl[c] = append(byControl[c], i)
	}
	listed := map[*control.Control]bool{}
	ran := cs
	if len(r.Controls) > 0 {
		ran = r.Controls
	}
	for _, sec := range control.Sections(ran, r.Framework) {
		printed := false
		lastSub, foldSub := "", ""
		// prevFolded: the requirement before this one was folded whole, so
		// the two form one run (2.3..2.18).
		prevFolded := false
		for _, req := range sec.Requirements {
			n, nFold := 0, 0
			for _, c := range req.Controls {
				n += len(byControl[c])
				if fold {
					nFold += foldCount(r, byControl[c], defaults[c])
				}
			}
			if n == 0 && opts.Quiet {
				prevFolded = false
				continue
			}
			if req.Subsection.Number != foldSub {
				p.flushFold(&p.fold, true)
				foldSub, prevFolded = req.Subsection.Number, false
			}
			if !printed {
				p.line0(sec.Number, sec.Title)
				printed = true
			}
			if req.Subsection.Number != "" && req.Subsection.Number != lastSub {
				p.f("  %s\n", p.c(bold, req.Subsection.Number+" "+req.Subsection.Title))
				lastSub = req.Subsection.Number
			}
			if n > 0 && nFold == n {
				for _, c := range req.Controls {
					listed[c] = true
					if p.fold.once(c) {
						for _, i := range byControl[c] {
							p.fold.add(r.Results.At(i))
						}
					}
				}
				p.fold.addReq(req.ID, req.Title, prevFolded)
				prevFolded = true
				continue
			}
			prevFolded = false
			title := req.ID
			if req.Title != "" {
				title += " " + req.Title
			}
			p.f("  %s\n", p.c(bold, title))
			if n == 0 && len(req.Controls) > 0 {
				// Automated, but this estate gave the controls nothing to
				// judge: not a manual duty, and not a PASS either.
				ids := make([]string, len(req.Controls))
				for i, c := range req.Controls {
					ids[i] = c.ID
					listed[c] = true
				}
				p.f("    %s  %s\n", p.c(dim, "-      "), "nothing in this scan for "+strings.Join(ids, ", ")+" to check")
				continue
			}
			if n == 0 {
				p.f("    %s  %s\n", p.c(dim, "MANUAL "), "no onus control automates this recommendation; assess it by hand")
				continue
			}
			for _, c := range req.Controls {
				listed[c] = true
				group := defaults[c]
				groupNA := fold && len(group) > 0 && allNA(r, group)
				for _, i := range byControl[c] {
					res := r.Results.At(i)
					if res.Resource.DefaultResource && !r.IsSuppressed(i) && len(group) > 0 {
						if group[0] == i {
							if groupNA {
								p.reqFold.addAll(r, group)
							} else {
								defaultLines(p, r, group)
							}
						}
						continue
					}
					if fold && foldable(r, i) {
						p.reqFold.add(res)
						continue
					}
					resultLines(p, r, i)
				}
			}
			p.flushFold(&p.reqFold, false)
		}
		p.flushFold(&p.fold, true)
	}
	// A report built for a framework holds only its controls; anything
	// else is still shown rather than silently dropped.
	first := true
	for _, c := range cs {
		if listed[c] {
			continue
		}
		if first {
			p.line0("", "not mapped to "+r.Framework)
			first = false
		}
		for _, i := range byControl[c] {
			if fold && foldable(r, i) {
				p.fold.add(r.Results.At(i))
				continue
			}
			resultLines(p, r, i)
		}
	}
	p.flushFold(&p.fold, false)
}

// foldCount is how many of one control's results the framework layout
// folds: the N/A ones, a group of default resources counting only when N/A
// on every one.
func foldCount(r *report.Report, results, group []int) int {
	groupNA := len(group) > 0 && allNA(r, group)
	n := 0
	for _, i := range results {
		if r.Results.At(i).Resource.DefaultResource && !r.IsSuppressed(i) && len(group) > 0 {
			if groupNA {
				n++
			}
			continue
		}
		if foldable(r, i) {
			n++
		}
	}
	return n
}

// line0 writes a top-level heading.
func (p *printer) line0(number, title string) {
	h := title
	if number != "" && number != title {
		h = number + " " + title
	}
	p.f("\n%s\n", p.c(bold+cyan, h))
}

// defaultLines prints the results of one control on unused default
// resources as one entry: the worst outcome, how many resources in how many
// regions, and the count per outcome.
func defaultLines(p *printer, r *report.Report, group []int) {
	c := r.Results.At(group[0]).Control
	counts := map[control.Outcome]int{}
	regions := map[string]bool{}
	worst := control.NotApplicable
	rank := map[control.Outcome]int{control.Fail: 3, control.Unknown: 2, control.Pass: 1, control.NotApplicable: 0}
	for _, i := range group {
		res := r.Results.At(i)
		counts[res.Outcome]++
		regions[res.Resource.Region] = true
		if rank[res.Outcome] > rank[worst] {
			worst = res.Outcome
		}
	}
	outcome := fmt.Sprintf("%-7s", worst.String())
	if worst == control.NotApplicable {
		outcome = "N/A    "
	}
	sev := p.c(severityColour(c.Severity), fmt.Sprintf("%-8s", c.Severity.String()))
	p.f("    %s  %s  %s  %s\n", p.c(outcomeColour(worst), outcome), sev, p.c(bold, c.ID), c.Title)
	var parts []string
	for _, o := range []control.Outcome{control.Fail, control.Unknown, control.Pass, control.NotApplicable} {
		if n := counts[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", o.String(), n))
		}
	}
	noun, rnoun := "resources", "regions"
	if len(group) == 1 {
		noun = "resource"
	}
	if len(regions) == 1 {
		rnoun = "region"
	}
	p.f("%s%d unused default %s in %d %s: %s\n", indent, len(group), noun, len(regions), rnoun, strings.Join(parts, ", "))
	if worst == control.Fail && c.Remediation.Summary != "" {
		p.f("%s%s %s\n", indent, p.c(green, "fix:"), oneLine(c.Remediation.Summary))
	}
	if !p.groupNoted {
		p.groupNoted = true
		p.f("%s%s\n", indent, p.c(dim, "(default resources are grouped here; JSON and SARIF list each one, marked default_resource)"))
	}
}

const indent = "                       " // aligns detail lines under the control ID

// resultLines places the entry of result i here; Write renders it.
func resultLines(p *printer, _ *report.Report, i int) {
	p.ops = append(p.ops, entryAt{at: int32(p.w.Len()), i: int32(i)})
}

// entryWriter renders result entries. Results arrive grouped by control,
// so the parts of an entry that only depend on the control are kept for
// the last one seen.
type entryWriter struct {
	r      *report.Report
	colour bool
	last   *control.Control
	// head is the entry's first line after the outcome column; fix its
	// remediation line (empty when it has none).
	head, fix []byte
}

// code appends s wrapped in an ANSI code, as printer.c does.
func (e *entryWriter) code(dst []byte, code, s string) []byte {
	if !e.colour || s == "" || code == "" {
		return append(dst, s...)
	}
	dst = append(dst, code...)
	dst = append(dst, s...)
	return append(dst, reset...)
}

// entry appends what used to be written piece by piece for result i:
// the outcome, severity, control and title line, then the resource,
// reason, fix and suppression lines.
func (e *entryWriter) entry(dst []byte, i int) []byte {
	res := e.r.Results.At(i)
	c := res.Control
	if c != e.last {
		e.last = c
		e.head = append(e.head[:0], "  "...)
		e.head = e.code(e.head, severityColour(c.Severity), paddedSeverity(c.Severity))
		e.head = append(e.head, "  "...)
		e.head = e.code(e.head, bold, c.ID)
		e.head = append(e.head, "  "...)
		e.head = append(e.head, c.Title...)
		e.head = append(e.head, '\n')
		e.fix = e.fix[:0]
		if c.Remediation.Summary != "" {
			e.fix = append(e.fix, indent...)
			e.fix = e.code(e.fix, green, "fix:")
			e.fix = append(e.fix, ' ')
			e.fix = append(e.fix, oneLine(c.Remediation.Summary)...)
			e.fix = append(e.fix, '\n')
		}
	}
	sup, suppressed := e.r.Suppressed[i]
	dst = append(dst, "    "...)
	if suppressed {
		dst = e.code(dst, dim, paddedOutcome(res.Outcome))
	} else {
		dst = e.code(dst, outcomeColour(res.Outcome), paddedOutcome(res.Outcome))
	}
	dst = append(dst, e.head...)
	dst = append(dst, indent...)
	dst = appendWhere(dst, res)
	dst = append(dst, '\n')
	if res.Reason != "" {
		dst = append(dst, indent...)
		dst = append(dst, oneLine(res.Reason)...)
		dst = append(dst, '\n')
	}
	if res.Outcome == control.Fail && !suppressed {
		dst = append(dst, e.fix...)
	}
	if suppressed {
		s := "suppressed (" + sup.Source
		if sup.Where != "" {
			s += ", " + sup.Where
		}
		if sup.Expires != "" {
			s += ", until " + sup.Expires
		}
		dst = append(dst, indent...)
		dst = e.code(dst, dim, s+"):")
		dst = append(dst, ' ')
		dst = append(dst, oneLine(sup.Reason)...)
		dst = append(dst, '\n')
	}
	return dst
}

// line writes one indented detail line.
func (p *printer) line(s string) {
	p.w.WriteString(indent)
	p.w.WriteString(s)
	p.w.WriteByte('\n')
}

// paddedOutcome is the outcome column, 7 wide. The common ones are
// constants: this runs once per result.
func paddedOutcome(o control.Outcome) string {
	switch o {
	case control.NotApplicable:
		return "N/A    "
	case control.Pass:
		return "PASS   "
	case control.Fail:
		return "FAIL   "
	case control.Unknown:
		return "UNKNOWN"
	}
	return pad(o.String(), 7)
}

// paddedSeverity is the severity column, 8 wide.
func paddedSeverity(s control.Severity) string { return pad(s.String(), 8) }

func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + "        "[:n-len(s)]
}

// appendWhere names the resource and where to look: file:line for code,
// the API call and region for live.
func appendWhere(dst []byte, res *control.Result) []byte {
	name := res.Resource.Address
	if name == "" {
		name = res.Resource.ARN
	}
	dst = append(dst, name...)
	if l := res.Location(); !l.IsZero() {
		// As source.Loc.String writes it.
		dst = append(dst, "  "...)
		dst = append(dst, l.File...)
		if l.Start.Line != 0 {
			dst = append(dst, ':')
			dst = strconv.AppendInt(dst, int64(l.Start.Line), 10)
			if l.End.Line > l.Start.Line {
				dst = append(dst, '-')
				dst = strconv.AppendInt(dst, int64(l.End.Line), 10)
			}
		}
		return dst
	}
	o := res.Origin()
	region := o.Region
	if region == "" {
		region = res.Resource.Region
	}
	if o.APICall == "" && region == "" {
		return dst
	}
	dst = append(dst, "  ("...)
	dst = append(dst, o.APICall...)
	if o.APICall != "" && region != "" {
		dst = append(dst, ", "...)
	}
	dst = append(dst, region...)
	return append(dst, ')')
}

// oneLine keeps a multi-line text on one terminal line.
func oneLine(s string) string {
	// Most texts are one line with single spaces already: no allocation.
	clean := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				clean = false
			}
		case c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80:
			clean = false
		}
		if !clean {
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func diagnostics(p *printer, r *report.Report) {
	if len(r.Diagnostics) == 0 {
		return
	}
	p.f("\n%s\n", p.c(bold, "Diagnostics"))
	for _, d := range r.Diagnostics {
		s := d.String()
		col := yellow
		if d.Severity == "error" {
			col = red
		}
		p.f("  %s\n", p.c(col, s))
	}
}

func expired(p *printer, r *report.Report) {
	if len(r.Expired) == 0 {
		return
	}
	p.f("\n%s\n", p.c(bold, "Expired suppressions (no longer applied)"))
	for _, e := range r.Expired {
		s := e.Control
		if e.Resource != "" {
			s += " on " + e.Resource
		}
		if e.Where != "" {
			s += " (" + e.Where + ")"
		}
		p.f("  %s expired %s: %s\n", s, e.Expires, oneLine(e.Reason))
	}
}

func summary(p *printer, r *report.Report) {
	s := r.Summarize()
	parts := []string{}
	fail := fmt.Sprintf("%d FAIL", s.Fail)
	if s.Fail > 0 {
		var sev []string
		for _, name := range []string{"critical", "high", "medium", "low", "info"} {
			if n := s.FailBySeverity[name]; n > 0 {
				sev = append(sev, fmt.Sprintf("%d %s", n, name))
			}
		}
		fail = p.c(red+bold, fail) + " (" + strings.Join(sev, ", ") + ")"
	}
	parts = append(parts, fail,
		p.c(green, fmt.Sprintf("%d PASS", s.Pass)),
		p.c(yellow, fmt.Sprintf("%d UNKNOWN", s.Unknown)),
		fmt.Sprintf("%d NOT_APPLICABLE", s.NotApplicable))
	if s.Suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d suppressed", s.Suppressed))
	}
	noun := "results"
	if s.Total == 1 {
		noun = "result"
	}
	line := fmt.Sprintf("%d %s: %s", s.Total, noun, strings.Join(parts, ", "))
	if len(r.Expired) > 0 {
		line += fmt.Sprintf(", %d expired suppression(s)", len(r.Expired))
	}
	if r.Incomplete {
		line += " · " + p.c(yellow, "scan incomplete: some inputs could not be read (see diagnostics)")
	}
	p.f("\n%s\n", line)
	if b := r.Baseline; b != nil {
		// Baselined results are among the suppressed above; say which,
		// and what the baseline had that no longer fails.
		p.f("baseline %s: %d known results suppressed; %d of its %d findings no longer fail\n",
			b.File, b.Matched, b.NoLongerFailing, b.Findings)
	}
}

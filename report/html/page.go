package html

import (
	"bufio"
	_ "embed"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onus-sec/onus/control"
)

// The page is written by code rather than html/template: executing any
// text/template or html/template makes the Go linker keep every exported
// method of every type (it cannot see which ones a template calls), which
// made the onus binary 186 MB instead of 44 MB, mostly unused AWS SDK
// operations, and cost start-up memory on every scan. The escaping is
// html/template's for the contexts the page uses (text, quoted attributes,
// one URL attribute); testdata/reference.html.tmpl is the page as a
// template, and the tests check both render the same bytes.

//go:embed head.html
var head string

//go:embed style.html
var style string

//go:embed script.html
var script string

// pw writes the page; the first write error is kept and returned by flush.
type pw struct {
	w   *bufio.Writer
	err error
}

func (p *pw) raw(ss ...string) {
	for _, s := range ss {
		if p.err == nil {
			_, p.err = p.w.WriteString(s)
		}
	}
}

// esc writes s escaped as html/template escapes text and quoted attribute
// values.
func (p *pw) esc(s string) {
	if p.err != nil {
		return
	}
	written := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		var repl string
		switch r {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		if repl != "" {
			p.raw(s[written:i], repl)
			written = i + w
		}
		i += w
	}
	p.raw(s[written:])
}

func (p *pw) num(n int) { p.raw(strconv.Itoa(n)) }

// opt writes prefix and s escaped, or nothing when s is empty: the
// template's {{if .X}}prefix{{.X}}{{end}}.
func (p *pw) opt(prefix, s string) {
	if s != "" {
		p.raw(prefix)
		p.esc(s)
	}
}

// url writes s as the value of an href: a URL with a scheme other than
// http, https or mailto becomes "#ZgotmplZ" (so no javascript: link can be
// planted through a report), other bytes outside URL syntax are
// percent-encoded, then the result is escaped for the attribute.
func (p *pw) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			// An escape already made is kept (html/template's rule,
			// including its i+2 < len(s) bound).
			continue
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
		b.WriteString(strconv.FormatUint(uint64(c)&15, 16))
		written = i + 1
	}
	b.WriteString(s[written:])
	p.esc(b.String())
}

// page writes v; its structure follows testdata/reference.html.tmpl line
// for line.
func page(w io.Writer, v *view) error {
	p := &pw{w: bufio.NewWriterSize(w, 64<<10)}
	p.raw(head, "<title>onus report: ")
	p.esc(v.Target)
	p.raw("</title>\n", style, "<body>\n<header>\n<h1>onus report</h1>\n")
	p.raw(`<div class="meta">target <b id="target">`)
	p.esc(v.Target)
	p.raw("</b> · sources ")
	p.esc(strings.Join(v.Sources, ", "))
	p.raw(" · ")
	p.esc(v.Tool.Name)
	p.raw(" ")
	p.esc(v.Tool.Version)
	p.opt(" · started ", v.Started)
	p.opt(" · finished ", v.Finished)
	p.opt(" · framework ", v.Framework)
	p.raw("</div>\n")
	if v.Incomplete {
		p.raw(`<div class="banner" id="incomplete">The scan is <b>incomplete</b>: some inputs could not be read (see Diagnostics). Results for those inputs are UNKNOWN, never PASS.</div>`)
	}
	p.raw("\n</header>\n\n<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n")
	p.raw(`<div class="card"><div class="n" id="count-total">`)
	p.num(v.Summary.Total)
	p.raw("</div>results</div>\n")
	p.raw(`<div class="card fail"><div class="n" id="count-fail">`)
	p.num(v.Summary.Fail)
	p.raw("</div>FAIL")
	if v.FailSeverities != "" {
		p.raw(`<div class="muted">`)
		p.esc(v.FailSeverities)
		p.raw("</div>")
	}
	p.raw("</div>\n")
	for _, c := range []struct {
		class, id string
		n         int
		label     string
	}{
		{"card pass", "count-pass", v.Summary.Pass, "PASS"},
		{"card unknown", "count-unknown", v.Summary.Unknown, "UNKNOWN"},
		{"card na", "count-na", v.Summary.NotApplicable, "NOT APPLICABLE"},
		{"card", "count-suppressed", v.Summary.Suppressed, "suppressed"},
	} {
		p.raw(`<div class="`, c.class, `"><div class="n" id="`, c.id, `">`)
		p.num(c.n)
		p.raw("</div>", c.label, "</div>\n")
	}
	p.raw("</div>\n</section>\n\n")
	if v.Matrix != nil {
		matrixSection(p, v.Matrix)
	}
	p.raw("\n\n")
	findingsSection(p, v)
	p.raw("\n")
	if len(v.Frameworks) > 0 {
		p.raw("\n<section id=\"frameworks\">\n<h2>Frameworks</h2>\n")
		for _, fw := range v.Frameworks {
			p.raw("<h3>")
			p.esc(fw.Name)
			p.raw("</h3>\n")
			p.raw(`<table class="framework" data-framework="`)
			p.esc(fw.Name)
			p.raw(`"><thead><tr><th>requirement</th><th>controls</th><th>FAIL</th><th>UNKNOWN</th><th>PASS</th><th>N/A</th></tr></thead><tbody>`, "\n")
			for _, rq := range fw.Requirements {
				p.raw("<tr><td>")
				p.esc(rq.ID)
				p.raw("</td><td>")
				p.esc(strings.Join(rq.Controls, ", "))
				p.raw(`</td><td class="`)
				if rq.Fail != 0 {
					p.raw("st-fail")
				}
				p.raw(`">`)
				p.num(rq.Fail)
				p.raw(`</td><td class="`)
				if rq.Unknown != 0 {
					p.raw("st-unknown")
				}
				p.raw(`">`)
				p.num(rq.Unknown)
				p.raw("</td><td>")
				p.num(rq.Pass)
				p.raw("</td><td>")
				p.num(rq.NotApplicable)
				p.raw("</td></tr>\n")
			}
			p.raw("</tbody></table>\n")
		}
		p.raw("\n</section>\n")
	}
	p.raw("\n\n")
	if len(v.Diagnostics) > 0 {
		p.raw("\n<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n<ul>")
		for _, d := range v.Diagnostics {
			p.raw(`<li class="d-`)
			p.esc(d.Severity)
			p.raw(`">`)
			p.esc(d.Text)
			p.raw("</li>")
		}
		p.raw("</ul>\n</section>\n")
	}
	p.raw("\n")
	if len(v.Parameters) > 0 {
		p.raw("\n<section id=\"parameters\">\n<h2>Control parameters</h2>\n<p>These results were judged against thresholds set in the configuration instead of the catalogue's defaults.</p>\n<table>\n<thead><tr><th>Control</th><th>Parameter</th><th>Value</th><th>Default</th><th>Set at</th></tr></thead>\n<tbody>\n")
		for _, x := range v.Parameters {
			p.raw("<tr><td>")
			p.esc(x.Control)
			p.raw("</td><td><code>")
			p.esc(x.Name)
			p.raw("</code></td><td>")
			p.esc(control.Join(x.Values))
			p.raw(" ")
			p.esc(x.Unit)
			p.raw("</td><td>")
			p.esc(control.Join(x.Defaults))
			p.raw(" ")
			p.esc(x.Unit)
			p.raw("</td><td>")
			if x.Loc.File != "" {
				p.raw("<code>")
				p.esc(x.Loc.File)
				p.raw(":")
				p.num(x.Loc.Start.Line)
				p.raw("</code>")
			}
			p.raw("</td></tr>\n")
		}
		p.raw("</tbody>\n</table>\n</section>\n")
	}
	if b := v.Baseline; b != nil {
		p.raw("\n<section id=\"baseline\">\n<h2>Baseline</h2>\n<p>Compared with <code>")
		p.esc(b.File)
		p.raw("</code>: ")
		p.num(b.Matched)
		p.raw(" result(s) already failing there are shown as suppressed; ")
		p.num(b.NoLongerFailing)
		p.raw(" of its ")
		p.num(b.Findings)
		p.raw(" finding(s) no longer fail.</p>\n</section>\n")
	}
	if len(v.Expired) > 0 {
		p.raw("\n<section id=\"expired\">\n<h2>Expired suppressions</h2>\n<p class=\"muted\">These no longer hide anything; renew or remove them.</p>\n<ul>")
		for _, x := range v.Expired {
			p.raw("<li><b>")
			p.esc(x.Control)
			p.raw("</b>")
			if x.Resource != "" {
				p.raw(" on <code>")
				p.esc(x.Resource)
				p.raw("</code>")
			}
			if x.Where != "" {
				p.raw(" (")
				p.esc(x.Where)
				p.raw(")")
			}
			p.raw(" expired ")
			p.esc(x.Expires)
			p.raw(": ")
			p.esc(x.Reason)
			p.raw("</li>")
		}
		p.raw("</ul>\n</section>\n")
	}
	p.raw("\n", script)
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

func matrixSection(p *pw, m *matrixView) {
	p.raw("\n<section id=\"matrix\">\n<h2>Responsibility matrix</h2>\n")
	p.raw(`<p class="muted">Per service in use: who owns each security layer. AWS-owned layers are covered by AWS's third-party attestations; customer and shared layers show the results of the controls that audit them, or the manual duties no control can check.`)
	if m.CatalogueDate != "" {
		p.raw(" Catalogue: ")
		p.esc(m.CatalogueDate)
		p.raw(".")
	}
	p.raw("</p>\n")
	p.raw(`<div class="legend"><span class="owner" style="background:var(--aws)">AWS</span><span style="background:#dafbe1">all pass</span><span style="background:#ffebe9">failing</span><span style="background:#fff8c5">unknown</span><span style="background:#fff1e5">manual</span><span style="background:#ddf4ff">attested</span><span style="background:#f6f8fa">no checks</span></div>`, "\n")
	p.raw("<div style=\"overflow:auto\">\n<table class=\"matrix\">\n")
	p.raw(`<thead><tr><th class="svc">service</th><th class="svc">model</th>`)
	for _, l := range m.Layers {
		p.raw(`<th class="layer">`)
		p.esc(l)
		p.raw("</th>")
	}
	p.raw("</tr></thead>\n<tbody>\n")
	for _, row := range m.Rows {
		p.raw(`<tr data-service="`)
		p.esc(row.Service)
		p.raw(`"><td class="svc"><b>`)
		p.esc(row.Service)
		p.raw(`</b> <span class="muted">`)
		p.esc(row.Name)
		p.raw(" (")
		p.num(row.Resources)
		p.raw(`)</span></td><td class="svc">`)
		p.esc(row.Model)
		p.raw("</td>")
		for _, c := range row.Cells {
			p.raw(`<td class="`)
			p.esc(c.Class)
			p.raw(`" data-layer="`)
			p.esc(c.Layer)
			p.raw(`" data-owner="`)
			p.esc(c.Owner)
			p.raw(`" title="`)
			p.esc(c.Title)
			p.raw(`">`)
			p.esc(c.Text)
			p.raw("</td>")
		}
		p.raw("</tr>\n")
	}
	p.raw("</tbody>\n</table>\n</div>\n")
	if len(m.Manual) > 0 {
		p.raw("<h3>Manual duties</h3>\n")
		p.raw(`<table id="manual"><thead><tr><th>service</th><th>layer</th><th>duty</th><th>status</th><th>owner</th><th>expires</th><th>evidence</th></tr></thead><tbody>`, "\n")
		for _, mi := range m.Manual {
			p.raw(`<tr class="m-`)
			p.esc(mi.Status)
			p.raw(`">`)
			for _, s := range []string{mi.Service, mi.Layer, mi.Item, mi.Status, mi.Owner, mi.Expires} {
				p.raw("<td>")
				p.esc(s)
				p.raw("</td>")
			}
			p.raw("<td>")
			if mi.EvidenceURL != "" {
				p.raw(`<a href="`)
				p.url(mi.EvidenceURL)
				p.raw(`" rel="noreferrer">`)
				p.esc(mi.EvidenceURL)
				p.raw("</a>")
			}
			p.raw("</td></tr>\n")
		}
		p.raw("</tbody></table>")
	}
	p.raw("\n</section>\n")
}

func findingsSection(p *pw, v *view) {
	p.raw("<section id=\"findings\">\n<h2>Findings</h2>\n<div class=\"filters\">\n")
	options := func(label, id string, xs []string) {
		p.raw("<label>", label, ` <select id="`, id, `"><option value="">all</option>`)
		for _, x := range xs {
			p.raw("<option>")
			p.esc(x)
			p.raw("</option>")
		}
		p.raw("</select></label>\n")
	}
	options("service", "f-service", v.Services)
	options("layer", "f-layer", v.LayersUsed)
	options("severity", "f-severity", v.Severities)
	p.raw(`<label>outcome <select id="f-outcome"><option value="">all</option><option>FAIL</option><option>UNKNOWN</option><option>PASS</option><option>NOT_APPLICABLE</option></select></label>`, "\n")
	p.raw(`<label><input type="checkbox" id="f-suppressed"> show suppressed</label>`, "\n")
	p.raw(`<span class="muted" id="shown-count"></span>`, "\n</div>\n<div id=\"finding-list\">\n")
	for i := range v.Findings {
		writeFinding(p, &v.Findings[i])
	}
	if len(v.Findings) == 0 {
		p.raw(`<p class="muted">No results.</p>`)
	}
	p.raw("\n</div>\n</section>\n")
}

func writeFinding(p *pw, f *finding) {
	p.raw(`<details class="finding o-`)
	p.esc(f.Outcome)
	if f.Suppressed != nil {
		p.raw(" suppressed hidden")
	}
	for _, a := range []struct{ name, val string }{
		{"service", f.Service}, {"layer", f.Layer}, {"severity", f.Severity}, {"outcome", f.Outcome},
	} {
		p.raw(`" data-`, a.name, `="`)
		p.esc(a.val)
	}
	p.raw(`" data-suppressed="`)
	if f.Suppressed != nil {
		p.raw("1")
	} else {
		p.raw("0")
	}
	p.raw(`" data-control="`)
	p.esc(f.ID)
	p.raw("\">\n")
	p.raw(`<summary><span class="badge b-`)
	p.esc(f.Outcome)
	p.raw(`">`)
	p.esc(f.Outcome)
	p.raw(`</span><span class="sev-`)
	p.esc(f.Severity)
	p.raw(`">`)
	p.esc(f.Severity)
	p.raw("</span> · <b>")
	p.esc(f.ID)
	p.raw("</b> ")
	p.esc(f.Title)
	p.raw(" · <code>")
	p.esc(f.Resource)
	p.raw("</code>")
	if f.Suppressed != nil {
		p.raw(` <span class="muted">(suppressed)</span>`)
	}
	p.raw("</summary>\n<div class=\"body\">\n<p>")
	p.esc(f.Reason)
	p.raw("</p>\n<p class=\"muted\">")
	p.esc(f.Service)
	p.raw(" / ")
	p.esc(f.Layer)
	p.raw(" · ")
	p.esc(f.Source)
	p.raw(" · ")
	if f.Where != "" {
		p.raw("<code>")
		p.esc(f.Where)
		p.raw("</code>")
	}
	p.opt(" · ", f.Frameworks)
	p.raw("</p>\n")
	if s := f.Suppressed; s != nil {
		p.raw(`<p class="muted">Suppressed (`)
		p.esc(s.Source)
		p.opt(", ", s.Where)
		p.opt(", until ", s.Expires)
		p.raw("): ")
		p.esc(s.Reason)
		p.raw("</p>")
	}
	p.raw("\n")
	if len(f.Evidence) > 0 {
		p.raw(`<b>Evidence</b><ul class="evidence">`)
		for _, e := range f.Evidence {
			p.raw("<li>")
			p.esc(e.Summary)
			if e.Where != "" {
				p.raw(` <span class="muted">— <code>`)
				p.esc(e.Where)
				p.raw("</code></span>")
			}
			p.raw("</li>")
		}
		p.raw("</ul>")
	}
	p.raw("\n")
	if f.ShowRemediation {
		rm := &f.Remediation
		p.raw(`<div class="remediation"><b>Remediation</b>`)
		if rm.Summary != "" {
			p.raw("<p>")
			p.esc(rm.Summary)
			p.raw("</p>")
		}
		p.raw("\n")
		pre := func(label, s string) {
			if s != "" {
				p.raw("<div>", label, "</div><pre>")
				p.esc(s)
				p.raw("</pre>")
			}
		}
		pre("Terraform", rm.Terraform)
		p.raw("\n")
		pre("CloudFormation", rm.CloudFormation)
		p.raw("\n")
		pre("AWS CLI", rm.CLI)
		p.raw("</div>")
	}
	p.raw("\n</div>\n</details>\n")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

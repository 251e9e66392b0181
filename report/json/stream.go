package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/internal/ordered"
	"github.com/onus-sec/onus/source"
)

// The results array is most of the document (tens of thousands of results
// on a large estate, each repeating its control's text). Building it as one
// Document and letting encoding/json indent it held the whole output several
// times in memory, so the array is streamed instead: the rest of the document
// goes through encoding/json with an empty results array, and each result is
// written in its place with the bytes encoding/json would have produced
// (stream_test.go compares the two). The control and remediation objects, the
// same for every result of a control, are encoded once per control.

// writeStreamed writes the document of r to w, byte-identical to encoding
// Build(r) with a json.Encoder (SetEscapeHTML(false), two-space indent
// unless compact).
func writeStreamed(w io.Writer, r *report.Report, compact bool) error {
	shell, err := buildShell(r)
	if err != nil {
		return err
	}
	var head bytes.Buffer
	enc := stdjson.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if !compact {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(shell); err != nil {
		return err
	}
	marker := []byte("\n  \"results\": []")
	if compact {
		marker = []byte(`"results":[]`)
	}
	doc := head.Bytes()
	at := bytes.Index(doc, marker)
	if at < 0 {
		return fmt.Errorf("json report: results array not found in the document shell")
	}
	first := -1
	for i, res := range r.Results.All() {
		if res.Control != nil {
			first = i
			break
		}
	}
	if first < 0 {
		_, err := w.Write(doc)
		return err
	}
	if _, err := w.Write(doc[:at+len(marker)-1]); err != nil { // up to and including '['
		return err
	}
	// Results are encoded in batches on every CPU and written in order;
	// each worker keeps its own control cache.
	err = ordered.Write(w, r.Results.Len()-first, resultBatch, func() ordered.Render {
		e := newResultEncoder(compact)
		return func(dst []byte, lo, hi int) ([]byte, error) {
			e.buf = dst
			for i := first + lo; i < first+hi; i++ {
				if r.Results.At(i).Control == nil {
					continue
				}
				if i != first {
					e.buf = append(e.buf, ',')
				}
				if err := e.result(r, i); err != nil {
					return nil, err
				}
			}
			return e.buf, nil
		}
	})
	if err != nil {
		return err
	}
	var end []byte
	if !compact {
		end = append(end, "\n  "...)
	}
	end = append(end, ']')
	end = append(end, doc[at+len(marker):]...)
	_, err = w.Write(end)
	return err
}

// resultBatch is how many results one batch encodes: about 150 KB of
// indented JSON.
const resultBatch = 64

// buildShell is Build without the results.
func buildShell(r *report.Report) (*Document, error) {
	shell := *r
	shell.Results = control.Results{}
	doc, err := Build(&shell)
	if err != nil {
		return nil, err
	}
	// The summary counts every result; Build saw none.
	s := r.Summarize()
	doc.Summary = Summary{Total: s.Total, Pass: s.Pass, Fail: s.Fail, Unknown: s.Unknown,
		NotApplicable: s.NotApplicable, Suppressed: s.Suppressed, FailBySeverity: s.FailBySeverity}
	return doc, nil
}

// controlBytes are what a result of the control starts with (up to its
// "outcome" value) and its "remediation" member, encoded once per control.
type controlBytes struct {
	head, remediation []byte
}

type resultEncoder struct {
	compact  bool
	buf      []byte
	controls map[*control.Control]*controlBytes
	// keyStart and keyEnd go around a member name (see newResultEncoder).
	keyStart [8]string
	keyEnd   string
}

// depth of a result's fields in the indented document: the document is
// depth 0, results depth 1, a result object depth 2, its fields depth 3.
const resultDepth = 2

func (e *resultEncoder) nl(depth int) {
	if e.compact {
		return
	}
	if n := 1 + 2*depth; n <= len(newlineIndent) {
		e.buf = append(e.buf, newlineIndent[:n]...)
		return
	}
	e.buf = append(e.buf, '\n')
	for range depth {
		e.buf = append(e.buf, ' ', ' ')
	}
}

// newlineIndent holds the line breaks of the depths results reach.
const newlineIndent = "\n                        "

// key writes a member name that needs no escaping (the document's own
// names); first is false when a comma must precede it.
func (e *resultEncoder) key(depth int, name string, first bool) {
	if depth >= len(e.keyStart) {
		e.keyEsc(depth, name, first)
		return
	}
	ks := e.keyStart[depth]
	if first {
		ks = ks[1:]
	}
	e.buf = append(e.buf, ks...)
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, e.keyEnd...)
}

// newResultEncoder makes an encoder with its member name pieces:
// `,` newline, indent and `"` before a name at each depth a result
// reaches; `": ` after it.
func newResultEncoder(compact bool) *resultEncoder {
	e := &resultEncoder{compact: compact, controls: map[*control.Control]*controlBytes{}, keyEnd: `": `}
	if compact {
		e.keyEnd = `":`
	}
	for depth := range e.keyStart {
		e.buf = append(e.buf[:0], ',')
		e.nl(depth)
		e.buf = append(e.buf, '"')
		e.keyStart[depth] = string(e.buf)
	}
	e.buf = nil
	return e
}

// keyEsc writes a member name from the data (a tag key).
func (e *resultEncoder) keyEsc(depth int, name string, first bool) {
	if !first {
		e.buf = append(e.buf, ',')
	}
	e.nl(depth)
	e.buf = appendString(e.buf, name)
	e.buf = append(e.buf, ':')
	if !e.compact {
		e.buf = append(e.buf, ' ')
	}
}

func (e *resultEncoder) str(s string) { e.buf = appendString(e.buf, s) }

// encodeAt encodes v with encoding/json as a value at the given depth.
func (e *resultEncoder) encodeAt(v any, depth int) ([]byte, error) {
	var b bytes.Buffer
	enc := stdjson.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if !e.compact {
		prefix := make([]byte, 2*depth)
		for i := range prefix {
			prefix[i] = ' '
		}
		enc.SetIndent(string(prefix), "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (e *resultEncoder) controlOf(c *control.Control) (*controlBytes, error) {
	if cb, ok := e.controls[c]; ok {
		return cb, nil
	}
	const d = resultDepth + 1
	ctl, err := e.encodeAt(Control{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Service: c.Service,
		Layer: c.Layer, Frameworks: frameworks(c.Frameworks)}, d)
	if err != nil {
		return nil, err
	}
	// Built in e.buf, whose bytes the caller has not started yet.
	mark := len(e.buf)
	e.nl(resultDepth)
	e.buf = append(e.buf, '{')
	e.key(d, "control", true)
	e.buf = append(e.buf, ctl...)
	e.key(d, "outcome", false)
	cb := &controlBytes{head: bytes.Clone(e.buf[mark:])}
	e.buf = e.buf[:mark]
	if rem := c.Remediation; rem != (control.Remediation{}) {
		b, err := e.encodeAt(&Remediation{Summary: rem.Summary, Terraform: rem.Terraform,
			CloudFormation: rem.CloudFormation, CLI: rem.CLI}, d)
		if err != nil {
			return nil, err
		}
		e.key(d, "remediation", false)
		e.buf = append(e.buf, b...)
		cb.remediation = bytes.Clone(e.buf[mark:])
		e.buf = e.buf[:mark]
	}
	e.controls[c] = cb
	return cb, nil
}

// result appends result i the way encoding/json renders result(r, i).
func (e *resultEncoder) result(r *report.Report, i int) error {
	res := r.Results.At(i)
	cb, err := e.controlOf(res.Control)
	if err != nil {
		return err
	}
	const d = resultDepth + 1
	e.buf = append(e.buf, cb.head...)
	e.str(res.Outcome.String())
	e.key(d, "reason", false)
	e.str(res.Reason)
	e.key(d, "evidence", false)
	if len(res.Evidence) == 0 {
		e.buf = append(e.buf, '[', ']')
	} else {
		e.buf = append(e.buf, '[')
		for j, ev := range res.Evidence {
			if j > 0 {
				e.buf = append(e.buf, ',')
			}
			e.nl(d + 1)
			e.buf = append(e.buf, '{')
			e.key(d+2, "summary", true)
			e.str(ev.Summary)
			p := ev.Prov()
			if !p.Loc.IsZero() {
				e.key(d+2, "location", false)
				e.location(p.Loc, d+2)
			}
			if !p.Origin.IsZero() {
				e.key(d+2, "origin", false)
				e.origin(p.Origin, d+2)
			}
			e.nl(d + 1)
			e.buf = append(e.buf, '}')
		}
		e.nl(d)
		e.buf = append(e.buf, ']')
	}
	e.key(d, "resource", false)
	e.resource(res, d)
	if l := res.Location(); !l.IsZero() {
		e.key(d, "location", false)
		e.location(l, d)
	} else if o := res.Origin(); !o.IsZero() {
		if o.ARN == "" {
			o.ARN = res.Resource.ARN
		}
		e.key(d, "origin", false)
		e.origin(o, d)
	}
	e.key(d, "source", false)
	e.str(string(res.Resource.Source))
	e.key(d, "fingerprint", false)
	e.buf = append(e.buf, '"')
	e.buf = report.AppendFingerprint(e.buf, res)
	e.buf = append(e.buf, '"')
	if sup, ok := r.Suppressed[i]; ok {
		e.key(d, "suppressed", false)
		e.buf = append(e.buf, '{')
		e.key(d+1, "reason", true)
		e.str(sup.Reason)
		e.key(d+1, "source", false)
		e.str(sup.Source)
		if sup.Expires != "" {
			e.key(d+1, "expires", false)
			e.str(sup.Expires)
		}
		if sup.Where != "" {
			e.key(d+1, "where", false)
			e.str(sup.Where)
		}
		e.nl(d)
		e.buf = append(e.buf, '}')
	}
	e.buf = append(e.buf, cb.remediation...)
	if res.Resource.DefaultResource {
		e.key(d, "default_resource", false)
		e.buf = append(e.buf, "true"...)
	}
	e.nl(resultDepth)
	e.buf = append(e.buf, '}')
	return nil
}

func (e *resultEncoder) resource(res *control.Result, d int) {
	ref := res.Ref()
	e.buf = append(e.buf, '{')
	e.key(d+1, "type", true)
	e.str(ref.Type)
	opt := func(name, v string) {
		if v != "" {
			e.key(d+1, name, false)
			e.str(v)
		}
	}
	if ref.Address != "" {
		e.key(d+1, "address", false)
		from := len(e.buf)
		e.str(ref.Address)
		to := len(e.buf)
		if ref.Source == source.CloudFormation {
			// The same string again: its encoding is copied, not redone.
			e.key(d+1, "logical_id", false)
			e.buf = append(e.buf, e.buf[from:to]...)
		}
	}
	opt("arn", ref.ARN)
	opt("account", ref.Account)
	opt("region", ref.Region)
	opt("module", ref.Module)
	if tags := ref.TagMap(); len(tags) > 0 {
		e.key(d+1, "tags", false)
		// Most resources have one or two tags: their keys are sorted
		// without a heap slice.
		var arr [8]string
		keys := arr[:0]
		for k := range tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		e.buf = append(e.buf, '{')
		for j, k := range keys {
			e.keyEsc(d+2, k, j == 0)
			e.str(tags[k])
		}
		e.nl(d + 1)
		e.buf = append(e.buf, '}')
	}
	e.nl(d)
	e.buf = append(e.buf, '}')
}

func (e *resultEncoder) location(l source.Loc, d int) {
	e.buf = append(e.buf, '{')
	e.key(d+1, "file", true)
	e.str(l.File)
	num := func(name string, v int) {
		if v != 0 {
			e.key(d+1, name, false)
			e.buf = strconv.AppendInt(e.buf, int64(v), 10)
		}
	}
	num("start_line", l.Start.Line)
	num("start_column", l.Start.Column)
	num("end_line", l.End.Line)
	num("end_column", l.End.Column)
	e.nl(d)
	e.buf = append(e.buf, '}')
}

func (e *resultEncoder) origin(o source.Origin, d int) {
	e.buf = append(e.buf, '{')
	first := true
	opt := func(name, v string) {
		if v != "" {
			e.key(d+1, name, first)
			first = false
			e.str(v)
		}
	}
	opt("api_call", o.APICall)
	opt("arn", o.ARN)
	opt("region", o.Region)
	opt("account", o.Account)
	if !first {
		e.nl(d)
	}
	e.buf = append(e.buf, '}')
}

const hex = "0123456789abcdef"

// appendString is encoding/json's string encoding with HTML escaping off.
func appendString(dst []byte, src string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(src); {
		// Most text is plain ASCII: eight bytes are checked at once.
		if i+8 <= len(src) && plain8(src[i:i+8]) {
			i += 8
			continue
		}
		if b := src[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, src[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(src[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, src[start:]...)
	dst = append(dst, '"')
	return dst
}

// plain8 reports whether the eight bytes of s are printable ASCII other
// than '"' and '\\', which JSON copies as they are. It tests the bytes as
// one word: a byte below n has the top bit set in (x - n*ones) &^ x, and a
// byte equal to c is one where x^(c*ones) is zero; a top bit already set
// is a non-ASCII byte.
func plain8(s string) bool {
	_ = s[7]
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	special := (x-0x20*ones)&^x | (q-ones)&^q | (b-ones)&^b | x
	return special&tops == 0
}

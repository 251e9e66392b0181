package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/collect/cloudformation/internal/fastyaml"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/source"
)

// evalBudget bounds the nodes one template may expand to, so alias bombs
// and self-referencing anchors end with a diagnostic instead of a hang.
const (
	evalBudget = 300_000
	maxDepth   = 256
)

// tmpl is one template being read: its sections as YAML nodes and the
// state of evaluation (parameter values, condition results, diagnostics).
type tmpl struct {
	file string
	opts *options

	params     map[string]*param
	paramOrder []string
	mappings   *yaml.Node
	conds      map[string]*yaml.Node
	condMemo   map[string]condResult
	resources  map[string]*resource
	resOrder   []*resource
	outputs    *yaml.Node
	globals    *yaml.Node
	sam        bool
	langExt    bool // Transform: AWS::LanguageExtensions

	// refBy: logical id -> types of the resources whose properties refer to it.
	refBy map[string]map[string]bool
	// maybeRefBy: the same for references in the branches of an Fn::If
	// whose condition is unknown (type -> why it is undecided); maybe is
	// that reason while such branches are read.
	maybeRefBy map[string]map[string]string
	maybe      string
	// exportedBy: logical id -> the first output with an Export whose
	// value refers to it (a pseudo resource of type exportType).
	exportedBy map[string]*resource
	cur        *resource
	// resolving guards resourceVal against a name that refers to itself.
	resolving map[string]bool
	names     map[string]string // bucketName's memo

	budget int
	depth  int
	diags  diag.List

	// mem, when set, is the load worker's arena for evaluated values.
	mem *arena
	// batch makes the model values' provenance records (nil: one by one).
	batch *source.Batch
	// policies parses policy documents (nil: each on its own).
	policies *policyMemo
}

type param struct {
	name    string
	typ     string
	noEcho  bool
	keyNode *yaml.Node
	node    *yaml.Node
	def     *yaml.Node
	value   *val // resolved lazily
}

type resource struct {
	id       string
	typ      string
	keyNode  *yaml.Node
	node     *yaml.Node
	props    *yaml.Node
	metadata *yaml.Node
	cond     string
	loc      source.Loc
	// maybe: an implicit SAM API declared because a function's events,
	// which onus cannot read before evaluation, might make it; the
	// builder settles whether it exists (see samImplicitRest).
	maybe bool
	// placeholders made for Ref and Fn::GetAtt of the resource.
	placeholders []attrText
}

// parseYAML decodes data into the document's root node. JSON is YAML, so
// both keep exact lines. The fast parser handles what templates normally
// contain and builds the same tree; anything else (and every error) goes
// through yaml.v3, which has the final word.
func parseYAML(data []byte) (*yaml.Node, error) { return parseYAMLWith(nil, data) }

// parseYAMLWith is parseYAML with the fast parser's memory reused from
// the previous call (p may be nil): the tree is valid until p's next use.
func parseYAMLWith(p *fastyaml.Parser, data []byte) (*yaml.Node, error) {
	if root, err := parseFast(p, data); err == nil {
		return root, nil
	}
	root, err := parseYAMLv3(data)
	if err != nil {
		// JSON allows two escapes yaml.v3 rejects: "\/" and UTF-16
		// surrogate pairs. A JSON template using them (some generators
		// escape every slash) is retried with their YAML spellings.
		if fixed, ok := yamlEscapes(data); ok {
			if r, err2 := parseYAMLv3(fixed); err2 == nil {
				return r, nil
			}
		}
	}
	return root, err
}

// yamlEscapes rewrites, inside the double-quoted strings of a JSON
// document, "\/" as "\x2F" and a surrogate pair "\uD83D\uDE00" as
// "\U0001F600"; ok is false when data is not JSON or has neither. Lines are
// unchanged; columns after a rewrite on the same line shift by two.
func yamlEscapes(data []byte) (out []byte, ok bool) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, false
	}
	out = make([]byte, 0, len(data)+16)
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && i+1 < len(data):
			next := data[i+1]
			if next == '/' {
				out = append(out, `\x2F`...)
				i++
				ok = true
				continue
			}
			if hi, isHi := surrogate(data, i, 0xD800); isHi {
				if lo, isLo := surrogate(data, i+6, 0xDC00); isLo {
					r := 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00)
					out = fmt.Appendf(out, `\U%08X`, r)
					i += 11
					ok = true
					continue
				}
			}
			out = append(out, c, next)
			i++
			continue
		}
		out = append(out, c)
	}
	return out, ok
}

// surrogate reads a \u escape (four hex digits) at data[i:] and reports whether it is a UTF-16
// surrogate in [base, base+0x400).
func surrogate(data []byte, i int, base rune) (rune, bool) {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, h := range data[i+2 : i+6] {
		var d byte
		switch {
		case '0' <= h && h <= '9':
			d = h - '0'
		case 'a' <= h && h <= 'f':
			d = h - 'a' + 10
		case 'A' <= h && h <= 'F':
			d = h - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, r >= base && r < base+0x400
}

// parseFast runs the fast parser; a bug in it must cost a fallback, never
// the scan.
func parseFast(p *fastyaml.Parser, data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("fast yaml parser failed: %v", r)
		}
	}()
	if p == nil {
		return fastyaml.Parse(data)
	}
	return p.Parse(data)
}

func parseYAMLv3(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 has panicked on hostile input in the past; a bad file must
		// never take the scan down.
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml parser failed: %v", r)
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty document")
	}
	return doc.Content[0], nil
}

// yamlErrorLine extracts "line N" from a yaml.v3 error message.
func yamlErrorLine(err error) int {
	msg := err.Error()
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range msg[i+5:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// isTemplateNode tells a CloudFormation template from other YAML/JSON.
func isTemplateNode(root *yaml.Node) bool {
	root = deref(root)
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	var res *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "AWSTemplateFormatVersion":
			return true
		case "Resources":
			res = deref(root.Content[i+1])
		}
	}
	if res == nil || res.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(res.Content); i += 2 {
		r := deref(res.Content[i])
		if r == nil || r.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(r.Content); j += 2 {
			if r.Content[j].Value == "Type" {
				t := deref(r.Content[j+1])
				if t != nil && t.Kind == yaml.ScalarNode &&
					(strings.HasPrefix(t.Value, "AWS::") || strings.HasPrefix(t.Value, "Custom::")) {
					return true
				}
			}
		}
	}
	return false
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 32; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// pos helpers -------------------------------------------------------------

func (t *tmpl) point(n *yaml.Node) source.Loc {
	if n == nil {
		return source.Loc{File: t.file}
	}
	p := source.Pos{Line: n.Line, Column: n.Column}
	return source.Loc{File: t.file, Start: p, End: endPos(n, 0)}
}

// span is the range from a mapping key to the end of its value.
func (t *tmpl) span(k, v *yaml.Node) source.Loc {
	l := t.point(v)
	if k != nil {
		l.Start = source.Pos{Line: k.Line, Column: k.Column}
	}
	return l
}

// endPos approximates where a node ends: yaml.v3 records only starts, so
// the end is the end of the last scalar inside it.
func endPos(n *yaml.Node, depth int) source.Pos {
	if n == nil || depth > 64 {
		return source.Pos{}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		line, col := n.Line, n.Column
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			lines := strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
			return source.Pos{Line: line + lines, Column: 1}
		}
		w := len(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			w += 2
		}
		if n.Style&yaml.TaggedStyle != 0 {
			w += len(n.Tag) + 1
		}
		if nl := strings.Count(n.Value, "\n"); nl > 0 {
			return source.Pos{Line: line + nl, Column: 1}
		}
		return source.Pos{Line: line, Column: col + w}
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		if len(n.Content) == 0 {
			w := 2
			return source.Pos{Line: n.Line, Column: n.Column + w}
		}
		e := endPos(n.Content[len(n.Content)-1], depth+1)
		if n.Style&yaml.FlowStyle != 0 {
			e.Column++ // the closing bracket
		}
		return e
	case yaml.AliasNode:
		return source.Pos{Line: n.Line, Column: n.Column + len(n.Value) + 1}
	}
	return source.Pos{Line: n.Line, Column: n.Column}
}

// newTemplate indexes the sections of a parsed template.
func newTemplate(file string, root *yaml.Node, o *options) *tmpl {
	t := &tmpl{
		file:       file,
		opts:       o,
		params:     map[string]*param{},
		conds:      map[string]*yaml.Node{},
		condMemo:   map[string]condResult{},
		resources:  map[string]*resource{},
		refBy:      map[string]map[string]bool{},
		maybeRefBy: map[string]map[string]string{},
		exportedBy: map[string]*resource{},
		resolving:  map[string]bool{},
		names:      map[string]string{},
	}
	root = deref(root)
	if root == nil || root.Kind != yaml.MappingNode {
		t.diags.Errorf(t.point(root), "template must be a mapping of sections")
		return t
	}
	var resNode, condNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		switch k.Value {
		case "Parameters":
			t.readParams(v)
		case "Mappings":
			t.mappings = v
		case "Conditions":
			condNode = v
		case "Resources":
			resNode = v
		case "Outputs":
			t.outputs = v
		case "Globals":
			t.globals = v
		case "Transform":
			t.readTransform(v)
		}
	}
	if t.langExt {
		// Loops may read parameters and mappings, which are read above.
		fe := &forEach{t: t}
		resNode = fe.expand(resNode, 0)
		condNode = fe.expand(condNode, 0)
		t.outputs = fe.expand(t.outputs, 0)
	}
	if condNode != nil && condNode.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(condNode.Content); j += 2 {
			t.conds[condNode.Content[j].Value] = condNode.Content[j+1]
		}
	}
	if resNode == nil || resNode.Kind != yaml.MappingNode {
		t.diags.Errorf(t.point(root), "template has no Resources mapping")
		return t
	}
	// One allocation for every resource (appends stay within capacity).
	all := make([]resource, 0, len(resNode.Content)/2)
	t.resources = make(map[string]*resource, len(resNode.Content)/2)
	t.resOrder = make([]*resource, 0, len(resNode.Content)/2)
	for i := 0; i+1 < len(resNode.Content); i += 2 {
		k, v := resNode.Content[i], deref(resNode.Content[i+1])
		if strings.HasPrefix(k.Value, "Fn::ForEach") {
			t.diags.Warnf(t.point(k), "%s needs the AWS::LanguageExtensions transform, which this template does not declare: not expanded, the resources it makes are not scanned", k.Value)
			continue
		}
		all = append(all, resource{id: k.Value, keyNode: k, node: v, loc: t.span(k, v)})
		r := &all[len(all)-1]
		if v == nil || v.Kind != yaml.MappingNode {
			t.diags.Errorf(t.point(k), "resource %s must be a mapping", k.Value)
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			rk, rv := v.Content[j], deref(v.Content[j+1])
			switch rk.Value {
			case "Type":
				if rv != nil && rv.Kind == yaml.ScalarNode {
					r.typ = rv.Value
				}
			case "Properties":
				r.props = rv
			case "Metadata":
				r.metadata = rv
			case "Condition":
				if rv != nil && rv.Kind == yaml.ScalarNode {
					r.cond = rv.Value
				}
			}
		}
		if r.typ == "" {
			t.diags.Errorf(t.point(k), "resource %s has no Type", k.Value)
			continue
		}
		if _, dup := t.resources[r.id]; dup {
			t.diags.Errorf(t.point(k), "resource %s is declared twice", r.id)
			continue
		}
		t.resources[r.id] = r
		t.resOrder = append(t.resOrder, r)
	}
	if t.sam {
		t.implicitAPIs()
		t.implicitRoles()
	}
	return t
}

func (t *tmpl) readTransform(v *yaml.Node) {
	var names []*yaml.Node
	switch {
	case v == nil:
	case v.Kind == yaml.ScalarNode:
		names = []*yaml.Node{v}
	case v.Kind == yaml.SequenceNode:
		names = v.Content
	}
	for _, n := range names {
		switch n.Value {
		case "AWS::Serverless-2016-10-31":
			t.sam = true
		case "AWS::LanguageExtensions":
			t.langExt = true
		default:
			t.diags.Warnf(t.point(n), "transform %s is a macro onus does not run: resources it generates or changes are not scanned, only the template as written", n.Value)
		}
	}
}

func (t *tmpl) readParams(v *yaml.Node) {
	if v == nil || v.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, pv := v.Content[i], deref(v.Content[i+1])
		p := &param{name: k.Value, keyNode: k, node: pv, typ: "String"}
		if pv != nil && pv.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(pv.Content); j += 2 {
				pk, pvv := pv.Content[j], deref(pv.Content[j+1])
				switch pk.Value {
				case "Type":
					if pvv != nil {
						p.typ = pvv.Value
					}
				case "Default":
					p.def = pvv
				case "NoEcho":
					p.noEcho = pvv != nil && strings.EqualFold(pvv.Value, "true")
				}
			}
		}
		t.params[p.name] = p
		t.paramOrder = append(t.paramOrder, p.name)
	}
}

// paramValue resolves a parameter: a value given by the user wins over the
// template's Default; with neither, the value is unknown.
func (t *tmpl) paramValue(p *param) *val {
	if p.value != nil {
		return p.value
	}
	isList := p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<")
	declared := t.span(p.keyNode, p.node)
	var v *val
	switch given, ok := t.opts.params[p.name]; {
	case strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<"):
		v = unknown(fmt.Sprintf("parameter %s is read from SSM Parameter Store at deploy time", p.name), declared)
	case ok:
		v = scalar(given, declared)
		if isList {
			v = splitList(given, declared)
		}
	case p.def != nil:
		v = t.eval(p.def)
		if v == nil {
			v = unknown(fmt.Sprintf("parameter %s has an empty Default", p.name), declared)
		} else if isList && v.k == kScalar {
			v = splitList(v.s, v.loc)
		}
	default:
		v = unknown(fmt.Sprintf("parameter %s has no Default and no value was given (--param %s=...)", p.name, p.name), declared)
		v.noDefault = true
	}
	v.param = p.name
	p.value = v
	return v
}

func splitList(s string, loc source.Loc) *val {
	l := &val{k: kList, loc: loc}
	if s == "" {
		return l
	}
	for _, part := range strings.Split(s, ",") {
		l.list = append(l.list, scalar(strings.TrimSpace(part), loc))
	}
	return l
}

// noteRef records that the resource being evaluated refers to id.
func (t *tmpl) noteRef(id string) {
	if t.cur == nil {
		return
	}
	if t.cur.typ == exportType {
		if _, ok := t.exportedBy[id]; !ok {
			t.exportedBy[id] = t.cur
		}
		return
	}
	if t.maybe != "" {
		m := t.maybeRefBy[id]
		if m == nil {
			m = map[string]string{}
			t.maybeRefBy[id] = m
		}
		if _, ok := m[t.cur.typ]; !ok {
			m[t.cur.typ] = t.maybe
		}
		return
	}
	m := t.refBy[id]
	if m == nil {
		m = map[string]bool{}
		t.refBy[id] = m
	}
	m[t.cur.typ] = true
}

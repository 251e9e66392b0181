package fix

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"
)

// CFNProp is where a fix lives in a CloudFormation resource type: the
// property path under Properties ("TracingConfig", "Mode").
type CFNProp struct {
	Types []string
	Path  []string
}

type cfnTarget struct {
	file, logicalID, address string
	fix                      Fix
	path                     []string
}

// insertion is one text edit: delete n bytes at off, then insert text.
type insertion struct {
	off, n int
	text   string
}

// editTemplate edits a CloudFormation template (YAML or JSON) as text: it
// locates each property through the YAML node tree (which keeps lines and
// columns, and reads JSON too) and changes only the bytes of that value or
// inserts one new entry, so comments, key order, quoting and short-form
// tags elsewhere stay exactly as written. Re-marshalling the tree would
// lose all of that.
func editTemplate(src []byte, file string, targets []cfnTarget) ([]byte, []Change, []Skip) {
	var changes []Change
	var skips []Skip
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		why := "the template does not parse"
		if err != nil {
			why += ": " + err.Error()
		}
		for _, t := range targets {
			skips = append(skips, Skip{t.fix.Control, t.address, why})
		}
		return src, nil, skips
	}
	tx := &text{src: src}
	resources := mapValue(doc.Content[0], "Resources")
	var edits []insertion
	touched := map[string]bool{} // one edit per resource and property
	for _, t := range targets {
		res := mapValue(resources, t.logicalID)
		if res == nil || res.Kind != yaml.MappingNode {
			skips = append(skips, Skip{t.fix.Control, t.address, "resource " + t.logicalID + " not found in " + file})
			continue
		}
		key := t.logicalID + "\x00" + strings.Join(t.path, ".")
		if touched[key] {
			continue
		}
		ed, why := tx.set(res, append([]string{"Properties"}, t.path...), t.fix)
		if why != "" {
			skips = append(skips, Skip{t.fix.Control, t.address, why})
			continue
		}
		touched[key] = true
		edits = append(edits, ed)
		changes = append(changes, Change{Control: t.fix.Control, Resource: t.address, File: file,
			Attr: "Properties." + strings.Join(t.path, "."), Value: jsonLiteral(t.fix.Value)})
	}
	// Apply from the end so earlier offsets stay valid; two inserts at one
	// offset keep their planned order.
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off > edits[j].off })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.off:e.off], append([]byte(e.text), out[e.off+e.n:]...)...)
	}
	sort.Slice(changes, func(i, j int) bool {
		if changes[i].Resource != changes[j].Resource {
			return changes[i].Resource < changes[j].Resource
		}
		return changes[i].Control < changes[j].Control
	})
	return out, changes, skips
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

type text struct{ src []byte }

// offset converts a yaml.v3 1-based line and (rune) column to a byte offset.
func (t *text) offset(line, col int) int {
	off := 0
	for l := 1; l < line && off < len(t.src); l++ {
		i := strings.IndexByte(string(t.src[off:]), '\n')
		if i < 0 {
			return len(t.src)
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(t.src) && t.src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(t.src[off:])
		off += n
	}
	return off
}

// lineStart and nextLine give the byte offsets of the start of the line
// holding off, and of the line after it.
func (t *text) lineStart(off int) int {
	for off > 0 && t.src[off-1] != '\n' {
		off--
	}
	return off
}

func (t *text) nextLine(off int) int {
	i := strings.IndexByte(string(t.src[off:]), '\n')
	if i < 0 {
		return len(t.src)
	}
	return off + i + 1
}

// set plans the edit that makes path (under the resource mapping m) hold
// the fix's value; a non-empty reason means it cannot be done safely.
func (t *text) set(m *yaml.Node, path []string, f Fix) (insertion, string) {
	for i, k := range path {
		if isIntrinsic(m) {
			return insertion{}, fmt.Sprintf("%s is computed by an intrinsic function; change it where it is defined", strings.Join(path[:i], "."))
		}
		v := mapValue(m, k)
		if v == nil {
			return t.insert(m, path[i:], f.Value)
		}
		if i == len(path)-1 {
			return t.replace(v, strings.Join(path, "."), f, m.Style&yaml.FlowStyle != 0 || t.isJSON())
		}
		if v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "") && v.Style == 0 {
			// "Properties:" with nothing after it: an empty mapping.
			key := m.Content[indexOfKey(m, k)]
			return t.insertUnder(key, path[i+1:], f.Value)
		}
		if isIntrinsic(v) {
			return insertion{}, fmt.Sprintf("%s is computed by an intrinsic function; change it where it is defined", strings.Join(path[:i+1], "."))
		}
		if v.Kind != yaml.MappingNode {
			return insertion{}, fmt.Sprintf("%s is not a mapping; fix by hand", strings.Join(path[:i+1], "."))
		}
		m = v
	}
	return insertion{}, "empty property path"
}

func indexOfKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// isIntrinsic: a short-form tag (!If, !Ref) or a one-key Fn::/Ref mapping.
func isIntrinsic(n *yaml.Node) bool {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// replace rewrites an existing scalar value in place.
func (t *text) replace(v *yaml.Node, name string, f Fix, flow bool) (insertion, string) {
	if isIntrinsic(v) || v.Kind != yaml.ScalarNode {
		return insertion{}, fmt.Sprintf("%s is set by an expression; change the value where it is defined", name)
	}
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return insertion{}, fmt.Sprintf("%s is a block scalar; fix by hand", name)
	}
	want := f.Value
	switch {
	case want.Type() == cty.Bool:
		if b, err := strconv.ParseBool(strings.ToLower(v.Value)); err == nil && b == want.True() {
			return insertion{}, name + " already has the fixed value; the failure has another cause"
		}
	case want.Type() == cty.Number:
		if cur, ok := new(big.Float).SetString(v.Value); ok {
			c := cur.Cmp(want.AsBigFloat())
			if f.AtLeast && c >= 0 {
				return insertion{}, fmt.Sprintf("%s is already %s", name, v.Value)
			}
			if c == 0 {
				return insertion{}, name + " already has the fixed value; the failure has another cause"
			}
		}
	case want.Type() == cty.String:
		if v.Value == want.AsString() {
			return insertion{}, name + " already has the fixed value; the failure has another cause"
		}
	}
	start := t.offset(v.Line, v.Column)
	end := t.scalarEnd(start)
	return insertion{off: start, n: end - start, text: literalFor(want, flow)}, ""
}

// scalarEnd finds the end of a one-line scalar token starting at off: a
// quoted string to its closing quote, a plain one up to a flow separator,
// a comment or the end of the line.
func (t *text) scalarEnd(off int) int {
	s := t.src
	if off < len(s) && (s[off] == '"' || s[off] == '\'') {
		q := s[off]
		for i := off + 1; i < len(s) && s[i] != '\n'; i++ {
			if q == '"' && s[i] == '\\' {
				i++
				continue
			}
			if s[i] == q {
				if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
					i++ // '' is an escaped quote in single-quoted YAML
					continue
				}
				return i + 1
			}
		}
		return off
	}
	end := off
	for end < len(s) {
		c := s[end]
		if c == '\n' || c == ',' || c == '}' || c == ']' || (c == '#' && end > off && (s[end-1] == ' ' || s[end-1] == '\t')) {
			break
		}
		end++
	}
	for end > off && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\r') {
		end--
	}
	return end
}

func (t *text) isJSON() bool {
	s := strings.TrimLeft(string(t.src), " \t\r\n\ufeff")
	return strings.HasPrefix(s, "{")
}

// insert adds path = value to mapping m, which lacks path[0].
func (t *text) insert(m *yaml.Node, path []string, val cty.Value) (insertion, string) {
	if m.Style&yaml.FlowStyle != 0 || t.isJSON() {
		return t.insertFlow(m, path, val)
	}
	if len(m.Content) == 0 {
		return insertion{}, "empty mapping; fix by hand"
	}
	first := m.Content[0]
	indent := first.Column - 1
	// After the first entry whose value sits on its key's line, so a
	// comment above the first key stays with it.
	at := t.lineStart(t.offset(first.Line, first.Column))
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Line == k.Line && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			at = t.nextLine(t.offset(k.Line, k.Column))
			break
		}
	}
	if at == len(t.src) && len(t.src) > 0 && t.src[len(t.src)-1] != '\n' {
		return insertion{off: at, text: "\n" + blockLines(path, val, indent)}, ""
	}
	return insertion{off: at, text: blockLines(path, val, indent)}, ""
}

// insertUnder fills an empty block value ("Properties:" alone on its line).
func (t *text) insertUnder(key *yaml.Node, path []string, val cty.Value) (insertion, string) {
	if t.isJSON() {
		return insertion{}, "empty value in JSON; fix by hand"
	}
	off := t.offset(key.Line, key.Column)
	end := t.nextLine(off)
	line := string(t.src[off:end])
	if c := strings.TrimSpace(strings.SplitN(line, "#", 2)[0]); c != key.Value+":" {
		return insertion{}, key.Value + " has an inline value; fix by hand"
	}
	return insertion{off: end, text: blockLines(path, val, key.Column-1+2)}, ""
}

func blockLines(path []string, val cty.Value, indent int) string {
	var b strings.Builder
	for i, k := range path {
		b.WriteString(strings.Repeat(" ", indent+2*i))
		b.WriteString(k)
		b.WriteString(":")
		if i == len(path)-1 {
			b.WriteString(" " + literalFor(val, false))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// insertFlow adds an entry to a flow (JSON) mapping, before its first key
// so the comma always has something after it.
func (t *text) insertFlow(m *yaml.Node, path []string, val cty.Value) (insertion, string) {
	entry := flowEntry(path, val)
	if len(m.Content) == 0 {
		open := t.offset(m.Line, m.Column)
		if open >= len(t.src) || t.src[open] != '{' {
			return insertion{}, "cannot locate the mapping; fix by hand"
		}
		return insertion{off: open + 1, text: " " + entry + " "}, ""
	}
	first := m.Content[0]
	at := t.offset(first.Line, first.Column)
	ls := t.lineStart(at)
	if strings.TrimSpace(string(t.src[ls:at])) == "" {
		// Pretty-printed: a line of its own with the same indentation.
		return insertion{off: ls, text: string(t.src[ls:at]) + entry + ",\n"}, ""
	}
	return insertion{off: at, text: entry + ", "}, ""
}

func flowEntry(path []string, val cty.Value) string {
	s := literalFor(val, true)
	for i := len(path) - 1; i >= 0; i-- {
		s = strconv.Quote(path[i]) + ": " + s
		if i > 0 {
			s = "{" + s + "}"
		}
	}
	return s
}

var plainSafe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_./-]*$`)

// literalFor renders a fix value: JSON in flow context, plain YAML where a
// string cannot be mistaken for another type.
func literalFor(v cty.Value, flow bool) string {
	if v.Type() == cty.String {
		s := v.AsString()
		if !flow && plainSafe.MatchString(s) {
			switch strings.ToLower(s) {
			case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
			default:
				return s
			}
		}
		return strconv.Quote(s)
	}
	return jsonLiteral(v)
}

func jsonLiteral(v cty.Value) string {
	switch v.Type() {
	case cty.Bool:
		return strconv.FormatBool(v.True())
	case cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case cty.String:
		return strconv.Quote(v.AsString())
	}
	return v.GoString()
}

package fastyaml

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/yaml.v3"
)

// ErrUnsupported is wrapped by every error Parse returns: the input is
// outside the subset this package handles (or is not valid YAML at all), and
// the caller must parse it with yaml.v3, which has the final word.
var ErrUnsupported = errors.New("fastyaml: input outside the supported subset")

// maxDepth bounds nesting well below yaml.v3's own limits (10,000 flow levels
// and indents), so that deep input goes to yaml.v3 and its exact errors.
const maxDepth = 1000

// bail is panicked inside the parser and recovered by Parse; it never
// escapes the package.
type bail struct {
	line int
	why  string
}

// Parse parses a single-document YAML or JSON stream and returns the
// document's root content node, identical (Kind, Style, Tag, Value, Line,
// Column, Content) to the one yaml.v3 decodes into a yaml.Node; comments are
// not kept. Any input it cannot prove yaml.v3 would accept the same way gives
// an error wrapping ErrUnsupported.
func Parse(data []byte) (root *yaml.Node, err error) {
	var p Parser
	return p.Parse(data)
}

// Parser parses documents one after another and reuses, for each, the
// memory of the nodes it built for the previous one: on a scan of a
// thousand templates that is most of the garbage the reader would make.
// The tree a call returns is valid only until the next call; the strings in
// it stay valid (they are copies). The zero Parser is ready to use; it is
// not safe for concurrent use.
type Parser struct {
	mem arena
}

// arena holds the node and child-pointer chunks of the last parse.
type arena struct {
	nodes [][]yaml.Node
	ptrs  [][]*yaml.Node
	stack []*yaml.Node
	buf   []byte
	// intern holds the strings of earlier nodes (see str); interned is
	// their total length.
	intern   map[string]string
	interned int
}

// Parse is the package's Parse with memory reuse (see Parser).
func (ps *Parser) Parse(data []byte) (root *yaml.Node, err error) {
	// yaml.v3's reader consumes a leading UTF-8 byte order mark before
	// anything is counted; any other one is left to yaml.v3 (prescan).
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		// yaml.v3 reads CR LF as one line break everywhere (values get
		// LF), so dropping the CRs changes no value, line or column.
		if data = dropCR(data); data == nil {
			return nil, fmt.Errorf("%w: carriage return without line feed", ErrUnsupported)
		}
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty input", ErrUnsupported)
	}
	// src aliases data only while parsing: every string that ends up in a
	// node is copied (see str), so no node pins the whole input in memory
	// and the caller may reuse data afterwards.
	p := parser{src: unsafe.String(&data[0], len(data)), line: 1, mem: &ps.mem,
		stack: ps.mem.stack[:0], buf: ps.mem.buf[:0]}
	defer func() {
		ps.mem.stack, ps.mem.buf = clear0(p.stack), p.buf
		if r := recover(); r != nil {
			b, ok := r.(bail)
			if !ok {
				panic(r)
			}
			root, err = nil, fmt.Errorf("%w: line %d: %s", ErrUnsupported, b.line, b.why)
		}
	}()
	p.prescan()
	return p.document(), nil
}

// clear0 empties a pointer stack so it pins nothing between parses.
func clear0(s []*yaml.Node) []*yaml.Node {
	clear(s[:cap(s)])
	return s[:0]
}

// dropCR returns a copy of data with the CR of every CR LF removed, or nil
// if a CR stands alone (an old Mac line break, left to yaml.v3).
func dropCR(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i, c := range data {
		if c == '\r' {
			if i+1 >= len(data) || data[i+1] != '\n' {
				return nil
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

type parser struct {
	src       string
	pos       int
	line      int // 1-based line of pos
	lineStart int // offset of the first byte of pos's line
	ascii     bool
	markers   int // lines starting with "---" or "..." (document markers)
	depth     int

	// indent is the column of the first character of the next content line
	// once a block value is complete (-1 at the end of the input).
	indent int

	// mem is where nodes and child lists are carved from: chunks of
	// nodeChunk nodes (below the runtime's 32 KiB large-object size, where
	// allocation is cheapest), reused from the Parser's previous parse.
	mem   *arena
	slab  []yaml.Node // current node chunk
	nslab int         // chunks of mem.nodes in use
	ptrs  []*yaml.Node
	nptrs int
	stack []*yaml.Node
	buf   []byte
}

const nodeChunk = 128

func (p *parser) fail(why string) {
	panic(bail{line: p.line, why: why})
}

// prescan rejects bytes yaml.v3's reader refuses or treats specially (CR,
// NEL, LS, PS, BOM, control characters, invalid UTF-8) and counts document
// markers.
func (p *parser) prescan() {
	s := p.src
	p.ascii = true
	bol := true
	for i := 0; i < len(s); {
		if bol {
			bol = false
			if i+3 <= len(s) && (s[i:i+3] == "---" || s[i:i+3] == "...") && p.blankz(i+3) {
				p.markers++
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 {
				if c == '\n' {
					bol = true
				} else if c != '\t' {
					p.fail("control character")
				}
			} else if c == 0x7f {
				p.fail("control character")
			}
			i++
			continue
		}
		p.ascii = false
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			p.fail("invalid UTF-8")
		}
		if !(r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) || r == 0xFEFF || r == 0x2028 || r == 0x2029 {
			p.fail("special character")
		}
		i += size
	}
}

// --- low-level helpers --------------------------------------------------

func (p *parser) blankz(i int) bool {
	if i >= len(p.src) {
		return true
	}
	c := p.src[i]
	return c == ' ' || c == '\t' || c == '\n'
}

func (p *parser) blank(i int) bool {
	if i >= len(p.src) {
		return false
	}
	c := p.src[i]
	return c == ' ' || c == '\t'
}

// col is the 0-based column of offset i on the current line, in characters
// as yaml.v3 counts them.
func (p *parser) col(i int) int {
	if p.ascii {
		return i - p.lineStart
	}
	return utf8.RuneCountInString(p.src[p.lineStart:i])
}

func (p *parser) newline() {
	p.pos++
	p.line++
	p.lineStart = p.pos
}

func (p *parser) node(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		if p.nslab == len(p.mem.nodes) {
			p.mem.nodes = append(p.mem.nodes, make([]yaml.Node, 0, nodeChunk))
		}
		p.slab = p.mem.nodes[p.nslab][:0]
		p.nslab++
	}
	p.slab = p.slab[:len(p.slab)+1]
	n := &p.slab[len(p.slab)-1]
	// A whole assignment: a reused node must not keep the previous
	// parse's children, anchor or alias.
	*n = yaml.Node{Kind: kind, Style: style, Tag: tag, Value: value, Line: line, Column: col}
	return n
}

// content moves the children pushed since base into n.Content.
func (p *parser) content(n *yaml.Node, base int) {
	k := len(p.stack) - base
	if k == 0 {
		return
	}
	if cap(p.ptrs)-len(p.ptrs) < k {
		p.ptrs = p.ptrChunk(k)
	}
	start := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.stack[base:]...)
	p.stack = p.stack[:base]
	n.Content = p.ptrs[start:len(p.ptrs):len(p.ptrs)]
}

// ptrChunk returns an empty chunk of child pointers with room for k: the
// next one of the previous parse if it is big enough, else a new one.
func (p *parser) ptrChunk(k int) []*yaml.Node {
	c := max(nodeChunk, k)
	if p.nptrs < len(p.mem.ptrs) && cap(p.mem.ptrs[p.nptrs]) >= k {
		p.nptrs++
		return p.mem.ptrs[p.nptrs-1][:0]
	}
	ch := make([]*yaml.Node, 0, c)
	if p.nptrs < len(p.mem.ptrs) {
		p.mem.ptrs[p.nptrs] = ch
	} else {
		p.mem.ptrs = append(p.mem.ptrs, ch)
	}
	p.nptrs++
	return ch
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail("nesting too deep")
	}
}

// tagInfo is a short-form local tag (!Ref) seen before a node.
type tagInfo struct {
	tag       string
	line, col int
}

// scanTag reads a tag of the form !name (name made of letters, digits, '_'
// and '-') followed by a space or line break; everything else (!!str, !<...>,
// %-escapes, handles) is left to yaml.v3.
func (p *parser) scanTag() tagInfo {
	t := tagInfo{line: p.line, col: p.col(p.pos) + 1}
	start := p.pos
	j := p.pos + 1
	for j < len(p.src) {
		c := p.src[j]
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '-' {
			j++
			continue
		}
		break
	}
	if j == start+1 {
		p.fail("tag form")
	}
	if j < len(p.src) && p.src[j] != ' ' && p.src[j] != '\n' {
		p.fail("tag form")
	}
	t.tag = p.str(p.src[start:j])
	p.pos = j
	return t
}

// --- document and block context ------------------------------------------

func (p *parser) document() *yaml.Node {
	p.gap()
	if p.indent == 0 && p.markers > 0 && len(p.src)-p.pos >= 3 && p.src[p.pos:p.pos+3] == "---" && p.blankz(p.pos+3) {
		p.markers--
		p.pos += 3
		p.gap()
	}
	if p.markers > 0 {
		p.fail("several documents or document markers")
	}
	if p.indent < 0 {
		p.fail("empty document")
	}
	if p.src[p.pos] == '%' {
		p.fail("directive")
	}
	root := p.blockNode(-1, true, tagInfo{})
	if p.indent >= 0 {
		p.fail("content after the document")
	}
	return root
}

// gap skips the rest of the current line (spaces and a comment only) and
// any blank or comment lines, and leaves pos on the first character of the
// next content line, with p.indent its column (-1 at the end of the input).
// Tabs outside scalars are left to yaml.v3.
func (p *parser) gap() {
	s := p.src
	for {
		sawSpace := p.pos == p.lineStart || p.pos > 0 && (s[p.pos-1] == ' ' || s[p.pos-1] == '\t')
		for p.pos < len(s) && s[p.pos] == ' ' {
			p.pos++
			sawSpace = true
		}
		if p.pos >= len(s) {
			p.indent = -1
			return
		}
		switch s[p.pos] {
		case '\n':
			p.newline()
			continue
		case '#':
			if !sawSpace {
				p.fail("comment without preceding space")
			}
			for p.pos < len(s) && s[p.pos] != '\n' {
				p.pos++
			}
			continue
		case '\t':
			p.fail("tab in block context")
		}
		for i := p.lineStart; i < p.pos; i++ {
			if s[i] != ' ' {
				p.fail("unexpected content after a value")
			}
		}
		p.indent = p.col(p.pos)
		return
	}
}

// spaces skips spaces on the current line and reports whether the line ends
// (break, end of input or a comment) after them.
func (p *parser) spaces() (eol bool) {
	s := p.src
	for p.pos < len(s) && s[p.pos] == ' ' {
		p.pos++
	}
	if p.pos >= len(s) {
		return true
	}
	switch s[p.pos] {
	case '\n', '#':
		return true
	case '\t':
		p.fail("tab in block context")
	}
	return false
}

func (p *parser) blockEntry() bool {
	return p.pos < len(p.src) && p.src[p.pos] == '-' && p.blankz(p.pos+1)
}

// blockNode parses the node that starts at pos (the first character of a
// content line, or inline after "- "), inside a block collection indented
// at n. allowBlock permits a nested block sequence or mapping starting here.
// On return p.indent describes the next content line.
func (p *parser) blockNode(n int, allowBlock bool, t tagInfo) *yaml.Node {
	p.enter()
	defer func() { p.depth-- }()
	s := p.src
	if s[p.pos] == '!' {
		if t.tag != "" {
			p.fail("two tags")
		}
		t = p.scanTag()
		if p.spaces() {
			p.gap()
			if p.indent > n {
				return p.blockNode(n, true, t)
			}
			return p.node(yaml.ScalarNode, yaml.TaggedStyle, t.tag, "", t.line, t.col)
		}
		allowBlock = false
	}
	line, col := p.line, p.col(p.pos)+1
	switch c := s[p.pos]; c {
	case '-':
		if p.blankz(p.pos + 1) {
			if !allowBlock {
				p.fail("block sequence not allowed here")
			}
			return p.blockSeq(col-1, t, false)
		}
	case '|', '>':
		v := p.blockScalar(c == '|', n)
		style := yaml.LiteralStyle
		if c == '>' {
			style = yaml.FoldedStyle
		}
		return p.scalar(v, style, t, line, col)
	case '[', '{':
		v := p.flowNode(n, t)
		p.gap()
		return v
	case '"', '\'':
		v := p.quoted(c == '\'')
		style := yaml.DoubleQuotedStyle
		if c == '\'' {
			style = yaml.SingleQuotedStyle
		}
		if line == p.line && p.isValueIndicator() {
			if !allowBlock || t.tag != "" && t.line == line {
				p.fail("mapping not allowed here")
			}
			p.keyLimit(line, col)
			return p.blockMap(col-1, t, p.scalar(v, style, tagInfo{}, line, col))
		}
		p.gap()
		return p.scalar(v, style, t, line, col)
	}
	if !p.plainStart(false) {
		p.fail("indicator")
	}
	v := p.plain(false, n+1)
	if p.pos < len(s) && s[p.pos] == ':' && p.blankz(p.pos+1) {
		if !allowBlock || t.tag != "" && t.line == line || line != p.line {
			p.fail("mapping not allowed here")
		}
		p.keyLimit(line, col)
		k := p.scalar(v, 0, tagInfo{}, line, col)
		return p.blockMap(col-1, t, k)
	}
	p.gap()
	return p.scalar(v, 0, t, line, col)
}

// isValueIndicator skips spaces after a quoted scalar and reports whether a
// block mapping value indicator follows.
func (p *parser) isValueIndicator() bool {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	return p.pos < len(p.src) && p.src[p.pos] == ':' && p.blankz(p.pos+1)
}

// keyLimit enforces yaml.v3's simple key rule (the ':' within 1024
// characters of the key's start, on the same line), conservatively in bytes.
func (p *parser) keyLimit(line, col int) {
	if line != p.line || p.col(p.pos)-(col-1) >= 1000 {
		p.fail("long key")
	}
}

func (p *parser) scalar(v string, style yaml.Style, t tagInfo, line, col int) *yaml.Node {
	var tag string
	switch {
	case t.tag != "":
		tag = t.tag
		style |= yaml.TaggedStyle
		line, col = t.line, t.col
	case style != 0:
		tag = strTag
	case v == "<<":
		tag = mergeTag
	default:
		tag = resolvePlain(v)
	}
	// v is already a copy, not a slice of the source (see str).
	return p.node(yaml.ScalarNode, style, tag, v, line, col)
}

// blockMap parses a block mapping whose keys sit at column c; the first key
// has been read and pos is on its ':'.
func (p *parser) blockMap(c int, t tagInfo, first *yaml.Node) *yaml.Node {
	m := p.node(yaml.MappingNode, 0, mapTag, "", first.Line, first.Column)
	if t.tag != "" {
		m.Tag, m.Style, m.Line, m.Column = t.tag, yaml.TaggedStyle, t.line, t.col
	}
	base := len(p.stack)
	k := first
	for {
		p.stack = append(p.stack, k)
		// pos is on ':'
		p.pos++
		vline, vcol := p.line, p.col(p.pos)+1
		var v *yaml.Node
		if p.spaces() {
			p.gap()
			switch {
			case p.indent > c:
				v = p.blockNode(c, true, tagInfo{})
			case p.indent == c && p.blockEntry():
				v = p.blockSeq(c, tagInfo{}, true)
			default:
				v = p.node(yaml.ScalarNode, 0, nullTag, "", vline, vcol)
			}
		} else if p.src[p.pos] == '!' {
			v = p.mapValueTagged(c)
		} else {
			v = p.blockNode(c, false, tagInfo{})
		}
		p.stack = append(p.stack, v)
		if p.indent != c {
			if p.indent > c {
				p.fail("bad indentation")
			}
			break
		}
		k = p.key()
	}
	p.content(m, base)
	return m
}

// mapValueTagged handles "key: !Tag ..." where the tagged node may be an
// indentless sequence on the following lines.
func (p *parser) mapValueTagged(c int) *yaml.Node {
	t := p.scanTag()
	if !p.spaces() {
		if p.src[p.pos] == '!' {
			p.fail("two tags")
		}
		return p.blockNode(c, false, t)
	}
	p.gap()
	switch {
	case p.indent > c:
		return p.blockNode(c, true, t)
	case p.indent == c && p.blockEntry():
		return p.blockSeq(c, t, true)
	}
	return p.node(yaml.ScalarNode, yaml.TaggedStyle, t.tag, "", t.line, t.col)
}

// key reads a block mapping key at pos and leaves pos on its ':'.
func (p *parser) key() *yaml.Node {
	line, col := p.line, p.col(p.pos)+1
	c := p.src[p.pos]
	if c == '"' || c == '\'' {
		v := p.quoted(c == '\'')
		if line != p.line || !p.isValueIndicator() {
			p.fail("bad key")
		}
		p.keyLimit(line, col)
		style := yaml.DoubleQuotedStyle
		if c == '\'' {
			style = yaml.SingleQuotedStyle
		}
		return p.scalar(v, style, tagInfo{}, line, col)
	}
	if !p.plainStart(false) {
		p.fail("bad key")
	}
	v := p.plain(false, col)
	if line != p.line || p.pos >= len(p.src) || p.src[p.pos] != ':' || !p.blankz(p.pos+1) {
		p.fail("bad key")
	}
	p.keyLimit(line, col)
	return p.scalar(v, 0, tagInfo{}, line, col)
}

// blockSeq parses a block sequence whose "-" entries sit at column c
// (indentless: the value of a mapping key at the same column).
func (p *parser) blockSeq(c int, t tagInfo, indentless bool) *yaml.Node {
	seq := p.node(yaml.SequenceNode, 0, seqTag, "", p.line, c+1)
	if t.tag != "" {
		seq.Tag, seq.Style, seq.Line, seq.Column = t.tag, yaml.TaggedStyle, t.line, t.col
	}
	p.enter()
	base := len(p.stack)
	for {
		eline := p.line
		p.pos++ // '-'
		var v *yaml.Node
		if p.spaces() {
			p.gap()
			if p.indent > c {
				v = p.blockNode(c, true, tagInfo{})
			} else {
				v = p.node(yaml.ScalarNode, 0, nullTag, "", eline, c+2)
			}
		} else {
			v = p.blockNode(c, true, tagInfo{})
		}
		p.stack = append(p.stack, v)
		if p.indent == c && p.blockEntry() {
			continue
		}
		if p.indent > c || p.indent == c && !indentless {
			p.fail("bad indentation")
		}
		break
	}
	p.depth--
	p.content(seq, base)
	return seq
}

// --- flow context ----------------------------------------------------------

// flowWS skips spaces, tabs, line breaks and comments between flow tokens.
func (p *parser) flowWS() {
	s := p.src
	for p.pos < len(s) {
		switch s[p.pos] {
		case ' ', '\t':
			p.pos++
		case '\n':
			p.newline()
		case '#':
			if p.pos > 0 && !(s[p.pos-1] == ' ' || s[p.pos-1] == '\t' || s[p.pos-1] == '\n') {
				p.fail("comment without preceding space")
			}
			for p.pos < len(s) && s[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// flowNode parses a flow node at pos; n is the indentation of the enclosing
// block collection (yaml.v3 still checks tabs against it).
func (p *parser) flowNode(n int, t tagInfo) *yaml.Node {
	if p.pos >= len(p.src) {
		p.fail("unexpected end")
	}
	if p.src[p.pos] == '!' {
		if t.tag != "" {
			p.fail("two tags")
		}
		t = p.scanTag()
		p.flowWS()
		if p.pos >= len(p.src) {
			p.fail("unexpected end")
		}
		switch p.src[p.pos] {
		case ',', ']', '}', '!':
			p.fail("empty tagged node")
		}
	}
	line, col := p.line, p.col(p.pos)+1
	switch c := p.src[p.pos]; c {
	case '[':
		return p.flowSeq(n, t, line, col)
	case '{':
		return p.flowMap(n, t, line, col)
	case '"', '\'':
		v := p.quoted(c == '\'')
		style := yaml.DoubleQuotedStyle
		if c == '\'' {
			style = yaml.SingleQuotedStyle
		}
		return p.scalar(v, style, t, line, col)
	}
	if !p.plainStart(true) {
		p.fail("indicator")
	}
	return p.scalar(p.plain(true, n+1), 0, t, line, col)
}

func (p *parser) flowSeq(n int, t tagInfo, line, col int) *yaml.Node {
	p.enter()
	seq := p.node(yaml.SequenceNode, yaml.FlowStyle, seqTag, "", line, col)
	if t.tag != "" {
		seq.Tag, seq.Style, seq.Line, seq.Column = t.tag, yaml.FlowStyle|yaml.TaggedStyle, t.line, t.col
	}
	base := len(p.stack)
	p.pos++
	p.flowWS()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		p.depth--
		return seq
	}
	for {
		v := p.flowNode(n, tagInfo{})
		p.flowWS()
		if p.pos >= len(p.src) {
			p.fail("unterminated flow sequence")
		}
		p.stack = append(p.stack, v)
		c := p.src[p.pos]
		if c == ',' {
			p.pos++
			p.flowWS()
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.pos++
				break
			}
			continue
		}
		if c == ']' {
			p.pos++
			break
		}
		p.fail("bad flow sequence")
	}
	p.depth--
	p.content(seq, base)
	return seq
}

func (p *parser) flowMap(n int, t tagInfo, line, col int) *yaml.Node {
	p.enter()
	m := p.node(yaml.MappingNode, yaml.FlowStyle, mapTag, "", line, col)
	if t.tag != "" {
		m.Tag, m.Style, m.Line, m.Column = t.tag, yaml.FlowStyle|yaml.TaggedStyle, t.line, t.col
	}
	base := len(p.stack)
	p.pos++
	p.flowWS()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		p.depth--
		return m
	}
	s := p.src
	for {
		if p.pos >= len(s) {
			p.fail("unterminated flow mapping")
		}
		kline, kcol := p.line, p.col(p.pos)+1
		var k *yaml.Node
		switch c := s[p.pos]; c {
		case '"', '\'':
			v := p.quoted(c == '\'')
			style := yaml.DoubleQuotedStyle
			if c == '\'' {
				style = yaml.SingleQuotedStyle
			}
			k = p.scalar(v, style, tagInfo{}, kline, kcol)
			for p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t') {
				p.pos++
			}
		default:
			if !p.plainStart(true) {
				p.fail("bad flow key")
			}
			k = p.scalar(p.plain(true, n+1), 0, tagInfo{}, kline, kcol)
		}
		if p.pos >= len(s) {
			p.fail("unterminated flow mapping")
		}
		var v *yaml.Node
		switch s[p.pos] {
		case ':':
			p.keyLimit(kline, kcol)
			p.pos++
			p.flowWS()
			if p.pos >= len(s) {
				p.fail("unterminated flow mapping")
			}
			if c := s[p.pos]; c == ',' || c == '}' {
				v = p.node(yaml.ScalarNode, 0, nullTag, "", p.line, p.col(p.pos)+1)
			} else {
				v = p.flowNode(n, tagInfo{})
			}
		case ',', '}':
			if kline != p.line {
				p.fail("multi-line flow key")
			}
			v = p.node(yaml.ScalarNode, 0, nullTag, "", p.line, p.col(p.pos)+1)
		default:
			p.fail("bad flow mapping")
		}
		p.stack = append(p.stack, k, v)
		p.flowWS()
		if p.pos >= len(s) {
			p.fail("unterminated flow mapping")
		}
		if c := s[p.pos]; c == ',' {
			p.pos++
			p.flowWS()
			if p.pos < len(s) && s[p.pos] == '}' {
				p.pos++
				break
			}
			continue
		} else if c == '}' {
			p.pos++
			break
		}
		p.fail("bad flow mapping")
	}
	p.depth--
	p.content(m, base)
	return m
}

// --- scalars -------------------------------------------------------------

// plainStart reports whether a plain scalar may start at pos (yaml.v3's
// fetch_next_token rules).
func (p *parser) plainStart(flow bool) bool {
	if p.pos >= len(p.src) {
		return false
	}
	switch p.src[p.pos] {
	case ' ', '\t', '\n', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		return !p.blankz(p.pos + 1)
	case '?', ':':
		return !flow && !p.blankz(p.pos+1)
	}
	return true
}

// plain scans a plain scalar at pos, as yaml_parser_scan_plain_scalar does:
// it also consumes the blanks and line breaks after it, and stops at ": ",
// " #", a flow indicator (flow context) or a line indented below minCol
// (block context).
func (p *parser) plain(flow bool, minCol int) string {
	s := p.src
	start := p.pos
	segStart := p.pos // start of the text not yet copied into buf
	lastEnd := p.pos  // end of the last non-blank run
	folded := false
	leadingBlanks := false
	trailingBreaks := 0
	buf := p.buf[:0]
	for {
		if p.pos == p.lineStart && len(s)-p.pos >= 3 && (s[p.pos:p.pos+3] == "---" || s[p.pos:p.pos+3] == "...") && p.blankz(p.pos+3) {
			break
		}
		if p.pos < len(s) && s[p.pos] == '#' {
			break
		}
		for p.pos < len(s) {
			c := s[p.pos]
			if c == ' ' || c == '\t' || c == '\n' {
				break
			}
			if c == ':' && p.blankz(p.pos+1) {
				break
			}
			if flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}') {
				break
			}
			if leadingBlanks {
				if !folded {
					folded = true
				}
				buf = append(buf, s[segStart:lastEnd]...)
				if trailingBreaks == 0 {
					buf = append(buf, ' ')
				} else {
					for range trailingBreaks {
						buf = append(buf, '\n')
					}
				}
				trailingBreaks = 0
				leadingBlanks = false
				segStart = p.pos
			}
			p.pos++
			lastEnd = p.pos
		}
		if !(p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t' || s[p.pos] == '\n')) {
			break
		}
		for p.pos < len(s) {
			c := s[p.pos]
			if c == ' ' || c == '\t' {
				if leadingBlanks && c == '\t' && p.col(p.pos) < minCol {
					p.fail("tab violates indentation")
				}
				p.pos++
			} else if c == '\n' {
				if !leadingBlanks {
					leadingBlanks = true
				} else {
					trailingBreaks++
				}
				p.newline()
			} else {
				break
			}
		}
		if !flow && p.col(p.pos) < minCol {
			break
		}
	}
	if lastEnd == start {
		p.fail("empty plain scalar")
	}
	if !folded {
		p.buf = buf
		return p.str(s[start:lastEnd])
	}
	buf = append(buf, s[segStart:lastEnd]...)
	p.buf = buf
	return p.str(unsafe.String(unsafe.SliceData(buf), len(buf)))
}

// quoted scans a single- or double-quoted scalar at pos, as
// yaml_parser_scan_flow_scalar does, and leaves pos after the closing quote.
func (p *parser) quoted(single bool) string {
	s := p.src
	p.pos++
	start := p.pos
	// Fast path: one line, no escapes.
	for i := start; i < len(s); i++ {
		c := s[i]
		if c == '\n' || !single && c == '\\' {
			break
		}
		if single && c == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				break
			}
			p.pos = i + 1
			return p.str(s[start:i])
		}
		if !single && c == '"' {
			p.pos = i + 1
			return p.str(s[start:i])
		}
	}
	buf := p.buf[:0]
	var ws []byte
	leadingBreak := false
	trailingBreaks := 0
	for {
		if p.pos == p.lineStart && len(s)-p.pos >= 3 && (s[p.pos:p.pos+3] == "---" || s[p.pos:p.pos+3] == "...") && p.blankz(p.pos+3) {
			p.fail("document indicator in quoted scalar")
		}
		if p.pos >= len(s) {
			p.fail("unterminated quoted scalar")
		}
		leadingBlanks := false
		for p.pos < len(s) && !p.blankz(p.pos) {
			c := s[p.pos]
			if single && c == '\'' && p.pos+1 < len(s) && s[p.pos+1] == '\'' {
				buf = append(buf, '\'')
				p.pos += 2
			} else if single && c == '\'' {
				break
			} else if !single && c == '"' {
				break
			} else if !single && c == '\\' && p.pos+1 < len(s) && s[p.pos+1] == '\n' {
				p.pos++
				p.newline()
				leadingBlanks = true
				break
			} else if !single && c == '\\' {
				buf = p.escape(buf)
			} else {
				buf = append(buf, c)
				p.pos++
			}
		}
		if p.pos >= len(s) {
			p.fail("unterminated quoted scalar")
		}
		if single && s[p.pos] == '\'' || !single && s[p.pos] == '"' {
			break
		}
		for p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t' || s[p.pos] == '\n') {
			if s[p.pos] != '\n' {
				if !leadingBlanks {
					ws = append(ws, s[p.pos])
				}
				p.pos++
			} else {
				if !leadingBlanks {
					ws = ws[:0]
					leadingBreak = true
					leadingBlanks = true
				} else {
					trailingBreaks++
				}
				p.newline()
			}
		}
		if leadingBlanks {
			if leadingBreak {
				if trailingBreaks == 0 {
					buf = append(buf, ' ')
				}
			}
			for range trailingBreaks {
				buf = append(buf, '\n')
			}
			trailingBreaks = 0
			leadingBreak = false
		} else {
			buf = append(buf, ws...)
			ws = ws[:0]
		}
	}
	p.pos++
	p.buf = buf
	return p.str(unsafe.String(unsafe.SliceData(buf), len(buf)))
}

// escape decodes the double-quoted escape sequence at pos.
func (p *parser) escape(buf []byte) []byte {
	s := p.src
	if p.pos+1 >= len(s) {
		p.fail("bad escape")
	}
	n := 0
	switch s[p.pos+1] {
	case '0':
		buf = append(buf, 0)
	case 'a':
		buf = append(buf, '\x07')
	case 'b':
		buf = append(buf, '\x08')
	case 't', '\t':
		buf = append(buf, '\x09')
	case 'n':
		buf = append(buf, '\x0A')
	case 'v':
		buf = append(buf, '\x0B')
	case 'f':
		buf = append(buf, '\x0C')
	case 'r':
		buf = append(buf, '\x0D')
	case 'e':
		buf = append(buf, '\x1B')
	case ' ':
		buf = append(buf, '\x20')
	case '"':
		buf = append(buf, '"')
	case '\'':
		buf = append(buf, '\'')
	case '\\':
		buf = append(buf, '\\')
	case 'N':
		buf = append(buf, "\u0085"...)
	case '_':
		buf = append(buf, "\u00a0"...)
	case 'L':
		buf = append(buf, "\u2028"...)
	case 'P':
		buf = append(buf, "\u2029"...)
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		p.fail("unknown escape")
	}
	p.pos += 2
	if n == 0 {
		return buf
	}
	if p.pos+n > len(s) {
		p.fail("short escape")
	}
	v := 0
	for k := range n {
		c := s[p.pos+k]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 + int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 + int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 + int(c-'A'+10)
		default:
			p.fail("bad hex escape")
		}
	}
	if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
		p.fail("invalid escaped character")
	}
	switch {
	case v <= 0x7F:
		buf = append(buf, byte(v))
	case v <= 0x7FF:
		buf = append(buf, byte(0xC0+(v>>6)), byte(0x80+(v&0x3F)))
	case v <= 0xFFFF:
		buf = append(buf, byte(0xE0+(v>>12)), byte(0x80+((v>>6)&0x3F)), byte(0x80+(v&0x3F)))
	default:
		buf = append(buf, byte(0xF0+(v>>18)), byte(0x80+((v>>12)&0x3F)), byte(0x80+((v>>6)&0x3F)), byte(0x80+(v&0x3F)))
	}
	p.pos += n
	return buf
}

// blockScalar scans a literal or folded block scalar at pos, as
// yaml_parser_scan_block_scalar does; n is the indentation of the enclosing
// block collection. It leaves pos and p.indent on the next content line.
func (p *parser) blockScalar(literal bool, n int) string {
	s := p.src
	p.pos++
	chomping, increment := 0, 0
	if p.pos < len(s) && (s[p.pos] == '+' || s[p.pos] == '-') {
		chomping = 1
		if s[p.pos] == '-' {
			chomping = -1
		}
		p.pos++
		if p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			if s[p.pos] == '0' {
				p.fail("indentation indicator 0")
			}
			increment = int(s[p.pos] - '0')
			p.pos++
		}
	} else if p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
		if s[p.pos] == '0' {
			p.fail("indentation indicator 0")
		}
		increment = int(s[p.pos] - '0')
		p.pos++
		if p.pos < len(s) && (s[p.pos] == '+' || s[p.pos] == '-') {
			chomping = 1
			if s[p.pos] == '-' {
				chomping = -1
			}
			p.pos++
		}
	}
	for p.blank(p.pos) {
		p.pos++
	}
	if p.pos < len(s) && s[p.pos] == '#' {
		for p.pos < len(s) && s[p.pos] != '\n' {
			p.pos++
		}
	}
	if p.pos < len(s) {
		if s[p.pos] != '\n' {
			p.fail("block scalar header")
		}
		p.newline()
	}
	indent := 0
	if increment > 0 {
		if n >= 0 {
			indent = n + increment
		} else {
			indent = increment
		}
	}
	buf := p.buf[:0]
	trailing := 0 // trailing line breaks not yet written
	leadingBreak := false
	indent, trailing = p.blockBreaks(indent, n, trailing)
	leadingBlank := false
	for p.pos < len(s) && p.pos-p.lineStart == indent {
		trailingBlank := p.blank(p.pos)
		if !literal && leadingBreak && !leadingBlank && !trailingBlank {
			if trailing == 0 {
				buf = append(buf, ' ')
			}
		} else if leadingBreak {
			buf = append(buf, '\n')
		}
		leadingBreak = false
		for range trailing {
			buf = append(buf, '\n')
		}
		trailing = 0
		leadingBlank = p.blank(p.pos)
		start := p.pos
		for p.pos < len(s) && s[p.pos] != '\n' {
			p.pos++
		}
		buf = append(buf, s[start:p.pos]...)
		if p.pos < len(s) {
			leadingBreak = true
			p.newline()
		}
		indent, trailing = p.blockBreaks(indent, n, trailing)
	}
	if chomping != -1 && leadingBreak {
		buf = append(buf, '\n')
	}
	if chomping == 1 {
		for range trailing {
			buf = append(buf, '\n')
		}
	}
	p.buf = buf
	v := p.str(unsafe.String(unsafe.SliceData(buf), len(buf)))
	p.gap()
	return v
}

// blockBreaks is yaml_parser_scan_block_scalar_breaks: it eats indentation
// and empty lines, counting the breaks, and fixes the indentation if it was
// not known yet.
func (p *parser) blockBreaks(indent, n, breaks int) (int, int) {
	s := p.src
	maxIndent := 0
	for {
		for (indent == 0 || p.pos-p.lineStart < indent) && p.pos < len(s) && s[p.pos] == ' ' {
			p.pos++
		}
		if c := p.pos - p.lineStart; c > maxIndent {
			maxIndent = c
		}
		if (indent == 0 || p.pos-p.lineStart < indent) && p.pos < len(s) && s[p.pos] == '\t' {
			p.fail("tab in block scalar indentation")
		}
		if p.pos >= len(s) || s[p.pos] != '\n' {
			break
		}
		breaks++
		p.newline()
	}
	if indent == 0 {
		indent = maxIndent
		if indent < n+1 {
			indent = n + 1
		}
		if indent < 1 {
			indent = 1
		}
	}
	return indent, breaks
}

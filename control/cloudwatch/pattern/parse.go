package pattern

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is a parse error with the byte offset in the pattern.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("filter pattern: offset %d: %s", e.Offset, e.Msg) }

// maxDepth bounds parenthesis nesting so hostile input cannot exhaust the
// stack.
const maxDepth = 100

type parser struct {
	s     string
	pos   int
	depth int
}

// Parse parses a JSON filter pattern. Only the JSON form ({ ... }) can
// select event fields; anything else is an error naming why.
func Parse(s string) (Expr, error) {
	p := &parser{s: s}
	p.skip()
	if p.pos >= len(p.s) || p.s[p.pos] != '{' {
		return nil, &Error{p.pos, "not a JSON filter pattern (it must start with '{'); term and space-delimited patterns cannot select CloudTrail fields"}
	}
	p.pos++
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.pos >= len(p.s) || p.s[p.pos] != '}' {
		return nil, p.errf("expected '}' or an operator (&&, ||)")
	}
	p.pos++
	p.skip()
	if p.pos != len(p.s) {
		return nil, p.errf("unexpected text after '}'")
	}
	return e, nil
}

func (p *parser) errf(format string, args ...any) error {
	return &Error{p.pos, fmt.Sprintf(format, args...)}
}

func (p *parser) skip() {
	for p.pos < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.pos])) {
		p.pos++
	}
}

func (p *parser) peek(tok string) bool {
	p.skip()
	return strings.HasPrefix(p.s[p.pos:], tok)
}

// or := and ('||' and)* ; && binds tighter than ||.
func (p *parser) or() (Expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek("||") {
		p.pos += 2
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = Or{l, r}
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek("&&") {
		p.pos += 2
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = And{l, r}
	}
	return l, nil
}

func (p *parser) unary() (Expr, error) {
	if p.peek("(") {
		p.depth++
		if p.depth > maxDepth {
			return nil, p.errf("parentheses nested deeper than %d", maxDepth)
		}
		p.pos++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, p.errf("expected ')'")
		}
		p.pos++
		p.depth--
		return e, nil
	}
	return p.comparison()
}

func (p *parser) comparison() (Expr, error) {
	sel, err := p.selector()
	if err != nil {
		return nil, err
	}
	p.skip()
	rest := p.s[p.pos:]
	for _, kw := range []Op{IsNull, IsTrue, IsFalse, NotExists} {
		if n, ok := keyword(rest, string(kw)); ok {
			p.pos += n
			return &Cmp{Selector: sel, Op: kw}, nil
		}
	}
	var op Op
	switch {
	case strings.HasPrefix(rest, "!="):
		op = Ne
	case strings.HasPrefix(rest, "<="):
		op = Le
	case strings.HasPrefix(rest, ">="):
		op = Ge
	case strings.HasPrefix(rest, "="):
		op = Eq
	case strings.HasPrefix(rest, "<"):
		op = Lt
	case strings.HasPrefix(rest, ">"):
		op = Gt
	default:
		return nil, p.errf("expected a comparison operator after %s", sel)
	}
	p.pos += len(op)
	p.skip()
	c := &Cmp{Selector: sel, Op: op}
	if err := p.value(c); err != nil {
		return nil, err
	}
	if c.Kind != "number" && op != Eq && op != Ne {
		return nil, p.errf("operator %s needs a numeric value", op)
	}
	return c, nil
}

// keyword matches a keyword case-insensitively, the single spaces between
// its words standing for any non-empty run of blanks; it returns the
// length consumed.
func keyword(s, kw string) (int, bool) {
	i := 0
	for j, w := range strings.Fields(kw) {
		if j > 0 {
			start := i
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if i == start {
				return 0, false
			}
		}
		if len(s)-i < len(w) || !strings.EqualFold(s[i:i+len(w)], w) {
			return 0, false
		}
		i += len(w)
	}
	if i < len(s) && isIdent(s[i]) {
		return 0, false
	}
	return i, true
}

func isIdent(c byte) bool {
	return c == '_' || c == '-' || c == '@' || c == ':' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func (p *parser) selector() (Selector, error) {
	p.skip()
	if p.pos >= len(p.s) || p.s[p.pos] != '$' {
		return nil, p.errf("expected a selector starting with '$'")
	}
	p.pos++
	var sel Selector
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '.':
			p.pos++
			start := p.pos
			for p.pos < len(p.s) && isIdent(p.s[p.pos]) {
				p.pos++
			}
			if p.pos == start {
				return nil, p.errf("expected a field name after '.'")
			}
			sel = append(sel, Step{Field: p.s[start:p.pos], Index: -1})
		case '[':
			p.pos++
			start := p.pos
			for p.pos < len(p.s) && '0' <= p.s[p.pos] && p.s[p.pos] <= '9' {
				p.pos++
			}
			if p.pos == start || p.pos >= len(p.s) || p.s[p.pos] != ']' {
				return nil, p.errf("expected an array index like [0]")
			}
			n, err := strconv.Atoi(p.s[start:p.pos])
			if err != nil {
				return nil, p.errf("array index: %v", err)
			}
			p.pos++
			sel = append(sel, Step{Index: n})
		default:
			if len(sel) == 0 {
				return nil, p.errf("a selector needs at least one field ($.name)")
			}
			return sel, nil
		}
	}
	if len(sel) == 0 {
		return nil, p.errf("a selector needs at least one field ($.name)")
	}
	return sel, nil
}

func (p *parser) value(c *Cmp) error {
	if p.pos >= len(p.s) {
		return p.errf("expected a value")
	}
	switch p.s[p.pos] {
	case '"':
		p.pos++
		var b strings.Builder
		for {
			if p.pos >= len(p.s) {
				return p.errf("unterminated string")
			}
			ch := p.s[p.pos]
			if ch == '\\' && p.pos+1 < len(p.s) {
				b.WriteByte(p.s[p.pos+1])
				p.pos += 2
				continue
			}
			p.pos++
			if ch == '"' {
				break
			}
			b.WriteByte(ch)
		}
		c.Value, c.Kind = b.String(), "string"
		return nil
	case '%':
		end := strings.IndexByte(p.s[p.pos+1:], '%')
		if end < 0 {
			return p.errf("unterminated regular expression")
		}
		c.Value = p.s[p.pos+1 : p.pos+1+end]
		re, err := regexp.Compile(c.Value)
		if err != nil {
			return p.errf("regular expression: %v", err)
		}
		c.re, c.Kind = re, "regex"
		p.pos += end + 2
		return nil
	}
	start := p.pos
	for p.pos < len(p.s) && !strings.ContainsRune(" \t\r\n()}&|", rune(p.s[p.pos])) {
		p.pos++
	}
	if p.pos == start {
		return p.errf("expected a value")
	}
	c.Value = p.s[start:p.pos]
	if f, err := strconv.ParseFloat(c.Value, 64); err == nil && !strings.ContainsAny(c.Value, "*") {
		c.num, c.Kind = f, "number"
		return nil
	}
	c.Kind = "string"
	return nil
}

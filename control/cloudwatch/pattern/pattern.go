package pattern

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Expr is a node of a parsed filter pattern.
type Expr interface {
	// Match reports whether the event (decoded JSON) satisfies the node.
	Match(event map[string]any) bool
	String() string
}

// And is a conjunction.
type And struct{ L, R Expr }

// Or is a disjunction.
type Or struct{ L, R Expr }

// Op is a comparison operator.
type Op string

// Comparison operators and the unary tests.
const (
	Eq        Op = "="
	Ne        Op = "!="
	Lt        Op = "<"
	Le        Op = "<="
	Gt        Op = ">"
	Ge        Op = ">="
	IsNull    Op = "IS NULL"
	IsTrue    Op = "IS TRUE"
	IsFalse   Op = "IS FALSE"
	NotExists Op = "NOT EXISTS"
)

// Cmp compares the field a selector picks with a value.
type Cmp struct {
	Selector Selector
	Op       Op
	// Value is the literal as written (without quotes); unused for unary tests.
	Value string
	// Kind of the literal: "string" (quoted or bare), "number", "regex".
	Kind string
	re   *regexp.Regexp
	num  float64
}

// Selector is a path into the event: $.a.b[0].c.
type Selector []Step

// Step is one field name or array index.
type Step struct {
	Field string
	Index int // -1 for a field step
}

func (s Selector) String() string {
	var b strings.Builder
	b.WriteString("$")
	for _, st := range s {
		if st.Index >= 0 {
			fmt.Fprintf(&b, "[%d]", st.Index)
		} else {
			b.WriteString("." + st.Field)
		}
	}
	return b.String()
}

func (a And) String() string { return "(" + a.L.String() + " && " + a.R.String() + ")" }
func (o Or) String() string  { return "(" + o.L.String() + " || " + o.R.String() + ")" }
func (c *Cmp) String() string {
	switch c.Op {
	case IsNull, IsTrue, IsFalse, NotExists:
		return c.Selector.String() + " " + string(c.Op)
	}
	switch c.Kind {
	case "number":
		return c.Selector.String() + " " + string(c.Op) + " " + c.Value
	case "regex":
		return c.Selector.String() + " " + string(c.Op) + " %" + c.Value + "%"
	}
	return c.Selector.String() + " " + string(c.Op) + " " + strconv.Quote(c.Value)
}

// Match implementations.

func (a And) Match(ev map[string]any) bool { return a.L.Match(ev) && a.R.Match(ev) }
func (o Or) Match(ev map[string]any) bool  { return o.L.Match(ev) || o.R.Match(ev) }

// Match evaluates one comparison. A missing field satisfies only NOT
// EXISTS: CloudWatch Logs does not match != against an absent property.
func (c *Cmp) Match(ev map[string]any) bool {
	v, ok := c.Selector.resolve(ev)
	switch c.Op {
	case NotExists:
		return !ok
	case IsNull:
		return ok && v == nil
	case IsTrue, IsFalse:
		b, isBool := v.(bool)
		return ok && isBool && b == (c.Op == IsTrue)
	}
	if !ok || v == nil {
		return false
	}
	switch c.Kind {
	case "number":
		f, isNum := toNumber(v)
		if !isNum {
			return false
		}
		switch c.Op {
		case Eq:
			return f == c.num
		case Ne:
			return f != c.num
		case Lt:
			return f < c.num
		case Le:
			return f <= c.num
		case Gt:
			return f > c.num
		case Ge:
			return f >= c.num
		}
		return false
	}
	s, isStr := toText(v)
	if !isStr {
		return false
	}
	var eq bool
	if c.Kind == "regex" {
		eq = c.re.MatchString(s)
	} else {
		eq = wildcard(c.Value, s)
	}
	switch c.Op {
	case Eq:
		return eq
	case Ne:
		return !eq
	}
	return false
}

func toNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func toText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func (s Selector) resolve(ev map[string]any) (any, bool) {
	var cur any = ev
	for _, st := range s {
		if st.Index >= 0 {
			arr, ok := cur.([]any)
			if !ok || st.Index >= len(arr) {
				return nil, false
			}
			cur = arr[st.Index]
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = m[st.Field]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// wildcard matches s against p where * matches any run of characters; the
// match is case-sensitive, as CloudWatch Logs' is.
func wildcard(p, s string) bool {
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

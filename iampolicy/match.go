package iampolicy

import (
	"strings"
	"unicode/utf8"
)

// escByte marks the next pattern byte as literal. It lets a resolved policy
// variable (or ${*}, ${?}) carry '*' and '?' without them acting as
// wildcards. Raw policy text containing NUL is escaped before matching.
const escByte = 0

// globMatch reports whether s matches pattern p, where '*' matches any run of
// characters (including none and '/' or ':') and '?' exactly one character.
// fold makes ASCII letters compare case-insensitively (action names).
func globMatch(p, s string, fold bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			c := p[pi]
			switch {
			case c == '*':
				starP, starS = pi, si
				pi++
				continue
			case c == '?':
				_, n := utf8.DecodeRuneInString(s[si:])
				pi++
				si += n
				continue
			case c == escByte && pi+1 < len(p):
				if eqByte(p[pi+1], s[si], fold) {
					pi += 2
					si++
					continue
				}
			default:
				if eqByte(c, s[si], fold) {
					pi++
					si++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starS++
		si = starS
		pi = starP + 1
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func eqByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	if 'A' <= a && a <= 'Z' {
		a += 'a' - 'A'
	}
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	return a == b
}

// hasWildcard reports whether a raw policy string contains '*' or '?'.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// arnParts splits an ARN into its six colon-separated parts; the last part
// (the resource) may itself contain colons.
func arnParts(s string) ([6]string, bool) {
	var out [6]string
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return out, false
		}
		out[i] = s[:j]
		s = s[j+1:]
	}
	out[5] = s
	return out, true
}

// arnMatch matches a resource or ARN against a pattern segment by segment, so
// a wildcard in the account segment cannot swallow the region or resource.
// Patterns that are not six-part ARNs (e.g. "*") match as plain globs.
func arnMatch(pattern, value string) bool {
	if pattern == "*" {
		return true
	}
	pp, ok := arnParts(pattern)
	if !ok {
		return globMatch(pattern, value, false)
	}
	vp, ok := arnParts(value)
	if !ok {
		return false
	}
	for i := range pp {
		if !globMatch(pp[i], vp[i], false) {
			return false
		}
	}
	return true
}

// escapeLiteral escapes s so that globMatch treats every byte literally.
func escapeLiteral(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '*' || c == '?' || c == escByte {
			b.WriteByte(escByte)
		}
		b.WriteByte(c)
	}
}

// variables resolves policy variables from the request context; a key that
// is absent or multi-valued has no value.
type variables struct {
	enabled bool // only Version 2012-10-17 documents have policy variables
	rc      *reqContext
}

// resolve substitutes policy variables in raw. With pattern true the result
// is a glob pattern: the raw text keeps its wildcards, substituted values and
// ${*}, ${?}, ${$} are literal. ok is false when a variable has no value,
// which makes the element it appears in not match.
func (v variables) resolve(raw string, pattern bool) (string, bool) {
	hasVar := v.enabled && strings.Contains(raw, "${")
	if !hasVar && (!pattern || strings.IndexByte(raw, escByte) < 0) {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw) + 8)
	lit := func(s string) {
		if pattern {
			escapeLiteral(&b, s)
		} else {
			b.WriteString(s)
		}
	}
	rawText := func(s string) {
		if pattern {
			// keep wildcards, escape only NUL
			for i := 0; i < len(s); i++ {
				if s[i] == escByte {
					b.WriteByte(escByte)
				}
				b.WriteByte(s[i])
			}
		} else {
			b.WriteString(s)
		}
	}
	for len(raw) > 0 {
		i := -1
		if hasVar {
			i = strings.Index(raw, "${")
		}
		if i < 0 {
			rawText(raw)
			break
		}
		rawText(raw[:i])
		end := strings.IndexByte(raw[i:], '}')
		if end < 0 {
			rawText(raw[i:])
			break
		}
		name := raw[i+2 : i+end]
		raw = raw[i+end+1:]
		switch name {
		case "*", "?", "$":
			lit(name)
			continue
		}
		def, hasDef := "", false
		if c := strings.IndexByte(name, ','); c >= 0 {
			d := strings.TrimSpace(name[c+1:])
			if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
				def, hasDef = d[1:len(d)-1], true
			}
			name = strings.TrimSpace(name[:c])
		}
		val, ok := "", false
		if v.rc != nil {
			val, ok = v.rc.single(name)
		}
		if !ok {
			if !hasDef {
				return "", false
			}
			val = def
		}
		lit(val)
	}
	return b.String(), true
}

package iampolicy

import (
	"sort"
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
	if hasVar && hasPlaceholder(raw) {
		return "", false
	}
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

// hasPlaceholder reports whether s holds a "${name}" whose name cannot be an
// AWS policy variable (every AWS condition key has a colon). The Terraform
// reader writes ${address.attr} for a value that is unknown before apply:
// it stands for one concrete string that onus cannot see, not for a
// variable AWS would substitute.
func hasPlaceholder(s string) bool {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return false
		}
		s = s[i+2:]
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return false
		}
		name := s[:end]
		if c := strings.IndexByte(name, ','); c >= 0 {
			name = name[:c]
		}
		name = strings.TrimSpace(name)
		// A CloudFormation pseudo parameter or intrinsic (${AWS::StackName},
		// ${Fn::GetAZs(...)}) is also one unseen string: no condition key
		// has "::".
		if name != "*" && name != "?" && name != "$" && (!strings.Contains(name, ":") || strings.Contains(name, "::")) {
			return true
		}
		s = s[end+1:]
	}
}

// anyHasPlaceholder reports whether a list has an element with a placeholder.
func anyHasPlaceholder(l []string) bool {
	for _, s := range l {
		if strings.Contains(s, "${") && hasPlaceholder(s) {
			return true
		}
	}
	return false
}

// Placeholders lists the placeholders (e.g. "${aws_s3_bucket.b.arn}") in a
// policy's Action, Resource, Principal and Condition elements, sorted and
// without duplicates. A policy with placeholders is analyzed for both
// extremes of what they might stand for; see the analysis helpers.
func Placeholders(p *Policy) []string {
	if p == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	add := func(l []string) {
		for _, s := range l {
			for rest := s; ; {
				i := strings.Index(rest, "${")
				if i < 0 {
					break
				}
				end := strings.IndexByte(rest[i:], '}')
				if end < 0 {
					break
				}
				tok := rest[i : i+end+1]
				rest = rest[i+end+1:]
				if hasPlaceholder(tok) && !seen[tok] {
					seen[tok] = true
					out = append(out, tok)
				}
			}
		}
	}
	for _, st := range p.Statements {
		add(st.Action)
		add(st.NotAction)
		add(st.Resource)
		add(st.NotResource)
		for _, pr := range []*Principals{st.Principal, st.NotPrincipal} {
			if pr != nil {
				add(pr.AWS)
				add(pr.Service)
				add(pr.Federated)
				add(pr.CanonicalUser)
			}
		}
		for _, c := range st.Condition {
			for _, e := range c.Entries {
				add(e.Values)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Substitute returns a copy of the policy with placeholders replaced by the
// values vals gives for them (keys as returned by Placeholders, e.g.
// "${aws_s3_bucket.b.arn}"); placeholders without a value stay. Readers and
// controls use it for references they can resolve, such as a bucket
// policy's reference to its own bucket's ARN.
func (p *Policy) Substitute(vals map[string]string) *Policy {
	if p == nil {
		return nil
	}
	if len(vals) == 0 {
		q := *p
		return &q
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k, vals[k])
	}
	r := strings.NewReplacer(args...)
	sub := func(l []string) []string {
		if l == nil {
			return nil
		}
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = r.Replace(s)
		}
		return out
	}
	subP := func(pr *Principals) *Principals {
		if pr == nil {
			return nil
		}
		return &Principals{All: pr.All, AWS: sub(pr.AWS), Service: sub(pr.Service), Federated: sub(pr.Federated), CanonicalUser: sub(pr.CanonicalUser)}
	}
	q := &Policy{Version: p.Version, ID: p.ID, Statements: make([]Statement, len(p.Statements))}
	for i, st := range p.Statements {
		n := st
		n.Action, n.NotAction, n.Resource, n.NotResource = sub(st.Action), sub(st.NotAction), sub(st.Resource), sub(st.NotResource)
		n.Principal, n.NotPrincipal = subP(st.Principal), subP(st.NotPrincipal)
		if st.Condition != nil {
			n.Condition = make(Conditions, len(st.Condition))
			for j, c := range st.Condition {
				nc := Condition{Operator: c.Operator, Entries: make([]ConditionEntry, len(c.Entries))}
				for k, e := range c.Entries {
					nc.Entries[k] = ConditionEntry{Key: e.Key, Values: sub(e.Values)}
				}
				n.Condition[j] = nc
			}
		}
		q.Statements[i] = n
	}
	return q
}

// placeholderTokens returns the "${...}" placeholder tokens in s.
func placeholderTokens(s string) []string {
	var out []string
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return out
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return out
		}
		tok := rest[i : i+end+1]
		rest = rest[i+end+1:]
		if hasPlaceholder(tok) {
			out = append(out, tok)
		}
	}
}

// resolveSelf substitutes what a resource policy's placeholders must stand
// for. AWS accepts a resource-based policy only if its Resource elements
// name the resource it is attached to (or, for a bucket, its objects), so a
// placeholder that is a whole ARN at the start of a Resource entry is that
// resource's ARN. A placeholder in a condition on a key that identifies the
// caller's origin (aws:SourceArn, aws:SourceAccount, ...) names one
// concrete thing of the owner's configuration, which an outsider cannot
// present: it becomes an owned stand-in value.
func resolveSelf(p *Policy, resourceARN string, restricting func(key string) bool) *Policy {
	vals := map[string]string{}
	for _, st := range p.Statements {
		if resourceARN != "" {
			for _, l := range [][]string{st.Resource, st.NotResource} {
				for _, r := range l {
					if toks := placeholderTokens(r); len(toks) > 0 && strings.HasPrefix(r, toks[0]) {
						vals[toks[0]] = resourceARN
					}
				}
			}
		}
		for _, c := range st.Condition {
			for _, e := range c.Entries {
				if !restricting(strings.ToLower(e.Key)) {
					continue
				}
				for _, v := range e.Values {
					for _, tok := range placeholderTokens(v) {
						if _, ok := vals[tok]; !ok {
							name := strings.Trim(tok, "${}")
							vals[tok] = "arn:aws:onus-owned:us-east-1:000000000000:" + name
						}
					}
				}
			}
		}
	}
	if len(vals) == 0 {
		return p
	}
	return p.Substitute(vals)
}

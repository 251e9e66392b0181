package cloudformation

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/model/s3"
)

// A name built from parameters without a value (BucketName: !Sub
// '${Project}-logs') is unknown, but every intrinsic function gives one
// value per deployment: two expressions of the same template that are
// built alike from the same literals and the same parameters, pseudo
// parameters and resources name the same thing, whatever the values are.
// A joining resource whose target is such an expression (a bucket policy
// with Bucket: !Ref Project where the bucket is BucketName: !Ref Project)
// is matched to exactly that resource instead of to every resource of the
// kind. And an expression that is not identical still cannot be equal to a
// literal name its literal parts contradict ("${Project}-logs" is never
// "audit-data").

// term is a part of a name expression: literal text, or (ref) a value
// known at deploy time, named by the parameter, pseudo parameter,
// resource or Resource.Attribute that gives it.
type term struct {
	text string
	ref  bool
}

// nameTerms reduces n to its terms. ok is false when n uses anything but
// literals, Ref, identity-free Fn::GetAtt, Fn::Sub and Fn::Join (an Fn::If,
// an Fn::Select of a list parameter): those are not compared.
func (t *tmpl) nameTerms(n *yaml.Node) ([]term, bool) {
	var out []term
	if !t.addTerms(&out, n, 0) {
		return nil, false
	}
	return out, true
}

func (t *tmpl) addTerms(out *[]term, n *yaml.Node, depth int) bool {
	n = deref(n)
	if n == nil || depth > maxDepth {
		return false
	}
	fn, arg, plain := intrinsic(n)
	if fn != "" && !plain {
		// The long form's argument: a tag on it is another function.
		if f, _, _ := intrinsic(deref(arg)); f != "" {
			return false
		}
	}
	switch fn {
	case "":
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return false
		}
		addLit(out, n.Value)
		return true
	case "Ref":
		a := deref(arg)
		if a == nil || a.Kind != yaml.ScalarNode {
			return false
		}
		return t.addRef(out, a.Value)
	case "Fn::GetAtt":
		a := deref(arg)
		var name string
		switch {
		case a != nil && a.Kind == yaml.ScalarNode:
			name = a.Value
		case a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2:
			r, at := deref(a.Content[0]), deref(a.Content[1])
			if !plainScalar(r) || !plainScalar(at) {
				return false
			}
			name = r.Value + "." + at.Value
		default:
			return false
		}
		return t.addAttr(out, name)
	case "Fn::Sub":
		return t.addSub(out, arg, plain, depth)
	case "Fn::Join":
		a := deref(arg)
		if a == nil || a.Kind != yaml.SequenceNode || len(a.Content) != 2 {
			return false
		}
		d, l := deref(a.Content[0]), deref(a.Content[1])
		if !plainScalar(d) || l == nil || l.Kind != yaml.SequenceNode {
			return false
		}
		if f, _, _ := intrinsic(l); f != "" {
			return false
		}
		for i, e := range l.Content {
			if i > 0 {
				addLit(out, d.Value)
			}
			if !t.addTerms(out, e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// plainScalar: a literal scalar, no intrinsic function.
func plainScalar(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	f, _, _ := intrinsic(n)
	return f == ""
}

func addLit(out *[]term, s string) {
	if s == "" {
		return
	}
	if k := len(*out); k > 0 && !(*out)[k-1].ref {
		(*out)[k-1].text += s
		return
	}
	*out = append(*out, term{text: s})
}

// addRef adds what Ref name gives: the text of a parameter or pseudo
// parameter whose value is known, else the reference itself.
func (t *tmpl) addRef(out *[]term, name string) bool {
	if name == "AWS::NoValue" {
		return false
	}
	var v *val
	switch p, isParam := t.params[name]; {
	case pseudoParams[name]:
		v = t.pseudo(name, sourceLoc{})
	case isParam:
		v = t.paramValue(p)
	default:
		if _, ok := t.resources[name]; !ok {
			return false
		}
		*out = append(*out, term{text: name, ref: true})
		return true
	}
	switch {
	case v == nil:
		return false
	case v.k == kScalar && !v.sym:
		addLit(out, v.s)
	case v.k == kScalar || v.k == kUnknown:
		*out = append(*out, term{text: name, ref: true})
	default:
		return false // a list
	}
	return true
}

// addAttr adds Resource.Attribute of a resource of the template.
func (t *tmpl) addAttr(out *[]term, name string) bool {
	i := strings.IndexByte(name, '.')
	if i <= 0 {
		return false
	}
	if _, ok := t.resources[name[:i]]; !ok {
		return false
	}
	*out = append(*out, term{text: name, ref: true})
	return true
}

func (t *tmpl) addSub(out *[]term, arg *yaml.Node, plain bool, depth int) bool {
	a := deref(arg)
	var tpl *yaml.Node
	vars := map[string]*yaml.Node{}
	switch {
	case a != nil && a.Kind == yaml.ScalarNode:
		tpl = a
	case a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2:
		tpl = deref(a.Content[0])
		m := deref(a.Content[1])
		if m == nil || m.Kind != yaml.MappingNode {
			return false
		}
		if f, _, _ := intrinsic(m); f != "" {
			return false
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			vars[m.Content[i].Value] = m.Content[i+1]
		}
	}
	if tpl == nil || tpl.Kind != yaml.ScalarNode || !(tpl == a && plain) && !plainScalar(tpl) {
		return false
	}
	s := tpl.Value
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			addLit(out, s)
			return true
		}
		addLit(out, s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return false
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			addLit(out, "${"+name[1:]+"}")
			continue
		}
		name = strings.TrimSpace(name)
		if v, ok := vars[name]; ok {
			if !t.addTerms(out, v, depth+1) {
				return false
			}
			continue
		}
		if _, isParam := t.params[name]; strings.IndexByte(name, '.') > 0 && !pseudoParams[name] && !isParam {
			if !t.addAttr(out, name) {
				return false
			}
			continue
		}
		if !t.addRef(out, name) {
			return false
		}
	}
}

func sameTerms(a, b []term) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// termsPattern matches every text the terms can stand for: each
// reference may be any text (an empty one too).
func termsPattern(ts []term) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s)`)
	for _, x := range ts {
		if x.ref {
			b.WriteString(`.*`)
		} else {
			b.WriteString(regexp.QuoteMeta(x.text))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String()) // quoted literals and .* always compile
}

// propTerms is the terms of property prop of resource id, if it has a
// comparable expression; typ is its type, or types joined by "|".
func (t *tmpl) propTerms(id, typ, prop string) ([]term, bool) {
	r := t.resources[id]
	if r == nil || !strings.Contains("|"+typ+"|", "|"+r.typ+"|") {
		return nil, false
	}
	n := lookup(r.props, prop)
	if n == nil {
		return nil, false
	}
	return t.nameTerms(n)
}

// nameMatch compares the joining property prop of c with the name
// property nameProp of each candidate (by logical id): same is the only
// candidate whose name is the same expression (-1 when none, or when
// several are, which no deployment allows); couldBe tells whether the
// joining value may equal a candidate's literal name (true when it cannot
// be told).
type nameMatch struct {
	same    int
	pattern *regexp.Regexp
}

func (b *builder) matchName(c *rctx, prop, typ, nameProp string, ids []string) nameMatch {
	m := nameMatch{same: -1}
	if c.r.props == nil {
		return m
	}
	n := lookup(c.r.props, prop)
	if n == nil {
		return m
	}
	ts, ok := b.t.nameTerms(n)
	if !ok {
		return m
	}
	m.pattern = termsPattern(ts)
	hasRef := false
	for _, x := range ts {
		hasRef = hasRef || x.ref
	}
	if !hasRef {
		return m // a literal: joined by text, not here
	}
	for i, id := range ids {
		other, ok := b.t.propTerms(id, typ, nameProp)
		if !ok || !sameTerms(ts, other) {
			continue
		}
		if m.same >= 0 {
			m.same = -1
			return m
		}
		m.same = i
	}
	return m
}

// couldBe: the joining value may be the literal name s (a name holding
// deploy-time placeholders may be anything).
func (m nameMatch) couldBe(s string, literal bool) bool {
	if m.pattern == nil || !literal {
		return true
	}
	return m.pattern.MatchString(s)
}

// mayBeNamed: the name property of resource id may be the literal s (true
// when its expression cannot be compared).
func (t *tmpl) mayBeNamed(id, typ, prop, s string) bool {
	ts, ok := t.propTerms(id, typ, prop)
	if !ok {
		return true
	}
	return termsPattern(ts).MatchString(s)
}

// mayBeBucket is the template's buckets that the literal name (or ARN) v
// may name; all of them when v is not a literal.
func (b *builder) mayBeBucket(v *val) []*s3.Bucket {
	lit, ok := v.text()
	if !ok || v.sym {
		return b.est.S3Buckets
	}
	if i := strings.LastIndexAny(lit, ":/"); i >= 0 {
		lit = lit[i+1:]
	}
	var out []*s3.Bucket
	for _, x := range b.est.S3Buckets {
		if b.t.mayBeNamed(x.Address, "AWS::S3::Bucket", "BucketName", lit) {
			out = append(out, x)
		}
	}
	return out
}

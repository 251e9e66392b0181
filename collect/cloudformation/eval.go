package cloudformation

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/source"
)

// shortTags maps YAML short-form tags to the intrinsic they stand for.
var shortTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Sub":          "Fn::Sub",
	"!GetAtt":       "Fn::GetAtt",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!FindInMap":    "Fn::FindInMap",
	"!Base64":       "Fn::Base64",
	"!ImportValue":  "Fn::ImportValue",
	"!GetAZs":       "Fn::GetAZs",
	"!Cidr":         "Fn::Cidr",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
	"!Transform":    "Fn::Transform",
}

// intrinsic reports whether n is an intrinsic function call and returns its
// name and argument node. For a short form the argument is n itself, read
// without its tag (argPlain tells the caller so).
func intrinsic(n *yaml.Node) (name string, arg *yaml.Node, argPlain bool) {
	if n.Tag != "" && n.Tag[0] == '!' && (len(n.Tag) < 2 || n.Tag[1] != '!') {
		if fn, ok := shortTags[n.Tag]; ok {
			return fn, n, true
		}
		return n.Tag, n, true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, n.Content[1], false
		}
	}
	return "", nil, false
}

// eval resolves a node. It returns nil for AWS::NoValue (the property is
// then absent, as CloudFormation treats it).
func (t *tmpl) eval(n *yaml.Node) *val { return t.evalNode(n, false) }

func (t *tmpl) evalNode(n *yaml.Node, plain bool) *val {
	if n == nil {
		return nil
	}
	t.budget++
	if t.budget > evalBudget {
		if t.budget == evalBudget+1 {
			t.diags.Errorf(t.point(n), "template expands beyond %d values (alias loop?); the rest is not read", evalBudget)
		}
		return t.unknown("template too large to evaluate", t.point(n))
	}
	t.depth++
	defer func() { t.depth-- }()
	if t.depth > maxDepth {
		if t.depth == maxDepth+1 {
			t.diags.Errorf(t.point(n), "values nested deeper than %d levels; not read", maxDepth)
		}
		return t.unknown("nested too deeply", t.point(n))
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return t.unknown("dangling alias", t.point(n))
		}
		return t.evalNode(n.Alias, plain)
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return t.evalNode(n.Content[0], plain)
	}
	if !plain {
		if fn, arg, argPlain := intrinsic(n); fn != "" {
			return t.call(fn, n, arg, argPlain)
		}
	} else if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		// A short-form tag on a long-form call (UserData: !Base64 with
		// Fn::Sub: below it): only the tag is already read.
		if k := n.Content[0].Value; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return t.call(k, n, n.Content[1], false)
		}
	}
	loc := t.point(n)
	switch n.Kind {
	case yaml.ScalarNode:
		tag := n.Tag
		if tag == "" || tag[0] == '!' && (len(tag) < 2 || tag[1] != '!') {
			tag = "!!str"
		}
		if tag == "!!null" {
			return t.newVal(val{k: kNull, loc: loc})
		}
		return t.newVal(val{k: kScalar, tag: tag, s: n.Value, loc: loc})
	case yaml.SequenceNode:
		v := t.newVal(val{k: kList, loc: loc, list: t.valList(len(n.Content))})
		for _, c := range n.Content {
			if e := t.eval(c); e != nil {
				v.list = append(v.list, e)
			}
		}
		return v
	case yaml.MappingNode:
		v := t.newVal(val{k: kMap, loc: loc, keys: t.keyList(len(n.Content) / 2), vals: t.valList(len(n.Content) / 2)})
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, c := n.Content[i], n.Content[i+1]
			if k.Value == "<<" && k.Tag == "!!merge" {
				if m := t.eval(c); m != nil && m.k == kMap {
					for j, mk := range m.keys {
						if v.field(mk) == nil {
							v.keys = append(v.keys, mk)
							v.vals = append(v.vals, m.vals[j])
						}
					}
				}
				continue
			}
			e := t.eval(c)
			if e == nil {
				continue
			}
			e.loc = t.span(k, c)
			v.keys = append(v.keys, k.Value)
			v.vals = append(v.vals, e)
		}
		return v
	}
	return t.unknown("unsupported YAML node", loc)
}

// args evaluates the list argument of a function and checks its length.
func (t *tmpl) args(fn string, arg *yaml.Node, plain bool, min, max int) ([]*yaml.Node, bool) {
	a := deref(arg)
	if a == nil || a.Kind != yaml.SequenceNode {
		t.diags.Errorf(t.point(arg), "%s expects a list of %d arguments", fn, min)
		return nil, false
	}
	if len(a.Content) < min || len(a.Content) > max {
		t.diags.Errorf(t.point(arg), "%s expects %d arguments, got %d", fn, min, len(a.Content))
		return nil, false
	}
	return a.Content, true
}

// argVal evaluates the argument node of a function.
func (t *tmpl) argVal(arg *yaml.Node, plain bool) *val { return t.evalNode(arg, plain) }

// selectAZ reads `!Select [i, !GetAZs region]`. The zone names are known
// only at deploy time, but GetAZs lists distinct zones, so item i of one
// region's list is one specific zone, different from item j: a placeholder
// "${Fn::GetAZs(region)[i]}" says exactly that (equal placeholders, same
// zone; different ones, different zones), which is what a control counting
// a function's zones needs.
func (t *tmpl) selectAZ(list *yaml.Node, idx int, loc source.Loc) (*val, bool) {
	fn, arg, plain := intrinsic(deref(list))
	if fn != "Fn::GetAZs" || idx < 0 {
		return nil, false
	}
	region := ""
	if rf, ra, _ := intrinsic(deref(arg)); rf == "Ref" && deref(ra) != nil && deref(ra).Value == "AWS::Region" {
		// The stack's own region, like "".
	} else if r := t.argVal(arg, plain); r != nil && r.k != kNull {
		text, ok := r.text()
		if !ok || r.k == kUnknown {
			return nil, false
		}
		region = text
	}
	if stack, ok := t.opts.params["AWS::Region"]; ok && region == stack {
		region = ""
	}
	return &val{k: kScalar, tag: "!!str", s: fmt.Sprintf("${Fn::GetAZs(%s)[%d]}", region, idx), sym: true, loc: loc}, true
}

func (t *tmpl) call(fn string, n, arg *yaml.Node, plain bool) *val {
	loc := t.point(n)
	bad := func(format string, a ...any) *val {
		t.diags.Errorf(loc, format, a...)
		return t.unknown(fmt.Sprintf(format, a...), loc)
	}
	switch fn {
	case "Ref":
		a := deref(arg)
		if a == nil || a.Kind != yaml.ScalarNode {
			return bad("Ref expects the name of a parameter or resource")
		}
		v, noValue := t.ref(a.Value, loc)
		if noValue {
			return nil
		}
		return v
	case "Fn::GetAtt":
		return t.getAtt(arg, plain, loc)
	case "Fn::Sub":
		return t.sub(arg, plain, loc)
	case "Fn::Join":
		as, ok := t.args(fn, arg, plain, 2, 2)
		if !ok {
			return t.unknown("invalid Fn::Join", loc)
		}
		d := t.eval(as[0])
		delim, ok := d.text()
		if !ok {
			return bad("Fn::Join delimiter must be a string")
		}
		l := t.eval(as[1])
		if l == nil {
			return t.scalar("", loc)
		}
		if l.k == kUnknown {
			return t.at(l, loc)
		}
		if l.k != kList {
			return bad("Fn::Join expects a list of values")
		}
		return t.concat(l.list, delim, loc)
	case "Fn::Select":
		as, ok := t.args(fn, arg, plain, 2, 2)
		if !ok {
			return t.unknown("invalid Fn::Select", loc)
		}
		iv := t.eval(as[0])
		if iv != nil && iv.k == kUnknown {
			return t.at(iv, loc)
		}
		is, _ := iv.text()
		idx, err := strconv.Atoi(is)
		if err != nil {
			return bad("Fn::Select index %q is not a number", is)
		}
		if az, ok := t.selectAZ(as[1], idx, loc); ok {
			return az
		}
		l := t.eval(as[1])
		if l != nil && l.k == kUnknown {
			return t.at(l, loc)
		}
		if l == nil || l.k != kList {
			return bad("Fn::Select expects a list")
		}
		if idx < 0 || idx >= len(l.list) {
			return bad("Fn::Select index %d is out of range (list has %d items)", idx, len(l.list))
		}
		return t.at(l.list[idx], loc)
	case "Fn::Split":
		as, ok := t.args(fn, arg, plain, 2, 2)
		if !ok {
			return t.unknown("invalid Fn::Split", loc)
		}
		delim, ok := t.eval(as[0]).text()
		if !ok || delim == "" {
			return bad("Fn::Split delimiter must be a non-empty string")
		}
		s := t.eval(as[1])
		if s != nil && s.k == kUnknown {
			return t.at(s, loc)
		}
		text, ok := s.text()
		if !ok {
			return bad("Fn::Split expects a string")
		}
		out := &val{k: kList, loc: loc}
		for _, part := range strings.Split(text, delim) {
			e := t.scalar(part, loc)
			e.sym = s.sym && strings.Contains(part, "${")
			out.list = append(out.list, e)
		}
		return out
	case "Fn::If":
		as, ok := t.args(fn, arg, plain, 3, 3)
		if !ok {
			return t.unknown("invalid Fn::If", loc)
		}
		c := deref(as[0])
		if c == nil || c.Kind != yaml.ScalarNode {
			return bad("Fn::If expects a condition name first")
		}
		r := t.cond(c.Value, t.point(c))
		switch r.tri {
		case triTrue:
			return t.branch(as[1], loc)
		case triFalse:
			return t.branch(as[2], loc)
		}
		// Either branch may be the value: what they refer to may be used
		// (a security group in a !If list is not known to be unused).
		prev := t.maybe
		t.maybe = r.reason
		t.eval(as[1])
		t.eval(as[2])
		t.maybe = prev
		return t.unknown(r.reason, loc)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		r := t.condCall(fn, arg, plain, loc)
		if r.tri == triUnknown {
			return t.unknown(r.reason, loc)
		}
		return &val{k: kScalar, tag: "!!bool", s: strconv.FormatBool(r.tri == triTrue), loc: loc}
	case "Fn::FindInMap":
		return t.findInMap(arg, plain, loc)
	case "Fn::Base64":
		s := t.argVal(arg, plain)
		if s != nil && s.k == kUnknown {
			return t.at(s, loc)
		}
		text, ok := s.text()
		if !ok {
			return bad("Fn::Base64 expects a string")
		}
		out := t.scalar(base64.StdEncoding.EncodeToString([]byte(text)), loc)
		out.sym = s.sym
		return out
	case "Fn::ImportValue":
		s := t.argVal(arg, plain)
		name := "a value"
		if text, ok := s.text(); ok {
			name = strconv.Quote(text)
		}
		return t.unknown(fmt.Sprintf("Fn::ImportValue %s is exported by another stack", name), loc)
	case "Fn::GetAZs":
		return t.unknown("Fn::GetAZs: Availability Zones are known only at deploy time", loc)
	case "Fn::Cidr":
		return t.cidr(arg, plain, loc)
	case "Fn::Length":
		l := t.argVal(arg, plain)
		if l != nil && l.k == kUnknown {
			return t.at(l, loc)
		}
		if l == nil || l.k != kList {
			return bad("Fn::Length expects a list")
		}
		return &val{k: kScalar, tag: "!!int", s: strconv.Itoa(len(l.list)), loc: loc}
	case "Fn::ToJsonString":
		v := t.argVal(arg, plain)
		if u := v.firstUnknown(); u != nil {
			return t.at(u, loc)
		}
		out := t.scalar(string(v.appendJSON(nil)), loc)
		out.sym = hasSym(v)
		return out
	case "Fn::Transform":
		t.diags.Warnf(loc, "Fn::Transform: onus does not run macros; what this macro generates is not scanned")
		return t.unknown("Fn::Transform: the macro's output is known only at deploy time", loc)
	}
	return bad("unknown intrinsic function %s", fn)
}

// branch evaluates the chosen side of Fn::If; AWS::NoValue removes it.
func (t *tmpl) branch(n *yaml.Node, loc sourceLoc) *val {
	v := t.eval(n)
	if v != nil && v.k == kUnknown {
		return t.at(v, loc)
	}
	return v
}

func hasSym(v *val) bool {
	if v == nil {
		return false
	}
	if v.sym {
		return true
	}
	for _, e := range v.list {
		if hasSym(e) {
			return true
		}
	}
	for _, e := range v.vals {
		if hasSym(e) {
			return true
		}
	}
	return false
}

// concat joins string values (Fn::Join, Fn::Sub); an unknown part makes the
// whole unknown, a placeholder part makes it symbolic.
func (t *tmpl) concat(parts []*val, delim string, loc sourceLoc) *val {
	if s, sym, ok := joinKnown(parts, delim); ok {
		out := t.scalar(s, loc)
		out.sym = sym
		return out
	}
	var b strings.Builder
	sym := false
	var unk *val // the first unknown part: the result is unknown for its reason
	literal := false
	for i, p := range parts {
		if p == nil {
			continue
		}
		if i > 0 {
			b.WriteString(delim)
		}
		if p.k == kUnknown {
			if unk == nil {
				unk = p
			}
			switch {
			case p.partial != "":
				b.WriteString(p.partial)
				literal = true
			case strings.HasPrefix(p.tag, "${"):
				b.WriteString(p.tag)
			case p.param != "":
				b.WriteString("${" + p.param + "}")
			default:
				b.WriteString("${...}")
			}
			continue
		}
		s, ok := p.text()
		if !ok {
			if unk != nil {
				return t.at(unk, loc) // as before partial text: the unknown decides
			}
			t.diags.Errorf(p.loc, "expected a string, got a %s", p.kindName())
			return t.unknown("a joined value is not a string", loc)
		}
		b.WriteString(s)
		literal = literal || s != ""
		sym = sym || p.sym
	}
	if unk != nil {
		out := t.at(unk, loc)
		out.partial = ""
		if literal {
			out.partial = b.String()
		}
		out.alt = concatChoices(parts, delim, out)
		return out
	}
	out := t.scalar(b.String(), loc)
	out.sym = sym
	return out
}

// joinKnown is concat of parts that are all known strings: the text in
// one allocation of its exact length, or none when one part is the whole
// text (a Sub of one reference, say). ok is false if any part is not a
// known string.
func joinKnown(parts []*val, delim string) (s string, sym, ok bool) {
	n := 0
	for i, p := range parts {
		if p == nil {
			continue
		}
		if p.k != kScalar {
			return "", false, false
		}
		if i > 0 {
			n += len(delim)
		}
		n += len(p.s)
		sym = sym || p.sym
	}
	for _, p := range parts {
		if p != nil && len(p.s) == n {
			// Every other part and delimiter is empty.
			return p.s, sym, true
		}
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if p == nil {
			continue
		}
		if i > 0 {
			b = append(b, delim...)
		}
		b = append(b, p.s...)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), sym, true
}

func (v *val) kindName() string {
	if v == nil {
		return "null"
	}
	switch v.k {
	case kScalar:
		return "string"
	case kList:
		return "list"
	case kMap:
		return "mapping"
	case kUnknown:
		return "unknown value"
	}
	return "null"
}

// pseudo parameters CloudFormation defines.
var pseudoParams = map[string]bool{
	"AWS::AccountId": true, "AWS::Region": true, "AWS::StackName": true, "AWS::StackId": true,
	"AWS::NotificationARNs": true, "AWS::NoValue": true, "AWS::Partition": true, "AWS::URLSuffix": true,
}

// ref resolves Ref name. noValue is true for AWS::NoValue.
func (t *tmpl) ref(name string, loc sourceLoc) (v *val, noValue bool) {
	if pseudoParams[name] {
		if name == "AWS::NoValue" {
			return nil, true
		}
		return t.pseudo(name, loc), false
	}
	if p, ok := t.params[name]; ok {
		return t.at(t.paramValue(p), loc), false
	}
	if _, ok := t.resources[name]; ok {
		t.noteRef(name)
		return t.resourceVal(name, "", loc), false
	}
	if k := strings.IndexByte(name, '.'); k > 0 {
		if v, ok := t.samStage(name[:k], name[k+1:], loc); ok {
			t.noteRef(name[:k])
			return v, false
		}
		if r, ok := t.resources[name[:k]]; ok && samGenerated[r.typ][name[k+1:]] {
			t.noteRef(name[:k])
			return t.unknown(fmt.Sprintf("%s is a resource SAM generates for %s; its id is known only at deploy time", name, name[:k]), loc), false
		}
	}
	t.diags.Errorf(loc, "Ref to %s, which is neither a parameter nor a resource", name)
	return t.unknown(fmt.Sprintf("Ref to undefined %s", name), loc), false
}

// samGenerated are the resources SAM generates that a template may refer
// to as <logical id>.<property>, by the type of the resource they belong to
// (SAM's "Referencing generated AWS CloudFormation resources").
var samGenerated = map[string]map[string]bool{
	"AWS::Serverless::Function":     {"Alias": true, "Version": true, "DestinationTopic": true, "DestinationQueue": true},
	"AWS::Serverless::Api":          {"Deployment": true, "DomainName": true, "BasePathMapping": true},
	"AWS::Serverless::HttpApi":      {"Stage": true, "DomainName": true},
	"AWS::Serverless::StateMachine": {"Role": true},
}

// pseudo resolves a pseudo parameter. Values the user gave (--param
// AWS::Region=eu-west-1) win; partition and URL suffix follow the region
// (aws / amazonaws.com unless it is a China or GovCloud region); the rest
// are placeholders for values only a deployment has.
func (t *tmpl) pseudo(name string, loc sourceLoc) *val {
	if s, ok := t.opts.params[name]; ok {
		if name == "AWS::NotificationARNs" {
			return splitList(s, loc)
		}
		return t.scalar(s, loc)
	}
	region := t.opts.params["AWS::Region"]
	switch name {
	case "AWS::Partition":
		switch {
		case strings.HasPrefix(region, "cn-"):
			return t.scalar("aws-cn", loc)
		case strings.HasPrefix(region, "us-gov-"):
			return t.scalar("aws-us-gov", loc)
		}
		return t.scalar("aws", loc)
	case "AWS::URLSuffix":
		if strings.HasPrefix(region, "cn-") {
			return t.scalar("amazonaws.com.cn", loc)
		}
		return t.scalar("amazonaws.com", loc)
	case "AWS::NotificationARNs":
		return t.unknown("AWS::NotificationARNs is known only at deploy time", loc)
	}
	v := t.scalar("${"+name+"}", loc)
	v.sym = true
	return v
}

// identityAttr: attributes that name the resource itself (its ARN or id)
// are placeholders that keep the link to the resource; other attributes
// (endpoints, DNS names) are known only after deployment.
func identityAttr(attr string) bool {
	return strings.HasSuffix(attr, "Arn") || strings.HasSuffix(attr, "Id") ||
		strings.HasSuffix(attr, "Name") || strings.HasSuffix(attr, "Ids") || strings.HasSuffix(attr, "ARN")
}

func (t *tmpl) getAtt(arg *yaml.Node, plain bool, loc sourceLoc) *val {
	a := deref(arg)
	var res, attr string
	switch {
	case a != nil && a.Kind == yaml.ScalarNode:
		i := strings.IndexByte(a.Value, '.')
		if i <= 0 || i == len(a.Value)-1 {
			t.diags.Errorf(loc, "Fn::GetAtt %q must be Resource.Attribute", a.Value)
			return t.unknown("invalid Fn::GetAtt", loc)
		}
		res, attr = a.Value[:i], a.Value[i+1:]
	case a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2:
		rv, ok := t.eval(a.Content[0]).text()
		av := t.eval(a.Content[1])
		if av != nil && av.k == kUnknown {
			return t.at(av, loc)
		}
		as, ok2 := av.text()
		if !ok || !ok2 {
			t.diags.Errorf(loc, "Fn::GetAtt expects [Resource, Attribute]")
			return t.unknown("invalid Fn::GetAtt", loc)
		}
		res, attr = rv, as
	default:
		t.diags.Errorf(loc, "Fn::GetAtt expects Resource.Attribute or [Resource, Attribute]")
		return t.unknown("invalid Fn::GetAtt", loc)
	}
	if _, ok := t.resources[res]; !ok {
		t.diags.Errorf(loc, "Fn::GetAtt refers to %s, which is not a resource of this template", res)
		return t.unknown(fmt.Sprintf("Fn::GetAtt to undefined %s", res), loc)
	}
	t.noteRef(res)
	if !identityAttr(attr) {
		v := t.unknown(fmt.Sprintf("Fn::GetAtt %s.%s is a runtime attribute, known only after deployment", res, attr), loc)
		v.ref = res
		v.tag = "${" + res + "." + attr + "}" // what an output shows
		return v
	}
	return t.resourceVal(res, attr, loc)
}

// samStage resolves SAM's referenceable property <Api>.Stage of an
// AWS::Serverless::Api (Ref or ${Api.Stage}): the generated stage's Ref,
// which is its name, the Api's StageName.
func (t *tmpl) samStage(res, attr string, loc sourceLoc) (*val, bool) {
	r, ok := t.resources[res]
	if !ok || r.typ != "AWS::Serverless::Api" || attr != "Stage" {
		return nil, false
	}
	n := lookup(r.props, "StageName")
	if n == nil {
		return unknown(res+" has no StageName", loc), true
	}
	return t.eval(n).at(loc), true
}

func (t *tmpl) sub(arg *yaml.Node, plain bool, loc sourceLoc) *val {
	a := deref(arg)
	var tpl *yaml.Node
	vars := map[string]*val{}
	switch {
	case a != nil && a.Kind == yaml.ScalarNode:
		tpl = a
	case a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2:
		tpl = deref(a.Content[0])
		m := t.eval(a.Content[1])
		if m == nil || m.k != kMap {
			t.diags.Errorf(loc, "Fn::Sub variables must be a mapping")
			return t.unknown("invalid Fn::Sub", loc)
		}
		for i, k := range m.keys {
			vars[k] = m.vals[i]
		}
	}
	if tpl == nil || tpl.Kind != yaml.ScalarNode {
		t.diags.Errorf(loc, "Fn::Sub expects a string or [string, {variables}]")
		return t.unknown("invalid Fn::Sub", loc)
	}
	s := tpl.Value
	// Carved from the arena (see slab.take): a literal and a reference
	// per placeholder, and the text after the last one.
	parts := t.valList(2*strings.Count(s, "${") + 1)
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			parts = append(parts, t.scalar(s, loc))
			break
		}
		parts = append(parts, t.scalar(s[:i], loc))
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			t.diags.Errorf(loc, "Fn::Sub: unclosed ${ in %q", tpl.Value)
			return t.unknown("invalid Fn::Sub", loc)
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			parts = append(parts, t.scalar("${"+name[1:]+"}", loc))
			continue
		}
		name = strings.TrimSpace(name)
		if v, ok := vars[name]; ok {
			parts = append(parts, v)
			continue
		}
		if k := strings.IndexByte(name, '.'); k > 0 && !pseudoParams[name] {
			if _, isParam := t.params[name]; !isParam {
				res, attr := name[:k], name[k+1:]
				if _, ok := t.resources[res]; !ok {
					t.diags.Errorf(loc, "Fn::Sub: ${%s} refers to %s, which is not a resource of this template", name, res)
					return t.unknown(fmt.Sprintf("Fn::Sub refers to undefined %s", res), loc)
				}
				t.noteRef(res)
				if v, ok := t.samStage(res, attr, loc); ok {
					parts = append(parts, v)
					continue
				}
				if !identityAttr(attr) {
					u := t.unknown(fmt.Sprintf("Fn::GetAtt %s.%s is a runtime attribute, known only after deployment", res, attr), loc)
					u.tag = "${" + name + "}"
					parts = append(parts, u)
					continue
				}
				parts = append(parts, t.resourceVal(res, attr, loc))
				continue
			}
		}
		v, noValue := t.ref(name, loc)
		if noValue {
			continue
		}
		if v.k == kList {
			t.diags.Errorf(loc, "Fn::Sub: ${%s} is a list", name)
			return t.unknown("Fn::Sub of a list", loc)
		}
		if v.k == kUnknown && v.partial == "" {
			v = t.at(v, v.loc)
			v.tag = "${" + name + "}"
		}
		parts = append(parts, v)
	}
	out := t.concat(parts, "", loc)
	return out
}

func (t *tmpl) findInMap(arg *yaml.Node, plain bool, loc sourceLoc) *val {
	as, ok := t.args("Fn::FindInMap", arg, plain, 3, 4)
	if !ok {
		return t.unknown("invalid Fn::FindInMap", loc)
	}
	var keys [3]*val
	for i := range 3 {
		keys[i] = t.eval(as[i])
	}
	var def *yaml.Node
	if len(as) == 4 {
		if d := deref(as[3]); d != nil && d.Kind == yaml.MappingNode && len(d.Content) == 2 && d.Content[0].Value == "DefaultValue" {
			def = d.Content[1]
		}
	}
	mapName, ok := keys[0].text()
	if !ok || keys[0].sym {
		return t.unknown("Fn::FindInMap map name is not a literal", loc)
	}
	m := lookup(t.mappings, mapName)
	if m == nil {
		if def != nil {
			return t.at(t.eval(def), loc)
		}
		t.diags.Errorf(loc, "Fn::FindInMap: no mapping %q", mapName)
		return t.unknown(fmt.Sprintf("Fn::FindInMap: no mapping %q", mapName), loc)
	}
	second, ok2 := keys[2].text()
	if !ok2 || keys[2].sym || keys[2].k == kUnknown {
		return t.unknown("Fn::FindInMap second key is known only at deploy time", loc)
	}
	top, ok1 := keys[1].text()
	if !ok1 || keys[1].sym || keys[1].k == kUnknown {
		// The top key (often AWS::Region) is unknown; the value is still
		// known when every entry of the map agrees on it.
		reason := "Fn::FindInMap key is known only at deploy time"
		if keys[1] != nil && keys[1].k == kUnknown {
			reason = keys[1].s
		} else if keys[1] != nil && keys[1].sym {
			reason = fmt.Sprintf("Fn::FindInMap key %s is known only at deploy time", keys[1].s)
		}
		v := t.sameForAllKeys(m, second, loc, reason)
		if v.k == kUnknown {
			v = t.mapChoices(m, mapName, as[1], keys[1], second, def, loc)
		}
		return v
	}
	e := lookup(lookup(m, top), second)
	if e == nil {
		if def != nil {
			return t.at(t.eval(def), loc)
		}
		t.diags.Errorf(loc, "Fn::FindInMap: %s has no %s.%s", mapName, top, second)
		return t.unknown(fmt.Sprintf("Fn::FindInMap: %s has no %s.%s", mapName, top, second), loc)
	}
	return t.at(t.eval(e), loc)
}

func (t *tmpl) sameForAllKeys(m *yaml.Node, second string, loc sourceLoc, reason string) *val {
	var first *val
	for i := 1; i < len(m.Content); i += 2 {
		e := lookup(deref(m.Content[i]), second)
		if e == nil {
			return t.unknown(reason, loc)
		}
		v := t.eval(e)
		if v == nil || v.firstUnknown() != nil {
			return t.unknown(reason, loc)
		}
		if first == nil {
			first = v
			continue
		}
		if string(first.appendJSON(nil)) != string(v.appendJSON(nil)) {
			return t.unknown(reason, loc)
		}
	}
	if first == nil {
		return t.unknown(reason, loc)
	}
	return t.at(first, loc)
}

// lookup finds key in a mapping node.
func lookup(m *yaml.Node, key string) *yaml.Node {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// resourceVal is the value of Ref (attr "") or an identity Fn::GetAtt of a
// resource of the template. When the template fixes the physical name, the
// real value is computed (a bucket's name and ARN), so that policies name
// the resource as AWS will; otherwise it is a placeholder like ${Bucket.Arn}.
func (t *tmpl) resourceVal(id, attr string, loc sourceLoc) *val {
	v := t.newVal(val{k: kScalar, tag: "!!str", ref: id, sym: true, loc: loc})
	v.s = t.resources[id].placeholder(id, attr)
	name, ok := t.bucketName(id)
	partition, _ := t.pseudo("AWS::Partition", loc).text()
	if !ok {
		if attr == "Arn" && t.resources[id] != nil && t.resources[id].typ == "AWS::S3::Bucket" {
			// A generated name: the ARN is still arn:...:s3:::<name>, the
			// same ${Bucket} a !Sub "arn:...:s3:::${Bucket}/*" writes, so
			// both ways of naming the bucket in its policy agree.
			v.s = "arn:" + partition + ":s3:::${" + id + "}"
		}
		return v
	}
	// A name built from pseudo parameters (${AWS::StackName}-logs) stays
	// symbolic, but it is the same text the bucket's own Name holds: a
	// policy written with ${Bucket.Arn} must name exactly what the bucket
	// is checked as, never a stand-in that covers more (or other) objects.
	sym := strings.Contains(name, "${")
	switch attr {
	case "":
		v.s, v.sym = name, sym
	case "Arn":
		v.s, v.sym = "arn:"+partition+":s3:::"+name, sym
	case "DomainName":
		v.s, v.sym = name+".s3.amazonaws.com", sym
	}
	return v
}

// placeholder is ${id} (attr "") or ${id.attr}, made once per resource
// and attribute (r may be nil).
func (r *resource) placeholder(id, attr string) string {
	if r != nil {
		for _, p := range r.placeholders {
			if p.attr == attr {
				return p.text
			}
		}
	}
	text := "${" + id + "}"
	if attr != "" {
		text = "${" + id + "." + attr + "}"
	}
	if r != nil {
		r.placeholders = append(r.placeholders, attrText{attr, text})
	}
	return text
}

type attrText struct{ attr, text string }

// bucketName is the BucketName of a bucket of the template, once: literal
// text, or text with deploy-time placeholders such as ${AWS::StackName}
// (never a wholly unknown value).
func (t *tmpl) bucketName(id string) (string, bool) {
	if n, ok := t.names[id]; ok {
		return n, n != ""
	}
	r := t.resources[id]
	if r == nil || r.typ != "AWS::S3::Bucket" || t.resolving[id] {
		return "", false
	}
	t.resolving[id] = true
	defer delete(t.resolving, id)
	name, ok := t.eval(lookup(r.props, "BucketName")).text()
	if !ok {
		name = ""
	}
	t.names[id] = name
	return name, name != ""
}

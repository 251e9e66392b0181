package cloudformation

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/source"
)

type sourceLoc = source.Loc

type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

type condResult struct {
	tri    tri
	reason string // why it is unknown
	busy   bool   // being evaluated: a second visit is a cycle
}

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// cond evaluates the named condition of the Conditions section, once.
func (t *tmpl) cond(name string, loc sourceLoc) condResult {
	if r, ok := t.condMemo[name]; ok {
		if r.busy {
			t.diags.Errorf(loc, "condition %s depends on itself", name)
			return condResult{reason: fmt.Sprintf("condition %s depends on itself", name)}
		}
		return r
	}
	n, ok := t.conds[name]
	if !ok {
		t.diags.Errorf(loc, "condition %s is not defined in Conditions", name)
		r := condResult{reason: fmt.Sprintf("condition %s is not defined", name)}
		t.condMemo[name] = r
		return r
	}
	t.condMemo[name] = condResult{busy: true}
	r := t.condNode(n)
	if r.tri == triUnknown && r.reason != "" {
		r.reason = fmt.Sprintf("condition %s is unknown: %s", name, r.reason)
	}
	t.condMemo[name] = r
	return r
}

// condNode evaluates a condition expression.
func (t *tmpl) condNode(n *yaml.Node) condResult {
	n = deref(n)
	if n == nil {
		return condResult{reason: "empty condition"}
	}
	fn, arg, plain := intrinsic(n)
	if fn == "" && n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Condition" {
		fn, arg = "Condition", n.Content[1]
	}
	if fn == "" {
		if n.Kind == yaml.ScalarNode {
			if b, err := strconv.ParseBool(n.Value); err == nil {
				return condResult{tri: triOf(b)}
			}
		}
		t.diags.Errorf(t.point(n), "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
		return condResult{reason: "invalid condition"}
	}
	return t.condCall(fn, arg, plain, t.point(n))
}

func (t *tmpl) condCall(fn string, arg *yaml.Node, plain bool, loc sourceLoc) condResult {
	switch fn {
	case "Condition":
		a := deref(arg)
		if a == nil || a.Kind != yaml.ScalarNode {
			t.diags.Errorf(loc, "Condition expects a condition name")
			return condResult{reason: "invalid Condition"}
		}
		return t.cond(a.Value, loc)
	case "Fn::Equals":
		as, ok := t.args(fn, arg, plain, 2, 2)
		if !ok {
			return condResult{reason: "invalid Fn::Equals"}
		}
		a, b := t.eval(as[0]), t.eval(as[1])
		for _, v := range []*val{a, b} {
			if u := v.firstUnknown(); u != nil {
				return condResult{reason: u.s}
			}
		}
		ja, jb := string(a.appendJSON(nil)), string(b.appendJSON(nil))
		if hasSym(a) || hasSym(b) {
			if ja == jb {
				return condResult{tri: triTrue}
			}
			return condResult{reason: fmt.Sprintf("compares %s with %s, known only at deploy time", plainText(a), plainText(b))}
		}
		if a != nil && b != nil && a.k == kScalar && b.k == kScalar {
			return condResult{tri: triOf(a.s == b.s)}
		}
		return condResult{tri: triOf(ja == jb)}
	case "Fn::Not":
		as, ok := t.args(fn, arg, plain, 1, 1)
		if !ok {
			return condResult{reason: "invalid Fn::Not"}
		}
		r := t.condNode(as[0])
		switch r.tri {
		case triTrue:
			return condResult{tri: triFalse}
		case triFalse:
			return condResult{tri: triTrue}
		}
		return r
	case "Fn::And", "Fn::Or":
		as, ok := t.args(fn, arg, plain, 2, 10)
		if !ok {
			return condResult{reason: "invalid " + fn}
		}
		// Three-valued: And is false if any part is false, Or true if any
		// part is true, whatever the unknown parts are.
		decisive := triFalse
		if fn == "Fn::Or" {
			decisive = triTrue
		}
		var unk *condResult
		for _, a := range as {
			r := t.condNode(a)
			if r.tri == decisive {
				return r
			}
			if r.tri == triUnknown && unk == nil {
				unk = &r
			}
		}
		if unk != nil {
			return *unk
		}
		if decisive == triTrue {
			return condResult{tri: triFalse}
		}
		return condResult{tri: triTrue}
	}
	t.diags.Errorf(loc, "%s cannot be used as a condition", fn)
	return condResult{reason: fmt.Sprintf("%s is not a condition function", fn)}
}

func plainText(v *val) string {
	if v == nil {
		return "null"
	}
	if v.k == kScalar {
		return strconv.Quote(v.s)
	}
	return string(v.appendJSON(nil))
}

// cidr implements Fn::Cidr [ipBlock, count, cidrBits]: count consecutive
// subnets with cidrBits host bits each.
func (t *tmpl) cidr(arg *yaml.Node, plain bool, loc sourceLoc) *val {
	as, ok := t.args("Fn::Cidr", arg, plain, 3, 3)
	if !ok {
		return unknown("invalid Fn::Cidr", loc)
	}
	var vs [3]*val
	for i := range 3 {
		vs[i] = t.eval(as[i])
		if vs[i] != nil && vs[i].k == kUnknown {
			return vs[i].at(loc)
		}
		if vs[i] != nil && vs[i].sym {
			return unknown(fmt.Sprintf("Fn::Cidr argument %s is known only at deploy time", vs[i].s), loc)
		}
	}
	block, _ := vs[0].text()
	countS, _ := vs[1].text()
	bitsS, _ := vs[2].text()
	pfx, err := netip.ParsePrefix(block)
	count, err2 := strconv.Atoi(countS)
	bits, err3 := strconv.Atoi(bitsS)
	if err != nil || err2 != nil || err3 != nil {
		t.diags.Errorf(loc, "Fn::Cidr expects [cidr, count, bits], got [%q, %q, %q]", block, countS, bitsS)
		return unknown("invalid Fn::Cidr", loc)
	}
	pfx = pfx.Masked()
	total := pfx.Addr().BitLen()
	newLen := total - bits
	if bits <= 0 || newLen < pfx.Bits() || count < 1 || count > 256 || newLen-pfx.Bits() < 62 && count > 1<<(newLen-pfx.Bits()) {
		t.diags.Errorf(loc, "Fn::Cidr cannot cut %d subnets of %d host bits out of %s", count, bits, block)
		return unknown("invalid Fn::Cidr", loc)
	}
	out := &val{k: kList, loc: loc}
	a16 := pfx.Addr().As16()
	hi, lo := binary.BigEndian.Uint64(a16[:8]), binary.BigEndian.Uint64(a16[8:])
	for i := range count {
		// add i << bits to the 128-bit address
		addHi, addLo := uint64(0), uint64(0)
		if bits < 64 {
			addLo = uint64(i) << bits
			if bits > 0 {
				addHi = uint64(i) >> (64 - bits)
			}
		} else {
			addHi = uint64(i) << (bits - 64)
		}
		nlo := lo + addLo
		carry := uint64(0)
		if nlo < lo {
			carry = 1
		}
		nhi := hi + addHi + carry
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], nhi)
		binary.BigEndian.PutUint64(b[8:], nlo)
		addr := netip.AddrFrom16(b)
		if pfx.Addr().Is4() {
			addr = addr.Unmap()
		}
		out.list = append(out.list, scalar(netip.PrefixFrom(addr, newLen).String(), loc))
	}
	return out
}

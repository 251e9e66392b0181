package terraform

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"gopkg.in/yaml.v3"
)

// More Terraform built-ins that real modules call. Parameters do not allow
// unknowns unless said otherwise, so cty returns an unknown result for an
// unknown argument without calling Impl.
//
// Not here on purpose: type(), which Terraform documents as available only
// in `terraform console` and which is not valid in configuration.

// plantimestampFunc is known only when Terraform plans; a scan reads the
// code, and the wall clock would make scans differ from run to run.
var plantimestampFunc = function.New(&function.Spec{
	Type: function.StaticReturnType(cty.String),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.UnknownVal(cty.String).Mark(unresolved{Reason: "plantimestamp() is known only at plan time"}), nil
	},
})

// isSensitiveFunc is Terraform's issensitive. onus does not track
// sensitivity (sensitive() and sensitive variables pass values through
// unmarked), so a known value reads as not sensitive; Terraform would say
// true for a value from a sensitive variable or output or from sensitive().
// The answer only steers which branch a module takes for display purposes,
// never a security setting that a control reads. An unknown argument gives
// an unknown answer rather than a guess.
var isSensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.False, nil
	},
})

// transposeFunc is Terraform's transpose: map(list(string)) with keys and
// values swapped; each new list follows the order of the input keys.
var transposeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
	Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		in := args[0]
		if !in.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		if in.IsNull() {
			return cty.NilVal, fmt.Errorf("transpose of a null map")
		}
		out := map[string][]cty.Value{}
		for it := in.ElementIterator(); it.Next(); {
			k, list := it.Element()
			if list.IsNull() {
				return cty.NilVal, fmt.Errorf("input lists must not contain null values")
			}
			for lit := list.ElementIterator(); lit.Next(); {
				_, v := lit.Element()
				if v.IsNull() {
					return cty.NilVal, fmt.Errorf("input lists must not contain null values")
				}
				out[v.AsString()] = append(out[v.AsString()], k)
			}
		}
		if len(out) == 0 {
			return cty.MapValEmpty(cty.List(cty.String)), nil
		}
		m := make(map[string]cty.Value, len(out))
		for k, vs := range out {
			m[k] = cty.ListVal(vs)
		}
		return cty.MapVal(m), nil
	},
})

// matchkeysFunc is Terraform's matchkeys(values, keys, searchset): the
// elements of values whose key at the same index is in searchset.
var matchkeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		if _, conv := convert.UnifyUnsafe([]cty.Type{args[1].Type(), args[2].Type()}); conv == nil {
			return cty.NilType, function.NewArgErrorf(1, "keys and searchset must be of the same type")
		}
		return args[0].Type(), nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		vals, keys, search := args[0], args[1], args[2]
		if vals.IsNull() || keys.IsNull() || search.IsNull() {
			return cty.NilVal, fmt.Errorf("matchkeys arguments must not be null")
		}
		if vals.LengthInt() != keys.LengthInt() {
			return cty.NilVal, fmt.Errorf("length of keys and values should be equal")
		}
		if !keys.IsWhollyKnown() || !search.IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		ty, _ := convert.UnifyUnsafe([]cty.Type{keys.Type(), search.Type()})
		keys, err := convert.Convert(keys, ty)
		if err != nil {
			return cty.NilVal, err
		}
		search, err = convert.Convert(search, ty)
		if err != nil {
			return cty.NilVal, err
		}
		var out []cty.Value
		ki := keys.ElementIterator()
		for vi := vals.ElementIterator(); vi.Next() && ki.Next(); {
			_, v := vi.Element()
			_, k := ki.Element()
			for si := search.ElementIterator(); si.Next(); {
				_, s := si.Element()
				if eq := k.Equals(s); eq.IsKnown() && eq.True() {
					out = append(out, v)
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		return cty.ListVal(out), nil
	},
})

// timecmpFunc is Terraform's timecmp: -1, 0 or 1 comparing two RFC 3339
// timestamps as instants (time zones taken into account).
var timecmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "timestamp_a", Type: cty.String}, {Name: "timestamp_b", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ts [2]time.Time
		for i, a := range args {
			t, err := time.Parse(time.RFC3339, a.AsString())
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(i, "not a valid RFC 3339 timestamp: %s", err)
			}
			ts[i] = t
		}
		return cty.NumberIntVal(int64(ts[0].Compare(ts[1]))), nil
	},
})

// uuidNamespaces are the well-known namespaces uuidv5 accepts by name (RFC 4122 appendix C).
var uuidNamespaces = map[string]string{
	"dns":  "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
	"url":  "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	"oid":  "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
	"x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}

// parseUUID reads a UUID in the forms Terraform accepts: dashed, plain
// hex, braced or urn:uuid:-prefixed.
func parseUUID(s string) ([]byte, error) {
	t := strings.TrimPrefix(strings.ToLower(s), "urn:uuid:")
	t = strings.TrimSuffix(strings.TrimPrefix(t, "{"), "}")
	if len(t) == 36 {
		if t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-' {
			return nil, fmt.Errorf("invalid UUID %q", s)
		}
		t = strings.ReplaceAll(t, "-", "")
	}
	b, err := hex.DecodeString(t)
	if err != nil || len(b) != 16 {
		return nil, fmt.Errorf("invalid UUID %q", s)
	}
	return b, nil
}

// uuidv5Func is Terraform's uuidv5: a name-based (SHA-1) UUID, which is
// deterministic and so known at scan time.
var uuidv5Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "namespace", Type: cty.String}, {Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ns := args[0].AsString()
		if known, ok := uuidNamespaces[ns]; ok {
			ns = known
		}
		nsb, err := parseUUID(ns)
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "uuidv5 namespace must be dns, url, oid, x500 or a UUID: %s", err)
		}
		h := sha1.New()
		h.Write(nsb)
		h.Write([]byte(args[1].AsString()))
		u := h.Sum(nil)[:16]
		u[6] = u[6]&0x0f | 0x50
		u[8] = u[8]&0x3f | 0x80
		x := hex.EncodeToString(u)
		return cty.StringVal(x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]), nil
	},
})

// cidrContainsFunc is Terraform's cidrcontains(containing_prefix,
// contained_ip_or_prefix); the two must be of the same address family.
var cidrContainsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "containing_prefix", Type: cty.String}, {Name: "contained_ip_or_prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		outer, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		s := args[1].AsString()
		var inner netip.Prefix
		if strings.Contains(s, "/") {
			if inner, err = parsePrefix(s); err != nil {
				return cty.NilVal, function.NewArgError(1, err)
			}
		} else {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(1, "invalid IP address %q", s)
			}
			inner = netip.PrefixFrom(a, a.BitLen())
		}
		if outer.Addr().Is4() != inner.Addr().Is4() {
			return cty.NilVal, fmt.Errorf("address family mismatch: %s and %s", outer, s)
		}
		return cty.BoolVal(outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())), nil
	},
})

// textCodec is one character encoding textencodebase64/textdecodebase64
// know. onus implements the encodings modules use (UTF-16LE for Windows
// PowerShell is the usual one) with the standard library only.
type textCodec struct {
	encode func(string) ([]byte, error)
	decode func([]byte) string
}

// textCodecFor looks an IANA encoding name (or alias) up, ignoring case.
func textCodecFor(name string) (textCodec, bool) {
	switch strings.ToLower(name) {
	case "utf-8", "utf8", "csutf8":
		return textCodec{func(s string) ([]byte, error) { return []byte(s), nil }, decodeUTF8}, true
	case "utf-16le", "csutf16le":
		return textCodec{utf16Encoder(false, false), utf16Decoder(false)}, true
	case "utf-16be", "csutf16be":
		return textCodec{utf16Encoder(true, false), utf16Decoder(true)}, true
	case "utf-16", "csutf16":
		// Big-endian with a byte order mark, as Terraform's encoder writes it.
		return textCodec{utf16Encoder(true, true), utf16Decoder(true)}, true
	case "iso-8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "l1", "iso-ir-100", "ibm819", "cp819", "csisolatin1":
		return textCodec{encodeLatin1, func(b []byte) string {
			r := make([]rune, len(b))
			for i, c := range b {
				r[i] = rune(c)
			}
			return string(r)
		}}, true
	}
	return textCodec{}, false
}

func decodeUTF8(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		sb.WriteRune(r) // an invalid byte becomes U+FFFD, one per byte
		b = b[n:]
	}
	return sb.String()
}

func encodeLatin1(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, fmt.Errorf("the given string contains characters that cannot be represented in ISO-8859-1")
		}
		out = append(out, byte(r))
	}
	return out, nil
}

func utf16Encoder(bigEndian, bom bool) func(string) ([]byte, error) {
	return func(s string) ([]byte, error) {
		u := utf16.Encode([]rune(s))
		if bom {
			u = append([]uint16{0xfeff}, u...)
		}
		out := make([]byte, 0, 2*len(u))
		for _, c := range u {
			if bigEndian {
				out = append(out, byte(c>>8), byte(c))
			} else {
				out = append(out, byte(c), byte(c>>8))
			}
		}
		return out, nil
	}
}

// utf16Decoder honours a byte order mark and otherwise uses the given
// order; an odd trailing byte becomes U+FFFD.
func utf16Decoder(bigEndian bool) func([]byte) string {
	return func(b []byte) string {
		if len(b) >= 2 {
			switch {
			case b[0] == 0xfe && b[1] == 0xff:
				bigEndian, b = true, b[2:]
			case b[0] == 0xff && b[1] == 0xfe:
				bigEndian, b = false, b[2:]
			}
		}
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if bigEndian {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			} else {
				u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
			}
		}
		s := string(utf16.Decode(u))
		if len(b)%2 == 1 {
			s += "\uFFFD"
		}
		return s
	}
}

// unsupportedEncoding is the result for a valid IANA name onus has no
// codec for: unknown with the reason, not an error on valid code.
func unsupportedEncoding(fn, name string) cty.Value {
	return cty.UnknownVal(cty.String).Mark(unresolved{Reason: fmt.Sprintf("%s: onus does not implement the %q encoding", fn, name)})
}

var textEncodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		c, ok := textCodecFor(args[1].AsString())
		if !ok {
			return unsupportedEncoding("textencodebase64", args[1].AsString()), nil
		}
		b, err := c.encode(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	},
})

var textDecodeBase64Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "source", Type: cty.String}, {Name: "encoding", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		c, ok := textCodecFor(args[1].AsString())
		if !ok {
			return unsupportedEncoding("textdecodebase64", args[1].AsString()), nil
		}
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "the given value is not valid base64: %s", err)
		}
		return cty.StringVal(c.decode(b)), nil
	},
})

// yamlEncodeFunc is Terraform's yamlencode: strings double-quoted (literal
// blocks when they hold newlines), mapping keys sorted and quoted, numbers
// in full. The layout follows Terraform's except in two places, where it is
// the same YAML document but not the same bytes: yaml.v3 indents a sequence
// under a mapping key by two spaces ("k:\n  - 1" where Terraform writes
// "k:\n- 1"), and it does not fold double-quoted strings longer than 80
// columns onto continuation lines as Terraform does.
var yamlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.String), nil
		}
		if v.IsNull() {
			return cty.StringVal("null\n...\n"), nil
		}
		n, err := ctyToYAML(v)
		if err != nil {
			return cty.NilVal, err
		}
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(n); err != nil {
			return cty.NilVal, fmt.Errorf("yamlencode: %w", err)
		}
		if err := enc.Close(); err != nil {
			return cty.NilVal, fmt.Errorf("yamlencode: %w", err)
		}
		return cty.StringVal(buf.String()), nil
	},
})

func yamlString(s string) *yaml.Node {
	st := yaml.DoubleQuotedStyle
	if strings.Contains(s, "\n") {
		st = yaml.LiteralStyle
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: st}
}

func ctyToYAML(v cty.Value) (*yaml.Node, error) {
	if v.IsNull() {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: "null"}, nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return yamlString(v.AsString()), nil
	case ty == cty.Number:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: v.AsBigFloat().Text('f', -1)}, nil
	case ty == cty.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprint(v.True())}, nil
	case ty.IsMapType() || ty.IsObjectType():
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			en, err := ctyToYAML(e)
			if err != nil {
				return nil, err
			}
			kn := yamlString(k.AsString())
			kn.Style = yaml.DoubleQuotedStyle
			n.Content = append(n.Content, kn, en)
		}
		return n, nil
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			en, err := ctyToYAML(e)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, en)
		}
		return n, nil
	}
	return nil, fmt.Errorf("yamlencode cannot encode a value of type %s", ty.FriendlyName())
}

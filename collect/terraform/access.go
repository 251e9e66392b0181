package terraform

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Readers turn evaluated attributes into model values. The rules:
// an attribute that is absent (or null) takes the AWS default, pointing at
// the enclosing block; an unknown stays unknown with its reason; a value of
// the wrong type is unknown, never coerced into a default.

func (b *evBlock) loc() source.Loc { return toLoc(b.rng) }

// lookup returns the attribute when it is set to something other than null.
func (b *evBlock) lookup(name string) (*evAttr, bool) {
	if b == nil {
		return nil, false
	}
	a, ok := b.attrs[name]
	if !ok {
		return nil, false
	}
	if uv, _ := a.val.Unmark(); uv.IsKnown() && uv.IsNull() {
		return nil, false
	}
	return a, true
}

func (b *evBlock) has(name string) bool {
	_, ok := b.lookup(name)
	return ok
}

func read[T any](b *evBlock, name string, f func(cty.Value) (T, error)) (source.Value[T], bool) {
	a, ok := b.lookup(name)
	if !ok {
		return source.Value[T]{}, false
	}
	at := source.At(toLoc(a.rng))
	if !a.val.IsWhollyKnown() {
		return source.Unknown[T](reasonOf(a.val), at), true
	}
	plain, _ := a.val.UnmarkDeep()
	v, err := f(plain)
	if err != nil {
		return source.Unknown[T](fmt.Sprintf("%s: %v", name, err), at), true
	}
	return source.Known(v, at), true
}

func ctyString(v cty.Value) (string, error) {
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", fmt.Errorf("not a string")
	}
	return s.AsString(), nil
}

func ctyBool(v cty.Value) (bool, error) {
	b, err := convert.Convert(v, cty.Bool)
	if err != nil {
		return false, fmt.Errorf("not a bool")
	}
	return b.True(), nil
}

func ctyInt(v cty.Value) (int, error) {
	n, err := convert.Convert(v, cty.Number)
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	i, acc := n.AsBigFloat().Int64()
	if acc != big.Exact {
		return 0, fmt.Errorf("not a whole number")
	}
	return int(i), nil
}

func ctyStrings(v cty.Value) ([]string, error) {
	if !v.CanIterateElements() {
		s, err := ctyString(v)
		if err != nil {
			return nil, fmt.Errorf("not a list of strings")
		}
		return []string{s}, nil
	}
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			continue
		}
		s, err := ctyString(e)
		if err != nil {
			return nil, fmt.Errorf("not a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

func ctyStringMap(v cty.Value) (map[string]string, error) {
	if !v.Type().IsMapType() && !v.Type().IsObjectType() {
		return nil, fmt.Errorf("not a map")
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if e.IsNull() {
			continue
		}
		s, err := ctyString(e)
		if err != nil {
			return nil, fmt.Errorf("map value is not a string")
		}
		out[k.AsString()] = s
	}
	return out, nil
}

// str reads a string; absent gives the default def at the block.
func (b *evBlock) str(name, def string) source.Value[string] {
	if v, ok := read(b, name, ctyString); ok {
		return v
	}
	return source.Known(def, source.At(b.loc()))
}

// strComputed reads a string that AWS computes when absent.
func (b *evBlock) strComputed(name, reason string) source.Value[string] {
	if v, ok := read(b, name, ctyString); ok {
		return v
	}
	return source.Unknown[string](reason, source.At(b.loc()))
}

func (b *evBlock) boolean(name string, def bool) source.Value[bool] {
	if v, ok := read(b, name, ctyBool); ok {
		return v
	}
	return source.Known(def, source.At(b.loc()))
}

func (b *evBlock) integer(name string, def int) source.Value[int] {
	if v, ok := read(b, name, ctyInt); ok {
		return v
	}
	return source.Known(def, source.At(b.loc()))
}

func (b *evBlock) strings(name string) source.Value[[]string] {
	if v, ok := read(b, name, ctyStrings); ok {
		return v
	}
	return source.Known([]string{}, source.At(b.loc()))
}

func (b *evBlock) tags() source.Value[map[string]string] {
	if v, ok := read(b, "tags", ctyStringMap); ok {
		return v
	}
	return source.Known(map[string]string{}, source.At(b.loc()))
}

// refAddr is the resource a value stands for when it is an unknown computed
// attribute of exactly one resource (aws_kms_key.k.arn -> aws_kms_key.k).
func refAddr(v cty.Value) (string, bool) {
	if v.IsWhollyKnown() {
		return "", false
	}
	var addr string
	for _, m := range marksOf(v) {
		switch m := m.(type) {
		case unresolved:
			return "", false
		case refMark:
			if m.Data {
				return "", false
			}
			if addr != "" && addr != m.Addr {
				return "", false
			}
			addr = m.Addr
		}
	}
	return addr, addr != ""
}

// ident reads an identifier (id, ARN, name): a literal, or the address of
// the resource whose computed id it is. Absent gives def.
func (b *evBlock) ident(name, def string) source.Value[string] {
	a, ok := b.lookup(name)
	if !ok {
		return source.Known(def, source.At(b.loc()))
	}
	if addr, ok := refAddr(a.val); ok {
		return source.Known(addr, source.At(toLoc(a.rng)))
	}
	v, _ := read(b, name, ctyString)
	return v
}

// idents reads a list of identifiers element by element.
func (b *evBlock) idents(name string) source.Value[[]string] {
	a, ok := b.lookup(name)
	if !ok {
		return source.Known([]string{}, source.At(b.loc()))
	}
	at := source.At(toLoc(a.rng))
	uv, _ := a.val.Unmark()
	if !uv.IsKnown() || !uv.CanIterateElements() {
		if addr, ok := refAddr(a.val); ok && !uv.IsKnown() {
			return source.Unknown[[]string]("list computed from "+addr, at)
		}
		v, _ := read(b, name, ctyStrings)
		return v
	}
	out := []string{}
	for it := uv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsWhollyKnown() {
			p, _ := e.UnmarkDeep()
			if p.IsNull() {
				continue
			}
			s, err := ctyString(p)
			if err != nil {
				return source.Unknown[[]string](name+": not a list of strings", at)
			}
			out = append(out, s)
			continue
		}
		addr, ok := refAddr(e)
		if !ok {
			return source.Unknown[[]string](reasonOf(e), at)
		}
		out = append(out, addr)
	}
	return source.Known(out, at)
}

// block returns the first nested block of a type (nil when absent), and
// whether the set of such blocks is unknown (dynamic with unknown for_each).
func (b *evBlock) block(name string) (*evBlock, string) {
	bs, reason := b.nested(name)
	if len(bs) == 0 {
		return nil, reason
	}
	return bs[0], reason
}

// nested lists nested blocks. Plan JSON has no blocks, only attributes
// holding lists of objects: those are read as blocks too.
func (b *evBlock) nested(name string) ([]*evBlock, string) {
	if b == nil {
		return nil, ""
	}
	if r, ok := b.unknownBlocks[name]; ok {
		return b.blocks[name], r
	}
	if bs, ok := b.blocks[name]; ok {
		return bs, ""
	}
	a, ok := b.attrs[name]
	if !ok {
		return nil, ""
	}
	uv, _ := a.val.Unmark()
	if !uv.IsKnown() {
		return nil, reasonOf(a.val)
	}
	if uv.IsNull() {
		return nil, ""
	}
	var elems []cty.Value
	switch {
	case uv.Type().IsObjectType() || uv.Type().IsMapType():
		elems = []cty.Value{uv}
	case uv.CanIterateElements():
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, e)
		}
	default:
		return nil, ""
	}
	// When the value is written as a literal object or list of objects
	// (attribute-as-block syntax, .tf.json), each element keeps the range
	// of its own constructor, so provenance points at the exact line.
	var elemExprs []hclsyntax.Expression
	switch x := a.expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		elemExprs = []hclsyntax.Expression{x}
	case *hclsyntax.TupleConsExpr:
		if len(x.Exprs) == len(elems) {
			elemExprs = x.Exprs
		}
	}
	var out []*evBlock
	for i, e := range elems {
		ue, _ := e.Unmark()
		if !ue.IsKnown() {
			return nil, reasonOf(e)
		}
		if ue.IsNull() || !(ue.Type().IsObjectType() || ue.Type().IsMapType()) {
			continue
		}
		var x hclsyntax.Expression
		if i < len(elemExprs) {
			x = elemExprs[i]
		}
		out = append(out, valueBlock(name, ue, a.rng, x))
	}
	return out, ""
}

// valueBlock wraps an object value as a block (attribute-as-block syntax,
// plan JSON). x is the object constructor that wrote it, when there is one.
func valueBlock(typ string, v cty.Value, rng hcl.Range, x hclsyntax.Expression) *evBlock {
	items := map[string]hclsyntax.ObjectConsItem{}
	if oc, ok := x.(*hclsyntax.ObjectConsExpr); ok {
		rng = oc.SrcRange
		for _, it := range oc.Items {
			if kv, ds := it.KeyExpr.Value(nil); !ds.HasErrors() && kv.Type() == cty.String && kv.IsKnown() && !kv.IsNull() {
				items[kv.AsString()] = it
			}
		}
	}
	nb := &evBlock{typ: typ, rng: rng, attrs: map[string]*evAttr{}}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		a := &evAttr{val: e, rng: rng}
		if item, ok := items[k.AsString()]; ok {
			a.rng = hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range())
			a.expr = item.ValueExpr
		}
		nb.attrs[k.AsString()] = a
	}
	return nb
}

// untaggable are mapped resource types without tags: the provider's
// default_tags do not apply to them.
var untaggable = map[string]bool{
	"aws_s3_account_public_access_block": true, "aws_ebs_encryption_by_default": true,
	"aws_iam_account_password_policy": true, "aws_iam_group": true,
	"aws_config_configuration_recorder": true, "aws_config_delivery_channel": true,
	"aws_config_conformance_pack": true, "aws_cloudwatch_log_metric_filter": true,
	"aws_securityhub_account": true, "aws_macie2_account": true,
}

// tags are the resource's effective tags: its own tags over the
// provider's default_tags, the way the AWS provider merges them (plan JSON
// carries the merged tags_all). The value points at the resource's tags
// when it sets any, else at the default_tags block.
func (r *resInst) tags() source.Value[map[string]string] {
	if v, ok := read(r.body, "tags_all", ctyStringMap); ok {
		return v
	}
	own := r.body.tags()
	if untaggable[r.typ] || !strings.HasPrefix(r.typ, "aws_") {
		return own
	}
	if r.defaultTags == nil {
		return own // the provider sets no default_tags
	}
	def := *r.defaultTags
	ownM, ok := own.Get()
	if !ok {
		return own
	}
	defM, ok := def.Get()
	if !ok {
		return source.Unknown[map[string]string](def.Reason(), def.Prov())
	}
	merged := make(map[string]string, len(ownM)+len(defM))
	for k, v := range defM {
		merged[k] = v
	}
	for k, v := range ownM {
		merged[k] = v
	}
	if r.body.has("tags") {
		return source.Known(merged, own.Prov())
	}
	return source.Known(merged, def.Prov())
}

// meta builds the resource header.
func (r *resInst) meta() base.Meta {
	m := base.Meta{Type: r.typ, Address: r.addr, Source: source.Terraform, Loc: r.loc,
		Module: r.module, Ignores: r.ignores, Tags: r.tags()}
	if reg, ok := r.region.Get(); ok {
		m.Region = reg
	}
	return m
}

func (r *resInst) at() source.Prov { return source.At(r.loc) }

func hclRangeOver(a, b hcl.Range) hcl.Range { return hcl.RangeOver(a, b) }

func itoa(i int) string { return strconv.Itoa(i) }

type timeT = time.Time

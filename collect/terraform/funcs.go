package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math/big"
	"net/netip"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions is the Terraform function library for one module directory
// (file and templatefile resolve paths against it). Functions Terraform
// only knows at apply time (timestamp, uuid, bcrypt) return unknowns.
func functions(moduleDir, rootDir string) map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc,
		"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "upper": stdlib.UpperFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
		"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "index": stdlib.IndexFunc,
		"keys": stdlib.KeysFunc, "length": lengthFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "formatdate": stdlib.FormatDateFunc,
		"timeadd": stdlib.TimeAddFunc,
		"tobool":  stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryFunc, "can": canFunc,
		"jsonencode": jsonEncodeFunc, "lookup": lookupFunc, "replace": replaceFunc,
		"startswith": strPredFunc(strings.HasPrefix), "endswith": strPredFunc(strings.HasSuffix),
		"strcontains": strPredFunc(strings.Contains),
		"alltrue":     boolFoldFunc(true), "anytrue": boolFoldFunc(false),
		"one": oneFunc, "sum": sumFunc,
		"base64encode": strFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": strFunc(func(s string) (string, error) {
			b, err := base64.StdEncoding.DecodeString(s)
			return string(b), err
		}),
		"urlencode": strFunc(func(s string) (string, error) { return url.QueryEscape(s), nil }),
		"md5":       strFunc(hashHex(func(b []byte) []byte { h := md5.Sum(b); return h[:] })),
		"sha1":      strFunc(hashHex(func(b []byte) []byte { h := sha1.Sum(b); return h[:] })),
		"sha256":    strFunc(hashHex(func(b []byte) []byte { h := sha256.Sum256(b); return h[:] })),
		"sha512":    strFunc(hashHex(func(b []byte) []byte { h := sha512.Sum512(b); return h[:] })),
		"base64sha256": strFunc(func(s string) (string, error) {
			h := sha256.Sum256([]byte(s))
			return base64.StdEncoding.EncodeToString(h[:]), nil
		}),
		"basename":  strFunc(func(s string) (string, error) { return path.Base(filepath.ToSlash(s)), nil }),
		"dirname":   strFunc(func(s string) (string, error) { return path.Dir(filepath.ToSlash(s)), nil }),
		"abspath":   strFunc(func(s string) (string, error) { return filepath.ToSlash(s), nil }),
		"sensitive": identityFunc, "nonsensitive": identityFunc,
		"timestamp": applyTimeFunc("timestamp"), "uuid": applyTimeFunc("uuid"),
		"bcrypt":     applyTimeFunc("bcrypt"),
		"cidrsubnet": cidrSubnetFunc, "cidrhost": cidrHostFunc, "cidrnetmask": cidrNetmaskFunc,
		"cidrsubnets": cidrSubnetsFunc,
	}
	dirs := fileDirs{module: moduleDir, root: rootDir}
	fs["file"] = fileFunc(dirs, false)
	fs["filebase64"] = fileFunc(dirs, true)
	fs["fileexists"] = fileExistsFunc(dirs)
	fs["templatefile"] = templateFileFunc(dirs, fs)
	fs["fileset"] = filesetFunc(dirs)
	for name, h := range map[string]func() hash.Hash{"md5": md5New, "sha1": sha1New, "sha256": sha256New, "sha512": sha512New} {
		fs["file"+name] = fileHashFunc(dirs, h, false)
	}
	fs["filebase64sha256"] = fileHashFunc(dirs, sha256New, true)
	fs["filebase64sha512"] = fileHashFunc(dirs, sha512New, true)
	fs["base64sha512"] = strHashFunc(sha512New, true)
	fs["base64gzip"] = base64GzipFunc
	fs["yamldecode"] = yamlDecodeFunc
	fs["templatestring"] = templateStringFunc(fs)
	fs["yamlencode"] = yamlEncodeFunc
	fs["transpose"] = transposeFunc
	fs["matchkeys"] = matchkeysFunc
	fs["textencodebase64"] = textEncodeBase64Func
	fs["textdecodebase64"] = textDecodeBase64Func
	fs["timecmp"] = timecmpFunc
	fs["plantimestamp"] = plantimestampFunc
	fs["uuidv5"] = uuidv5Func
	fs["cidrcontains"] = cidrContainsFunc
	fs["issensitive"] = isSensitiveFunc
	// Ephemeral values are not tracked (nothing of a scan is ephemeral), so
	// ephemeralasnull passes its argument through as for a non-ephemeral value.
	fs["ephemeralasnull"] = identityFunc
	for name, f := range fs {
		if name != "try" && name != "can" && dropsMarks(f) {
			fs[name] = keepMarks(f)
		}
	}
	return fs
}

// dropsMarks reports whether cty may answer a call of f with an unknown
// that lacks the marks of its arguments: a parameter takes marked values
// (cty then leaves them to the function) but not every unknown or untyped
// value (cty then answers without calling it).
func dropsMarks(f function.Function) bool {
	ps := f.Params()
	if vp := f.VarParam(); vp != nil {
		ps = append(ps[:len(ps):len(ps)], *vp)
	}
	for _, p := range ps {
		if p.AllowMarked && (!p.AllowUnknown || !p.AllowDynamicType) {
			return true
		}
	}
	return false
}

// keepMarks returns f, except that an unknown result carries the marks of
// the arguments when f's own answer carries none. cty answers a call with
// an unknown or untyped argument its parameter does not take with an
// unknown of its own, and on that path drops the marks of the parameters
// that take marked values (see dropsMarks): the reason the value is
// unknown (a data source, a variable without a value) would read
// "unresolved expression".
func keepMarks(f function.Function) function.Function {
	open := func(p function.Parameter) function.Parameter {
		p.AllowMarked, p.AllowUnknown, p.AllowDynamicType, p.AllowNull = true, true, true, true
		return p
	}
	spec := &function.Spec{Description: f.Description(), Params: make([]function.Parameter, 0, len(f.Params()))}
	for _, p := range f.Params() {
		spec.Params = append(spec.Params, open(p))
	}
	if vp := f.VarParam(); vp != nil {
		p := open(*vp)
		spec.VarParam = &p
	}
	spec.Type = func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) }
	spec.Impl = func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, err := f.Call(args)
		if err != nil || v.IsWhollyKnown() || v.ContainsMarked() {
			return v, err
		}
		for _, a := range args {
			if a.ContainsMarked() {
				_, m := a.UnmarkDeep()
				v = v.WithMarks(m)
			}
		}
		return v, nil
	}
	return function.New(spec)
}

// jsonEncodeFunc is stdlib's jsonencode, except that an argument holding
// computed references yields an unknown that still carries the structure
// (deferredJSON), so policies written with jsonencode stay readable.
var jsonEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true}},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		plain, marks := v.UnmarkDeep()
		if !plain.IsWhollyKnown() {
			return cty.UnknownVal(cty.String).Mark(&deferredJSON{val: v}).WithMarks(marks), nil
		}
		out, err := stdlib.JSONEncode(plain)
		if err != nil {
			return cty.NilVal, err
		}
		return out.WithMarks(marks), nil
	},
})

var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		// Every parameter takes unknown and untyped values (a literal null
		// is untyped): cty would otherwise answer with an unknown of no
		// reason, dropping the marks that name why.
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true, AllowDynamicType: true},
		{Name: "key", Type: cty.String, AllowMarked: true, AllowUnknown: true, AllowDynamicType: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowMarked: true, AllowNull: true,
		AllowUnknown: true, AllowDynamicType: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		return cty.DynamicPseudoType, nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if len(args) > 3 {
			return cty.NilVal, fmt.Errorf("lookup takes at most three arguments")
		}
		m, key := args[0], args[1]
		um, mm := m.Unmark()
		uk, km := key.Unmark()
		if !um.IsKnown() || !uk.IsKnown() {
			return cty.DynamicVal.WithMarks(mm, km), nil
		}
		if um.IsNull() {
			return cty.NilVal, fmt.Errorf("lookup on a null map")
		}
		ty := um.Type()
		k := uk.AsString()
		if (ty.IsObjectType() && ty.HasAttribute(k)) || (ty.IsMapType() && um.HasIndex(uk).True()) {
			if ty.IsObjectType() {
				return um.GetAttr(k).WithMarks(mm, km), nil
			}
			return um.Index(uk).WithMarks(mm, km), nil
		}
		if !ty.IsObjectType() && !ty.IsMapType() {
			return cty.NilVal, fmt.Errorf("lookup needs a map or object, got %s", ty.FriendlyName())
		}
		if len(args) == 3 {
			return args[2].WithMarks(mm, km), nil
		}
		return cty.NilVal, fmt.Errorf("lookup failed to find key %q", k)
	},
})

// replaceFunc is Terraform's replace: a substring written as /re/ is a regexp.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

func strPredFunc(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func strFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

func hashHex(h func([]byte) []byte) func(string) (string, error) {
	return func(s string) (string, error) { return hex.EncodeToString(h([]byte(s))), nil }
}

func boolFoldFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if v.IsNull() {
					continue
				}
				if v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() {
			return cty.NilVal, fmt.Errorf("one needs a list, set or tuple")
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(cty.DynamicPseudoType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() || v.LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("sum needs a non-empty list of numbers")
		}
		total := new(big.Float)
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convert.Convert(e, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, fmt.Errorf("sum: element is not a number")
			}
			total.Add(total, n.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

func applyTimeFunc(name string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
		Type:     function.StaticReturnType(cty.String),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.UnknownVal(cty.String).Mark(unresolved{Reason: name + "() is known only at apply time"}), nil
		},
	})
}

func fileFunc(dir fileDirs, b64 bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, err := readModuleFile(dir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			if b64 {
				return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
			}
			return cty.StringVal(string(b)), nil
		},
	})
}

func fileExistsFunc(dir fileDirs) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			st, err := os.Stat(resolvePath(dir, args[0].AsString()))
			return cty.BoolVal(err == nil && st.Mode().IsRegular()), nil
		},
	})
}

// maxFileSize bounds what file() reads: configuration files, not data sets.
const maxFileSize = 4 << 20

// fileDirs are the directories a file function's relative path can be
// meant against, as onus names them (relative to its working directory
// when the scan path was relative).
type fileDirs struct{ module, root string }

// resolvePath follows Terraform: a relative path is relative to the working
// directory Terraform runs in, the root module, whichever module calls the
// function. "${path.module}/x" and "${path.root}/x" arrive already
// prefixed with the directory as onus names it and are complete.
func resolvePath(d fileDirs, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	fp := filepath.Clean(filepath.FromSlash(p))
	for _, dir := range []string{d.module, d.root} {
		if dd := filepath.Clean(dir); dd != "." && (fp == dd || strings.HasPrefix(fp, dd+string(filepath.Separator))) {
			return fp
		}
	}
	return filepath.Join(d.root, fp)
}

func readModuleFile(dir fileDirs, p string) ([]byte, error) {
	full := resolvePath(dir, p)
	st, err := os.Stat(full)
	if err != nil {
		return nil, fmt.Errorf("file %q: %w", p, err)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("file %q is larger than %d bytes", p, maxFileSize)
	}
	return os.ReadFile(full)
}

func templateFileFunc(dir fileDirs, fs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true},
		},
		Type: func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p := args[0].AsString()
			src, err := readModuleFile(dir, p)
			if err != nil {
				return cty.NilVal, err
			}
			return renderTemplate(src, p, args[1], fs)
		},
	})
}

// templateStringFunc is Terraform's templatestring(template, vars): the
// templatefile rendering applied to a string value. Terraform also demands
// that the template argument be a single reference; onus reads code that
// Terraform accepted and does not repeat that check.
func templateStringFunc(fs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "template", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true},
		},
		Type: func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return renderTemplate([]byte(args[0].AsString()), "templatestring", args[1], fs)
		},
	})
}

// renderTemplate evaluates template source with vars as its only
// variables and every function but the template ones (Terraform forbids
// rendering templates recursively).
func renderTemplate(src []byte, name string, vars cty.Value, fs map[string]function.Function) (cty.Value, error) {
	expr, diags := hclsyntax.ParseTemplate(src, name, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %s: %s", name, diags.Error())
	}
	uv, marks := vars.Unmark()
	if !uv.IsKnown() {
		return cty.DynamicVal.WithMarks(marks), nil
	}
	if !uv.Type().IsObjectType() && !uv.Type().IsMapType() {
		return cty.NilVal, fmt.Errorf("template vars must be a map or object")
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: map[string]function.Function{}}
	for k, f := range fs {
		if k != "templatefile" && k != "templatestring" {
			ctx.Functions[k] = f
		}
	}
	if !uv.IsNull() {
		for it := uv.ElementIterator(); it.Next(); {
			k, v := it.Element()
			ctx.Variables[k.AsString()] = v
		}
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %s: %s", name, diags.Error())
	}
	return v.WithMarks(marks), nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR %q: %w", s, err)
	}
	return p.Masked(), nil
}

// subnet computes cidrsubnet: the netnum-th subnet with newbits more bits.
func subnet(base netip.Prefix, newbits int, netnum *big.Int) (netip.Prefix, error) {
	bits := base.Addr().BitLen()
	nl := base.Bits() + newbits
	if newbits < 0 || nl > bits {
		return netip.Prefix{}, fmt.Errorf("cannot extend prefix /%d by %d bits", base.Bits(), newbits)
	}
	if netnum.Sign() < 0 || netnum.BitLen() > newbits {
		return netip.Prefix{}, fmt.Errorf("network number %s does not fit in %d bits", netnum, newbits)
	}
	addr := new(big.Int).SetBytes(base.Addr().AsSlice())
	addr.Or(addr, new(big.Int).Lsh(netnum, uint(bits-nl)))
	return netip.PrefixFrom(addrFromInt(addr, bits), nl), nil
}

func addrFromInt(i *big.Int, bits int) netip.Addr {
	b := make([]byte, bits/8)
	i.FillBytes(b)
	a, _ := netip.AddrFromSlice(b)
	return a
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		nb, _ := args[1].AsBigFloat().Int64()
		nn, _ := args[2].AsBigFloat().Int(nil)
		p, err := subnet(base, int(nb), nn)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(p.String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		bits := base.Addr().BitLen()
		next := new(big.Int).SetBytes(base.Addr().AsSlice())
		end := new(big.Int).Add(next, new(big.Int).Lsh(big.NewInt(1), uint(bits-base.Bits())))
		var out []cty.Value
		for _, a := range args[1:] {
			nb, _ := a.AsBigFloat().Int64()
			nl := base.Bits() + int(nb)
			if nb < 1 || nl > bits {
				return cty.NilVal, fmt.Errorf("cannot extend prefix /%d by %d bits", base.Bits(), nb)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(bits-nl))
			// align up to this subnet's size
			rem := new(big.Int).Mod(next, size)
			if rem.Sign() != 0 {
				next.Add(next, new(big.Int).Sub(size, rem))
			}
			if new(big.Int).Add(next, size).Cmp(end) > 0 {
				return cty.NilVal, fmt.Errorf("not enough address space in %s", base)
			}
			out = append(out, cty.StringVal(netip.PrefixFrom(addrFromInt(next, bits), nl).String()))
			next.Add(next, size)
		}
		if len(out) == 0 {
			return cty.ListValEmpty(cty.String), nil
		}
		return cty.ListVal(out), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		hn, _ := args[1].AsBigFloat().Int(nil)
		bits := base.Addr().BitLen()
		size := new(big.Int).Lsh(big.NewInt(1), uint(bits-base.Bits()))
		if hn.Sign() < 0 {
			hn.Add(hn, size)
		}
		if hn.Sign() < 0 || hn.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("host number out of range for %s", base)
		}
		a := new(big.Int).SetBytes(base.Addr().AsSlice())
		a.Add(a, hn)
		return cty.StringVal(addrFromInt(a, bits).String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		base, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if !base.Addr().Is4() {
			return cty.NilVal, fmt.Errorf("cidrnetmask only supports IPv4")
		}
		m := uint32(0xffffffff) << (32 - base.Bits())
		if base.Bits() == 0 {
			m = 0
		}
		return cty.StringVal(fmt.Sprintf("%d.%d.%d.%d", m>>24, (m>>16)&0xff, (m>>8)&0xff, m&0xff)), nil
	},
})

// coalesceFunc is Terraform's coalesce: the first argument that is neither
// null nor an empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
	Type:     func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		for _, a := range args {
			if !a.IsKnown() {
				return cty.DynamicVal, nil
			}
			if a.IsNull() {
				continue
			}
			if a.Type() == cty.String && a.AsString() == "" {
				continue
			}
			return a, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

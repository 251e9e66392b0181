package terraform

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"gopkg.in/yaml.v3"
)

// This file holds Terraform functions that cty's stdlib lacks or defines
// differently, with Terraform's behaviour, so that valid configurations do
// not read as errors.

// lengthFunc is Terraform's length: strings (in characters), objects and
// tuples (their attributes and elements, known even when some values are
// not) as well as collections. cty's stdlib length refuses strings and
// objects ("collection must be a list, a map or a tuple").
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType,
		AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String, ty.IsTupleType(), ty.IsObjectType(), ty.IsListType(), ty.IsMapType(),
			ty.IsSetType(), ty == cty.DynamicPseudoType:
			return cty.Number, nil
		}
		return cty.Number, errors.New("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		ty := v.Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))).WithMarks(marks), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))).WithMarks(marks), nil
		case ty == cty.String:
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		}
		return v.Length().WithMarks(marks), nil
	},
})

// fileHashFunc is filemd5, filesha1, filesha256, filesha512 (hex) and
// filebase64sha256, filebase64sha512: the hash of a module file.
func fileHashFunc(dirs fileDirs, h func() hash.Hash, b64 bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, err := readModuleFile(dirs, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(digest(h, b, b64)), nil
		},
	})
}

// strHashFunc is base64sha512 and the like: the hash of a string.
func strHashFunc(h func() hash.Hash, b64 bool) function.Function {
	return strFunc(func(s string) (string, error) { return digest(h, []byte(s), b64), nil })
}

func digest(h func() hash.Hash, b []byte, b64 bool) string {
	x := h()
	x.Write(b)
	sum := x.Sum(nil)
	if b64 {
		return base64.StdEncoding.EncodeToString(sum)
	}
	return hex.EncodeToString(sum)
}

var (
	md5New    = md5.New
	sha1New   = sha1.New
	sha256New = sha256.New
	sha512New = sha512.New
)

var base64GzipFunc = strFunc(func(s string) (string, error) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(s)); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
})

// maxFilesetMatches bounds fileset over a large tree: onus reads
// configuration, and a pattern that matches more is not resolved.
const maxFilesetMatches = 10000

// filesetFunc is Terraform's fileset(path, pattern): the regular files
// under path matching pattern (with ** for any number of directories),
// relative to path, with forward slashes.
func filesetFunc(dirs fileDirs) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			base := resolvePath(dirs, args[0].AsString())
			pattern := path.Clean(filepath.ToSlash(args[1].AsString()))
			if _, err := path.Match(strings.ReplaceAll(pattern, "**", "*"), ""); err != nil {
				return cty.NilVal, fmt.Errorf("invalid pattern %q: %w", pattern, err)
			}
			var out []cty.Value
			err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.Type().IsRegular() {
					return nil
				}
				rel, err := filepath.Rel(base, p)
				if err != nil {
					return err
				}
				rel = filepath.ToSlash(rel)
				if globSegments(strings.Split(pattern, "/"), strings.Split(rel, "/")) {
					if len(out) == maxFilesetMatches {
						return fmt.Errorf("more than %d files match", maxFilesetMatches)
					}
					out = append(out, cty.StringVal(rel))
				}
				return nil
			})
			if errors.Is(err, fs.ErrNotExist) {
				return cty.SetValEmpty(cty.String), nil
			}
			if err != nil {
				return cty.NilVal, fmt.Errorf("fileset %s: %w", base, err)
			}
			if len(out) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			sort.Slice(out, func(i, j int) bool { return out[i].AsString() < out[j].AsString() })
			return cty.SetVal(out), nil
		},
	})
}

// globSegments matches path segments against pattern segments, where a
// "**" segment stands for zero or more directories.
func globSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if globSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// yamlDecodeFunc is Terraform's yamldecode: mappings become objects,
// sequences tuples, scalars strings, numbers, bools or null by their
// resolved YAML 1.2 tag.
var yamlDecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		dec := yaml.NewDecoder(strings.NewReader(args[0].AsString()))
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return cty.NullVal(cty.DynamicPseudoType), nil
			}
			return cty.NilVal, fmt.Errorf("invalid YAML: %w", err)
		}
		var more yaml.Node
		if err := dec.Decode(&more); err == nil {
			return cty.NilVal, errors.New("the string holds more than one YAML document")
		}
		budget := maxYAMLValues
		return yamlToCty(&doc, 0, &budget)
	},
})

// maxYAMLDepth bounds nesting (and alias chains) in yamldecode, and
// maxYAMLValues the values it builds (aliases can multiply them).
const (
	maxYAMLDepth  = 200
	maxYAMLValues = 1 << 20
)

func yamlToCty(n *yaml.Node, depth int, budget *int) (cty.Value, error) {
	if depth > maxYAMLDepth {
		return cty.NilVal, errors.New("YAML nested too deeply")
	}
	if *budget--; *budget < 0 {
		return cty.NilVal, fmt.Errorf("YAML expands beyond %d values", maxYAMLValues)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return cty.NullVal(cty.DynamicPseudoType), nil
		}
		return yamlToCty(n.Content[0], depth+1, budget)
	case yaml.AliasNode:
		return yamlToCty(n.Alias, depth+1, budget)
	case yaml.SequenceNode:
		vals := make([]cty.Value, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlToCty(c, depth+1, budget)
			if err != nil {
				return cty.NilVal, err
			}
			vals = append(vals, v)
		}
		return cty.TupleVal(vals), nil
	case yaml.MappingNode:
		attrs := map[string]cty.Value{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, c := n.Content[i], n.Content[i+1]
			if k.ShortTag() == "!!merge" {
				m, err := yamlToCty(c, depth+1, budget)
				if err != nil {
					return cty.NilVal, err
				}
				if m.Type().IsObjectType() {
					for name, v := range m.AsValueMap() {
						if _, ok := attrs[name]; !ok {
							attrs[name] = v
						}
					}
				}
				continue
			}
			v, err := yamlToCty(c, depth+1, budget)
			if err != nil {
				return cty.NilVal, err
			}
			attrs[k.Value] = v
		}
		return cty.ObjectVal(attrs), nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return cty.NullVal(cty.DynamicPseudoType), nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return cty.NilVal, err
			}
			return cty.BoolVal(b), nil
		case "!!int", "!!float":
			v, err := cty.ParseNumberVal(strings.ReplaceAll(n.Value, "_", ""))
			if err != nil {
				var f float64
				if n.Decode(&f) == nil {
					return cty.NumberFloatVal(f), nil
				}
				return cty.StringVal(n.Value), nil
			}
			return v, nil
		}
		return cty.StringVal(n.Value), nil
	}
	return cty.NilVal, fmt.Errorf("unsupported YAML node at line %d", n.Line)
}

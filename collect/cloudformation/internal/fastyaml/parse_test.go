package fastyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"gopkg.in/yaml.v3"
)

// reference decodes data the way the CloudFormation reader does with yaml.v3.
func reference(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml.v3 panicked: %v", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty document")
	}
	return doc.Content[0], nil
}

// diff returns the first difference between two trees in the fields the
// reader uses (comments are not compared: fastyaml drops them).
func diff(a, b *yaml.Node, path string) string {
	if a == nil || b == nil {
		if a != b {
			return path + ": nil mismatch"
		}
		return ""
	}
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value ||
		a.Line != b.Line || a.Column != b.Column || a.Anchor != b.Anchor || (a.Alias == nil) != (b.Alias == nil) ||
		len(a.Content) != len(b.Content) || (a.Content == nil) != (b.Content == nil) {
		return fmt.Sprintf("%s: fast {kind %d style %d tag %q value %q at %d:%d, %d children} != yaml.v3 {kind %d style %d tag %q value %q at %d:%d, %d children}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, len(a.Content),
			b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := diff(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// check parses data both ways; it reports whether the fast parser handled it
// and a non-empty problem when the two disagree.
func check(data []byte) (fast bool, problem string) {
	got, err := Parse(data)
	if err != nil {
		if !errors.Is(err, ErrUnsupported) {
			return false, fmt.Sprintf("error does not wrap ErrUnsupported: %v", err)
		}
		return false, ""
	}
	want, werr := reference(data)
	if werr != nil {
		return true, fmt.Sprintf("fast parser succeeded where yaml.v3 fails: %v", werr)
	}
	return true, diff(got, want, "")
}

var snippets = []struct {
	name string
	src  string
	fast bool // the fast parser is expected to handle it (else: fall back)
}{
	{"block map", "a: 1\nb: two\n", true},
	{"nested", "a:\n  b:\n    c: d\n  e: f\ng: h\n", true},
	{"seq", "a:\n  - x\n  - y\n", true},
	{"indentless seq", "a:\n- x\n- y\nb: z\n", true},
	{"nested seq", "- - a\n  - b\n- - c\n", true},
	{"seq of maps", "- a: 1\n  b: 2\n- c: 3\n", true},
	{"empty values", "a:\nb: \nc:   # comment\nd: ~\ne: null\n", true},
	{"empty seq entries", "-\n- a\n-\n", true},
	{"root seq", "- 1\n- 2.5\n- true\n", true},
	{"plain scalars", "a: hello world\nb: with:colon-no-space:x\nc: a#b\nd: -1\ne: :x\nf: ?y\ng: x,y [z] {w}\n", true},
	{"numbers", "a: 010\nb: 0x1F\nc: 1e3\nd: .inf\ne: -.Inf\nf: .NaN\ng: 1_000\nh: 0o17\ni: 0b101\nj: -0b11\nk: +12\nl: 08\nm: 1.5e+3\nn: 99999999999999999999\no: 0.\np: .5\nq: -0x1\nr: 1__2\n", true},
	{"bools and nulls", "a: yes\nb: no\nc: on\nd: off\ne: True\nf: FALSE\ng: y\nh: n\ni: Null\nj: NULL\nk: nULL\n", true},
	{"timestamps", "Version: 2012-10-17\nb: 2001-12-14t21:59:43.10-05:00\nc: 2002-12-14\nd: 2001-12-14 21:59:43.10\ne: 2010-09-09T00:00:00Z\nf: 2010-9-9\ng: 20100-09-09\n", true},
	{"merge key", "<<: x\na: <<\n", true},
	{"single quoted", "a: 'it''s'\nb: ''\nc: 'x  y'\nd: '# not a comment'\n", true},
	{"double quoted", `a: "tab\there"
b: "\0\a\b\t\n\v\f\r\e\ \"\\\N\_\L\P"
c: "\x41\u00e9\U0001F600"
d: ""
e: "a\
   b"
`, true},
	{"quoted keys", "\"a b\": 1\n'c': 2\n\"d\" : 3\n", true},
	{"quoted multi-line", "a: \"one\n  two\n\n  three \"\nb: 'x\n\n\n  y'\n", true},
	{"plain multi-line", "a: one\n  two\n\n  three\nb: c\n", true},
	{"plain multi-line in seq", "- one\n  two\n- three\n", true},
	{"literal", "a: |\n  line1\n  line2\n\n  line4\nb: x\n", true},
	{"literal strip keep", "a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: z\n", true},
	{"literal indent indicator", "a: |2\n    x\n   y\nb: >1-\n  z\n", true},
	{"literal more-indented first", "a: |\n    x\n  y\n", false},
	{"literal leading blank lines", "a: |\n\n\n  x\n", true},
	{"literal at eof", "a: |\n  x", true},
	{"literal empty", "a: |\nb: c\n", true},
	{"literal with comment header", "a: | # c\n  x\n", true},
	{"folded", "a: >\n  one\n  two\n\n  three\n    indented\n  four\n\n\nb: x\n", true},
	{"folded keep", "a: >+\n  one\n  two\n\n", true},
	{"tags", "a: !Ref X\nb: !Sub 'x-${A}'\nc: !GetAtt A.Arn\nd: !Join\n  - ''\n  - [a, b]\ne: !If [C, !Ref A, !Ref AWS::NoValue]\nf: !Sub |\n  echo ${X}\ng: !Transform\n  Name: x\n", true},
	{"tag empty", "a: !Ref\nb: x\n", true},
	{"tag indentless", "a: !If\n- C\n- 1\n- 2\nb: x\n", true},
	{"tag on next line node", "a: !Base64\n  !Sub x\n", false},
	{"tags in seq", "- !Ref A\n- !GetAZs ''\n- !If\n  - C\n  - x\n  - y\n", true},
	{"flow", "a: [1, two, \"3\", '4', {k: v}, [x]]\nb: {x: 1, 'y': 2, \"z\": [3]}\nc: []\nd: {}\n", true},
	{"flow multi-line", "a: [1,\n  2, # c\n  3,\n]\nb: {x: 1,\n\n  y: 2}\n", true},
	{"flow at column 0", "a: [1,\n2]\n", true},
	{"flow key without value", "a: {x, y: 1, z}\n", true},
	{"flow empty value", "a: {x: , y: 1}\n", true},
	{"flow colon no space", "a: [x:y, http://h]\nb: {k:v}\n", true},
	{"flow trailing comma", "a: [1, 2, ]\nb: {a: 1,}\n", true},
	{"flow tags", "a: [!Ref A, !GetAtt B.Arn]\nb: {Fn: !Sub x}\n", true},
	{"flow tabs", "{\n\t\"a\": [\n\t\t1,\n\t\t2\n\t]\n}\n", true},
	{"json", `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"N": 1.5, "T": true, "X": null, "E": "a\u00e9\n"}}}}`, true},
	{"json compact", `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, true},
	{"comments", "# head\n\na: 1 # line\n# between\nb:\n  # inside\n  c: 2\n\n# foot\n", true},
	{"document start", "---\na: 1\n", true},
	{"document start comment", "# c\n--- # x\na: 1\n", true},
	{"unicode", "a: héllo\nwörld: \"ü\"\nb: [ü, ö]\nc: 日本: x\n", false},
	{"unicode ok", "a: héllo\nwörld: \"ü\"\nb: [ü, ö]\n", true},
	{"indented root", "  a: 1\n  b: 2\n", true},
	{"key with spaces before colon", "a  : 1\n", true},
	{"colon keys", "\"a:b\": 1\n'c: d': 2\narn:aws:x: 3\n", true},
	{"seq of seq compact", "- - - a\n", true},
	{"deep", strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n", true},
	{"scalar root", "hello\n", true},
	{"quoted root", "\"hello\"\n", true},
	{"tabs in values", "a: x\ty\t\nb: 'p\tq'\nc: |\n  z\tw\n  \ty\n", true},
	{"tab starts block scalar", "a: |\n  \tz\n", false},
	{"scalar keys", "1: x\ntrue: y\nnull: z\n\"\": e\n~: t\n2001-01-01: d\n", true},
	{"plain multi-line flow", "a: [x\n y, z\n\n w]\n", true},
	{"plain multi-line root", "a\nb\n", true},
	{"comment after key", "a: # c\n  b: 1\n", true},
	{"comment lines at odd indents", "a:\n      # c\n  b: 1\n# d\n    # e\n  c: 2\n", true},
	{"seq entry comment", "- # c\n  a\n- b # d\n", true},
	{"flow comments", "[a, # x\n # y\n b]\n", true},
	{"nested flow in block seq", "- [a, {b: c}]\n- {d: [e]}\n", true},
	{"tagged flow", "a: !Select [0, !GetAZs '']\nb: !Cidr [!GetAtt V.CidrBlock, 6, 8]\n", true},
	{"tagged block map in seq", "- !Foo\n  a: b\n", true},
	{"tagged literal", "a: !Sub |\n  x ${Y}\n", true},
	{"empty quoted", "a: ''\nb: \"\"\n", true},
	{"dash values", "a: -\n", false},
	{"dash plain", "a: -x\nb: --\nc: '-'\n", true},
	{"question plain", "a: ?x\n", true},
	{"hash in plain", "a: b#c\nd: 'e' # f\n", true},
	{"percent in value", "a: 50%\n", true},
	{"at sign start", "a: @x\n", false},
	{"backtick start", "a: `x`\n", false},
	{"block scalar keep at eof", "a: |+\n  x\n\n", true},
	{"block scalar strip with blank lines", "a: >-\n\n  x\n\n  y\n\n", true},
	{"block scalar spaces-only lines", "a: |\n  x\n    \n  y\n", true},
	{"block scalar less-indented blank", "a: |\n    x\n \n    y\n", true},
	{"block scalar in seq", "- |\n  x\n- >\n  y\n  z\n", true},
	{"block scalar in indentless seq", "a:\n- |\n  x\n- y\n", true},
	{"block scalar root", "|\n  x\n", true},
	{"long value", "a: " + strings.Repeat("v", 3000) + "\n", true},
	{"long flow key", "{" + strings.Repeat("k", 1100) + ": v}\n", false},
	{"deep block", strings.Repeat("- ", 200) + "x\n", true},
	{"windows-1252 quote", "a: \x93x\x94\n", false},
	{"nbsp", "a: x\u00a0y\n", true},
	{"emoji key", "\U0001F600: \"\U0001F600 x\"\n", true},
	{"non-ascii columns", "é: [ü, {ö: ä}]\nß: - x\n", false},
	{"non-ascii columns ok", "é: [ü, {ö: ä}]\nß:\n - \"x\"\n", true},
	// Not valid YAML: yaml.v3 fails, so must the fast parser.
	{"key then seq", "key: - not a seq\n", false},
	{"bad indent", "a:\n    b: 1\n  c: 2\n", false},
	{"mapping in value", "a: b: c\n", false},
	{"unterminated quote", "a: \"x\n", false},
	{"unterminated flow", "a: [1, 2\n", false},
	{"tab indent", "a:\n\tb: 1\n", false},
	{"tab after colon", "a:\tb\n", false},
	{"bad escape", "a: \"\\q\"\n", false},
	{"slash escape", "a: \"\\/\"\n", false},
	{"surrogate escape", "a: \"\\ud83d\\ude00\"\n", false},
	{"missing colon", "a: 1\nb\n", false},
	{"extra after quote", "a: \"x\" y\n", false},
	{"extra after flow", "a: [x] y\n", false},
	{"comment no space", "a: \"x\"#c\n", false},
	{"plain continuation with colon", "a: b\n  c: d\n", false},
	{"flow single pair", "a: [b: c]\n", false},
	// Outside the subset: fall back.
	{"anchor", "a: &x 1\nb: *x\n", false},
	{"merge alias", "a: &x {k: v}\nb:\n  <<: *x\n", false},
	{"complex key", "? a\n: b\n", false},
	{"two documents", "a: 1\n---\nb: 2\n", false},
	{"document end", "a: 1\n...\n", false},
	{"directive", "%YAML 1.2\n---\na: 1\n", false},
	{"crlf", "a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: \"p\r\n  q\\\r\n r\"\r\nd: [e,\r\n f]\r\n", true},
	{"lone cr", "a: 1\rb: 2\n", false},
	{"cr at end", "a: 1\r", false},
	{"bom", "\ufeffa: 1\nb: [c]\n", true},
	{"bom only", "\ufeff", false},
	{"bom twice", "\ufeff\ufeffa: 1\n", false},
	{"bom inside", "a: 1\n\ufeffb: 2\n", false},
	{"verbatim tag", "a: !<tag:x> 1\n", false},
	{"secondary tag", "a: !!str 1\n", false},
	{"handle tag", "a: !e!x 1\n", false},
	{"empty", "", false},
	{"only comments", "# x\n", false},
	{"invalid utf8", "a: \xff\n", false},
	{"long key", strings.Repeat("k", 1100) + ": v\n", false},
	{"nul", "a: \x00\n", false},
}

func TestSnippets(t *testing.T) {
	for _, tc := range snippets {
		t.Run(tc.name, func(t *testing.T) {
			fast, problem := check([]byte(tc.src))
			if problem != "" {
				t.Fatal(problem)
			}
			if fast != tc.fast {
				_, err := Parse([]byte(tc.src))
				t.Errorf("fast parser handled it: %v, want %v (%v)", fast, tc.fast, err)
			}
			crlf := strings.ReplaceAll(tc.src, "\n", "\r\n")
			if _, problem := check([]byte(crlf)); problem != "" {
				t.Errorf("with CR LF: %s", problem)
			}
		})
	}
}

// corpus returns the repository's YAML and JSON files (CloudFormation
// examples, e2e templates, policy cases, report goldens) and generated
// benchmark templates.
func corpus(tb testing.TB) map[string][]byte {
	files := map[string][]byte{}
	root := filepath.Join("..", "..", "..", "..")
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil {
			files[path] = data
		}
		return nil
	})
	for _, i := range []int{0, 1, 2, 7, 42, 99, 500, 999} {
		files[fmt.Sprintf("gen.Template(%d, 50)", i)] = gen.Template(i, 50)
	}
	if len(files) < 10 {
		tb.Fatalf("corpus too small: %d files", len(files))
	}
	return files
}

func TestCorpus(t *testing.T) {
	fallbacks := 0
	files := corpus(t)
	for name, data := range files {
		fast, problem := check(data)
		if problem != "" {
			t.Errorf("%s: %s", name, problem)
		}
		if _, problem := check(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))); problem != "" {
			t.Errorf("%s with CR LF: %s", name, problem)
		}
		if _, problem := check(append([]byte("\ufeff"), data...)); problem != "" {
			t.Errorf("%s with a byte order mark: %s", name, problem)
		}
		isTemplate := strings.Contains(name, "gen.Template") || strings.Contains(filepath.ToSlash(name), "cloudformation")
		if !fast {
			fallbacks++
			if isTemplate {
				_, err := Parse(data)
				t.Errorf("%s: CloudFormation template not handled by the fast parser: %v", name, err)
			}
		}
	}
	t.Logf("%d of %d files fell back to yaml.v3", fallbacks, len(files))
}

func FuzzParse(f *testing.F) {
	for _, tc := range snippets {
		f.Add([]byte(tc.src))
	}
	for _, data := range corpus(f) {
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, problem := check(data); problem != "" {
			t.Fatalf("%q: %s", data, problem)
		}
	})
}

// BenchmarkParse compares the two parsers on one generated template of 50
// resources. cpu-ns/op (process CPU time, GC included) is reported next to
// wall time because the benchmark machine is shared.
func BenchmarkParse(b *testing.B) {
	data := gen.Template(7, 50)
	for _, c := range []struct {
		name  string
		parse func([]byte) (*yaml.Node, error)
	}{{"fastyaml", Parse}, {"yaml.v3", reference}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			start := cpuTime()
			for range b.N {
				if _, err := c.parse(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestNoAliasing: node strings must not share memory with the input, which
// the caller may reuse (and which would otherwise stay pinned in memory).
func TestNoAliasing(t *testing.T) {
	src := "a: plain value\nb: 'quoted'\nc: !Custom x\nd: [Type, Ref]\n"
	data := []byte(src)
	root, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'X'
	}
	want, _ := reference([]byte(src))
	if d := diff(root, want, ""); d != "" {
		t.Fatal(d)
	}
}

// TestParserReuse parses the corpus, the snippets and random documents one
// after another with one Parser, failures included, and compares every tree
// with a fresh parse: reused memory must never leak into a later result.
func TestParserReuse(t *testing.T) {
	var docs [][]byte
	files := corpus(t)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	r := rand.New(rand.NewPCG(7, 11))
	for i, name := range names {
		docs = append(docs, files[name])
		if i < len(snippets) {
			docs = append(docs, []byte(snippets[i].src))
		}
		docs = append(docs, []byte(randomDocument(r)))
	}
	var p Parser
	for i, data := range docs {
		got, err := p.Parse(data)
		want, werr := Parse(data)
		if (err == nil) != (werr == nil) {
			t.Fatalf("doc %d: reused parser error %v, fresh parser error %v", i, err, werr)
		}
		if err != nil {
			continue
		}
		if d := diff(got, want, "doc"); d != "" {
			t.Fatalf("doc %d (%d bytes): reused parser differs from a fresh one: %s", i, len(data), d)
		}
	}
}

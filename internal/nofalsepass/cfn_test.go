package nofalsepass_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

const unknownPrefix = "onus-unknown-"

func workers() int { return runtime.GOMAXPROCS(0) }

// TestCloudFormation injects !ImportValue (another stack's export, which
// onus cannot read) in place of each value of the secure CloudFormation
// examples. JSON templates are re-encoded as YAML: the readers share
// everything after parsing, and the JSON parser has its own tests.
func TestCloudFormation(t *testing.T) {
	cs := catalog.All()
	used := map[int]bool{}
	var mu sync.Mutex
	for _, ex := range []string{"web-app-secure.yaml", "queue-worker.json", "sam-api.yaml"} {
		t.Run(ex, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", "..", "examples", "cloudformation", ex))
			if err != nil {
				t.Fatal(err)
			}
			orig, muts := cfnMutants(t, src)
			dir := t.TempDir()
			scan := func(t *testing.T, name string, text []byte) ([]control.Result, string, int, map[int]bool) {
				file := filepath.Join(dir, name+".yaml")
				if err := os.WriteFile(file, text, 0o644); err != nil {
					t.Fatal(err)
				}
				est, diags := cloudformation.Load(context.Background(), file, cloudformation.Options{})
				if diags.HasErrors() {
					t.Errorf("%s: the mutated template does not load: %v", name, diags)
				}
				line, blocks := cfnLines(t, text)
				return control.Run(context.Background(), est, cs), file, line, blocks
			}
			check(t, ex, orig, muts, scan, cfnAllowed, used, &mu)
		})
	}
	for i, a := range cfnAllowed {
		if !used[i] {
			t.Errorf("allow entry %s %s is not needed any more: remove it", a.control, a.path)
		}
	}
}

// cfnMutants re-encodes the template (the baseline) and makes one mutant
// per value: every leaf of Properties (and of SAM Globals), every whole
// top-level property and every whole list element. An intrinsic function
// is one value: its arguments are not mutated, so the template stays valid.
func cfnMutants(t *testing.T, src []byte) ([]byte, []mutant) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	type site struct {
		path string
		n    *yaml.Node
	}
	var sites []site
	var walk func(n *yaml.Node, path string, whole bool)
	walk = func(n *yaml.Node, path string, whole bool) {
		leaf := intrinsic(n) || (n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode)
		if leaf || whole {
			sites = append(sites, site{path, n})
		}
		if leaf {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], path+"."+n.Content[i].Value, false)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i), true)
			}
		}
	}
	block(&doc)
	root := doc.Content[0]
	eachPair(get(root, "Resources"), func(id string, r *yaml.Node) {
		eachPair(get(r, "Properties"), func(k string, v *yaml.Node) {
			walk(v, "Resources."+id+".Properties."+k, true)
		})
	})
	eachPair(get(root, "Globals"), func(sec string, g *yaml.Node) {
		eachPair(g, func(k string, v *yaml.Node) { walk(v, "Globals."+sec+"."+k, true) })
	})
	orig := encodeYAML(t, &doc)
	muts := make([]mutant, len(sites))
	for i, s := range sites {
		saved := *s.n
		*s.n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!ImportValue", Value: fmt.Sprintf("%s%d", unknownPrefix, i)}
		muts[i] = mutant{path: s.path, text: encodeYAML(t, &doc)}
		*s.n = saved
	}
	return orig, muts
}

// block turns flow collections (all of a JSON template) into block ones,
// so each value gets a line of its own.
func block(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style &^= yaml.FlowStyle
	}
	for _, c := range n.Content {
		block(c)
	}
}

func intrinsic(n *yaml.Node) bool {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func get(n *yaml.Node, key string) *yaml.Node {
	var out *yaml.Node
	eachPair(n, func(k string, v *yaml.Node) {
		if k == key {
			out = v
		}
	})
	return out
}

func eachPair(n *yaml.Node, f func(string, *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		f(n.Content[i].Value, n.Content[i+1])
	}
}

func encodeYAML(t *testing.T, doc *yaml.Node) []byte {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cfnLines finds the line of the unresolvable value (0 when there is none)
// and the lines where a resource and its Properties start: evidence
// starting there is about the whole resource.
func cfnLines(t *testing.T, text []byte) (int, map[int]bool) {
	line := 0
	if i := bytes.Index(text, []byte(unknownPrefix)); i >= 0 {
		line = bytes.Count(text[:i], []byte("\n")) + 1
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatal(err)
	}
	blocks := map[int]bool{}
	res := get(doc.Content[0], "Resources")
	for i := 0; res != nil && i+1 < len(res.Content); i += 2 {
		blocks[res.Content[i].Line] = true
		r := res.Content[i+1]
		for j := 0; j+1 < len(r.Content); j += 2 {
			if r.Content[j].Value == "Properties" {
				blocks[r.Content[j].Line] = true
			}
		}
	}
	return line, blocks
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// noEvidence: controls whose PASS cites no evidence today, so only the
// count and reason oracles guard them.
var noEvidence = map[string]string{}

// cfnAllowed: findings on the CloudFormation examples judged correct.
var cfnAllowed = []allow{}

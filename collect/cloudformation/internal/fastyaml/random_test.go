package fastyaml

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// fragments are pieces of lines that random documents are glued from: they
// are chosen to hit indentation, scalar-style and flow edge cases together.
var fragments = []string{
	"a:", "a: b", "b: c d", "- ", "- a", "- - x", "-", "!Ref x", "!If", "!Sub |", "[a, b", "[", "]", "]]", "{a: 1", "{", "}", ",",
	"{a: [1, 2]}", "'q''x'", "'q", "\"e\\n\"", "\"x", "y\"", "|", "|-", "|+", ">", ">-", ">2", "# c", " # c", "", " ", "\t", "x\ty",
	"key: |+", "k: >", "c:d", "c: d: e", "? x", ": y", "&a x", "*a", "~", "null", "010", "0x1F", "1e3", ".inf", "2012-10-17",
	"true", "yes", "\"a\": 1", "'b': 2", "\"c\" : 3", "text", "more text", "a#b", "a #b", "!GetAtt A.B", "!Join [',', [a, b]]",
	"é", "日本", "\\", "\"\\u00e9\"", "\"\\x\"", "<<", "---", "...", "%", "@", "`", "!!str x", "!", "k: !T", "k: !T v", "- !T",
	"Type: AWS::S3::Bucket", "Properties:", "Value: !Ref X", "[!Ref A, !GetAtt B.C]", "{\"a\": \"b\"}", "\"k\":", "x:",
}

func randomDocument(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(10) {
		b.WriteString(strings.Repeat(" ", r.IntN(7)))
		for range 1 + r.IntN(2) {
			b.WriteString(fragments[r.IntN(len(fragments))])
			if r.IntN(3) == 0 {
				b.WriteByte(' ')
			}
		}
		if r.IntN(20) != 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestRandomDocuments glues fragments into many small documents: the fast
// parser must agree with yaml.v3 on every one it accepts.
func TestRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	const n = 30000
	for range n {
		doc := randomDocument(r)
		if r.IntN(4) == 0 {
			doc = strings.ReplaceAll(doc, "\n", "\r\n")
		}
		ok, problem := check([]byte(doc))
		if problem != "" {
			t.Fatalf("%q: %s", doc, problem)
		}
		if ok {
			fast++
		}
	}
	t.Logf("%d of %d random documents parsed by the fast parser", fast, n)
	if fast < n/20 {
		t.Errorf("only %d of %d random documents took the fast path: the generator or the parser is off", fast, n)
	}
}

var (
	plainScalars  = []string{"a", "b c", "x:y", "10.0.0.0/16", "-1", "0o7", "1_0", "+.5", "2012-10-17", "2001-12-14 21:59:43.10", "~", "Null", "true", "no", "<<", "a#b", "é", "arn:aws:s3:::b/*", "${AWS::Region}", ".", "-", "?x", ":x"}
	quotedScalars = []string{"''", "'it''s'", "'a\n\n b'", "\"\"", "\"\\t\\u00e9\\\\\"", "\"a\\\n  b\"", "\"x\n y\"", "\"\\x41\"", "' lead'", "\"trail \""}
	blockScalars  = []string{"|\n", "|-\n", "|+\n", ">\n", ">-\n", "|2\n", ">+1\n", "| # c\n"}
	blockLines    = []string{"line", "  more", "", "   ", "\tt", "x y", "# not comment"}
	tags          = []string{"!Ref", "!Sub", "!GetAtt", "!If", "!Equals", "!X-y_1"}
)

// docGen writes random, mostly well-formed documents.
type docGen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *docGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *docGen) junk() {
	switch g.r.IntN(12) {
	case 0:
		g.b.WriteString(" # c")
	case 1:
		g.b.WriteString("  ")
	case 2:
		g.b.WriteString("\t")
	}
}

func (g *docGen) blankLines() {
	for g.r.IntN(5) == 0 {
		g.b.WriteString(strings.Repeat(" ", g.r.IntN(6)))
		if g.r.IntN(2) == 0 {
			g.b.WriteString("# comment")
		}
		g.b.WriteByte('\n')
	}
}

func (g *docGen) flow(depth int) {
	switch k := g.r.IntN(5); {
	case depth > 3 || k < 2:
		switch g.r.IntN(3) {
		case 0:
			g.b.WriteString(g.pick(quotedScalars))
		default:
			g.b.WriteString(g.pick(plainScalars))
		}
	case k == 2:
		g.b.WriteByte('[')
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteString(", ")
				if g.r.IntN(6) == 0 {
					g.b.WriteString("\n" + strings.Repeat(" ", g.r.IntN(5)))
				}
			}
			if g.r.IntN(5) == 0 {
				g.b.WriteString(g.pick(tags) + " ")
			}
			g.flow(depth + 1)
		}
		if g.r.IntN(8) == 0 {
			g.b.WriteString(",")
		}
		g.b.WriteByte(']')
	default:
		g.b.WriteByte('{')
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteString(", ")
			}
			g.b.WriteString(g.pick([]string{"k", "\"k\"", "'k'", "k2", "a b"}))
			if g.r.IntN(6) != 0 {
				g.b.WriteString(g.pick([]string{": ", ":", " : ", ":\n  "}))
				g.flow(depth + 1)
			}
		}
		g.b.WriteByte('}')
	}
}

// block writes a value after "key:" or "- " (inline position) for a
// collection at indentation ind.
func (g *docGen) block(ind, depth int) {
	if g.r.IntN(6) == 0 {
		g.b.WriteString(" " + g.pick(tags))
	}
	k := g.r.IntN(8)
	if depth > 4 && k >= 5 {
		k = 0
	}
	child := ind + 1 + g.r.IntN(3)
	switch k {
	case 0, 1:
		g.b.WriteString(" " + g.pick(plainScalars))
		if g.r.IntN(8) == 0 {
			g.b.WriteString("\n" + strings.Repeat(" ", child) + g.pick(plainScalars))
		}
		g.junk()
		g.b.WriteByte('\n')
	case 2:
		g.b.WriteString(" " + g.pick(quotedScalars))
		g.junk()
		g.b.WriteByte('\n')
	case 3:
		g.b.WriteString(" " + g.pick(blockScalars))
		for range g.r.IntN(4) {
			g.b.WriteString(strings.Repeat(" ", child) + g.pick(blockLines) + "\n")
		}
	case 4:
		g.b.WriteString(" ")
		g.flow(depth)
		g.junk()
		g.b.WriteByte('\n')
	case 5:
		g.junk()
		g.b.WriteByte('\n')
		g.blankLines()
		g.mapping(child, depth+1)
	case 6:
		g.junk()
		g.b.WriteByte('\n')
		g.blankLines()
		if g.r.IntN(3) == 0 {
			child = ind // indentless
		}
		g.seq(child, depth+1)
	default:
		g.b.WriteByte('\n')
	}
}

func (g *docGen) mapping(ind, depth int) {
	for range 1 + g.r.IntN(4) {
		g.b.WriteString(strings.Repeat(" ", ind))
		g.b.WriteString(g.pick([]string{"Key", "\"q k\"", "'s'", "a b", "1", "Type", "é"}))
		g.b.WriteByte(':')
		g.block(ind, depth)
		g.blankLines()
	}
}

func (g *docGen) seq(ind, depth int) {
	for range 1 + g.r.IntN(4) {
		g.b.WriteString(strings.Repeat(" ", ind) + "-")
		if g.r.IntN(4) == 0 {
			g.b.WriteString(" k: v\n" + strings.Repeat(" ", ind+2) + "k2:")
		}
		g.block(ind, depth)
		g.blankLines()
	}
}

// TestGeneratedDocuments builds random, mostly well-formed documents
// (sometimes with one byte changed) and compares both parsers on them.
func TestGeneratedDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fast := 0
	const n = 20000
	for range n {
		g := &docGen{r: r}
		if r.IntN(2) == 0 {
			g.mapping(r.IntN(2), 0)
		} else {
			g.seq(0, 0)
		}
		doc := []byte(g.b.String())
		if r.IntN(4) == 0 {
			doc = bytes.ReplaceAll(doc, []byte("\n"), []byte("\r\n"))
		}
		if r.IntN(10) == 0 {
			doc = append([]byte("\ufeff"), doc...)
		}
		if r.IntN(3) == 0 && len(doc) > 0 {
			const mutations = " \n\t:-#'\"[]{},!|>a\r"
			doc[r.IntN(len(doc))] = mutations[r.IntN(len(mutations))]
		}
		ok, problem := check(doc)
		if problem != "" {
			t.Fatalf("%q: %s", doc, problem)
		}
		if ok {
			fast++
		}
	}
	t.Logf("%d of %d generated documents parsed by the fast parser", fast, n)
	if fast < n/4 {
		t.Errorf("only %d of %d generated documents took the fast path", fast, n)
	}
}

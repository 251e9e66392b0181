package terraform

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// ignoreComment is `# onus:ignore:CONTROL-ID reason` (or // or /* */),
// optionally `# onus:ignore:CONTROL-ID:exp:2027-01-31 reason` (tfsec's
// spelling, which users already know), and the first line after it that is
// not itself a comment: the line it covers.
type ignoreComment struct {
	control, reason, expires string
	loc                      source.Loc
	target                   int
}

var ignoreRe = regexp.MustCompile(`^\s*(?:#|//|/\*)\s*onus:ignore:([A-Za-z0-9_.\-]+)(:exp:([^\s*]*))?\s*(.*?)\s*(?:\*/)?\s*$`)

// findIgnores scans a file's lines for suppression comments. It works on
// lines, not tokens, because HCL's parser drops comments from the tree.
func findIgnores(name string, src []byte) []ignoreComment {
	if !bytes.Contains(src, []byte("onus:ignore:")) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out []ignoreComment
	for i, ln := range lines {
		m := ignoreRe.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		target := 0
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j])
			if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
				continue
			}
			target = j + 1
			break
		}
		exp := m[3]
		if m[2] != "" && exp == "" {
			// ":exp:" with no date must not turn into a suppression
			// that never expires; an unparsable value is reported and
			// the ignore is not applied.
			exp = "(missing)"
		}
		out = append(out, ignoreComment{control: m[1], expires: exp, reason: m[4], target: target,
			loc: source.Loc{File: name, Start: source.Pos{Line: i + 1, Column: 1}, End: source.Pos{Line: i + 1, Column: len(ln) + 1}}})
	}
	return out
}

// ignoresFor returns the suppressions written above the block or above any
// attribute or nested block inside it.
func ignoresFor(f *parsedFile, b *hclsyntax.Block) []base.Ignore {
	if f == nil || len(f.ignores) == 0 {
		return nil
	}
	r := b.Range()
	var out []base.Ignore
	for _, ig := range f.ignores {
		if ig.target >= r.Start.Line && ig.target <= r.End.Line {
			out = append(out, base.Ignore{Control: ig.control, Reason: ig.reason, Expires: ig.expires, Loc: ig.loc})
		}
	}
	return out
}

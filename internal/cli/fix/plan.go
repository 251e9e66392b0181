package fix

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/source"
)

// Change is one attribute edit in one resource block.
type Change struct {
	Control  string
	Resource string // Terraform address without instance key
	File     string
	Attr     string // dotted path: "metadata_options.http_tokens"
	Value    string // HCL text of the new value
}

// Skip is a FAIL onus could not fix automatically, and why.
type Skip struct {
	Control  string
	Resource string
	Reason   string
}

// FileEdit is the new content of one file.
type FileEdit struct {
	Path     string
	Old, New []byte
	Mode     os.FileMode
}

// Plan is every edit `onus fix` would make.
type Plan struct {
	Files   []FileEdit
	Changes []Change
	Skipped []Skip
}

// Reader reads a file by the path in a result's location.
type Reader func(path string) ([]byte, os.FileMode, error)

// ReadFS reads from the real file system.
func ReadFS(path string) ([]byte, os.FileMode, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	b, err := os.ReadFile(path)
	return b, fi.Mode().Perm(), err
}

type target struct {
	file, typ, name, address string
	fix                      Fix
}

// Make plans the fixes for the FAIL results among rs. skip(i) reports
// results to leave alone (suppressed ones).
func Make(rs control.Results, skip func(i int) bool, fixes []Fix, read Reader) (*Plan, error) {
	p := &Plan{}
	var targets []target
	var cfnTargets []cfnTarget
	seen := map[string]bool{}
	for i, r := range rs.All() {
		if r.Outcome != control.Fail || r.Control == nil || (skip != nil && skip(i)) {
			continue
		}
		if r.Resource.Source == source.CloudFormation {
			f, path, ok := lookupCFN(fixes, r.Control.ID, r.Resource.Type)
			if !ok {
				continue
			}
			if r.Resource.Loc.File == "" {
				p.Skipped = append(p.Skipped, Skip{r.Control.ID, r.Resource.Address, "the result has no file location"})
				continue
			}
			key := r.Resource.Loc.File + "\x00" + r.Resource.Address + "\x00" + f.Control
			if !seen[key] {
				seen[key] = true
				cfnTargets = append(cfnTargets, cfnTarget{file: r.Resource.Loc.File, logicalID: r.Resource.Address,
					address: r.Resource.Address, fix: f, path: path})
			}
			continue
		}
		f, ok := lookup(fixes, r.Control.ID, r.Resource.Type)
		if !ok {
			continue
		}
		addr := stripKey(r.Resource.Address)
		switch {
		case r.Resource.Source != source.Terraform:
			p.Skipped = append(p.Skipped, Skip{r.Control.ID, r.Resource.Address, "onus fix edits code (Terraform, CloudFormation); apply the remediation to the live resource by hand"})
			continue
		case r.Resource.Module != "" || strings.HasPrefix(addr, "module."):
			p.Skipped = append(p.Skipped, Skip{r.Control.ID, r.Resource.Address, "the resource is inside a module; fix the module's input or source"})
			continue
		case r.Resource.Loc.File == "":
			p.Skipped = append(p.Skipped, Skip{r.Control.ID, r.Resource.Address, "the result has no file location"})
			continue
		}
		typ, name, ok := strings.Cut(addr, ".")
		if !ok || typ != r.Resource.Type {
			p.Skipped = append(p.Skipped, Skip{r.Control.ID, r.Resource.Address, "cannot tell the resource block from its address"})
			continue
		}
		key := r.Resource.Loc.File + "\x00" + addr + "\x00" + f.Control
		if seen[key] {
			continue // count/for_each instances share one block
		}
		seen[key] = true
		targets = append(targets, target{file: r.Resource.Loc.File, typ: typ, name: name, address: addr, fix: f})
	}
	byFile := map[string][]target{}
	var files []string
	for _, t := range targets {
		if _, ok := byFile[t.file]; !ok {
			files = append(files, t.file)
		}
		byFile[t.file] = append(byFile[t.file], t)
	}
	cfnByFile := map[string][]cfnTarget{}
	for _, t := range cfnTargets {
		if _, ok := byFile[t.file]; !ok {
			if _, ok := cfnByFile[t.file]; !ok {
				files = append(files, t.file)
			}
		}
		cfnByFile[t.file] = append(cfnByFile[t.file], t)
	}
	sort.Strings(files)
	for _, file := range files {
		old, mode, err := read(file)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		var out []byte
		var changes []Change
		var skips []Skip
		if ts := cfnByFile[file]; len(ts) > 0 {
			out, changes, skips = editTemplate(old, file, ts)
		} else {
			out, changes, skips = editFile(old, file, byFile[file])
		}
		p.Changes = append(p.Changes, changes...)
		p.Skipped = append(p.Skipped, skips...)
		if !bytes.Equal(out, old) {
			p.Files = append(p.Files, FileEdit{Path: file, Old: old, New: out, Mode: mode})
		}
	}
	return p, nil
}

// editFile edits each targeted resource block on its own: the block's text
// is cut out, edited with hclwrite, formatted the way terraform fmt would
// (so a new attribute lines up with its neighbours) and put back. Every
// other byte of the file stays as the user wrote it; hclwrite would
// otherwise reformat the whole file when writing it out.
func editFile(src []byte, file string, targets []target) ([]byte, []Change, []Skip) {
	var changes []Change
	var skips []Skip
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		for _, t := range targets {
			skips = append(skips, Skip{t.fix.Control, t.address, "the file does not parse: " + diags.Error()})
		}
		return src, nil, skips
	}
	type span struct {
		start, end int
		targets    []target
	}
	var spans []*span
	byBlock := map[string]*span{}
	for _, t := range targets {
		key := t.typ + "." + t.name
		if sp, ok := byBlock[key]; ok {
			sp.targets = append(sp.targets, t)
			continue
		}
		var found *hclsyntax.Block
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == t.typ && b.Labels[1] == t.name {
				found = b
				break
			}
		}
		if found == nil {
			skips = append(skips, Skip{t.fix.Control, t.address, "resource block not found in " + file})
			continue
		}
		r := found.Range()
		start := r.Start.Byte
		for start > 0 && src[start-1] != '\n' {
			start-- // whole lines, so indentation survives
		}
		sp := &span{start: start, end: r.End.Byte, targets: []target{t}}
		byBlock[key] = sp
		spans = append(spans, sp)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	out := append([]byte(nil), src...)
	for _, sp := range spans {
		snippet := out[sp.start:sp.end]
		wf, diags := hclwrite.ParseConfig(snippet, file, hcl.InitialPos)
		if diags.HasErrors() {
			for _, t := range sp.targets {
				skips = append(skips, Skip{t.fix.Control, t.address, "the resource block does not parse on its own: " + diags.Error()})
			}
			continue
		}
		edited := false
		for _, t := range sp.targets {
			ch, why := apply(wf.Body(), t)
			if why != "" {
				skips = append(skips, Skip{t.fix.Control, t.address, why})
				continue
			}
			ch.File = file
			changes = append(changes, ch)
			edited = true
		}
		if !edited {
			continue
		}
		repl := keepLines(snippet, wf.Bytes()) // wf.Bytes formats the snippet only
		out = append(out[:sp.start:sp.start], append(repl, out[sp.end:]...)...)
	}
	sort.Slice(changes, func(i, j int) bool {
		if changes[i].Resource != changes[j].Resource {
			return changes[i].Resource < changes[j].Resource
		}
		return changes[i].Control < changes[j].Control
	})
	return out, changes, skips
}

// keepLines puts back every original line that formatting only re-spaced,
// so the diff shows the fix and nothing else; new and changed lines keep
// terraform fmt's layout.
func keepLines(orig, formatted []byte) []byte {
	norm := func(l string) string {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		return indent + strings.Join(strings.Fields(l), " ")
	}
	pool := map[string][]string{}
	for _, l := range strings.Split(string(orig), "\n") {
		pool[norm(l)] = append(pool[norm(l)], l)
	}
	lines := strings.Split(string(formatted), "\n")
	for i, l := range lines {
		if cands := pool[norm(l)]; len(cands) > 0 {
			lines[i] = cands[0]
			pool[norm(l)] = cands[1:]
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// stripKey drops a count/for_each instance key: aws_instance.app[0] -> aws_instance.app.
func stripKey(addr string) string {
	if i := strings.IndexByte(addr, '['); i >= 0 {
		return addr[:i]
	}
	return addr
}

func findResource(body *hclwrite.Body, typ, name string) *hclwrite.Block {
	for _, b := range body.Blocks() {
		l := b.Labels()
		if b.Type() == "resource" && len(l) == 2 && l[0] == typ && l[1] == name {
			return b
		}
	}
	return nil
}

// apply edits one resource block; a non-empty reason means it did not.
func apply(body *hclwrite.Body, t target) (Change, string) {
	blk := findResource(body, t.typ, t.name)
	if blk == nil {
		return Change{}, "resource block not found in " + t.file
	}
	b := blk.Body()
	path := append([]string(nil), t.fix.Blocks...)
	for _, bt := range t.fix.Blocks {
		for _, d := range b.Blocks() {
			if d.Type() == "dynamic" && len(d.Labels()) == 1 && d.Labels()[0] == bt {
				return Change{}, "the " + bt + " block is dynamic; set " + t.fix.Attr + " in its content by hand"
			}
		}
		var nb *hclwrite.Block
		n := 0
		for _, d := range b.Blocks() {
			if d.Type() == bt {
				n++
				if nb == nil {
					nb = d
				}
			}
		}
		if n > 1 {
			return Change{}, fmt.Sprintf("%d %s blocks; fix by hand", n, bt)
		}
		if nb == nil {
			nb = b.AppendNewBlock(bt, nil)
		}
		b = nb.Body()
	}
	path = append(path, t.fix.Attr)
	want := t.fix.Value
	if a := b.GetAttribute(t.fix.Attr); a != nil {
		cur, ok := literal(a.Expr().BuildTokens(nil))
		if !ok {
			return Change{}, fmt.Sprintf("%s is set by an expression (%s); change the value where it is defined",
				t.fix.Attr, strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes())))
		}
		if t.fix.AtLeast && cur.Type() == cty.Number && want.Type() == cty.Number {
			if cur.AsBigFloat().Cmp(want.AsBigFloat()) >= 0 {
				return Change{}, fmt.Sprintf("%s is already %s", t.fix.Attr, cur.AsBigFloat().Text('f', -1))
			}
		}
		if cur.Type() == want.Type() && cur.Equals(want).True() {
			return Change{}, t.fix.Attr + " already has the fixed value; the failure has another cause"
		}
	}
	b.SetAttributeValue(t.fix.Attr, want)
	return Change{Control: t.fix.Control, Resource: t.address, Attr: strings.Join(path, "."),
		Value: strings.TrimSpace(string(hclwrite.TokensForValue(want).Bytes()))}, ""
}

// literal reads a literal bool, number or plain string expression; any
// other expression (variables, functions, templates) is not one.
func literal(toks hclwrite.Tokens) (cty.Value, bool) {
	var ts hclwrite.Tokens
	for _, t := range toks {
		if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenComment {
			ts = append(ts, t)
		}
	}
	switch {
	case len(ts) == 1 && ts[0].Type == hclsyntax.TokenIdent:
		switch string(ts[0].Bytes) {
		case "true":
			return cty.True, true
		case "false":
			return cty.False, true
		}
	case len(ts) == 1 && ts[0].Type == hclsyntax.TokenNumberLit:
		f, _, err := big.ParseFloat(string(ts[0].Bytes), 10, 512, big.ToNearestEven)
		if err == nil {
			return cty.NumberVal(f), true
		}
	case len(ts) == 3 && ts[0].Type == hclsyntax.TokenOQuote && ts[1].Type == hclsyntax.TokenQuotedLit && ts[2].Type == hclsyntax.TokenCQuote:
		return cty.StringVal(string(ts[1].Bytes)), true
	case len(ts) == 2 && ts[0].Type == hclsyntax.TokenOQuote && ts[1].Type == hclsyntax.TokenCQuote:
		return cty.StringVal(""), true
	}
	return cty.NilVal, false
}

// Apply writes the planned files, each to a temporary file renamed over the
// original so an interrupted fix never leaves half a file.
func (p *Plan) Apply() error {
	for _, fe := range p.Files {
		dir := filepath.Dir(fe.Path)
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(fe.Path)+".onus-fix-*")
		if err != nil {
			return fmt.Errorf("writing %s: %w", fe.Path, err)
		}
		_, werr := tmp.Write(fe.New)
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %w", fe.Path, errors.Join(werr, cerr))
		}
		mode := fe.Mode
		if mode == 0 {
			mode = 0o644
		}
		if err := os.Chmod(tmp.Name(), mode); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %w", fe.Path, err)
		}
		if err := os.Rename(tmp.Name(), fe.Path); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %w", fe.Path, err)
		}
	}
	return nil
}

// Diff is the unified diff of every planned file.
func (p *Plan) Diff() string {
	var b strings.Builder
	for _, fe := range p.Files {
		name := filepath.ToSlash(fe.Path)
		a, b2 := "a/"+name, "b/"+name
		if filepath.IsAbs(fe.Path) {
			a, b2 = name, name // git-style prefixes only make sense for relative paths
		}
		b.WriteString(Unified(a, b2, string(fe.Old), string(fe.New)))
	}
	return b.String()
}

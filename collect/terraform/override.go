package terraform

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/onus-sec/onus/diag"
)

// isOverrideFile: override.tf(.json) and *_override.tf(.json), which
// Terraform loads after the other files and merges into their blocks.
func isOverrideFile(name string) bool {
	b := strings.TrimSuffix(strings.TrimSuffix(path.Base(name), ".json"), ".tf")
	return b == "override" || strings.HasSuffix(b, "_override")
}

// applyOverrides merges the blocks of override files into the matching
// blocks of the module's other files, as Terraform does: an override
// argument replaces the original; override nested blocks of a type
// replace every original nested block of that type (static or dynamic);
// each local replaces the local of that name. The merged block is a new
// value: the parsed files, which the loader may share, are not changed.
func applyOverrides(base, overrides []*parsedFile, d *diag.List) []*parsedFile {
	if len(overrides) == 0 {
		return base
	}
	type at struct{ file, block int }
	out := make([]*parsedFile, len(base))
	index := map[string]at{}
	locals := map[string]at{}
	for fi, f := range base {
		out[fi] = f
		if f.body == nil {
			continue
		}
		for bi, b := range f.body.Blocks {
			if b.Type == "locals" {
				for name := range b.Body.Attributes {
					locals[name] = at{fi, bi}
				}
				continue
			}
			index[blockKey(b)] = at{fi, bi}
		}
	}
	// copyOnWrite gives file fi its own body and block list before a change.
	owned := map[int]bool{}
	own := func(fi int) *hclsyntax.Body {
		if !owned[fi] {
			owned[fi] = true
			f := *out[fi]
			body := *f.body
			body.Blocks = append([]*hclsyntax.Block(nil), body.Blocks...)
			f.body = &body
			out[fi] = &f
		}
		return out[fi].body
	}
	for _, of := range overrides {
		if of.body == nil {
			continue
		}
		for _, ob := range of.body.Blocks {
			if ob.Type == "locals" {
				for name, a := range ob.Body.Attributes {
					pos, ok := locals[name]
					if !ok {
						d.Errorf(toLoc(a.SrcRange), "override of local %q: no local of that name in the module's other files", name)
						continue
					}
					body := own(pos.file)
					orig := body.Blocks[pos.block]
					merged := mergeBlock(orig, &hclsyntax.Block{Type: "locals", Body: &hclsyntax.Body{
						Attributes: hclsyntax.Attributes{name: a}}})
					body.Blocks[pos.block] = merged
				}
				continue
			}
			if ob.Type == "terraform" {
				continue // backend and provider requirements: nothing onus reads
			}
			pos, ok := index[blockKey(ob)]
			if !ok {
				d.Errorf(toLoc(ob.DefRange()), "override %s block %s has no original in the module's other files", ob.Type, strings.Join(ob.Labels, "."))
				continue
			}
			body := own(pos.file)
			body.Blocks[pos.block] = mergeBlock(body.Blocks[pos.block], ob)
		}
	}
	return out
}

func blockKey(b *hclsyntax.Block) string {
	return b.Type + "\x00" + strings.Join(b.Labels, "\x00")
}

// nestedKey is the block type a nested block configures: "x" for both
// `x { }` and `dynamic "x" { }`.
func nestedKey(b *hclsyntax.Block) string {
	if b.Type == "dynamic" && len(b.Labels) == 1 {
		return b.Labels[0]
	}
	return b.Type
}

func mergeBlock(orig, ov *hclsyntax.Block) *hclsyntax.Block {
	nb := *orig
	body := *orig.Body
	body.Attributes = hclsyntax.Attributes{}
	for k, a := range orig.Body.Attributes {
		body.Attributes[k] = a
	}
	for k, a := range ov.Body.Attributes {
		body.Attributes[k] = a
	}
	replaced := map[string]bool{}
	for _, b := range ov.Body.Blocks {
		replaced[nestedKey(b)] = true
	}
	body.Blocks = nil
	for _, b := range orig.Body.Blocks {
		if !replaced[nestedKey(b)] {
			body.Blocks = append(body.Blocks, b)
		}
	}
	body.Blocks = append(body.Blocks, ov.Body.Blocks...)
	nb.Body = &body
	return &nb
}

package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// maxPlanSize bounds what LoadPlan reads into memory.
const maxPlanSize = 512 << 20

// IsPlanJSON reports whether data looks like `terraform show -json` output
// of a plan (as opposed to a CloudFormation template or a snapshot).
func IsPlanJSON(data []byte) bool {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(t, &top) != nil {
		return false
	}
	_, fv := top["format_version"]
	_, pv := top["planned_values"]
	_, rc := top["resource_changes"]
	return fv && (pv || rc)
}

// LoadPlan reads a plan JSON file: resources come from resource_changes
// (falling back to planned_values), attributes Terraform marks in
// after_unknown are UNKNOWN, and the configuration's references join split
// resources whose link is only known after apply. Locations point at the
// resource's entry in the plan file.
func LoadPlan(ctx context.Context, path string) (*model.Estate, diag.List) {
	var d diag.List
	name := displayPath(path)
	est := &model.Estate{}
	st, err := os.Stat(filepath.FromSlash(name))
	if err != nil {
		d.Errorf(source.Loc{File: name}, "cannot read plan: %v", err)
		return est, d
	}
	if st.Size() > maxPlanSize {
		d.Errorf(source.Loc{File: name}, "plan is larger than %d MiB", maxPlanSize>>20)
		return est, d
	}
	data, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		d.Errorf(source.Loc{File: name}, "cannot read plan: %v", err)
		return est, d
	}
	return loadPlanBytes(ctx, name, data)
}

func loadPlanBytes(ctx context.Context, name string, data []byte) (*model.Estate, diag.List) {
	var d diag.List
	est := &model.Estate{}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		loc := source.Loc{File: name}
		var se *json.SyntaxError
		if ok := asSyntax(err, &se); ok {
			loc.Start = offsetPos(data, int(se.Offset))
		}
		d.Errorf(loc, "not a Terraform plan JSON: %v", err)
		return est, d
	}
	if p.FormatVersion == "" {
		d.Errorf(source.Loc{File: name}, "not a Terraform plan JSON: format_version missing")
		return est, d
	}
	pl := &planLoader{name: name, data: data, plan: &p, rcStart: bytes.Index(data, []byte(`"resource_changes"`))}
	re := &rootEval{l: newLoader(ctx, Options{}), rootDir: name}
	pl.regions = pl.providerRegions()
	pl.configRefs = map[string]map[string][]string{}
	if p.Config != nil && p.Config.RootModule != nil {
		pl.collectRefs("", p.Config.RootModule)
	}
	var insts []*resInst
	if len(p.ResourceChanges) > 0 {
		for _, rc := range p.ResourceChanges {
			if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode || rc.DeposedKey != "" {
				continue
			}
			if rc.Change.Actions.Delete() {
				continue // the resource will not exist after apply
			}
			after, _ := rc.Change.After.(map[string]any)
			in := pl.inst(rc.Address, rc.ModuleAddress, rc.Type, rc.Name, after, rc.Change.AfterUnknown)
			if rc.Change.Actions.Create() || rc.Change.Actions.Replace() {
				pl.dropProviderDefaults(in)
			}
			insts = append(insts, in)
		}
	} else if p.PlannedValues != nil && p.PlannedValues.RootModule != nil {
		var walk func(m *tfjson.StateModule)
		walk = func(m *tfjson.StateModule) {
			for _, r := range m.Resources {
				if r.Mode == tfjson.ManagedResourceMode {
					insts = append(insts, pl.inst(r.Address, m.Address, r.Type, r.Name, r.AttributeValues, nil))
				}
			}
			for _, c := range m.ChildModules {
				walk(c)
			}
		}
		walk(p.PlannedValues.RootModule)
	}
	// References are resolved now that every instance address is known.
	addrs := map[string][]string{}
	for _, in := range insts {
		ca := configAddr(in.addr)
		addrs[ca] = append(addrs[ca], in.addr)
	}
	for _, in := range insts {
		pl.markRefs(in, addrs)
	}
	for i, in := range insts {
		in.order = i
	}
	re.insts = insts
	names := make([]string, 0, len(p.Variables))
	for k := range p.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := p.Variables[k]
		if v == nil {
			continue
		}
		walkGo(v.Value, k, func(key, s string) {
			re.literals = append(re.literals, &account.Literal{Context: "terraform plan variable", Key: key, Value: s,
				Prov: source.Pack(source.At(source.Loc{File: name})),
				Meta: base.Meta{Type: "variable", Address: "var." + k, Source: source.Terraform, Loc: source.Loc{File: name}}})
		})
	}
	est = re.build()
	d = append(d, re.diags...)
	d.Sort()
	return est, d
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

type planLoader struct {
	name       string
	data       []byte
	plan       *tfjson.Plan
	rcStart    int
	regions    map[string]source.Value[string]
	configRefs map[string]map[string][]string // config address -> attribute -> references
	addrIndex  map[string][2]int
}

func offsetPos(data []byte, off int) source.Pos {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return source.Pos{Line: line, Column: col}
}

var addressRe = regexp.MustCompile(`"address"\s*:\s*"((?:[^"\\]|\\.)*)"`)

// loc finds the resource's "address" entry in the plan file, preferring
// the one in resource_changes.
func (pl *planLoader) loc(addr string) hcl.Range {
	if pl.addrIndex == nil {
		pl.addrIndex = map[string][2]int{}
		for _, m := range addressRe.FindAllSubmatchIndex(pl.data, -1) {
			var a string
			if json.Unmarshal(pl.data[m[2]-1:m[3]+1], &a) != nil {
				continue
			}
			prev, seen := pl.addrIndex[a]
			if !seen || (prev[0] < pl.rcStart && m[0] > pl.rcStart) {
				pl.addrIndex[a] = [2]int{m[0], m[1]}
			}
		}
	}
	idx, ok := pl.addrIndex[addr]
	if !ok {
		return hcl.Range{Filename: pl.name}
	}
	s := offsetPos(pl.data, idx[0])
	e := offsetPos(pl.data, idx[1])
	return hcl.Range{Filename: pl.name, Start: hcl.Pos{Line: s.Line, Column: s.Column}, End: hcl.Pos{Line: e.Line, Column: e.Column}}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (pl *planLoader) inst(addr, module, typ, name string, vals map[string]any, unknown any) *resInst {
	rng := pl.loc(addr)
	body := &evBlock{typ: "resource", rng: rng, attrs: map[string]*evAttr{}}
	um, _ := unknown.(map[string]any)
	for k, v := range vals {
		body.attrs[k] = &evAttr{val: goToCty(v, um[k], addr, k), rng: rng}
	}
	for k, u := range um {
		if _, ok := body.attrs[k]; !ok {
			body.attrs[k] = &evAttr{val: goToCty(nil, u, addr, k), rng: rng}
		}
	}
	region, ok := pl.regions["aws"]
	if !ok {
		region = source.Unknown[string]("provider region not in the plan", source.Prov{})
	}
	return &resInst{addr: addr, typ: typ, name: name, module: module, body: body, loc: toLoc(rng), region: region}
}

// goToCty converts a plan value; unknown marks an after_unknown subtree.
func goToCty(v any, unknown any, addr, attr string) cty.Value {
	if b, ok := unknown.(bool); ok && b {
		if attr == "id" || attr == "arn" {
			return cty.UnknownVal(cty.String).RefineNotNull().Mark(refMark{Addr: addr, Attr: attr})
		}
		return cty.DynamicVal.Mark(refMark{Addr: addr, Attr: attr})
	}
	switch t := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case string:
		return cty.StringVal(t)
	case bool:
		return cty.BoolVal(t)
	case float64:
		return cty.NumberFloatVal(t)
	case json.Number:
		n, err := cty.ParseNumberVal(string(t))
		if err != nil {
			return cty.NullVal(cty.Number)
		}
		return n
	case []any:
		um, _ := unknown.([]any)
		out := make([]cty.Value, len(t))
		for i, e := range t {
			var u any
			if i < len(um) {
				u = um[i]
			}
			out[i] = goToCty(e, u, addr, attr)
		}
		return cty.TupleVal(out)
	case map[string]any:
		um, _ := unknown.(map[string]any)
		out := make(map[string]cty.Value, len(t))
		for k, e := range t {
			out[k] = goToCty(e, um[k], addr, attr+"."+k)
		}
		for k, u := range um {
			if _, ok := out[k]; !ok {
				out[k] = goToCty(nil, u, addr, attr+"."+k)
			}
		}
		return cty.ObjectVal(out)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

func walkGo(v any, key string, f func(k, s string)) {
	switch t := v.(type) {
	case string:
		if t != "" {
			f(key, t)
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkGo(t[k], k, f)
		}
	case []any:
		for _, e := range t {
			walkGo(e, key, f)
		}
	}
}

func (pl *planLoader) providerRegions() map[string]source.Value[string] {
	out := map[string]source.Value[string]{}
	if pl.plan.Config == nil {
		return out
	}
	for key, pc := range pl.plan.Config.ProviderConfigs {
		if pc == nil || pc.Name != "aws" || pc.ModuleAddress != "" {
			continue
		}
		at := source.At(source.Loc{File: pl.name})
		e := pc.Expressions["region"]
		switch {
		case e == nil:
			out[key] = source.Unknown[string]("provider region comes from the environment", at)
		case e.ConstantValue != nil:
			if s, ok := e.ConstantValue.(string); ok {
				out[key] = source.Known(s, at)
			}
		default:
			out[key] = source.Unknown[string]("provider region is an expression the plan does not resolve", at)
		}
	}
	return out
}

// collectRefs records each configured resource's attribute references.
func (pl *planLoader) collectRefs(prefix string, m *tfjson.ConfigModule) {
	for _, r := range m.Resources {
		if r == nil {
			continue
		}
		attrs := map[string][]string{}
		for k, e := range r.Expressions {
			if e != nil && e.ExpressionData != nil {
				attrs[k] = e.References
			} else {
				attrs[k] = nil
			}
		}
		pl.configRefs[prefix+r.Address] = attrs
	}
	keys := make([]string, 0, len(m.ModuleCalls))
	for k := range m.ModuleCalls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if mc := m.ModuleCalls[k]; mc != nil && mc.Module != nil {
			pl.collectRefs(prefix+"module."+k+".", mc.Module)
		}
	}
}

// dropProviderDefaults: in a new resource, an attribute the configuration
// does not set and the plan shows as "known after apply" is one the
// provider fills from AWS's defaults; it is read as absent so the AWS
// default applies, as it does for HCL. Without the configuration section
// nothing is dropped.
func (pl *planLoader) dropProviderDefaults(in *resInst) {
	cfg, ok := pl.configRefs[configAddr(in.addr)]
	if !ok {
		return
	}
	for name, a := range in.body.attrs {
		if name == "id" || name == "arn" {
			continue
		}
		if _, set := cfg[name]; set {
			continue
		}
		if uv, _ := a.val.Unmark(); !uv.IsKnown() {
			delete(in.body.attrs, name)
		}
	}
}

// configAddr strips instance keys: module.a["x"].aws_s3_bucket.b[0] ->
// module.a.aws_s3_bucket.b.
func configAddr(addr string) string {
	parts := splitAddr(addr)
	return strings.Join(parts, ".")
}

// markRefs puts a reference mark on each unknown top-level attribute whose
// configuration expression refers to exactly one resource instance, so
// that joins by reference work on plans too.
func (pl *planLoader) markRefs(in *resInst, addrs map[string][]string) {
	refs := pl.configRefs[configAddr(in.addr)]
	if len(refs) == 0 {
		return
	}
	modPrefix := ""
	if in.module != "" {
		modPrefix = configAddr(in.module) + "."
	}
	for attr, a := range in.body.attrs {
		if a.val.IsWhollyKnown() {
			continue
		}
		for _, ref := range refs[attr] {
			target := resourceOfRef(ref)
			if target == "" {
				continue
			}
			cands := addrs[modPrefix+target]
			if len(cands) == 1 {
				last := ref[strings.LastIndex(ref, ".")+1:]
				a.val = a.val.Mark(refMark{Addr: cands[0], Attr: last})
				break
			}
		}
	}
}

// resourceOfRef reduces a reference like aws_s3_bucket.b.id or
// aws_s3_bucket.b[0] to the resource's config address.
func resourceOfRef(ref string) string {
	parts := splitAddr(ref)
	if len(parts) < 2 || parts[0] == "var" || parts[0] == "local" || parts[0] == "data" || parts[0] == "module" ||
		parts[0] == "each" || parts[0] == "count" || parts[0] == "path" {
		return ""
	}
	return parts[0] + "." + parts[1]
}

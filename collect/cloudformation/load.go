package cloudformation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/onus-sec/onus/collect/cloudformation/internal/fastyaml"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/iampolicy/awsmanaged"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// Options change how templates are read.
type Options struct {
	// Params are parameter values (--param Key=Value); they win over
	// ParamFiles and over the templates' Default. Pseudo parameters can be
	// given too (AWS::Region, AWS::AccountId, ...).
	Params map[string]string
	// ParamFiles are parameter files in the AWS CLI JSON format:
	// [{"ParameterKey": "K", "ParameterValue": "V"}, ...].
	ParamFiles []string
}

type options struct {
	params map[string]string
	// managed shares bundled AWS managed policies between templates.
	managed *awsmanaged.Cache
}

// maxTemplateSize: CloudFormation itself accepts at most 1 MB; larger
// YAML/JSON files are something else.
const maxTemplateSize = 16 << 20

// Load reads every CloudFormation template under path (a directory, walked,
// or one file) into one estate. Problems become diagnostics naming the file
// and line; the other templates are still read.
func Load(ctx context.Context, path string, opts Options) (*model.Estate, diag.List) {
	var diags diag.List
	o, pd := resolveOptions(opts)
	diags = append(diags, pd...)
	est := &model.Estate{}
	info, err := os.Stat(path)
	if err != nil {
		diags.Errorf(source.Loc{File: path}, "cannot read %s: %v", path, err)
		return est, diags
	}
	if !info.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			diags.Errorf(source.Loc{File: path}, "cannot read: %v", err)
			return est, diags
		}
		e, d, isTpl := loadBytes(path, data, o, true, nil)
		diags = append(diags, d...)
		if !isTpl && !d.HasErrors() {
			diags.Errorf(source.Loc{File: path}, "not a CloudFormation template (no AWSTemplateFormatVersion and no Resources with AWS:: types)")
		}
		est.Merge(e)
		return est, diags
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Warnf(source.Loc{File: p}, "cannot read: %v", err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != path && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
				return fs.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".json", ".template", ".cfn":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(source.Loc{File: path}, "cannot walk: %v", err)
	}
	sort.Strings(files)

	type result struct {
		est   *model.Estate
		diags diag.List
	}
	results := make([]result, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(files))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch
			for i := range work {
				var r result
				data, err := sc.read(files[i])
				switch {
				case err != nil:
					r.diags.Errorf(source.Loc{File: files[i]}, "cannot read: %v", err)
				case len(data) > maxTemplateSize:
					// Large data files are not templates; say so only if it claims to be one.
					if bytes.Contains(data[:4096], []byte("AWSTemplateFormatVersion")) {
						r.diags.Warnf(source.Loc{File: files[i]}, "skipped: %d bytes is larger than any CloudFormation template", len(data))
					}
				default:
					r.est, r.diags, _ = loadBytes(files[i], data, o, false, &sc)
				}
				results[i] = r
			}
		}()
	}
	cancelled := false
	for i := range files {
		if ctx.Err() != nil {
			cancelled = true
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if cancelled {
		diags.Errorf(source.Loc{File: path}, "scan cancelled: %v", ctx.Err())
	}
	for _, r := range results {
		est.Merge(r.est)
		diags = append(diags, r.diags...)
	}
	return est, diags
}

// IsTemplate reports whether data is a CloudFormation template: it has
// AWSTemplateFormatVersion, or Resources whose Type is AWS::… .
func IsTemplate(data []byte) bool {
	if !mayBeTemplate(data) {
		return false
	}
	root, err := parseYAML(data)
	return err == nil && isTemplateNode(root)
}

// mayBeTemplate is a cheap test before parsing.
func mayBeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("AWS::"))
}

// loadBytes reads one file. explicit is true when the user named the file
// (then a parse error of any YAML is reported); in a walked directory only
// files that look like templates are.
// sc, when set, is the worker's memory to reuse (see scratch).
func loadBytes(file string, data []byte, o *options, explicit bool, sc *scratch) (*model.Estate, diag.List, bool) {
	var diags diag.List
	if !explicit && !mayBeTemplate(data) {
		return nil, nil, false
	}
	var p *fastyaml.Parser
	if sc != nil {
		p = &sc.parser
	}
	root, err := parseYAMLWith(p, data)
	if err != nil {
		if explicit || bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte("Type: AWS::")) || bytes.Contains(data, []byte(`"Type": "AWS::`)) {
			loc := source.Loc{File: file}
			if l := yamlErrorLine(err); l > 0 {
				loc.Start = source.Pos{Line: l, Column: 1}
				loc.End = loc.Start
			}
			diags.Errorf(loc, "invalid template: %v", err)
			return nil, diags, true
		}
		return nil, nil, false
	}
	if !isTemplateNode(root) {
		return nil, nil, false
	}
	t := newTemplate(file, root, o)
	t.batch, t.policies = &source.Batch{}, &policyMemo{}
	if sc != nil {
		sc.mem.reset()
		t.mem = &sc.mem
		t.batch, t.policies = &sc.batch, &sc.policies
	}
	est := t.build()
	return est, t.diags, true
}

func resolveOptions(opts Options) (*options, diag.List) {
	var diags diag.List
	o := &options{params: map[string]string{}, managed: &awsmanaged.Cache{}}
	for _, f := range opts.ParamFiles {
		ps, err := readParamFile(f)
		if err != nil {
			diags.Errorf(source.Loc{File: f}, "%v", err)
			continue
		}
		for k, v := range ps {
			o.params[k] = v
		}
	}
	for k, v := range opts.Params {
		o.params[k] = v
	}
	return o, diags
}

// readParamFile reads the AWS CLI parameter file format; the
// {"Parameters": {"K": "V"}} form of CodePipeline and a flat {"K": "V"}
// object are accepted too.
func readParamFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read parameters file: %w", err)
	}
	out := map[string]string{}
	var list []struct {
		ParameterKey   *string `json:"ParameterKey"`
		ParameterValue *string `json:"ParameterValue"`
	}
	if err := json.Unmarshal(data, &list); err == nil {
		for i, p := range list {
			if p.ParameterKey == nil {
				return nil, fmt.Errorf("parameters file entry %d has no ParameterKey", i)
			}
			if p.ParameterValue != nil {
				out[*p.ParameterKey] = *p.ParameterValue
			}
		}
		return out, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("parameters file is not JSON in the AWS CLI format [{\"ParameterKey\": ..., \"ParameterValue\": ...}]: %w", err)
	}
	if raw, ok := obj["Parameters"]; ok && len(obj) == 1 {
		obj = nil
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("parameters file: Parameters must be an object: %w", err)
		}
	}
	for k, raw := range obj {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("parameters file: value of %s must be a string", k)
		}
		out[k] = s
	}
	return out, nil
}

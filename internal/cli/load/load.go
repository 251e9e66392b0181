package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// Vars are the user-supplied inputs of the code sources.
type Vars struct {
	// TFVars are --var NAME=VALUE, TFVarFiles are --var-file paths.
	TFVars     map[string]string
	TFVarFiles []string
	// CFNParams are --param KEY=VALUE, CFNParamFiles are --param-file paths.
	CFNParams     map[string]string
	CFNParamFiles []string
}

// Loaders are the source entry points. cmd/onus wires the real ones
// (Default); tests pass fakes. A nil loader means the source is not built
// in, and a path that needs it is an input error.
type Loaders struct {
	Terraform      func(ctx context.Context, dir string, v Vars) (*model.Estate, diag.List)
	TerraformPlan  func(ctx context.Context, path string) (*model.Estate, diag.List)
	CloudFormation func(ctx context.Context, path string, v Vars) (*model.Estate, diag.List)
	Snapshot       func(r io.Reader, name string) (*model.Estate, diag.List, error)
}

// Kind is what a path holds.
type Kind int

const (
	Directory Kind = iota + 1
	TerraformPlan
	CloudFormationTemplate
	Snapshot
)

func (k Kind) String() string {
	switch k {
	case Directory:
		return "directory"
	case TerraformPlan:
		return "Terraform plan JSON"
	case CloudFormationTemplate:
		return "CloudFormation template"
	case Snapshot:
		return "onus snapshot"
	}
	return "unknown"
}

// ErrInput marks errors that are the user's input (a missing path, a file
// of no known kind), as opposed to a failure of onus.
var ErrInput = errors.New("input error")

func inputErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInput, fmt.Sprintf(format, args...))
}

// cfnYAMLResources finds a top-level Resources key in a YAML template.
var cfnYAMLResources = regexp.MustCompile(`(?m)^(AWSTemplateFormatVersion|Resources)\s*:`)

// Detect says what path holds, by content for files (extensions lie: a
// plan, a template and a snapshot are all .json).
func Detect(path string) (Kind, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, inputErr("%s: no such file or directory", path)
		}
		return 0, inputErr("%s: %v", path, err)
	}
	if st.IsDir() {
		return Directory, nil
	}
	if strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tf.json") {
		return 0, inputErr("%s is one Terraform file; pass its directory (%s) so the whole module is read", path, filepath.Dir(path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, inputErr("%s: %v", path, err)
	}
	return detectBytes(path, b)
}

func detectBytes(path string, b []byte) (Kind, error) {
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &top); err == nil {
			_, fv := top["format_version"]
			_, pv := top["planned_values"]
			_, rc := top["resource_changes"]
			_, tv := top["terraform_version"]
			_, awsv := top["AWSTemplateFormatVersion"]
			_, res := top["Resources"]
			switch {
			case fv && (pv || rc || tv):
				return TerraformPlan, nil
			case awsv || res:
				return CloudFormationTemplate, nil
			default:
				return Snapshot, nil
			}
		}
		// Malformed JSON that names a template is a broken template: let
		// the CloudFormation reader report where.
		if bytes.Contains(b, []byte(`"Resources"`)) || bytes.Contains(b, []byte(`"AWSTemplateFormatVersion"`)) {
			return CloudFormationTemplate, nil
		}
		return 0, inputErr("%s: not valid JSON, and not a CloudFormation template", path)
	}
	if cfnYAMLResources.Match(b) {
		return CloudFormationTemplate, nil
	}
	return 0, inputErr("%s is not a directory, a Terraform plan JSON, a CloudFormation template or an onus snapshot", path)
}

// Result is the merged estate of every path.
type Result struct {
	Estate      *model.Estate
	Diagnostics diag.List
	// Sources are the kinds of source that contributed, sorted.
	Sources []source.Kind
}

// Paths loads every path and merges the estates. An error is returned only
// for input that cannot be used at all; problems inside files are
// diagnostics.
func (l Loaders) Paths(ctx context.Context, paths []string, v Vars) (*Result, error) {
	out := &Result{Estate: &model.Estate{}}
	seen := map[source.Kind]bool{}
	for _, p := range paths {
		kind, err := Detect(p)
		if err != nil {
			return nil, err
		}
		here := &model.Estate{}
		add := func(k source.Kind, e *model.Estate, d diag.List) {
			out.Diagnostics = append(out.Diagnostics, d...)
			if e != nil && len(e.ServiceCounts()) > 0 {
				seen[k] = true
			}
			here.Merge(e)
		}
		switch kind {
		case Directory:
			if l.Terraform == nil && l.CloudFormation == nil {
				return nil, inputErr("%s: no Terraform or CloudFormation reader in this build", p)
			}
			if l.Terraform != nil {
				e, d := l.Terraform(ctx, p, v)
				add(source.Terraform, e, d)
			}
			if l.CloudFormation != nil {
				e, d := l.CloudFormation(ctx, p, v)
				add(source.CloudFormation, e, d)
			}
		case TerraformPlan:
			if l.TerraformPlan == nil {
				return nil, inputErr("%s: no Terraform plan reader in this build", p)
			}
			e, d := l.TerraformPlan(ctx, p)
			add(source.Terraform, e, d)
		case CloudFormationTemplate:
			if l.CloudFormation == nil {
				return nil, inputErr("%s: no CloudFormation reader in this build", p)
			}
			e, d := l.CloudFormation(ctx, p, v)
			add(source.CloudFormation, e, d)
		case Snapshot:
			if l.Snapshot == nil {
				return nil, inputErr("%s: no snapshot reader in this build", p)
			}
			e, d, err := readSnapshot(l.Snapshot, p)
			if err != nil {
				return nil, inputErr("%s: %v", p, err)
			}
			add(source.Snapshot, e, d)
		}
		if len(here.ServiceCounts()) == 0 {
			// An empty scan that exits 0 would look like a clean bill of
			// health; say that nothing was found.
			out.Diagnostics.Warnf(source.Loc{File: p}, "no AWS resources found in %s (%s)", p, kind)
		}
		out.Estate.Merge(here)
	}
	out.Diagnostics.Sort()
	for k := range seen {
		out.Sources = append(out.Sources, k)
	}
	slices.Sort(out.Sources)
	return out, nil
}

func readSnapshot(read func(io.Reader, string) (*model.Estate, diag.List, error), p string) (*model.Estate, diag.List, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return read(f, p)
}

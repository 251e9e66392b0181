package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// Options are the inputs Terraform takes on the command line.
type Options struct {
	// Vars are -var name=value assignments; they win over every file.
	Vars map[string]string
	// VarFiles are -var-file paths, applied after terraform.tfvars and
	// *.auto.tfvars, in order.
	VarFiles []string
}

// parsedFile is one .tf file, parsed once per Load.
type parsedFile struct {
	name    string // display path, forward slashes
	src     []byte
	body    *hclsyntax.Body // nil when the file could not be parsed
	ignores []ignoreComment
}

// loader holds what one Load shares across root modules: the parsed files
// and the diagnostics. It is not reused across calls.
type loader struct {
	ctx  context.Context
	opts Options

	mu      sync.Mutex
	files   map[string]*parsedFile // by display path
	srcs    map[string][]byte      // read ahead, not yet parsed
	dirs    map[string][]string    // directory listings (regular files)
	modDefs map[string]*moduleDef  // by display dir
	diags   diag.List
}

func newLoader(ctx context.Context, opts Options) *loader {
	return &loader{ctx: ctx, opts: opts, files: map[string]*parsedFile{}, srcs: map[string][]byte{}, dirs: map[string][]string{}, modDefs: map[string]*moduleDef{}}
}

func (l *loader) addDiags(d diag.List) {
	if len(d) == 0 {
		return
	}
	l.mu.Lock()
	l.diags = append(l.diags, d...)
	l.mu.Unlock()
}

// toLoc turns an HCL range into a model location.
func toLoc(r hcl.Range) source.Loc {
	return source.Loc{File: r.Filename,
		Start: source.Pos{Line: r.Start.Line, Column: r.Start.Column},
		End:   source.Pos{Line: r.End.Line, Column: r.End.Column}}
}

func hclDiags(ds hcl.Diagnostics, sev diag.Severity) diag.List {
	var out diag.List
	for _, d := range ds {
		s := sev
		if d.Severity == hcl.DiagWarning {
			s = diag.Warning
		}
		dd := diag.Diagnostic{Severity: s, Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			dd.Subject = toLoc(*d.Subject)
		}
		out = append(out, dd)
	}
	return out
}

// displayPath is how a path appears in locations: cleaned, forward slashes,
// relative the way the user wrote the scanned directory.
func displayPath(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

// parseFile reads and parses one file; a syntax error drops the file with a
// diagnostic naming file:line:col, and the rest of the scan goes on.
func (l *loader) parseFile(name string) *parsedFile {
	l.mu.Lock()
	if f, ok := l.files[name]; ok {
		l.mu.Unlock()
		return f
	}
	l.mu.Unlock()
	f := &parsedFile{name: name}
	l.mu.Lock()
	src, cached := l.srcs[name]
	delete(l.srcs, name)
	l.mu.Unlock()
	var err error
	if !cached {
		src, err = os.ReadFile(filepath.FromSlash(name))
	}
	if err != nil {
		var d diag.List
		d.Errorf(source.Loc{File: name}, "cannot read file: %v", err)
		l.addDiags(d)
	} else {
		f.src = src
		if strings.HasSuffix(name, ".tf.json") {
			// JSON has no comments, hence no inline suppressions.
			body, ds := parseJSONConfig(src, name)
			l.addDiags(hclDiags(ds, diag.Error))
			f.body = body
		} else {
			file, ds := hclsyntax.ParseConfig(src, name, hcl.Pos{Line: 1, Column: 1})
			if ds.HasErrors() {
				l.addDiags(hclDiags(ds, diag.Error))
			} else if body, ok := file.Body.(*hclsyntax.Body); ok {
				f.body = body
				f.ignores = findIgnores(name, src)
			}
		}
	}
	l.mu.Lock()
	if prev, ok := l.files[name]; ok {
		f = prev
	} else {
		l.files[name] = f
	}
	l.mu.Unlock()
	return f
}

// parseAll parses files concurrently; later lookups hit the cache.
func (l *loader) parseAll(names []string) {
	workers := runtime.GOMAXPROCS(0)
	if workers > len(names) {
		workers = len(names)
	}
	ch := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range ch {
				l.parseFile(n)
			}
		}()
	}
	for _, n := range names {
		if l.ctx.Err() != nil {
			break
		}
		ch <- n
	}
	close(ch)
	wg.Wait()
}

// tfFiles lists the .tf and .tf.json files of one directory, sorted
// (Terraform's order); both syntaxes merge into one module.
func (l *loader) tfFiles(dir string) []string {
	var out []string
	for _, n := range l.listDir(dir) {
		if (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) && !strings.HasPrefix(n, ".") {
			out = append(out, path.Join(dir, n))
		}
	}
	return out
}

// listDir returns the regular files of dir, sorted; the scan's walk fills
// the cache so each directory is read once.
func (l *loader) listDir(dir string) []string {
	l.mu.Lock()
	names, ok := l.dirs[dir]
	l.mu.Unlock()
	if ok {
		return names
	}
	ents, err := os.ReadDir(filepath.FromSlash(dir))
	if err != nil {
		return nil
	}
	for _, e := range ents {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	l.mu.Lock()
	l.dirs[dir] = names
	l.mu.Unlock()
	return names
}

// Load reads every Terraform root module under dir and returns their
// resources. A root module is a directory with .tf files that no other
// scanned directory calls as a local module; called modules are evaluated
// only through their callers, with the inputs those give them.
func Load(ctx context.Context, dir string, opts Options) (*model.Estate, diag.List) {
	l := newLoader(ctx, opts)
	est := &model.Estate{}
	root := displayPath(dir)
	st, err := os.Stat(filepath.FromSlash(root))
	if err != nil {
		l.diags.Errorf(source.Loc{File: root}, "cannot read Terraform directory: %v", err)
		return est, l.diags
	}
	var dirs []string
	var files []string
	if !st.IsDir() {
		// A single file: its directory is the module.
		root = path.Dir(root)
	}
	listing := map[string][]string{}
	var order []string
	walkErr := filepath.WalkDir(filepath.FromSlash(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.diags.Warnf(source.Loc{File: displayPath(p)}, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != filepath.FromSlash(root) && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			dp := displayPath(p)
			listing[dp] = []string{}
			order = append(order, dp)
		} else if d.Type().IsRegular() {
			parent := displayPath(filepath.Dir(p))
			listing[parent] = append(listing[parent], d.Name())
		}
		return ctx.Err()
	})
	for _, dp := range order {
		names := listing[dp]
		sort.Strings(names)
		l.dirs[dp] = names
		if fs := l.tfFiles(dp); len(fs) > 0 {
			dirs = append(dirs, dp)
			files = append(files, fs...)
		}
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		l.diags.Warnf(source.Loc{File: root}, "walking directory: %v", walkErr)
	}
	if ctx.Err() != nil {
		l.diags.Errorf(source.Loc{File: root}, "scan cancelled: %v", ctx.Err())
		return est, l.diags
	}

	// A directory called as a local module by another scanned directory is
	// not a root. Only files that call modules are parsed for this; the
	// rest are parsed once, by the root that owns them.
	called := map[string]bool{}
	for _, c := range l.moduleCalls(files) {
		called[c] = true
	}
	var roots []string
	for _, d := range dirs {
		if !called[d] {
			roots = append(roots, d)
		}
	}
	results := make([]*model.Estate, len(roots))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, r := range roots {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = l.loadRoot(r)
			// Nothing calls a root, so its parsed files are not needed
			// again: dropping them keeps memory flat on large estates.
			l.evict(r)
		}()
	}
	wg.Wait()
	for _, r := range results {
		est.Merge(r)
	}
	l.diags.Sort()
	return est, l.diags
}

// moduleCalls returns the local directories the given files call as
// modules. Files without a module block are not parsed here.
func (l *loader) moduleCalls(files []string) []string {
	var mu sync.Mutex
	var out []string
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				src, err := os.ReadFile(filepath.FromSlash(name))
				if err != nil {
					continue // reported when the owning module is read
				}
				if !bytes.Contains(src, []byte("module")) || !bytes.Contains(src, []byte("source")) {
					// Sources are small next to their syntax trees: keep
					// the bytes so the owning root does not read them again.
					l.mu.Lock()
					l.srcs[name] = src
					l.mu.Unlock()
					continue
				}
				l.mu.Lock()
				l.srcs[name] = src
				l.mu.Unlock()
				// Parsed into the cache: the owning module reuses it.
				body := l.parseFile(name).body
				if body == nil {
					continue
				}
				for _, b := range body.Blocks {
					if b.Type != "module" {
						continue
					}
					a, ok := b.Body.Attributes["source"]
					if !ok {
						continue
					}
					v, ds := a.Expr.Value(nil)
					if ds.HasErrors() || v.Type() != cty.String || v.IsNull() {
						continue
					}
					if target, ok := localModuleDir(path.Dir(name), v.AsString()); ok {
						mu.Lock()
						out = append(out, target)
						mu.Unlock()
					}
				}
			}
		}()
	}
	for _, f := range files {
		if l.ctx.Err() != nil {
			break
		}
		work <- f
	}
	close(work)
	wg.Wait()
	return out
}

// evict forgets a module directory's parsed files.
func (l *loader) evict(dir string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	md, ok := l.modDefs[dir]
	if !ok {
		return
	}
	delete(l.modDefs, dir)
	for _, f := range md.files {
		delete(l.files, f.name)
	}
	for _, n := range l.dirs[dir] {
		delete(l.files, path.Join(dir, n))
		delete(l.srcs, path.Join(dir, n))
	}
	delete(l.dirs, dir)
}

// localModuleDir resolves a module source that is a local path.
func localModuleDir(callerDir, src string) (string, bool) {
	if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == "." || src == ".." {
		return displayPath(path.Join(callerDir, src)), true
	}
	return "", false
}

// modulesManifest is .terraform/modules/modules.json, written by terraform init.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

func readManifest(rootDir string) map[string]string {
	b, err := os.ReadFile(filepath.Join(filepath.FromSlash(rootDir), ".terraform", "modules", "modules.json"))
	if err != nil {
		return nil
	}
	var m modulesManifest
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	out := map[string]string{}
	for _, e := range m.Modules {
		if e.Key != "" && e.Dir != "" {
			// Dir is relative to the root module directory.
			out[e.Key] = displayPath(path.Join(rootDir, filepath.ToSlash(e.Dir)))
		}
	}
	return out
}

package control

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecksDoNotRewriteHeaders guards Check's contract: a result's
// Resource is the header On was given, so a check that changed a header's
// identity fields after making a result (reusing one variable for two
// resources) would change that result too. No check code assigns to them;
// the only writes are listed here with why they are safe.
func TestChecksDoNotRewriteHeaders(t *testing.T) {
	fields := map[string]bool{"Type": true, "Address": true, "ARN": true, "Account": true, "Region": true, "Source": true,
		"Loc": true, "Origin": true, "Tags": true, "Module": true, "Ignores": true, "DefaultResource": true}
	allowed := map[string]string{
		"run.go DefaultResource":         "Run marks unused defaults after every check has returned",
		"internal/scope/scope.go Source": "Account sets the source of the header it has just made",
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok == token.DEFINE {
				return true
			}
			for _, l := range as.Lhs {
				sel, ok := l.(*ast.SelectorExpr)
				if !ok || !fields[sel.Sel.Name] {
					continue
				}
				key := filepath.ToSlash(path) + " " + sel.Sel.Name
				if _, ok := allowed[key]; ok {
					seen[key] = true
					continue
				}
				t.Errorf("%s: assigns .%s; if this is a resource header, make a new one per resource instead (see Control.Check)", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range allowed {
		if !seen[k] {
			t.Errorf("allowed write %q no longer exists: drop it from the list", k)
		}
	}
}

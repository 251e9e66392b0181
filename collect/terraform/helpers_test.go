package terraform

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// writeTree writes files (path -> content) under a fresh directory and
// returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func load(t testing.TB, files map[string]string, opts Options) (*model.Estate, diag.List) {
	t.Helper()
	dir := writeTree(t, files)
	return Load(context.Background(), dir, opts)
}

func tf(src string) map[string]string { return map[string]string{"main.tf": src} }

// known asserts a value is known and returns it.
func known[T any](t testing.TB, what string, v source.Value[T]) T {
	t.Helper()
	x, ok := v.Get()
	if !ok {
		t.Fatalf("%s: want known, got unknown (%s)", what, v.Reason())
	}
	return x
}

// unknown asserts a value is unknown and that its reason mentions want.
func unknown[T any](t testing.TB, what string, v source.Value[T], want string) {
	t.Helper()
	if x, ok := v.Get(); ok {
		t.Fatalf("%s: want unknown, got known %v", what, x)
	}
	if !strings.Contains(v.Reason(), want) {
		t.Fatalf("%s: reason %q does not mention %q", what, v.Reason(), want)
	}
}

func noErrors(t testing.TB, d diag.List) {
	t.Helper()
	for _, x := range d {
		if x.Severity == diag.Error {
			t.Fatalf("unexpected diagnostic: %s", x)
		}
	}
}

package cloudformation

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/model"
)

// TestReusedMemory: a directory load parses and evaluates each worker's
// templates in reused memory; the model must be exactly what loading every
// file on its own (fresh memory) gives. A model value that pointed into the
// arena would be overwritten by a later template and show up here.
func TestReusedMemory(t *testing.T) {
	dir := t.TempDir()
	var names []string
	add := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	for _, f := range []string{"sam-api.yaml", "web-app.yaml", "queue-worker.json", "web-app-secure.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "examples", "cloudformation", f))
		if err != nil {
			t.Fatal(err)
		}
		// Interleave the examples with generated templates of other sizes,
		// so each worker reuses memory across different shapes.
		add("a-"+f, data)
		for i := range 6 {
			add(fmt.Sprintf("b-%s-%d.yaml", f, i), gen.Template(len(names)*7+i, 5+i*9))
		}
		add("c-"+f, data)
	}
	e, diags := Load(context.Background(), dir, Options{})
	var whole bytes.Buffer
	if err := snapshot.Write(&whole, e, diags); err != nil {
		t.Fatal(err)
	}
	one := &model.Estate{}
	var oneDiags = diags[:0:0]
	for _, name := range sortedNames(names) {
		e, d := Load(context.Background(), filepath.Join(dir, name), Options{})
		one.Merge(e)
		oneDiags = append(oneDiags, d...)
	}
	var each bytes.Buffer
	if err := snapshot.Write(&each, one, oneDiags); err != nil {
		t.Fatal(err)
	}
	if whole.Len() < 10000 {
		t.Fatalf("snapshot suspiciously small (%d bytes): the estate did not load", whole.Len())
	}
	if !bytes.Equal(whole.Bytes(), each.Bytes()) {
		a, b := whole.Bytes(), each.Bytes()
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		lo := max(0, i-200)
		t.Fatalf("directory load differs from file-by-file loads at byte %d:\n dir:  %s\n file: %s", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
	}
}

func sortedNames(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

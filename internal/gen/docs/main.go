package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/internal/docgen"
)

func main() {
	root := flag.String("root", ".", "module root to write docs/ under")
	flag.Parse()
	files := docgen.Files(catalog.All())
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(*root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "docs:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "docs:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", p)
	}
}

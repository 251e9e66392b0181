// Command gen writes the synthetic Terraform estate used by the scan
// benchmark: go run ./bench/gen -out DIR -files 2000.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/onus-sec/onus/bench/tfgen"
)

func main() {
	out := flag.String("out", "", "directory to write (created; must be empty or absent)")
	files := flag.Int("files", 2000, "approximate number of .tf files")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 {
		fmt.Fprintf(os.Stderr, "gen: %s is not empty\n", *out)
		os.Exit(2)
	}
	st, err := tfgen.Write(*out, *files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d files, %d root modules, %d resources to %s\n", st.Files, st.Roots, st.Resources, *out)
}

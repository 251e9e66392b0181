package terraform

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
)

var update = flag.Bool("update", false, "rewrite golden files")

// summary lists every resource of an estate as "type address file:lines",
// sorted, with the diagnostics after it.
func summary(e *model.Estate, strip string) string {
	var lines []string
	v := reflect.ValueOf(e).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		for j := 0; j < f.Len(); j++ {
			r, ok := f.Index(j).Interface().(base.Resource)
			if !ok {
				continue
			}
			m := r.M()
			loc := m.Loc
			loc.File = strings.TrimPrefix(loc.File, strip)
			ign := ""
			for _, ig := range m.Ignores {
				ign += " ignore:" + ig.Control
			}
			lines = append(lines, fmt.Sprintf("%-45s %-60s %s%s", m.Type, m.Address, loc, ign))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestExamplesGolden(t *testing.T) {
	for _, ex := range []string{"web-app", "web-app-secure"} {
		t.Run(ex, func(t *testing.T) {
			e, d := Load(context.Background(), "../../examples/terraform/"+ex, Options{})
			noErrors(t, d)
			got := summary(e, "../../")
			var ds []string
			for _, x := range d {
				ds = append(ds, strings.ReplaceAll(x.String(), "../../", ""))
			}
			got += "-- diagnostics --\n" + strings.Join(ds, "\n") + "\n"
			golden := filepath.Join("testdata", "golden", ex+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Fatalf("model of %s changed; diff against %s (run with -update if intended):\n%s", ex, golden, got)
			}
		})
	}
}

package scan

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/onus-sec/onus/report/formats"
)

// outputSpec records --format and --output in the order given on the
// command line, because pflag keeps two separate lists and the pairing
// `--format sarif --output a.sarif --format html --output b.html` depends on
// the interleaving.
type outputSpec struct {
	events []outputEvent
}

type outputEvent struct {
	format bool // true for --format, false for --output
	value  string
}

type specFlag struct {
	spec   *outputSpec
	format bool
}

var _ pflag.Value = specFlag{}

func (f specFlag) String() string { return "" }
func (f specFlag) Type() string   { return "string" }
func (f specFlag) Set(v string) error {
	if f.format && !formats.Known(v) {
		return fmt.Errorf("unknown format %q (want one of %s)", v, strings.Join(formats.Names(), ", "))
	}
	f.spec.events = append(f.spec.events, outputEvent{format: f.format, value: v})
	return nil
}

// extFormats infers a format from an --output file name given without a
// preceding --format.
var extFormats = map[string]string{
	".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html",
	".csv": "csv", ".xml": "junit", ".txt": "table", ".ocsf": "ocsf",
}

// pairs turns the recorded flags into outputs: each --output takes the
// nearest --format before it that has no output yet; a --format left
// without an --output writes to standard output; with no flags at all the
// table goes to standard output.
func (s *outputSpec) pairs() ([]formats.Output, error) {
	var outs []formats.Output
	pending := -1 // index in outs of a --format still waiting for an --output
	for _, e := range s.events {
		if e.format {
			outs = append(outs, formats.Output{Format: e.value})
			pending = len(outs) - 1
			continue
		}
		if pending >= 0 {
			outs[pending].Path = e.value
			pending = -1
			continue
		}
		f, ok := extFormats[strings.ToLower(filepath.Ext(e.value))]
		if !ok || !formats.Known(f) {
			return nil, fmt.Errorf("--output %s: give its --format before it (cannot tell the format from the file name)", e.value)
		}
		outs = append(outs, formats.Output{Format: f, Path: e.value})
	}
	if len(outs) == 0 {
		outs = []formats.Output{{Format: "table"}}
	}
	return outs, formats.Validate(outs)
}

package formats

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/asff"
	"github.com/onus-sec/onus/report/csv"
	"github.com/onus-sec/onus/report/html"
	jsonfmt "github.com/onus-sec/onus/report/json"
	"github.com/onus-sec/onus/report/junit"
	"github.com/onus-sec/onus/report/ocsf"
	"github.com/onus-sec/onus/report/sarif"
	"github.com/onus-sec/onus/report/table"
)

// Options are the rendering choices a scan passes to every format; each
// format uses the ones that mean something to it.
type Options struct {
	// Colour: ANSI colours in the table (only for a terminal with NO_COLOR unset).
	Colour bool
	// ShowSuppressed lists suppressed results in the table; machine formats
	// always include them, marked.
	ShowSuppressed bool
	// Matrix prints the responsibility matrix in the table.
	Matrix bool
	// Quiet: the table prints only FAIL and UNKNOWN results and the summary.
	Quiet bool
	// ShowNotApplicable lists every NOT_APPLICABLE result in the table
	// instead of one folded line per group; machine formats always list them.
	ShowNotApplicable bool
	// AWSAccount and AWSRegion fill ASFF findings for code results, which
	// have no account or region of their own.
	AWSAccount, AWSRegion string
}

// Names lists the formats in the order help text shows them.
func Names() []string {
	return []string{"table", "json", "csv", "sarif", "junit", "html", "ocsf", "asff"}
}

// Write renders r in the named format.
func Write(w io.Writer, format string, r *report.Report, o Options) error {
	switch strings.ToLower(format) {
	case "table":
		return table.Write(w, r, table.Options{Colour: o.Colour, ShowSuppressed: o.ShowSuppressed, Matrix: o.Matrix, Quiet: o.Quiet, ShowNotApplicable: o.ShowNotApplicable})
	case "json":
		return jsonfmt.Write(w, r, jsonfmt.Options{})
	case "csv":
		return csv.Write(w, r, csv.Options{})
	case "sarif":
		return sarif.Write(w, r, sarif.Options{})
	case "junit":
		return junit.Write(w, r, junit.Options{})
	case "html":
		return html.Write(w, r, html.Options{})
	case "ocsf":
		return ocsf.Write(w, r, ocsf.Options{})
	case "asff":
		return asff.Write(w, r, asff.Options{AccountID: o.AWSAccount, Region: o.AWSRegion})
	}
	return &UnknownFormatError{Format: format}
}

// UnknownFormatError is a --format value that names no format (exit 2).
type UnknownFormatError struct{ Format string }

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown format %q (want one of %s)", e.Format, strings.Join(Names(), ", "))
}

// Known reports whether format names a format.
func Known(format string) bool {
	for _, n := range Names() {
		if strings.EqualFold(n, format) {
			return true
		}
	}
	return false
}

// Output is one --format/--output pair; Path "" or "-" is standard output.
type Output struct {
	Format string
	Path   string
}

// Validate checks the pairs before a scan starts, so a typo fails fast
// (exit 2) instead of after minutes of API calls.
func Validate(outs []Output) error {
	stdout := 0
	for _, o := range outs {
		if !Known(o.Format) {
			return &UnknownFormatError{Format: o.Format}
		}
		if o.Path == "" || o.Path == "-" {
			stdout++
		}
	}
	if stdout > 1 {
		return errors.New("more than one --format writes to standard output; give each an --output file")
	}
	return nil
}

// WriteAll writes every output. Files are written to a temporary name in
// the same directory and renamed, so a failed write never leaves a
// truncated report where CI expects a complete one. Colour is only used for
// standard output.
func WriteAll(r *report.Report, outs []Output, stdout io.Writer, o Options) error {
	if err := Validate(outs); err != nil {
		return err
	}
	var errs []error
	for _, out := range outs {
		if out.Path == "" || out.Path == "-" {
			if err := Write(stdout, out.Format, r, o); err != nil {
				errs = append(errs, fmt.Errorf("writing %s to standard output: %w", out.Format, err))
			}
			continue
		}
		fo := o
		fo.Colour = false
		if err := writeFile(out.Path, out.Format, r, fo); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func writeFile(path, format string, r *report.Report, o Options) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s report: %w", format, err)
	}
	tmp := f.Name()
	werr := Write(f, format, r, o)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s report to %s: %w", format, path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s report to %s: %w", format, path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s report to %s: %w", format, path, err)
	}
	return nil
}

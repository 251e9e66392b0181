package collect

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/model"
)

// Options of one `onus collect`.
type Options struct {
	IO    *iostreams.IOStreams
	AWS   *AWS
	Out   string
	Quiet bool
}

// NewCmd builds `onus collect`; aws nil means the real collector, runF
// replaces the run function in tests.
func NewCmd(streams *iostreams.IOStreams, aws *AWS, runF func(context.Context, *Options) error) *cobra.Command {
	if aws == nil {
		aws = NewAWS(nil)
	}
	opts := &Options{IO: streams, AWS: aws}
	cmd := &cobra.Command{
		Use:   "collect --aws --out FILE",
		Short: "Read a live AWS account into a snapshot to scan offline",
		Long: `Collect reads the live AWS account the credentials belong to (read-only calls,
the minimal policy is docs/permissions.json) and writes the model to a
versioned JSON snapshot with provenance and UNKNOWN reasons. onus scan FILE
judges it later without credentials, so a scan is reproducible and shareable.

A read that fails (AccessDenied, throttling after retries, timeouts, 5xx) makes
exactly the values it would have provided UNKNOWN, with the API call and the
AWS error code as the reason; it is never recorded as false or empty.`,
		Example: `  onus collect --aws --out snapshot.json
  onus collect --aws --profile audit --regions eu-west-1,us-east-1 --out snap.json
  onus collect --aws --role-arn arn:aws:iam::123456789012:role/audit --external-id X --out snap.json
  onus scan snap.json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if !opts.AWS.Enabled() {
				return cmdutil.Usagef("nothing to collect: pass --aws")
			}
			if opts.Out == "" {
				return cmdutil.Usagef("--out FILE is required (- for standard output)")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Run(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.AWS.AddFlags(f)
	f.StringVarP(&opts.Out, "out", "o", "", "write the snapshot to this file (- for standard output)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "print only errors on standard error")
	return cmd
}

// Run collects and writes the snapshot. A partial (interrupted) collection
// is still written, then reported as an incomplete scan.
func Run(ctx context.Context, opts *Options) error {
	e, d, err := opts.AWS.Collect(ctx, opts.IO)
	for _, x := range d {
		if !opts.Quiet || x.Severity == diag.Error {
			fmt.Fprintln(opts.IO.ErrOut, x.String())
		}
	}
	if err != nil {
		return cmdutil.Inputf("%s: %v", opts.AWS.Target(), err)
	}
	if err := write(opts, e, d); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "collected %d resources from %s in %d region(s) into %s\n", count(e), opts.AWS.Target(), len(e.ScannedRegions), opts.Out)
	}
	if d.HasErrors() {
		return &cmdutil.IncompleteError{Errors: errorsIn(d)}
	}
	return nil
}

func write(opts *Options, e *model.Estate, d diag.List) error {
	if opts.Out == "-" {
		return snapshot.Write(opts.IO.Out, e, d)
	}
	f, err := os.Create(opts.Out)
	if err != nil {
		return cmdutil.Inputf("%v", err)
	}
	if err := snapshot.Write(f, e, d); err != nil {
		f.Close()
		return cmdutil.Inputf("%s: %v", opts.Out, err)
	}
	if err := f.Close(); err != nil {
		return cmdutil.Inputf("%s: %v", opts.Out, err)
	}
	return nil
}

func count(e *model.Estate) int {
	n := 0
	for _, c := range e.ServiceCounts() {
		n += c
	}
	return n
}

func errorsIn(d diag.List) int {
	n := 0
	for _, x := range d {
		if x.Severity == diag.Error {
			n++
		}
	}
	return n
}

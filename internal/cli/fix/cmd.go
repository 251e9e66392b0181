package fix

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/config"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/report"
)

// Options of one `onus fix`.
type Options struct {
	IO *iostreams.IOStreams
	scan.Deps

	Paths  []string
	Vars   load.Vars
	DryRun bool
	// Config is --config; empty looks for .onus.yaml in the first PATH.
	Config string
}

// NewCmd builds `onus fix`; runF replaces the run function in tests.
func NewCmd(streams *iostreams.IOStreams, deps scan.Deps, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: streams, Deps: deps}
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Fix single-attribute Terraform and CloudFormation failures in place (or print the diff)",
		Long: `Fix scans PATH like onus scan, and for each FAIL whose remedy is one attribute
(storage_encrypted = true, metadata_options { http_tokens = "required" },
enable_log_file_validation = true, backup_retention_period = 7, ... in Terraform;
StorageEncrypted: true, EnableLogFileValidation: true, TracingConfig: {Mode: Active},
... in CloudFormation YAML or JSON) edits the resource in your file, keeping
comments and the rest of the file as they are.

--dry-run prints the unified diff and changes nothing. Suppressed results, values
set through variables, parameters or intrinsic functions, resources inside modules
and live resources are left alone and listed on standard error with the reason.
.onus.yaml applies as in onus scan: suppressions, settings and control parameters
(with min_backup_retention_days: 14, a retention below 14 is raised to 14).`,
		Example: `  onus fix --dry-run examples/terraform/web-app
  onus fix --dry-run examples/cloudformation/web-app.yaml
  onus fix --dry-run . | git apply --check
  onus fix infra/`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if len(args) == 0 {
				return cmdutil.Usagef("at least one PATH is needed")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Run(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	scan.AddLoadFlags(f, &opts.Vars)
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the unified diff instead of changing files")
	f.StringVar(&opts.Config, "config", "", "config file with suppressions, settings and parameters (default: .onus.yaml in the first PATH)")
	return cmd
}

// Run scans, plans the fixes and prints or applies them.
func Run(ctx context.Context, opts *Options) error {
	res, err := opts.Loaders.Paths(ctx, opts.Paths, opts.Vars)
	if err != nil {
		if errors.Is(err, load.ErrInput) {
			return &cmdutil.InputError{Err: err}
		}
		return err
	}
	cfg, err := loadConfig(opts)
	if err != nil {
		return err
	}
	cs := opts.Catalog()
	if err := cfg.CheckParams(cs); err != nil {
		return &cmdutil.InputError{Err: err}
	}
	// The same settings as onus scan, so fix edits what scan fails, to
	// the threshold scan judges against.
	cfg.ApplyTo(res.Estate)
	control.RenderFor(cs, res.Estate)
	r := &report.Report{Results: control.Run(ctx, res.Estate, cs)}
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}
	config.Apply(r, cfg, now)
	p, err := Make(r.Results, r.IsSuppressed, WithParams(Fixes(), cs, res.Estate), ReadFS)
	if err != nil {
		return &cmdutil.InputError{Err: err}
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(opts.IO.ErrOut, "not fixed: %s %s: %s\n", s.Control, s.Resource, s.Reason)
	}
	if opts.DryRun {
		fmt.Fprint(opts.IO.Out, p.Diff())
		fmt.Fprintf(opts.IO.ErrOut, "%d change(s) in %d file(s) would be made (dry run)\n", len(p.Changes), len(p.Files))
		return nil
	}
	if err := p.Apply(); err != nil {
		return err
	}
	for _, c := range p.Changes {
		fmt.Fprintf(opts.IO.Out, "fixed %s %s: %s = %s (%s)\n", c.Control, c.Resource, c.Attr, c.Value, c.File)
	}
	fmt.Fprintf(opts.IO.ErrOut, "%d change(s) in %d file(s)\n", len(p.Changes), len(p.Files))
	return nil
}

func loadConfig(opts *Options) (*config.Config, error) {
	path := opts.Config
	if path == "" {
		p, ok := config.Find(opts.Paths[0])
		if !ok {
			return nil, nil
		}
		path = p
	}
	c, err := config.Load(path)
	if err != nil {
		return nil, &cmdutil.InputError{Err: err}
	}
	return c, nil
}

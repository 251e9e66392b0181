package scan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/onus-sec/onus/config"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/manual"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/report/baseline"
	"github.com/onus-sec/onus/report/formats"
	"github.com/onus-sec/onus/responsibility"
	"github.com/onus-sec/onus/source"
)

// Collector is a source that flags enable instead of a PATH: the live AWS
// account. The aws glue implements it; scan only calls it.
type Collector interface {
	// AddFlags registers the collector's flags (e.g. --aws, --profile).
	AddFlags(fs *pflag.FlagSet)
	// Enabled reports whether the parsed flags ask for this collector.
	Enabled() bool
	// Target names what is collected, for the report ("aws:123456789012").
	Target() string
	// Kind is the source kind of what it collects (source.AWS).
	Kind() source.Kind
	// Collect reads the estate. An error means nothing usable was read
	// (no credentials at all); partial reads are diagnostics. streams lets
	// it draw progress on a terminal's stderr.
	Collect(ctx context.Context, streams *iostreams.IOStreams) (*model.Estate, diag.List, error)
}

// Deps are what the verb needs from the rest of onus; cmd/onus wires the
// real ones and tests pass fakes.
type Deps struct {
	Version string
	// Catalog returns the controls to run (catalog.All), fresh on every
	// call: a scan renders their texts with its own parameter values.
	Catalog func() []*control.Control
	Loaders load.Loaders
	// Collectors make one fresh collector per command.
	Collectors []func() Collector
	// FilterFramework keeps the controls mapped to a framework; nil hides
	// --framework.
	FilterFramework func(cs []*control.Control, framework string) ([]*control.Control, error)
	// Now stamps the report and judges attestation expiry; nil leaves the
	// report unstamped (tests) and uses the current date for expiry.
	Now func() time.Time
}

// Options of one `onus scan`.
type Options struct {
	IO *iostreams.IOStreams
	Deps

	Paths []string
	Vars  load.Vars

	outputs        outputSpec
	Outputs        []formats.Output
	FailOn         string
	Strict         bool
	Quiet          bool
	ShowSuppressed bool
	ShowNA         bool
	Matrix         bool
	Framework      string
	// ASFFAccount and ASFFRegion stand in for the account and region of code
	// results in ASFF output, which Security Hub requires on every finding.
	ASFFAccount, ASFFRegion string
	// ConfigPath is --config; empty means .onus.yaml in the first PATH.
	ConfigPath string
	// BaselinePath is --baseline: an earlier JSON report whose failing
	// results are marked as known.
	BaselinePath string

	collectors []Collector
}

// NewCmd builds `onus scan`; runF replaces the run function in tests.
func NewCmd(streams *iostreams.IOStreams, deps Deps, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: streams, Deps: deps, FailOn: "high"}
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan Terraform, CloudFormation, a plan, a snapshot or a live account",
		Long: `Scan reads every PATH into one estate, runs every control on the layers the
customer owns, and reports PASS, FAIL, UNKNOWN (with the reason the evidence is
missing) or NOT_APPLICABLE per control and resource.

PATH is a directory (its Terraform and CloudFormation files), a Terraform plan
JSON (terraform show -json), a CloudFormation template, or an onus snapshot
(onus collect). Files are recognised by content.

Exit codes: 0 no failing result at or above --fail-on; 1 failing results;
2 usage or input error; 3 scan incomplete (unreadable input) under --strict.`,
		Example: `  onus scan examples/terraform/web-app
  onus scan . --fail-on critical
  onus scan infra/ --format json --output onus.json
  onus scan plan.json --format sarif --output onus.sarif --format table
  onus scan template.yaml --param Env=prod --strict
  onus scan snapshot.json --matrix
  onus scan infra/ --baseline onus-baseline.json   # fail only on findings the baseline lacks`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			outs, err := opts.outputs.pairs()
			if err != nil {
				return &cmdutil.UsageError{Err: err}
			}
			opts.Outputs = outs
			if _, err := report.ParseFailOn(opts.FailOn); err != nil {
				return &cmdutil.UsageError{Err: err}
			}
			if err := opts.CheckInput(); err != nil {
				return err
			}
			if err := checkASFF(opts.ASFFAccount, opts.ASFFRegion); err != nil {
				return &cmdutil.UsageError{Err: err}
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Run(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	AddLoadFlags(f, &opts.Vars)
	f.Var(specFlag{spec: &opts.outputs, format: true}, "format", "output format: "+strings.Join(formats.Names(), ", ")+" (default table; repeatable, each paired with the --output after it)")
	f.Var(specFlag{spec: &opts.outputs}, "output", "write the preceding --format to this file instead of standard output (repeatable)")
	f.StringVar(&opts.FailOn, "fail-on", opts.FailOn, "exit 1 when a FAIL at or above this severity: critical, high, medium, low, info or none")
	f.BoolVar(&opts.Strict, "strict", false, "exit 3 when some input could not be read (the scan is incomplete)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "table shows only FAIL and UNKNOWN and the summary; warnings are not printed")
	f.BoolVar(&opts.ShowSuppressed, "show-suppressed", false, "list suppressed results in the table (machine formats always include them, marked)")
	f.BoolVar(&opts.ShowNA, "show-na", false, "list every NOT_APPLICABLE result in the table instead of one line per group naming the controls and reasons (machine formats always include them)")
	f.BoolVar(&opts.Matrix, "matrix", false, "include the responsibility matrix")
	f.StringVar(&opts.ASFFAccount, "asff-account", "", "AWS account id for ASFF findings on code results (which have none)")
	f.StringVar(&opts.ASFFRegion, "asff-region", "", "AWS region for ASFF findings on code results (which have none)")
	AddConfigFlag(f, &opts.ConfigPath)
	f.StringVar(&opts.BaselinePath, "baseline", "", "earlier onus JSON report (--format json): results failing there too are marked suppressed (source baseline), so only new findings fail the run")
	if deps.FilterFramework != nil {
		f.StringVar(&opts.Framework, "framework", "", "run and report only the controls mapped to this framework (e.g. cis-aws-7.0.0)")
	}
	opts.AddCollectorFlags(f)
	return cmd
}

// checkASFF rejects an account or region that Security Hub would refuse,
// before the scan runs rather than after it.
func checkASFF(account, region string) error {
	if account != "" && !asffAccount.MatchString(account) {
		return fmt.Errorf("--asff-account %q is not a 12-digit AWS account id", account)
	}
	if region != "" && !asffRegion.MatchString(region) {
		return fmt.Errorf("--asff-region %q is not an AWS region name (e.g. eu-west-1)", region)
	}
	return nil
}

var (
	asffAccount = regexp.MustCompile(`^[0-9]{12}$`)
	asffRegion  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// AddCollectorFlags makes the command's collectors and registers their
// flags; verbs that scan (scan, matrix) call it once.
func (o *Options) AddCollectorFlags(f *pflag.FlagSet) {
	for _, mk := range o.Collectors {
		c := mk()
		c.AddFlags(f)
		o.collectors = append(o.collectors, c)
	}
}

// CheckInput is a usage error when there is nothing to scan: no PATH and
// no live source enabled.
func (o *Options) CheckInput() error {
	if len(o.Paths) == 0 && !o.anyCollector() {
		return cmdutil.Usagef("at least one PATH is needed%s", o.collectorHint())
	}
	return nil
}

// AddConfigFlag registers --config.
func AddConfigFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "config", "", "suppressions and attestations file (default: .onus.yaml in the first PATH)")
}

// loadConfig reads --config, or .onus.yaml next to the first PATH when
// there is one. A malformed file is an input error (exit 2).
func (o *Options) loadConfig() (*config.Config, error) {
	path := o.ConfigPath
	if path == "" {
		if len(o.Paths) == 0 {
			return nil, nil
		}
		p, ok := config.Find(o.Paths[0])
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

// AddLoadFlags registers the flags that feed the code sources.
func AddLoadFlags(f *pflag.FlagSet, v *load.Vars) {
	f.Var(&kvFlag{m: &v.TFVars}, "var", "Terraform variable NAME=VALUE (repeatable)")
	f.StringArrayVar(&v.TFVarFiles, "var-file", nil, "Terraform variables file (repeatable)")
	f.Var(&kvFlag{m: &v.CFNParams}, "param", "CloudFormation parameter KEY=VALUE (repeatable)")
	f.StringArrayVar(&v.CFNParamFiles, "param-file", nil, "CloudFormation parameters file, in the AWS CLI's JSON format (repeatable)")
}

// kvFlag is a repeatable NAME=VALUE flag. Unlike pflag's StringToString it
// does not split on commas, which Terraform values often contain.
type kvFlag struct{ m *map[string]string }

func (f *kvFlag) String() string { return "" }
func (f *kvFlag) Type() string   { return "NAME=VALUE" }
func (f *kvFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q is not NAME=VALUE", s)
	}
	if *f.m == nil {
		*f.m = map[string]string{}
	}
	(*f.m)[strings.TrimSpace(k)] = v
	return nil
}

func (o *Options) anyCollector() bool {
	for _, c := range o.collectors {
		if c.Enabled() {
			return true
		}
	}
	return false
}

func (o *Options) collectorHint() string {
	if len(o.collectors) > 0 {
		return " or a live source (--aws)"
	}
	return ""
}

// Build loads the inputs, runs the controls and returns the report. An
// error is a usage or input error (nothing could be scanned).
func Build(ctx context.Context, opts *Options) (*report.Report, error) {
	cs := opts.Catalog()
	if opts.Framework != "" {
		var err error
		if cs, err = opts.FilterFramework(cs, opts.Framework); err != nil {
			return nil, &cmdutil.UsageError{Err: err}
		}
	}
	cfg, err := opts.loadConfig()
	if err != nil {
		return nil, err
	}
	// Against the whole catalogue: a parameter of a control --framework
	// leaves out is still a valid setting.
	// (Only with a config: the catalogue is built anew for each call.)
	if cfg != nil {
		if err := cfg.CheckParams(opts.Catalog()); err != nil {
			return nil, &cmdutil.InputError{Err: err}
		}
	}
	// Read the baseline before scanning: a wrong path should not cost a
	// live collection.
	var base *baseline.Baseline
	if opts.BaselinePath != "" {
		if base, err = readBaseline(opts.BaselinePath); err != nil {
			return nil, &cmdutil.InputError{Err: err}
		}
	}
	res, err := opts.Loaders.Paths(ctx, opts.Paths, opts.Vars)
	if err != nil {
		if errors.Is(err, load.ErrInput) {
			return nil, &cmdutil.InputError{Err: err}
		}
		return nil, err
	}
	target := append([]string(nil), opts.Paths...)
	sources := res.Sources
	for _, c := range opts.collectors {
		if !c.Enabled() {
			continue
		}
		e, d, err := c.Collect(ctx, opts.IO)
		if err != nil {
			return nil, &cmdutil.InputError{Err: fmt.Errorf("%s: %w", c.Target(), err)}
		}
		res.Estate.Merge(e)
		res.Diagnostics = append(res.Diagnostics, d...)
		target = append(target, c.Target())
		sources = appendKind(sources, c.Kind())
	}
	res.Diagnostics.Sort()
	// Code sources record no scan time of their own: this scan is when their
	// evidence was read. Live collections and snapshots keep theirs, so a
	// snapshot rescanned later judges ages as of its collection.
	if res.Estate.ScanTime.IsZero() {
		res.Estate.ScanTime = opts.today().UTC()
	}

	r := &report.Report{
		Tool:        report.Tool{Name: "onus", Version: opts.Version},
		Target:      strings.Join(target, " "),
		Sources:     sources,
		Framework:   opts.Framework,
		Diagnostics: res.Diagnostics,
		Incomplete:  res.Diagnostics.HasErrors(),
	}
	if r.Sources == nil {
		r.Sources = []source.Kind{}
	}
	if r.Diagnostics == nil {
		r.Diagnostics = diag.List{}
	}
	if opts.Now != nil {
		r.Started = opts.Now().UTC()
	}
	// The user's settings (e.g. the AMI allow list) are part of what the
	// controls judge against.
	cfg.ApplyTo(res.Estate)
	// Titles and remediation state the thresholds this scan judges by.
	control.RenderFor(cs, res.Estate)
	r.Results = control.Run(ctx, res.Estate, cs)
	r.Sorted = true
	r.Controls = cs
	if cfg != nil {
		r.Parameters = reportParams(cfg, opts.Catalog())
	}
	// Inline ignores and .onus.yaml suppressions mark results; they never
	// remove them.
	config.Apply(r, cfg, opts.today())
	if base != nil {
		// After the user's own suppressions, which keep their reasons.
		baseline.Apply(r, base)
	}
	if err := ctx.Err(); err != nil {
		// Ctrl-C: say the report is partial rather than pretend it is whole.
		r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{Severity: diag.Error, Summary: "scan interrupted: results are partial"})
		r.Incomplete = true
	}
	if opts.Matrix {
		m := responsibility.Build(responsibility.Input{
			Estate: res.Estate, Results: r.Results, Skip: r.IsSuppressed,
			Controls: cs, Attestations: cfg.ResponsibilityAttestations(), Now: opts.today(),
			Duties: manualDuties(),
		})
		r.Matrix = &m
	}
	if opts.Now != nil {
		r.Finished = opts.Now().UTC()
	}
	return r, nil
}

// reportParams lists the parameters the config set, in file order, with
// the defaults they replace (CheckParams has made sure each exists).
func reportParams(cfg *config.Config, cs []*control.Control) []report.Parameter {
	if cfg == nil {
		return nil
	}
	var out []report.Parameter
	for _, u := range cfg.Params {
		for _, c := range cs {
			for _, p := range c.Params {
				if c.ID == u.Control && p.Name == u.Name {
					out = append(out, report.Parameter{Control: u.Control, Name: u.Name, List: p.List, Values: u.Values,
						Defaults: p.Defaults(), Unit: p.Unit, Loc: cfg.ParamLoc(u)})
				}
			}
		}
	}
	return out
}

func readBaseline(path string) (*baseline.Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	defer f.Close()
	return baseline.Read(f, path)
}

func (o *Options) today() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func appendKind(ks []source.Kind, k source.Kind) []source.Kind {
	for _, x := range ks {
		if x == k {
			return ks
		}
	}
	return append(ks, k)
}

// Run scans, prints and returns the error kind that decides the exit code.
func Run(ctx context.Context, opts *Options) error {
	r, err := Build(ctx, opts)
	if err != nil {
		return err
	}
	tableOnStdout := false
	for _, o := range opts.Outputs {
		if (o.Path == "" || o.Path == "-") && o.Format == "table" {
			tableOnStdout = true
		}
	}
	// The table lists diagnostics itself; everything else (JSON on stdout,
	// files) gets them on stderr so a person still sees them.
	if !tableOnStdout {
		PrintDiagnostics(opts.IO, r.Diagnostics, opts.Quiet)
	}
	fo := formats.Options{
		Colour: opts.IO.ColorEnabled(), ShowSuppressed: opts.ShowSuppressed, ShowNotApplicable: opts.ShowNA,
		Matrix: opts.Matrix, Quiet: opts.Quiet,
		AWSAccount: opts.ASFFAccount, AWSRegion: opts.ASFFRegion,
	}
	if err := formats.WriteAll(r, opts.Outputs, opts.IO.Out, fo); err != nil {
		return err
	}
	return Verdict(r, opts.FailOn, opts.Strict)
}

// PrintDiagnostics writes one line per diagnostic to stderr
// (severity: file:line:col: summary); quiet keeps only errors.
func PrintDiagnostics(s *iostreams.IOStreams, ds diag.List, quiet bool) {
	for _, d := range ds {
		if quiet && d.Severity != diag.Error {
			continue
		}
		fmt.Fprintln(s.ErrOut, d.String())
	}
}

// Verdict turns the report into the error kind that cmd/onus maps to an
// exit code.
func Verdict(r *report.Report, failOn string, strict bool) error {
	fo, err := report.ParseFailOn(failOn)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	switch report.ExitCode(r, fo, strict) {
	case report.ExitIncomplete:
		n := 0
		for _, d := range r.Diagnostics {
			if d.Severity == diag.Error {
				n++
			}
		}
		return &cmdutil.IncompleteError{Errors: n}
	case report.ExitFindings:
		n := 0
		for i, x := range r.Results.All() {
			if x.Outcome == control.Fail && !r.IsSuppressed(i) && x.Control != nil && fo.Fails(x.Control.Severity) {
				n++
			}
		}
		return &cmdutil.FindingsError{Failed: n, Threshold: fo.String()}
	}
	return nil
}

// manualDuties turns the catalogue's manual customer duties into matrix
// items, so cells no API can judge name the real duty (OS patching, SAST)
// rather than a generic sentence.
func manualDuties() []responsibility.Duty {
	items := manual.Items()
	out := make([]responsibility.Duty, 0, len(items))
	for _, it := range items {
		out = append(out, responsibility.Duty{Service: it.Service, Layer: it.Layer, Item: it.Item})
	}
	return out
}

package controls

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/responsibility"
)

// SchemaVersion of the `onus controls --format json` document.
const SchemaVersion = "1.0"

// Options of `onus controls` and `onus controls explain`.
type Options struct {
	IO *iostreams.IOStreams
	// Catalog returns the controls to list (catalog.All in main).
	Catalog func() []*control.Control
	Format  string
	Service string
	Layer   string
	// ID is set for `explain`.
	ID string
}

// NewCmd builds `onus controls`; runF replaces the run function in tests.
func NewCmd(streams *iostreams.IOStreams, catalog func() []*control.Control, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: streams, Catalog: catalog, Format: "table"}
	cmd := &cobra.Command{
		Use:   "controls",
		Short: "List the control catalogue",
		Long: `List every control onus runs: its ID, severity, service, responsibility layer
and title. --format json lists every field (rationale, what is checked,
remediation, framework mappings).`,
		Example: `  onus controls
  onus controls --service s3
  onus controls --format json
  onus controls explain ONUS-S3-001`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return List(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.Var(&cmdutil.EnumFlag{Value: &opts.Format, Allowed: []string{"table", "json"}}, "format", "output format: table or json")
	f.StringVar(&opts.Service, "service", "", "only controls of this service (e.g. s3, ec2, vpc)")
	f.StringVar(&opts.Layer, "layer", "", "only controls of this responsibility layer (e.g. data-protection)")
	cmd.AddCommand(newExplainCmd(streams, catalog, runF))
	return cmd
}

func newExplainCmd(streams *iostreams.IOStreams, catalog func() []*control.Control, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: streams, Catalog: catalog, Format: "table"}
	cmd := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain one control: rationale, what is checked, remediation, frameworks",
		Example: `  onus controls explain ONUS-S3-001
  onus controls explain onus-rds-001 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Explain(c.Context(), opts)
		},
	}
	cmd.Flags().Var(&cmdutil.EnumFlag{Value: &opts.Format, Allowed: []string{"table", "json"}}, "format", "output format: table or json")
	return cmd
}

type listDoc struct {
	SchemaVersion string             `json:"schema_version"`
	Controls      []*control.Control `json:"controls"`
}

// List prints the (filtered) catalogue, sorted by ID.
func List(_ context.Context, opts *Options) error {
	var cs []*control.Control
	for _, c := range opts.Catalog() {
		if opts.Service != "" && !strings.EqualFold(c.Service, opts.Service) {
			continue
		}
		if opts.Layer != "" && !strings.EqualFold(c.Layer, opts.Layer) {
			continue
		}
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	if opts.Format == "json" {
		if cs == nil {
			cs = []*control.Control{}
		}
		return writeJSON(opts.IO.Out, listDoc{SchemaVersion: SchemaVersion, Controls: cs})
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSERVICE\tLAYER\tTITLE")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Severity, c.Service, c.Layer, c.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(opts.IO.Out, "\n%d controls. `onus controls explain ID` for details.\n", len(cs))
	return err
}

// Explain prints one control in full. The ID is matched without regard to case.
func Explain(_ context.Context, opts *Options) error {
	var c *control.Control
	for _, x := range opts.Catalog() {
		if strings.EqualFold(x.ID, opts.ID) {
			c = x
			break
		}
	}
	if c == nil {
		return cmdutil.Usagef("unknown control %q; `onus controls` lists the catalogue", opts.ID)
	}
	if opts.Format == "json" {
		return writeJSON(opts.IO.Out, c)
	}
	return writeExplain(opts.IO.Out, c)
}

func writeExplain(w io.Writer, c *control.Control) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", c.ID, c.Title)
	owner := ""
	svcName := c.Service
	if s, ok := responsibility.Lookup(c.Service); ok {
		svcName = fmt.Sprintf("%s (%s)", c.Service, s.Name)
		owner = s.Owners[c.Layer]
	}
	fmt.Fprintf(&b, "Severity:  %s\nService:   %s\nLayer:     %s", c.Severity, svcName, c.Layer)
	if owner != "" {
		fmt.Fprintf(&b, " (owned by %s)", owner)
	}
	b.WriteString("\n")
	section(&b, "Rationale", c.Rationale)
	section(&b, "What is checked", c.Checked)
	if len(c.Params) > 0 {
		b.WriteString("\nParameters (set in .onus.yaml under parameters: " + c.ID + ":)\n")
		for _, p := range c.Params {
			kind := fmt.Sprintf("allowed %d to %d", p.Min, p.Max)
			if p.List {
				kind = fmt.Sprintf("a list, each %d to %d", p.Min, p.Max)
			}
			fmt.Fprintf(&b, "  %s  default %s %s (%s)\n", p.Name, control.Join(p.Defaults()), p.Unit, kind)
			indent(&b, wrap(p.Summary, 72), "    ")
		}
	}
	b.WriteString("\nRemediation\n")
	indent(&b, wrap(c.Remediation.Summary, 76), "  ")
	for _, r := range []struct{ name, text string }{
		{"Terraform", c.Remediation.Terraform},
		{"CloudFormation", c.Remediation.CloudFormation},
		{"AWS CLI", c.Remediation.CLI},
	} {
		if strings.TrimSpace(r.text) == "" {
			fmt.Fprintf(&b, "\n  %s: (none)\n", r.name)
			continue
		}
		fmt.Fprintf(&b, "\n  %s:\n", r.name)
		indent(&b, r.text, "    ")
	}
	b.WriteString("\nFrameworks\n")
	if len(c.Frameworks) == 0 {
		b.WriteString("  (none mapped)\n")
	}
	fws := make([]string, 0, len(c.Frameworks))
	for f := range c.Frameworks {
		fws = append(fws, f)
	}
	sort.Strings(fws)
	for _, f := range fws {
		fmt.Fprintf(&b, "  %-16s %s\n", f, strings.Join(c.Frameworks[f], ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func section(b *strings.Builder, title, text string) {
	fmt.Fprintf(b, "\n%s\n", title)
	if strings.TrimSpace(text) == "" {
		text = "(not written)"
	}
	indent(b, wrap(text, 76), "  ")
}

// wrap breaks prose lines longer than width at spaces; code snippets are
// not passed through it.
func wrap(text string, width int) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for len(line) > width {
			cut := strings.LastIndex(line[:width+1], " ")
			if cut <= 0 {
				break
			}
			out = append(out, line[:cut])
			line = strings.TrimLeft(line[cut:], " ")
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func indent(b *strings.Builder, text, pre string) {
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(pre + l + "\n")
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

package matrix

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/responsibility"
)

// SchemaVersion of the `onus matrix --format json` document.
const SchemaVersion = "1.0"

// Options of `onus matrix`.
type Options struct {
	IO     *iostreams.IOStreams
	Scan   *scan.Options
	Format string
}

// NewCmd builds `onus matrix`; runF replaces the run function in tests.
func NewCmd(streams *iostreams.IOStreams, deps scan.Deps, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: streams, Scan: &scan.Options{IO: streams, Deps: deps, Matrix: true, FailOn: "none"}, Format: "table"}
	cmd := &cobra.Command{
		Use:   "matrix [PATH...]",
		Short: "Show who owns each security layer of the AWS services in use",
		Long: `Matrix prints the shared responsibility matrix for the AWS services the estate
uses: one row per service with its service model (infrastructure, container or
abstract), one column per layer. Each cell is owned by AWS (with the
attestation programs that cover it), by the customer, or shared. Customer and
shared cells show the PASS/FAIL/UNKNOWN counts of the controls that audit
them, or "manual" where no control can check the duty; a duty attested in
.onus.yaml shows as attested, never as PASS.`,
		Example: `  onus matrix examples/terraform/web-app
  onus matrix template.yaml --format json`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Scan.Paths = args
			if err := opts.Scan.CheckInput(); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return Run(c.Context(), opts)
		},
	}
	f := cmd.Flags()
	scan.AddLoadFlags(f, &opts.Scan.Vars)
	scan.AddConfigFlag(f, &opts.Scan.ConfigPath)
	f.Var(&cmdutil.EnumFlag{Value: &opts.Format, Allowed: []string{"table", "json"}}, "format", "output format: table or json")
	opts.Scan.AddCollectorFlags(f)
	return cmd
}

type doc struct {
	SchemaVersion string                 `json:"schema_version"`
	Target        string                 `json:"target"`
	Matrix        *responsibility.Matrix `json:"matrix"`
}

// Run scans and prints the matrix.
func Run(ctx context.Context, opts *Options) error {
	r, err := scan.Build(ctx, opts.Scan)
	if err != nil {
		return err
	}
	scan.PrintDiagnostics(opts.IO, r.Diagnostics, false)
	m, _ := r.Matrix.(*responsibility.Matrix)
	if m == nil {
		return fmt.Errorf("internal error: scan built no matrix")
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc{SchemaVersion: SchemaVersion, Target: r.Target, Matrix: m})
	}
	return WriteTable(opts.IO.Out, r, m, opts.IO.ColorEnabled())
}

// shortLayer names the layer columns so fourteen of them fit a wide terminal.
var shortLayer = map[string]string{
	"physical": "phys", "hardware": "hw", "network-infrastructure": "net-inf",
	"virtualization": "virt", "guest-os": "os", "platform": "platform",
	"application": "app", "network-config": "net-cfg", "identity-access": "iam",
	"data-protection": "data", "secrets": "secrets", "backup-resilience": "backup",
	"logging-monitoring": "logging", "compliance-attestation": "compl",
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	dim    = "\x1b[2m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

type styled struct{ text, colour string }

// WriteTable renders the matrix as a grid with a legend. Colour codes are
// added after padding so columns stay aligned.
func WriteTable(w io.Writer, r *report.Report, m *responsibility.Matrix, colour bool) error {
	var b strings.Builder
	paint := func(s styled) string {
		if !colour || s.colour == "" {
			return s.text
		}
		return s.colour + s.text + reset
	}
	fmt.Fprintf(&b, "Responsibility matrix: %s\n", r.Target)
	if len(m.Rows) == 0 {
		b.WriteString("\nNo AWS services found.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}

	// Attestation sets get a letter each, so an AWS cell names its
	// programs without repeating them fourteen times a row.
	setKey := func(a []string) string { return strings.Join(a, ", ") }
	letters := map[string]string{}
	var sets []string
	for _, row := range m.Rows {
		for _, c := range row.Cells {
			if len(c.Attestations) == 0 {
				continue
			}
			k := setKey(c.Attestations)
			if _, ok := letters[k]; !ok {
				letters[k] = string(rune('A' + len(sets)%26))
				sets = append(sets, k)
			}
		}
	}

	header := []styled{{text: "SERVICE"}, {text: "MODEL"}, {text: "RES"}}
	for _, l := range m.Layers {
		header = append(header, styled{text: shortLayer[l]})
	}
	grid := [][]styled{header}
	for _, row := range m.Rows {
		line := []styled{{text: row.Service}, {text: row.Model}, {text: fmt.Sprint(row.Resources)}}
		for _, c := range row.Cells {
			line = append(line, cellText(c, letters[setKey(c.Attestations)]))
		}
		grid = append(grid, line)
	}
	widths := make([]int, len(header))
	for _, line := range grid {
		for i, s := range line {
			widths[i] = max(widths[i], len(s.text))
		}
	}
	b.WriteString("\n")
	for li, line := range grid {
		for i, s := range line {
			pad := strings.Repeat(" ", widths[i]-len(s.text))
			if li == 0 {
				s.colour = bold
			}
			b.WriteString(paint(s))
			if i < len(line)-1 {
				b.WriteString(pad + "  ")
			}
		}
		b.WriteString("\n")
	}

	b.WriteString("\nCells: AWS(X) AWS owns the layer, covered by attestation set X; C customer; S shared.\n")
	b.WriteString("       p/f/u = PASS/FAIL/UNKNOWN results of onus controls on that layer;\n")
	b.WriteString("       n/a = the layer's controls do not apply to these resources (or this source);\n")
	b.WriteString("       manual = no automated control: a duty to evidence yourself (attest it in .onus.yaml).\n")
	b.WriteString("Columns: ")
	for i, l := range m.Layers {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", shortLayer[l], l)
	}
	b.WriteString("\n\nAttestations (" + m.CatalogueDate + "; download the reports from AWS Artifact):\n")
	for _, k := range sets {
		fmt.Fprintf(&b, "  (%s) %s\n", letters[k], k)
	}
	manual(&b, m, paint)
	_, err := io.WriteString(w, b.String())
	return err
}

func cellText(c responsibility.Cell, letter string) styled {
	switch c.Owner {
	case responsibility.AWS:
		return styled{text: "AWS(" + letter + ")", colour: dim}
	case responsibility.Customer, responsibility.Shared:
		p := "C "
		if c.Owner == responsibility.Shared {
			p = "S "
		}
		if c.Pass+c.Fail+c.Unknown == 0 && c.NotApplicable > 0 && len(c.Manual) == 0 {
			return styled{text: p + "n/a", colour: dim}
		}
		if c.Pass+c.Fail+c.Unknown > 0 || len(c.Manual) == 0 {
			s := styled{text: fmt.Sprintf("%s%d/%d/%d", p, c.Pass, c.Fail, c.Unknown)}
			switch {
			case c.Fail > 0:
				s.colour = red
			case c.Unknown > 0:
				s.colour = yellow
			case c.Pass > 0:
				s.colour = green
			}
			return s
		}
		attested := 0
		for _, mi := range c.Manual {
			if mi.Status == responsibility.StatusAttested {
				attested++
			}
		}
		if attested == len(c.Manual) {
			return styled{text: p + "attested", colour: green}
		}
		return styled{text: p + "manual", colour: yellow}
	}
	return styled{text: "?"}
}

// manual lists manual duties once per (layer, duty) with the services it
// applies to, so fifteen services do not repeat the same sentence.
func manual(b *strings.Builder, m *responsibility.Matrix, paint func(styled) string) {
	type key struct{ layer, item, status, owner, expires string }
	svcs := map[key][]string{}
	var keys []key
	layerIdx := map[string]int{}
	for i, l := range m.Layers {
		layerIdx[l] = i
	}
	for _, row := range m.Rows {
		for _, c := range row.Cells {
			for _, mi := range c.Manual {
				k := key{c.Layer, mi.Item, mi.Status, mi.Owner, mi.Expires}
				if _, ok := svcs[k]; !ok {
					keys = append(keys, k)
				}
				svcs[k] = append(svcs[k], row.Service)
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.layer != b.layer {
			return layerIdx[a.layer] < layerIdx[b.layer]
		}
		if a.item != b.item {
			return a.item < b.item
		}
		return a.status+a.owner < b.status+b.owner
	})
	b.WriteString("\nManual customer duties (no control can check them; never counted as PASS):\n")
	for _, k := range keys {
		st := styled{text: "MANUAL  ", colour: yellow}
		extra := ""
		if k.status == responsibility.StatusAttested {
			st = styled{text: "ATTESTED", colour: green}
			extra = " by " + k.owner
			if k.expires != "" {
				extra += " until " + k.expires
			}
		} else if k.owner != "" {
			extra = fmt.Sprintf(" (attestation by %s expired %s)", k.owner, k.expires)
		}
		fmt.Fprintf(b, "  %s %s: %s%s [%s]\n", paint(st), k.layer, k.item, extra, strings.Join(svcs[k], ", "))
	}
}

package root

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/collect"
	"github.com/onus-sec/onus/internal/cli/controls"
	"github.com/onus-sec/onus/internal/cli/fix"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/matrix"
	"github.com/onus-sec/onus/internal/cli/policy"
	"github.com/onus-sec/onus/internal/cli/scan"
)

// BuildInfo describes the binary.
type BuildInfo struct {
	// Version is set at link time (-ldflags "-X main.version=v1.2.3"),
	// else read from the module's build info, else "dev".
	Version string
}

// Deps are the pieces cmd/onus wires into the verbs.
type Deps struct {
	Build BuildInfo
	Scan  scan.Deps
}

// NewCmd builds the root command with every verb.
func NewCmd(streams *iostreams.IOStreams, deps Deps) *cobra.Command {
	deps.Scan.Version = deps.Build.Version
	cmd := &cobra.Command{
		Use:   "onus",
		Short: "The AWS shared responsibility model, audited",
		Long: `onus reads Terraform, CloudFormation or a live AWS account into one model, shows
for each AWS service you use which security layers AWS owns and which you own,
and audits every layer you own: PASS, FAIL, UNKNOWN (with the reason) or
NOT_APPLICABLE per control and resource, with the file:line or API call behind it.`,
		Example: `  onus scan examples/terraform/web-app
  onus scan . --format json --output onus.json
  onus matrix examples/terraform/web-app
  onus controls
  onus controls explain ONUS-S3-001`,
		SilenceErrors: true, // cmd/onus prints errors once, then exits
		SilenceUsage:  true,
	}
	// --version is onus's own flag, not cobra's Version field: cobra can
	// print a custom version line only through SetVersionTemplate, and
	// executing any text/template makes the linker keep every exported
	// method in the binary (4x its size; see report/html/page.go).
	var showVersion bool
	cmd.Flags().BoolVarP(&showVersion, "version", "v", false, "version for onus")
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		if showVersion {
			_, err := fmt.Fprintf(c.OutOrStdout(), "onus %s\n", deps.Build.Version)
			return err
		}
		return c.Help()
	}
	cmd.SetIn(streams.In)
	cmd.SetOut(streams.Out)
	cmd.SetErr(streams.ErrOut)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &cmdutil.UsageError{Err: err}
	})
	cmd.CompletionOptions.DisableDefaultCmd = true

	cmd.AddCommand(
		scan.NewCmd(streams, deps.Scan, nil),
		matrix.NewCmd(streams, deps.Scan, nil),
		controls.NewCmd(streams, deps.Scan.Catalog, nil),
		policy.NewCmd(streams),
		collect.NewCmd(streams, nil, nil),
		fix.NewCmd(streams, deps.Scan, nil),
	)
	return cmd
}

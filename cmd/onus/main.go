// Command onus audits the customer's side of the AWS shared responsibility
// model in Terraform, CloudFormation and live accounts.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	clicollect "github.com/onus-sec/onus/internal/cli/collect"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/root"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
)

// version is set at link time: go build -ldflags "-X main.version=v1.2.3".
// Only buildInfo reads it.
var version = "dev"

// buildInfo reports the binary's version: the link-time value, else the
// module version `go install` recorded, else "dev".
func buildInfo() root.BuildInfo {
	v := version
	if v == "dev" {
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	return root.BuildInfo{Version: v}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, iostreams.System(os.Getenv), os.Args[1:])
	stop()
	os.Exit(code)
}

// deps wires the real sources, catalogue and clock into the verbs.
func deps() root.Deps {
	return root.Deps{
		Build: buildInfo(),
		Scan: scan.Deps{
			Catalog: catalog.All,
			Loaders: load.Loaders{
				Terraform:      loadTerraform,
				TerraformPlan:  terraform.LoadPlan,
				CloudFormation: loadCloudFormation,
				Snapshot:       snapshot.Read,
			},
			Collectors: []func() scan.Collector{
				func() scan.Collector { return clicollect.NewAWS(nil) },
			},
			FilterFramework: filterFramework,
			Now:             time.Now,
		},
	}
}

// loadTerraform adapts --var/--var-file to the Terraform reader; the flag
// parser has already rejected a --var without "=" as a usage error.
func loadTerraform(ctx context.Context, dir string, v load.Vars) (*model.Estate, diag.List) {
	return terraform.Load(ctx, dir, terraform.Options{Vars: v.TFVars, VarFiles: v.TFVarFiles})
}

// loadCloudFormation adapts --param/--param-file to the CloudFormation reader.
func loadCloudFormation(ctx context.Context, path string, v load.Vars) (*model.Estate, diag.List) {
	return cloudformation.Load(ctx, path, cloudformation.Options{Params: v.CFNParams, ParamFiles: v.CFNParamFiles})
}

// filterFramework keeps the controls mapped to one of the frameworks the
// control package knows; an unknown ID is a usage error listing them.
func filterFramework(cs []*control.Control, fw string) ([]*control.Control, error) {
	if !control.KnownFramework(fw) {
		var ids []string
		for _, f := range control.Frameworks() {
			ids = append(ids, f.ID)
		}
		return nil, fmt.Errorf("unknown framework %q (want one of %s)", fw, strings.Join(ids, ", "))
	}
	return control.ForFramework(cs, fw), nil
}

func run(ctx context.Context, streams *iostreams.IOStreams, args []string) int {
	cmd := root.NewCmd(streams, deps())
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err != nil && !silent(err) {
		fmt.Fprintln(streams.ErrOut, "onus: "+err.Error())
	}
	return exitCode(err)
}

// Exit codes.
const (
	exitOK         = 0 // no failing result at or above --fail-on
	exitFindings   = 1 // failing results
	exitError      = 2 // usage or input error
	exitIncomplete = 3 // scan incomplete (unreadable input) under --strict
)

// exitCode is the one map from error kinds to exit codes. Errors that are
// neither findings nor an incomplete scan are usage or input errors,
// including cobra's own argument errors.
func exitCode(err error) int {
	var f *cmdutil.FindingsError
	var inc *cmdutil.IncompleteError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &inc):
		return exitIncomplete
	case errors.As(err, &f):
		return exitFindings
	default:
		return exitError
	}
}

// silent: failing results are already in the report; repeating them as an
// error line would be noise.
func silent(err error) bool {
	var f *cmdutil.FindingsError
	return errors.As(err, &f)
}

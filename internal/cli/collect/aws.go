package collect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"

	awscollect "github.com/onus-sec/onus/collect/aws"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// AWS is the live-account source behind --aws. It implements the scan
// verb's Collector interface.
type AWS struct {
	enabled     bool
	Options     awscollect.Options
	regions     []string
	services    []string
	account     string
	collectFunc func(context.Context, awscollect.Options) (*model.Estate, diag.List, error)
}

// NewAWS makes the --aws source; collectFn nil means awscollect.Collect
// (tests pass a fake).
func NewAWS(collectFn func(context.Context, awscollect.Options) (*model.Estate, diag.List, error)) *AWS {
	if collectFn == nil {
		collectFn = awscollect.Collect
	}
	return &AWS{collectFunc: collectFn}
}

// AddFlags registers --aws and its options.
func (a *AWS) AddFlags(f *pflag.FlagSet) {
	f.BoolVar(&a.enabled, "aws", false, "read the live AWS account the credentials belong to (read-only calls; see docs/permissions.json)")
	f.StringVar(&a.Options.Profile, "profile", "", "AWS shared config profile (default: the standard credential chain)")
	f.StringSliceVar(&a.regions, "regions", nil, "regions to scan, comma-separated, or \"all\" (default: every enabled region; an account-wide \"none found\" is UNKNOWN when regions are left out)")
	f.StringSliceVar(&a.services, "services", nil, "services to scan, comma-separated (default: all; what rests on a service left out is UNKNOWN): "+strings.Join(awscollect.Services(), ","))
	f.StringVar(&a.Options.RoleARN, "role-arn", "", "IAM role to assume before scanning")
	f.StringVar(&a.Options.ExternalID, "external-id", "", "external ID for --role-arn")
	f.StringVar(&a.Options.EndpointURL, "endpoint-url", "", "send every AWS call to this endpoint (an emulator); AWS_ENDPOINT_URL does the same")
	f.IntVar(&a.Options.MaxConcurrency, "max-concurrency", 16, "AWS API calls in flight at most")
}

// Enabled reports whether --aws was given.
func (a *AWS) Enabled() bool { return a.enabled }

// Target names the account read ("aws:123456789012").
func (a *AWS) Target() string {
	if a.account == "" {
		return "aws"
	}
	return "aws:" + a.account
}

// Kind is source.AWS.
func (a *AWS) Kind() source.Kind { return source.AWS }

// Collect reads the account, drawing a progress bar on stderr when stderr
// is a terminal. An interrupted collection returns the partial estate with
// an error diagnostic, not an error: what was read is still evidence.
func (a *AWS) Collect(ctx context.Context, streams *iostreams.IOStreams) (*model.Estate, diag.List, error) {
	opts := a.Options
	opts.Regions = a.regions
	opts.Services = a.services
	if opts.MaxConcurrency <= 0 {
		return nil, nil, fmt.Errorf("--max-concurrency must be at least 1")
	}
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	user := opts.Progress
	opts.Progress = func(p awscollect.ProgressEvent) {
		mu.Lock()
		defer mu.Unlock()
		if a.account == "" {
			a.account = p.Account
		}
		if user != nil {
			user(p)
		}
		if !streams.ErrTTY {
			return
		}
		if bar == nil {
			bar = progressbar.NewOptions(p.Total,
				progressbar.OptionSetWriter(streams.ErrOut),
				progressbar.OptionSetDescription(fmt.Sprintf("aws:%s %d region(s)", p.Account, len(p.Regions))),
				progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetWidth(24),
			)
		}
		bar.Describe(fmt.Sprintf("aws:%s · %d calls · %d throttled · %s", p.Account, p.Calls, p.Throttles, p.Task))
		_ = bar.Set(p.Done)
	}
	e, d, err := a.collectFunc(ctx, opts)
	mu.Lock()
	if bar != nil {
		_ = bar.Finish()
	}
	mu.Unlock()
	if err != nil && e != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		d = append(d, diag.Diagnostic{Severity: diag.Error, Summary: "AWS collection interrupted: the estate is partial (" + err.Error() + ")"})
		return e, d, nil
	}
	if err != nil {
		return nil, d, err
	}
	return e, d, nil
}

package awscollect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/source"
)

// Options of a live collection.
type Options struct {
	// Profile of the shared config; "" uses the default chain.
	Profile string
	// Regions to scan; empty or "all" means every enabled region (DescribeRegions).
	Regions []string
	// Services to scan (see Services()); empty means all.
	Services []string
	// RoleARN to assume (with ExternalID) before scanning.
	RoleARN    string
	ExternalID string
	// EndpointURL points every service at one endpoint (an emulator);
	// AWS_ENDPOINT_URL does the same through the SDK's own config.
	EndpointURL string
	// MaxConcurrency bounds API calls in flight (default 16).
	MaxConcurrency int
	// CallTimeout bounds one logical call including its retries (default 60s).
	CallTimeout time.Duration
	// MaxAttempts per call (default 8) and MaxBackoff between attempts
	// (default 20s). Throttling and 5xx are retried.
	MaxAttempts int
	MaxBackoff  time.Duration
	// RetryMode is "adaptive" (default: client-side rate limiting after
	// throttles) or "standard".
	RetryMode string
	// Progress, when set, is called after every finished task (service ×
	// region) from the collecting goroutines; it must be cheap and safe for
	// concurrent use.
	Progress func(ProgressEvent)
	// Now is the clock read once at the start of collection to stamp
	// Estate.ScanTime; nil means time.Now.
	Now func() time.Time
}

// ProgressEvent reports how far a collection is.
type ProgressEvent struct {
	Done, Total int    // tasks (service × region)
	Task        string // the task just finished, "s3" or "ec2/eu-west-1"; "" for the first event
	Account     string // the account being read
	Regions     []string
	Calls       int64 // HTTP attempts so far
	Throttles   int64 // attempts answered with a throttling error
	Errors      int64 // logical calls that failed for good
}

// allServices in the order tasks are scheduled.
var allServices = []string{
	"iam", "s3", "ec2", "rds", "lambda", "kms", "cloudtrail", "config", "cloudwatch",
	"sns", "sqs", "secretsmanager", "dynamodb", "ssm", "guardduty", "securityhub",
	"accessanalyzer", "macie", "elb", "ecs", "efs", "apigateway", "backup",
}

// serviceAliases let users say what they think of as a service.
var serviceAliases = map[string]string{
	"ebs": "ec2", "vpc": "ec2", "elbv2": "elb", "wafv2": "elb", "waf": "elb",
	"logs": "cloudwatch", "awsconfig": "config", "sts": "iam", "macie2": "macie",
	"account": "iam", "ami": "ec2",
}

// serviceTypes are the CloudFormation type prefixes of what each service's
// collector lists. A service left out by Options.Services is a gap over
// all of them: "no trail" or "no recorder" is then unknown, not a finding
// about an account whose trails and recorders were never read.
var serviceTypes = map[string][]string{
	"iam": {"AWS::IAM::"}, "s3": {"AWS::S3::"}, "ec2": {"AWS::EC2::"}, "rds": {"AWS::RDS::"},
	"lambda": {"AWS::Lambda::"}, "kms": {"AWS::KMS::"}, "cloudtrail": {"AWS::CloudTrail::"},
	"config": {"AWS::Config::"}, "cloudwatch": {"AWS::CloudWatch::", "AWS::Logs::"},
	"sns": {"AWS::SNS::"}, "sqs": {"AWS::SQS::"}, "secretsmanager": {"AWS::SecretsManager::"},
	"dynamodb": {"AWS::DynamoDB::", "AWS::DAX::"}, "ssm": {"AWS::SSM::"},
	"guardduty": {"AWS::GuardDuty::"}, "securityhub": {"AWS::SecurityHub::"},
	"accessanalyzer": {"AWS::AccessAnalyzer::"}, "macie": {"AWS::Macie::"},
	"elb": {"AWS::ElasticLoadBalancing::", "AWS::ElasticLoadBalancingV2::", "AWS::WAFv2::"},
	"ecs": {"AWS::ECS::"}, "efs": {"AWS::EFS::"}, "apigateway": {"AWS::ApiGateway::"},
	"backup": {"AWS::Backup::"},
}

// skippedGaps are the gaps of the services the scan does not read.
func skippedGaps(sel map[string]bool, account string) []model.Gap {
	var gs []model.Gap
	for _, s := range allServices {
		if sel[s] {
			continue
		}
		for _, t := range serviceTypes[s] {
			gs = append(gs, model.Gap{Type: t, Account: account, Reason: s + " is not among the scanned services (--services)"})
		}
	}
	return gs
}

// globalServices are listed once for the whole account: a scan limited to
// some regions still reads all of them.
var globalServices = map[string]bool{"iam": true, "s3": true}

// unscannedRegionGaps are the gaps of a scan limited with --regions: the
// regional services' resources in the other regions were not read, so
// account-wide "none found" verdicts are unknown; the scanned regions'
// own verdicts stand.
func unscannedRegionGaps(sel map[string]bool, regions []string, account string) []model.Gap {
	why := "regions other than " + strings.Join(regions, ", ") + " were not scanned (--regions)"
	var gs []model.Gap
	for _, s := range allServices {
		if !sel[s] || globalServices[s] {
			continue
		}
		for _, t := range serviceTypes[s] {
			gs = append(gs, model.Gap{Type: t, Region: model.UnscannedRegions, Account: account, Reason: why})
		}
	}
	return gs
}

// Services lists the service names Options.Services accepts.
func Services() []string { return slices.Clone(allServices) }

func selectServices(names []string) (map[string]bool, error) {
	sel := map[string]bool{}
	if len(names) == 0 {
		for _, s := range allServices {
			sel[s] = true
		}
		return sel, nil
	}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if n == "all" {
			return selectServices(nil)
		}
		if a, ok := serviceAliases[n]; ok {
			n = a
		}
		if !slices.Contains(allServices, n) {
			return nil, fmt.Errorf("unknown service %q (known: %s)", n, strings.Join(allServices, ", "))
		}
		sel[n] = true
	}
	return sel, nil
}

// run is the state of one collection.
type run struct {
	cfg       aws.Config
	opts      Options
	account   string
	partition string
	regions   []string
	// someRegions: the user named the regions (--regions), so the
	// account's other regions were not read.
	someRegions bool
	services    map[string]bool
	endpoint    string
	sem         chan struct{}
	timeout     time.Duration

	calls, throttles, failures atomic.Int64

	mu       sync.Mutex
	failed   map[failKey]*failAgg
	diagList diag.List
}

type failKey struct{ api, region, code string }

type failAgg struct {
	n      int
	reason string
	first  string
}

// Collect reads the account the credentials belong to. It returns a valid
// (possibly partial) estate whenever it returns one: on cancellation the
// estate holds what was read, the rest is UNKNOWN or listed in Gaps, and err
// wraps ctx.Err(). A nil estate comes only with an error that stopped the
// scan before it started (no credentials, unknown service, identity denied).
func Collect(ctx context.Context, opts Options) (*model.Estate, diag.List, error) {
	sel, err := selectServices(opts.Services)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	r := newRun(cfg, opts, sel)
	if err := r.identify(ctx); err != nil {
		return nil, r.diagList, err
	}
	if err := r.resolveRegions(ctx); err != nil {
		return nil, r.diagList, err
	}
	// Ages (key age, last use, rotation) are judged as of when collection
	// started, and a snapshot keeps this time (model.Estate.ScanTime).
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	started := now().UTC()
	est := r.collect(ctx)
	est.ScanTime = started
	est.Gaps = append(est.Gaps, skippedGaps(sel, r.account)...)
	if r.someRegions {
		est.Gaps = append(est.Gaps, unscannedRegionGaps(sel, r.regions, r.account)...)
	}
	r.finishDiags()
	if ctx.Err() != nil {
		return est, r.diagList, fmt.Errorf("collection interrupted, estate is partial: %w", ctx.Err())
	}
	return est, r.diagList, nil
}

func newRun(cfg aws.Config, opts Options, sel map[string]bool) *run {
	n := opts.MaxConcurrency
	if n <= 0 {
		n = 16
	}
	t := opts.CallTimeout
	if t <= 0 {
		t = 60 * time.Second
	}
	r := &run{
		cfg: cfg, opts: opts, services: sel, sem: make(chan struct{}, n), timeout: t,
		failed: map[failKey]*failAgg{},
	}
	if cfg.BaseEndpoint != nil {
		r.endpoint = *cfg.BaseEndpoint
	}
	r.cfg.APIOptions = append(slices.Clone(cfg.APIOptions), r.countAttempts)
	return r
}

func loadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	attempts := opts.MaxAttempts
	if attempts <= 0 {
		attempts = 8
	}
	backoff := opts.MaxBackoff
	if backoff <= 0 {
		backoff = 20 * time.Second
	}
	std := func(o *retry.StandardOptions) {
		o.MaxAttempts = attempts
		o.MaxBackoff = backoff
		// The retry quota would turn a burst of throttles into hard
		// failures across the whole scan; attempts and backoff bound it.
		o.RateLimiter = ratelimit.None
	}
	var lo []func(*config.LoadOptions) error
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.EndpointURL != "" {
		lo = append(lo, config.WithBaseEndpoint(opts.EndpointURL))
	}
	switch opts.RetryMode {
	case "", "adaptive":
		lo = append(lo, config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, std)
			})
		}))
	case "standard":
		lo = append(lo, config.WithRetryer(func() aws.Retryer { return retry.NewStandard(std) }))
	default:
		return aws.Config{}, fmt.Errorf("unknown retry mode %q (adaptive, standard)", opts.RetryMode)
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	// Collectors never log: failures become UNKNOWN values and diagnostics.
	cfg.Logger = logging.Nop{}
	if opts.RoleARN != "" {
		prov := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), opts.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "onus-collect"
			if opts.ExternalID != "" {
				o.ExternalID = aws.String(opts.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(prov)
	}
	return cfg, nil
}

// countAttempts counts every HTTP attempt (inside the retry loop) and the
// throttled ones, for progress and the benchmark.
func (r *run) countAttempts(st *middleware.Stack) error {
	return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("onusCountAttempts",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			r.calls.Add(1)
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil && isThrottle(err) {
				r.throttles.Add(1)
			}
			return out, md, err
		}), middleware.Before)
}

// call runs one logical API call (with the SDK's retries inside) under the
// concurrency bound and the per-call timeout.
func call[T any](ctx context.Context, r *run, f func(context.Context) (T, error)) (T, error) {
	var zero T
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	defer func() { <-r.sem }()
	cctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	out, err := f(cctx)
	if err != nil && ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("%w after %s: %w", errTimeout, r.timeout, err)
	}
	return out, err
}

// fail records a failed read for the diagnostics and returns its reason.
func (r *run) fail(api, region string, err error) string {
	why := reason(api, err)
	code := ErrorCode(err)
	if code == "" {
		code = "error"
	}
	r.failures.Add(1)
	r.mu.Lock()
	k := failKey{api, region, code}
	a := r.failed[k]
	if a == nil {
		a = &failAgg{reason: why}
		r.failed[k] = a
	}
	a.n++
	r.mu.Unlock()
	return why
}

func (r *run) finishDiags() {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := make([]failKey, 0, len(r.failed))
	for k := range r.failed {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.api != b.api {
			return a.api < b.api
		}
		if a.region != b.region {
			return a.region < b.region
		}
		return a.code < b.code
	})
	for _, k := range keys {
		a := r.failed[k]
		d := diag.Diagnostic{
			Severity: diag.Warning,
			Summary:  strings.TrimPrefix(a.reason, k.api+": "),
			Detail:   fmt.Sprintf("%d read(s) failed; the values they provide are UNKNOWN", a.n),
			Origin:   source.Origin{APICall: k.api, Region: k.region, Account: r.account},
		}
		if k.code == "cancelled" {
			d.Detail = fmt.Sprintf("%d read(s) not made; the values they provide are UNKNOWN", a.n)
		}
		r.diagList = append(r.diagList, d)
	}
	r.failed = map[failKey]*failAgg{}
}

// origin is the provenance of a value read by api.
func (r *run) origin(api, region, arn string) source.Origin {
	return source.Origin{APICall: api, Region: region, Account: r.account, ARN: arn}
}

func known[T any](v T, o source.Origin) source.Value[T] { return source.Known(v, source.From(o)) }

// unknownErr makes the UNKNOWN value for a failed read and records it.
func unknownErr[T any](r *run, o source.Origin, err error) source.Value[T] {
	return source.Unknown[T](r.fail(o.APICall, o.Region, err), source.From(o))
}

// gap records a failed listing.
func (r *run) gap(e *model.Estate, typ string, o source.Origin, err error) {
	e.Gaps = append(e.Gaps, model.Gap{Type: typ, Region: o.Region, Account: r.account, APICall: o.APICall, Reason: r.fail(o.APICall, o.Region, err)})
}

func (r *run) identify(ctx context.Context) error {
	cl := sts.NewFromConfig(r.cfg)
	out, err := call(ctx, r, func(ctx context.Context) (*sts.GetCallerIdentityOutput, error) {
		return cl.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	})
	if err != nil {
		return fmt.Errorf("sts:GetCallerIdentity (who are these credentials?): %s: %w", ErrorCode(err), err)
	}
	r.account = aws.ToString(out.Account)
	r.partition = "aws"
	if arn := aws.ToString(out.Arn); strings.HasPrefix(arn, "arn:") {
		if p := strings.SplitN(arn, ":", 3); len(p) == 3 {
			r.partition = p[1]
		}
	}
	return nil
}

func (r *run) resolveRegions(ctx context.Context) error {
	var want []string
	all := len(r.opts.Regions) == 0
	for _, g := range r.opts.Regions {
		for _, x := range strings.Split(g, ",") {
			x = strings.TrimSpace(x)
			switch {
			case x == "":
			case strings.EqualFold(x, "all"):
				all = true
			default:
				want = append(want, x)
			}
		}
	}
	if !all {
		slices.Sort(want)
		r.regions = slices.Compact(want)
		r.someRegions = true
		return nil
	}
	cl := ec2.NewFromConfig(r.cfg)
	out, err := call(ctx, r, func(ctx context.Context) (*ec2.DescribeRegionsOutput, error) {
		return cl.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	})
	if err != nil {
		return fmt.Errorf("ec2:DescribeRegions (listing enabled regions; pass --regions to skip it): %s: %w", ErrorCode(err), err)
	}
	for _, rg := range out.Regions {
		if s := aws.ToString(rg.OptInStatus); s == "not-opted-in" {
			continue
		}
		r.regions = append(r.regions, aws.ToString(rg.RegionName))
	}
	slices.Sort(r.regions)
	return nil
}

// task is one unit of collection: a service in a region, or a global one.
type task struct {
	name string
	run  func(ctx context.Context) *model.Estate
}

func (r *run) tasks() []task {
	var ts []task
	global := func(svc string, f func(context.Context) *model.Estate) {
		if r.services[svc] {
			ts = append(ts, task{name: svc, run: f})
		}
	}
	global("iam", r.collectIAM)
	global("s3", r.collectS3)
	regional := []struct {
		svc string
		f   func(context.Context, string) *model.Estate
	}{
		{"ec2", r.collectEC2}, {"rds", r.collectRDS}, {"lambda", r.collectLambda},
		{"kms", r.collectKMS}, {"cloudtrail", r.collectCloudTrail}, {"config", r.collectConfig},
		{"cloudwatch", r.collectCloudWatch}, {"sns", r.collectSNS}, {"sqs", r.collectSQS},
		{"secretsmanager", r.collectSecrets}, {"dynamodb", r.collectDynamoDB},
		{"elb", r.collectELB}, {"ecs", r.collectECS}, {"efs", r.collectEFS},
		{"apigateway", r.collectAPIGateway}, {"backup", r.collectBackup}, {"ssm", r.collectSSM},
	}
	for _, reg := range r.regions {
		for _, x := range regional {
			if r.services[x.svc] {
				f, region := x.f, reg
				ts = append(ts, task{name: x.svc + "/" + reg, run: func(ctx context.Context) *model.Estate { return f(ctx, region) }})
			}
		}
		if r.services["guardduty"] || r.services["securityhub"] || r.services["accessanalyzer"] || r.services["macie"] {
			region := reg
			ts = append(ts, task{name: "detective/" + reg, run: func(ctx context.Context) *model.Estate { return r.collectRegion(ctx, region) }})
		}
	}
	return ts
}

func (r *run) collect(ctx context.Context) *model.Estate {
	ts := r.tasks()
	parts := make([]*model.Estate, len(ts))
	if r.opts.Progress != nil {
		r.opts.Progress(ProgressEvent{Total: len(ts), Account: r.account, Regions: slices.Clone(r.regions), Calls: r.calls.Load()})
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	for i, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i] = t.run(ctx)
			d := done.Add(1)
			if r.opts.Progress != nil {
				r.opts.Progress(ProgressEvent{
					Done: int(d), Total: len(ts), Task: t.name, Account: r.account, Regions: r.regions,
					Calls: r.calls.Load(), Throttles: r.throttles.Load(), Errors: r.failures.Load(),
				})
			}
		}()
	}
	wg.Wait()
	est := &model.Estate{AccountWide: true, ScannedRegions: slices.Clone(r.regions)}
	for _, p := range parts {
		est.Merge(p)
	}
	est.ScannedRegions = slices.Clone(r.regions)
	est.AccountWide = true
	dedupeTrails(est)
	return est
}

// parallel runs fs concurrently and waits; each f fills its own variables.
func parallel(fs ...func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

// each runs f for every element concurrently (calls are bounded by the
// run's semaphore, not here).
func each[T any](xs []T, f func(int, T)) {
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, x)
		}()
	}
	wg.Wait()
}

func (r *run) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", r.partition, service, region, r.account, resource)
}

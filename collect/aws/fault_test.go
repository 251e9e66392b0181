package awscollect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/internal/testaws"
	"github.com/onus-sec/onus/model"
	mec2 "github.com/onus-sec/onus/model/ec2"
	ms3 "github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// world is one provisioned emulator estate and its fault-free collection,
// shared by the tests of the package (provisioning is slow on moto).
type world struct {
	url      string
	f        fixture
	baseline *model.Estate
	diags    int
}

var (
	worldOnce sync.Once
	theWorld  world
	worldErr  string
)

func sharedWorld(t *testing.T) world {
	t.Helper()
	url := emu.URL(t)
	worldOnce.Do(func() {
		ok := t.Run("provision", func(t *testing.T) {
			theWorld.url = url
			theWorld.f = provision(t, url)
			o := testOptions(url)
			e, d, err := Collect(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if !e.ScanTime.Equal(o.Now()) {
				t.Fatalf("ScanTime %v, want the collection clock %v", e.ScanTime, o.Now())
			}
			theWorld.baseline, theWorld.diags = e, len(d)
		})
		if !ok {
			worldErr = "provisioning or the fault-free collection failed"
		}
	})
	if worldErr != "" {
		t.Fatal(worldErr)
	}
	return theWorld
}

func jsonOf(t *testing.T, e *model.Estate) string {
	t.Helper()
	b, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff shows where two JSON texts part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-6)
			return "got:\n" + strings.Join(al[lo:min(len(al), i+3)], "\n") + "\nwant:\n" + strings.Join(bl[lo:min(len(bl), i+3)], "\n")
		}
	}
	return "lengths differ"
}

func collectVia(t *testing.T, w world, seed uint64, opts func(*Options), rules ...testaws.Rule) (*model.Estate, *testaws.Proxy) {
	t.Helper()
	p, err := testaws.NewProxy(w.url, seed, rules...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	o := testOptions(p.URL)
	if opts != nil {
		opts(&o)
	}
	e, _, err := Collect(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return e, p
}

// TestFaultsRetried: throttling and 5xx on ~30% of calls give the same
// estate as the fault-free run.
func TestFaultsRetried(t *testing.T) {
	w := sharedWorld(t)
	e, p := collectVia(t, w, 7, func(o *Options) { o.MaxAttempts = 14 },
		testaws.Rule{Service: "ec2", Probability: 0.15, Fault: testaws.RequestLimitExceeded},
		testaws.Rule{Probability: 0.15, Fault: testaws.Throttling},
		testaws.Rule{Probability: 0.08, Fault: testaws.HTTP500},
		testaws.Rule{Probability: 0.10, Fault: testaws.HTTP503},
	)
	total, injected := p.Stats()
	if injected < total/5 {
		t.Fatalf("only %d of %d requests got a fault; the test does not test", injected, total)
	}
	// A call the emulator always fails (HTTP 500) may end on an injected
	// throttle instead: the value is UNKNOWN either way, only the last code
	// in the reason differs.
	got, want := gaveUp(jsonOf(t, e)), gaveUp(jsonOf(t, w.baseline))
	if got != want {
		t.Fatalf("faults changed the estate (%d/%d requests faulted):\n%s", injected, total, firstDiff(got, want))
	}
	t.Logf("%d requests, %d faults injected", total, injected)
}

var gaveUpReason = regexp.MustCompile(`"reason": "([a-z0-9-]+:[A-Za-z0-9]+): [^"]*\([^)"]*(?:server error persisted|throttled; gave up) after retries\)"`)

func gaveUp(s string) string {
	return gaveUpReason.ReplaceAllString(s, `"reason": "$1: gave up after retries"`)
}

// TestAccessDenied: a denied call makes exactly the values it provides
// UNKNOWN (with the call and code), and no control result changes except
// into UNKNOWN.
func TestAccessDenied(t *testing.T) {
	w := sharedWorld(t)
	cases := []struct {
		name   string
		rule   testaws.Rule
		expect func(e *model.Estate) // turns the baseline into what the denial should give
	}{
		{
			name: "s3 GetBucketEncryption",
			rule: testaws.Rule{Service: "s3", Operation: "GetBucketEncryption", Probability: 1, Fault: testaws.AccessDenied},
			expect: func(e *model.Estate) {
				for _, b := range e.S3Buckets {
					o := source.Origin{APICall: "s3:GetBucketEncryption", ARN: b.ARN, Region: b.Region, Account: b.Account}
					b.Encryption = source.Unknown[*ms3.Encryption]("s3:GetBucketEncryption: AccessDenied (permission denied)", source.From(o))
				}
			},
		},
		{
			name:   "elb DescribeLoadBalancerPolicies",
			rule:   testaws.Rule{Service: "elasticloadbalancing", Operation: "DescribeLoadBalancerPolicies", Probability: 1, Fault: testaws.AccessDenied},
			expect: classicPoliciesDenied,
		},
		{
			name:   "s3control GetAccessPoint",
			rule:   testaws.Rule{Service: "s3control", Operation: "GetAccessPoint", Probability: 1, Fault: testaws.AccessDenied},
			expect: accessPointDenied,
		},
		{
			name: "ec2 DescribeFlowLogs",
			rule: testaws.Rule{Service: "ec2", Operation: "DescribeFlowLogs", Probability: 1, Fault: testaws.AccessDenied},
			expect: func(e *model.Estate) {
				why := "ec2:DescribeFlowLogs: UnauthorizedOperation (permission denied)"
				for _, v := range e.VPCs {
					o := source.Origin{APICall: "ec2:DescribeFlowLogs", ARN: v.ARN, Region: v.Region, Account: v.Account}
					v.FlowLogs = source.Unknown[[]mec2.FlowLog](why, source.From(o))
				}
				for _, r := range e.ScannedRegions {
					e.Gaps = append(e.Gaps, model.Gap{Type: "AWS::EC2::FlowLog", Region: r, Account: "123456789012", APICall: "ec2:DescribeFlowLogs", Reason: why})
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, _ := collectVia(t, w, 1, nil, c.rule)
			want := cloneEstate(t, w.baseline)
			c.expect(want)
			normaliseGaps(e)
			normaliseGaps(want)
			if got, w := jsonOf(t, e), jsonOf(t, want); got != w {
				t.Fatalf("denial changed more or less than its values:\n%s", firstDiff(got, w))
			}
			compareOutcomes(t, w.baseline, e)
		})
	}
}

func cloneEstate(t *testing.T, e *model.Estate) *model.Estate {
	t.Helper()
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, e, nil); err != nil {
		t.Fatal(err)
	}
	c, _, err := snapshot.Read(&buf, "clone")
	if err != nil {
		t.Fatal(err)
	}
	restoreSource(c)
	return c
}

// restoreSource undoes snapshot.Read's source marking for comparisons.
func restoreSource(e *model.Estate) {
	for _, r := range allResources(e) {
		r.M().Source = source.AWS
	}
}

func normaliseGaps(e *model.Estate) {
	slices.SortFunc(e.Gaps, func(a, b model.Gap) int {
		return strings.Compare(a.Type+a.Region+a.APICall, b.Type+b.Region+b.APICall)
	})
	// A listing with a gap did not complete, so it is not listed: the
	// expectation (the baseline plus the gaps a fault makes) loses the
	// listings its gaps name, as the faulty collection does.
	e.Listed = slices.DeleteFunc(e.Listed, func(l model.Listing) bool {
		return slices.ContainsFunc(e.Gaps, func(g model.Gap) bool {
			return g.Type == l.Type && g.Region == l.Region && g.APICall == l.APICall
		})
	})
	slices.SortFunc(e.Listed, func(a, b model.Listing) int {
		return strings.Compare(a.Type+a.Region+a.APICall, b.Type+b.Region+b.APICall)
	})
}

// compareOutcomes runs the control catalogue on both estates: a denial may
// only turn results into UNKNOWN, never a PASS into FAIL or the reverse.
func compareOutcomes(t *testing.T, base, denied *model.Estate) {
	t.Helper()
	ctx := context.Background()
	key := func(r control.Result) string { return r.Control.ID + " " + r.Resource.Address }
	before := map[string]control.Outcome{}
	for _, r := range control.Run(ctx, base, catalog.All()).Slice() {
		before[key(r)] = r.Outcome
	}
	changed := 0
	for _, r := range control.Run(ctx, denied, catalog.All()).Slice() {
		b, ok := before[key(r)]
		if !ok || b == r.Outcome {
			continue
		}
		changed++
		if r.Outcome != control.Unknown {
			t.Errorf("%s: %s became %s under a denial; only UNKNOWN is allowed", key(r), b, r.Outcome)
		}
		if !strings.Contains(r.Reason, "denied") && !strings.Contains(r.Reason, "Unauthorized") && !strings.Contains(r.Reason, "AccessDenied") {
			t.Errorf("%s: UNKNOWN reason %q does not name the denial", key(r), r.Reason)
		}
	}
	t.Logf("%d results turned UNKNOWN", changed)
}

// TestCancel: Ctrl-C mid-collection returns a partial estate that is
// valid: it round-trips as a snapshot and the controls run on it.
func TestCancel(t *testing.T) {
	w := sharedWorld(t)
	p, err := testaws.NewProxy(w.url, 3, testaws.Rule{Probability: 1, Fault: testaws.Latency, Latency: 150 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	o := testOptions(p.URL)
	o.Progress = func(ev ProgressEvent) {
		if ev.Done >= 5 {
			cancel()
		}
	}
	e, diags, err := Collect(ctx, o)
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if e == nil || !e.AccountWide || len(e.ScannedRegions) != 2 {
		t.Fatalf("partial estate missing or malformed: %+v", e)
	}
	var buf bytes.Buffer
	if err := snapshot.Write(&buf, e, diags); err != nil {
		t.Fatal(err)
	}
	back, _, err := snapshot.Read(&buf, "partial.json")
	if err != nil {
		t.Fatalf("partial estate does not round-trip: %v", err)
	}
	res := control.Run(context.Background(), back, catalog.All()).Slice()
	cancelled := 0
	for _, r := range res {
		if r.Outcome == control.Unknown && strings.Contains(r.Reason, "cancelled") {
			cancelled++
		}
	}
	if len(e.Gaps) == 0 && cancelled == 0 {
		t.Fatal("an interrupted collection shows no gap and no cancelled value")
	}
	t.Logf("partial: %d gaps, %d results, %d UNKNOWN for cancellation", len(e.Gaps), len(res), cancelled)
}

package html

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/onus-sec/onus/report/internal/fixture"
)

// chromium finds Debian's chromium. Without it the test skips on a
// developer machine, but fails under CI=true, where .ci/run installs it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed but CI is set: the HTML DOM test must run in CI (apt-get install -y chromium)")
	}
	t.Skip("chromium not installed (apt-get install -y chromium); skipping the headless DOM test")
	return ""
}

func TestBrowserDOM(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(render(t, fixture.Report())), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx := startChromium(t, ctx, exe, dir)

	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(bctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request != nil {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx,
		chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(chromedp.CSS("#findings")),
	); err != nil {
		t.Fatalf("loading the report: %v", err)
	}

	// One script reads the DOM and drives the filters the way a user would.
	type facts struct {
		Title          string `json:"title"`
		Fails          string `json:"fails"`
		Incomplete     string `json:"incomplete"`
		Findings       int    `json:"findings"`
		Visible        int    `json:"visible"`
		FailOnly       int    `json:"failOnly"`
		RDSOnly        int    `json:"rdsOnly"`
		CriticalOnly   int    `json:"criticalOnly"`
		LayerOnly      int    `json:"layerOnly"`
		WithSuppressed int    `json:"withSuppressed"`
		MatrixRows     int    `json:"matrixRows"`
		FailCells      int    `json:"failCells"`
		AttestedCells  int    `json:"attestedCells"`
		AWSCells       int    `json:"awsCells"`
		AWSColour      string `json:"awsColour"`
		FailColour     string `json:"failColour"`
		Evidence       string `json:"evidence"`
		Remediation    string `json:"remediation"`
		Frameworks     string `json:"frameworks"`
		Shown          string `json:"shown"`
	}
	const script = `(() => {
  const q = s => document.querySelector(s), qa = s => document.querySelectorAll(s);
  const visible = () => qa('#finding-list .finding:not(.hidden)').length;
  const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); return visible(); };
  const f = {
    title: document.title, fails: q('#count-fail').textContent, incomplete: q('#incomplete').textContent,
    findings: qa('#finding-list .finding').length, visible: visible(),
    matrixRows: qa('table.matrix tbody tr').length, failCells: qa('table.matrix td.st-fail').length,
    attestedCells: qa('table.matrix td.st-attested').length, awsCells: qa('table.matrix td.owner-AWS').length,
    awsColour: getComputedStyle(q('table.matrix td.owner-AWS')).backgroundColor,
    failColour: getComputedStyle(q('table.matrix td.st-fail')).backgroundColor,
    evidence: q('.finding[data-control="ONUS-RDS-001"] .evidence').textContent,
    remediation: q('.finding[data-control="ONUS-RDS-001"] .remediation').textContent,
    frameworks: q('#frameworks').textContent,
  };
  f.failOnly = set('f-outcome', 'FAIL'); set('f-outcome', '');
  f.rdsOnly = set('f-service', 'rds'); set('f-service', '');
  f.criticalOnly = set('f-severity', 'critical'); set('f-severity', '');
  f.layerOnly = set('f-layer', 'data-protection'); set('f-layer', '');
  const c = document.getElementById('f-suppressed'); c.checked = true; c.dispatchEvent(new Event('change'));
  f.withSuppressed = visible();
  f.shown = q('#shown-count').textContent;
  return f;
})()`
	got, err := chromedp.Run(bctx, chromedp.Evaluate[facts](script))
	if err != nil {
		t.Fatalf("reading the DOM: %v", err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"title", strings.Contains(got.Title, "onus report: examples")},
		{"fail count", strings.TrimSpace(got.Fails) == "2"},
		{"incomplete banner", strings.Contains(got.Incomplete, "incomplete")},
		{"all findings in the DOM", got.Findings == 6},
		{"suppressed hidden by default", got.Visible == 5},
		{"outcome filter", got.FailOnly == 2},
		{"service filter", got.RDSOnly == 1},
		{"severity filter (the critical one is suppressed)", got.CriticalOnly == 0},
		{"layer filter", got.LayerOnly == 3},
		{"show suppressed", got.WithSuppressed == 6 && got.Shown == "6 of 6 shown"},
		{"matrix rows", got.MatrixRows == 2},
		{"failing matrix cells", got.FailCells == 2},
		{"attested cell", got.AttestedCells == 1},
		{"AWS cells", got.AWSCells == 10},
		{"cells are coloured", got.AWSColour != got.FailColour && got.FailColour != "rgba(0, 0, 0, 0)"},
		{"evidence", strings.Contains(got.Evidence, "storage_encrypted = false")},
		{"remediation", strings.Contains(got.Remediation, "storage_encrypted = true")},
		{"framework view", strings.Contains(got.Frameworks, "cis-aws-7.0.0") && strings.Contains(got.Frameworks, "RDS.3")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: DOM facts %+v", c.name, got)
		}
	}
	mu.Lock()
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page made an external request: %s", u)
		}
	}
	mu.Unlock()

	// The screenshot is an artifact for people reviewing CI runs.
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll("testdata/artifacts", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/artifacts/report.png", shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(shot) < 1000 {
		t.Errorf("screenshot is only %d bytes", len(shot))
	}
}

// startChromium starts headless Chromium on ctx and returns its browser
// context. A start that fails (the process exits before printing its
// DevTools address, seen now and then while other test binaries run
// alongside) is retried with a fresh profile, twice at most: the test is
// about the page, not about process start-up.
func startChromium(t *testing.T, ctx context.Context, exe, dir string) context.Context {
	t.Helper()
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		actx, acancel := chromedp.NewExecAllocator(ctx,
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(filepath.Join(dir, fmt.Sprintf("profile-%d", attempt))),
			chromedp.WindowSize(1400, 1000),
			// Chromium can take longer than chromedp's 20 s default to
			// print its DevTools address on a loaded CI machine; the
			// test's own deadline still bounds it.
			chromedp.WSURLReadTimeout(80*time.Second),
		)
		bctx, bcancel := chromedp.NewContext(actx)
		if err = chromedp.Do(bctx); err == nil {
			t.Cleanup(func() { bcancel(); acancel() })
			return bctx
		}
		bcancel()
		acancel()
		if ctx.Err() != nil {
			break
		}
		t.Logf("starting chromium, attempt %d: %v", attempt, err)
	}
	t.Fatalf("starting chromium: %v", err)
	return nil
}

package cfnscan

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
)

// loadEstate writes n generated templates of res resources and loads them.
func loadEstate(t *testing.T, n, res int) *model.Estate {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("stack-%04d.yaml", i)), gen.Template(i, res), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, diags := cloudformation.Load(context.Background(), dir, cloudformation.Options{})
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return e
}

// TestPolicyAnalysesScaleWithShapesNotResources is the deterministic
// performance guard of the control phase: a policy analysis costs hundreds
// of evaluations, and the memos are what keep a scan of thousands of
// buckets stamped from one template fast. A change that makes the memo
// refuse a shape (a correctness fix once did: every CloudFormation bucket
// policy was analysed from scratch, 10x slower, every result unchanged) or
// a control that stops using it shows here as analyses that grow with the
// number of resources.
//
// The two estates have the same templates and so the same policy shapes
// (the bucket policy differs between buckets only in the bucket's name; the
// roles of a template share their policies), the second six times the
// resources of each kind. Every control must compute exactly as many
// analyses on both.
func TestPolicyAnalysesScaleWithShapesNotResources(t *testing.T) {
	const templates = 3
	small, large := loadEstate(t, templates, 30), loadEstate(t, templates, 180)
	if a, b := len(small.S3Buckets), len(large.S3Buckets); a == 0 || b < 5*a {
		t.Fatalf("buckets: %d and %d; the large estate must have many more of them", a, b)
	}
	if a, b := len(small.IAMRoles), len(large.IAMRoles); a == 0 || b < 5*a {
		t.Fatalf("roles: %d and %d; the large estate must have many more of them", a, b)
	}
	var total, served int64
	memoised := 0
	for _, c := range catalog.All() {
		counts := func(e *model.Estate) *iampolicy.MemoStats {
			g := iampolicy.NewMemoGroup()
			e.PolicyMemos = g
			control.Run(context.Background(), e, []*control.Control{c}).Slice()
			e.PolicyMemos = nil
			return g.Stats()
		}
		s, l := counts(small), counts(large)
		if s.Computed() != l.Computed() {
			t.Errorf("%s computed %d policy analyses on %d buckets and %d roles but %d on %d buckets and %d roles: "+
				"the same shapes must be analysed once each (is a memo refusing them, or bypassed?)",
				c.ID, s.Computed(), len(small.S3Buckets), len(small.IAMRoles), l.Computed(), len(large.S3Buckets), len(large.IAMRoles))
		}
		if l.Computed()+l.Served() > 0 {
			memoised++
			t.Logf("%s: %d computed, %d served", c.ID, l.Computed(), l.Served())
		}
		total += l.Computed()
		served += l.Served()
	}
	// Not vacuous: the memoised controls (bucket policies, identity
	// policies) ran on the estate and mostly answered from their memos.
	if memoised < 8 || served < 10*total {
		t.Errorf("%d controls asked %d analyses (%d computed, %d served): the estate no longer exercises the memos", memoised, total+served, total, served)
	}
	t.Logf("%d controls use the memo: %d analyses computed, %d served", memoised, total, served)
}

// TestControlsCountTheirMemos keeps the guard above complete: a control
// making its memo with iampolicy.NewMemo would count nowhere.
func TestControlsCountTheirMemos(t *testing.T) {
	err := filepath.WalkDir("../../control", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "iampolicy.NewMemo(") {
			t.Errorf("%s makes a memo with iampolicy.NewMemo(): use policyck.NewMemo(e), which counts into the estate's PolicyAnalyses", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

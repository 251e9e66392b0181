package cloudformation_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"github.com/onus-sec/onus/collect/cloudformation"
)

// BenchmarkLoad reads 100 generated templates of 50 resources each per
// iteration; multiply ns/op by 10 for the 1,000-template target (or run
// go run ./bench/gencfn -scan for the full measurement with peak memory).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	for i := range 100 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%03d.yaml", i)), gen.Template(i, 50), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		e, diags := cloudformation.Load(context.Background(), dir, cloudformation.Options{})
		if len(diags) > 0 || len(e.S3Buckets) != 400 {
			b.Fatalf("%d diagnostics, %d buckets", len(diags), len(e.S3Buckets))
		}
	}
}

// TestGeneratedTemplatesLoadClean keeps the benchmark input valid.
func TestGeneratedTemplatesLoadClean(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.yaml"), gen.Template(7, 50), 0o644)
	e, diags := cloudformation.Load(context.Background(), dir, cloudformation.Options{})
	for _, d := range diags {
		t.Error(d)
	}
	if len(e.S3Buckets) != 4 || len(e.RDSInstances) != 5 || len(e.SQSQueues) != 5 {
		t.Errorf("unexpected estate: %d buckets, %d DBs, %d queues", len(e.S3Buckets), len(e.RDSInstances), len(e.SQSQueues))
	}
}

package terraform

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/onus-sec/onus/bench/tfgen"
)

// BenchmarkLoad reads the synthetic estate of bench/gen at several sizes
// (the 2,000-file one is the reference estate).
func BenchmarkLoad(b *testing.B) {
	for _, files := range []int{500, 2000, 8000} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			dir := b.TempDir()
			st, err := tfgen.Write(dir, files)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				e, d := Load(context.Background(), dir, Options{})
				if len(d) > 0 || len(e.S3Buckets) == 0 {
					b.Fatalf("diagnostics %v", d)
				}
			}
			// Process CPU time per load: on a shared, overloaded machine
			// wall time measures the run queue, not the code.
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(st.Resources), "resources")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package tfscan

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/onus-sec/onus/bench/tfgen"
	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// BenchmarkScan is Load plus every control of the catalogue on the
// bench/gen estate; it reports the two phases' CPU time separately.
func BenchmarkScan(b *testing.B) {
	for _, files := range []int{500, 2000, 8000} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := tfgen.Write(dir, files); err != nil {
				b.Fatal(err)
			}
			cs := catalog.All()
			b.ReportAllocs()
			b.ResetTimer()
			var load, check time.Duration
			results := 0
			for b.Loop() {
				t0 := cpuTime()
				e, _ := terraform.Load(context.Background(), dir, terraform.Options{})
				t1 := cpuTime()
				rs := control.Run(context.Background(), e, cs).Slice()
				t2 := cpuTime()
				load += t1 - t0
				check += t2 - t1
				results = len(rs)
			}
			b.ReportMetric(float64(load.Milliseconds())/float64(b.N), "load-cpu-ms/op")
			b.ReportMetric(float64(check.Milliseconds())/float64(b.N), "controls-cpu-ms/op")
			b.ReportMetric(float64(results), "results")
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

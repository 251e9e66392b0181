package cfnscan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// BenchmarkScan is Load plus every control of the catalogue on n generated
// templates of 50 resources; it reports the two phases' CPU time apart, so a
// regression shows where it is.
func BenchmarkScan(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("templates=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			for i := range n {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("stack-%04d.yaml", i)), gen.Template(i, 50), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			cs := catalog.All()
			b.ReportAllocs()
			b.ResetTimer()
			var load, check time.Duration
			results := 0
			for b.Loop() {
				t0 := cpuTime()
				e, _ := cloudformation.Load(context.Background(), dir, cloudformation.Options{})
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

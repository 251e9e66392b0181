package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onus-sec/onus/bench/gencfn/gen"
	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
)

func main() {
	n := flag.Int("n", 1000, "number of templates")
	res := flag.Int("resources", 50, "resources per template")
	out := flag.String("out", "", "directory to write into (required)")
	scan := flag.Bool("scan", false, "load the directory with collect/cloudformation and report time and memory")
	cpuprof := flag.String("cpuprofile", "", "with -scan: write a CPU profile of the load to this file")
	memprof := flag.String("memprofile", "", "with -scan: write a heap profile after the load to this file")
	ctlprof := flag.String("controls-cpuprofile", "", "with -controls: write a CPU profile of the control phase to this file")
	ctlmem := flag.String("controls-memprofile", "", "with -controls keep: write a heap profile after the control phase, the results still held, to this file")
	controls := flag.String("controls", "", `with -scan: then run every control of the catalogue; "keep" holds all results as onus scan does, "discard" drops each control's results as soon as it finishes (the memory floor of a scan that streamed results to its writers)`)
	flag.Parse()
	if *controls != "" && *controls != "keep" && *controls != "discard" {
		fmt.Fprintln(os.Stderr, `gencfn: -controls wants "keep" or "discard"`)
		os.Exit(2)
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencfn: -out DIR is required")
		os.Exit(2)
	}
	if err := run(*n, *res, *out, *scan, *cpuprof, *memprof, *controls, *ctlprof, *ctlmem); err != nil {
		fmt.Fprintln(os.Stderr, "gencfn:", err)
		os.Exit(1)
	}
}

func run(n, res int, out string, scan bool, cpuprof, memprof, controls, ctlprof, ctlmem string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	var total int64
	for i := range n {
		data := gen.Template(i, res)
		total += int64(len(data))
		if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("stack-%04d.yaml", i)), data, 0o644); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
	}
	fmt.Printf("wrote %d templates, %d resources each, %.1f MiB\n", n, res, float64(total)/(1<<20))
	if !scan {
		return nil
	}
	if cpuprof != "" {
		f, err := os.Create(cpuprof)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
	}
	var msBefore runtime.MemStats
	runtime.ReadMemStats(&msBefore)
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	e, diags := cloudformation.Load(context.Background(), out, cloudformation.Options{})
	wall := time.Since(start)
	if cpuprof != "" {
		pprof.StopCPUProfile()
	}
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	resources := len(e.S3Buckets) + len(e.SecurityGroups) + len(e.IAMRoles) + len(e.LambdaFunctions) +
		len(e.RDSInstances) + len(e.LogGroups) + len(e.SNSTopics) + len(e.SQSQueues) + len(e.DynamoDBTables) +
		len(e.KMSKeys) + len(e.VPCs)
	fmt.Printf("loaded %d modelled resources, %d diagnostics, in %v on GOMAXPROCS=%d\n", resources, len(diags), wall.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	fmt.Printf("CPU time %v (user+sys); peak RSS %s\n", cpu.Round(time.Millisecond), peakRSS())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// Unlike CPU time, allocation does not depend on the machine's load.
	fmt.Printf("load allocated %.1f MiB in %d objects; %d GC cycles\n", float64(ms.TotalAlloc-msBefore.TotalAlloc)/(1<<20),
		ms.Mallocs-msBefore.Mallocs, ms.NumGC-msBefore.NumGC)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Printf("live heap after load %.1f MiB\n", float64(ms.HeapAlloc)/(1<<20))
	if memprof != "" {
		f, err := os.Create(memprof)
		if err != nil {
			return fmt.Errorf("heap profile: %w", err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return fmt.Errorf("heap profile: %w", err)
		}
	}
	if controls != "" {
		if ctlprof != "" {
			f, err := os.Create(ctlprof)
			if err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
		}
		results := runControls(e, controls == "keep")
		if ctlprof != "" {
			pprof.StopCPUProfile()
		}
		if controls == "keep" {
			// What a scan holds while it renders: the estate and every result.
			runtime.GC()
			var ms2 runtime.MemStats
			runtime.ReadMemStats(&ms2)
			fmt.Printf("live heap with results %.1f MiB (results %.1f MiB more than the estate)\n",
				float64(ms2.HeapAlloc)/(1<<20), float64(ms2.HeapAlloc-ms.HeapAlloc)/(1<<20))
			if ctlmem != "" {
				f, err := os.Create(ctlmem)
				if err != nil {
					return fmt.Errorf("heap profile: %w", err)
				}
				defer f.Close()
				if err := pprof.WriteHeapProfile(f); err != nil {
					return fmt.Errorf("heap profile: %w", err)
				}
			}
		}
		runtime.KeepAlive(results)
	}
	runtime.KeepAlive(e)
	return nil
}

// runControls runs the catalogue on GOMAXPROCS workers and reports the
// control phase's wall and CPU time and the process's peak RSS so far. It
// returns the results when keep is set.
func runControls(e *model.Estate, keep bool) control.Results {
	var msBefore runtime.MemStats
	runtime.ReadMemStats(&msBefore)
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	n := 0
	var kept control.Results
	e.PolicyMemos = iampolicy.NewMemoGroup()
	if keep {
		kept = control.Run(context.Background(), e, catalog.All())
		n = kept.Len()
	} else {
		var mu sync.Mutex
		next := make(chan *control.Control)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for c := range next {
					k := control.Run(context.Background(), e, []*control.Control{c}).Len()
					mu.Lock()
					n += k
					mu.Unlock()
				}
			})
		}
		for _, c := range catalog.All() {
			next <- c
		}
		close(next)
		wg.Wait()
	}
	wall := time.Since(start)
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	fmt.Printf("controls: %d results (kept: %v) in %v, CPU time %v; peak RSS %s\n", n, keep, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), peakRSS())
	var msAfter runtime.MemStats
	runtime.ReadMemStats(&msAfter)
	fmt.Printf("controls allocated %.1f MiB in %d objects; %d GC cycles\n", float64(msAfter.TotalAlloc-msBefore.TotalAlloc)/(1<<20),
		msAfter.Mallocs-msBefore.Mallocs, msAfter.NumGC-msBefore.NumGC)
	fmt.Printf("policy analyses: %d computed, %d served from memos\n", e.PolicyMemos.Stats().Computed(), e.PolicyMemos.Stats().Served())
	// onus scan drops the memos with the run (control.Run makes them);
	// keeping them would count them among the results below.
	e.PolicyMemos = nil
	return kept
}

// peakRSS reads the high-water mark of resident memory (Linux).
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

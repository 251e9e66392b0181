package ordered

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"testing"
)

// items renders item k as "k," so the output shows order and completeness.
func items() Render {
	return func(dst []byte, lo, hi int) ([]byte, error) {
		for k := lo; k < hi; k++ {
			dst = strconv.AppendInt(dst, int64(k), 10)
			dst = append(dst, ',')
		}
		return dst, nil
	}
}

func want(n int) string {
	var b bytes.Buffer
	for k := range n {
		fmt.Fprintf(&b, "%d,", k)
	}
	return b.String()
}

func TestWriteInOrder(t *testing.T) {
	for _, procs := range []int{1, 2, 5} {
		for _, c := range []struct{ n, batch int }{
			{0, 10}, {1, 10}, {10, 10}, {11, 10}, {1000, 1}, {1000, 7}, {5, 0},
		} {
			t.Run(fmt.Sprintf("procs%d/n%d/batch%d", procs, c.n, c.batch), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				var out bytes.Buffer
				if err := Write(&out, c.n, c.batch, items); err != nil {
					t.Fatal(err)
				}
				if got := out.String(); got != want(c.n) {
					t.Errorf("got %q, want %q", got, want(c.n))
				}
			})
		}
	}
}

type failWriter struct {
	bytes.Buffer
	after int // fail once this many writes succeeded
}

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after == 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return w.Buffer.Write(p)
}

func TestWriteStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	for _, procs := range []int{1, 2, 5} {
		t.Run(fmt.Sprint("procs", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			// A render error: the batches before it are written, none after.
			var out bytes.Buffer
			err := Write(&out, 100, 10, func() Render {
				return func(dst []byte, lo, hi int) ([]byte, error) {
					if lo == 50 {
						return nil, boom
					}
					return items()(dst, lo, hi)
				}
			})
			if !errors.Is(err, boom) {
				t.Fatalf("render error: got %v, want boom", err)
			}
			if got := out.String(); got != want(50) {
				t.Errorf("render error: wrote %q, want the 5 batches before it", got)
			}
			// A write error.
			fw := &failWriter{after: 3}
			if err := Write(fw, 100, 10, items); err == nil || err.Error() != "disk full" {
				t.Fatalf("write error: got %v", err)
			}
			if got := fw.String(); got != want(30) {
				t.Errorf("write error: wrote %q, want the 3 batches before it", got)
			}
		})
	}
}

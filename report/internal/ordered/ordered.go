package ordered

import (
	"io"
	"runtime"
	"sync"
)

// Render appends items [lo, hi) to dst and returns it. Each worker gets its
// own Render from the factory, so one may keep caches without locks.
type Render func(dst []byte, lo, hi int) ([]byte, error)

// Write renders items [0, n) in batches of batch items and writes them to
// w in order. With more than one batch and more than one CPU the batches
// are rendered concurrently while earlier ones are written; at most two
// batches per worker are in memory at once, so a large report never exists
// whole. The first render or write error stops the work and is returned.
func Write(w io.Writer, n, batch int, newRender func() Render) error {
	if n <= 0 {
		return nil
	}
	batch = max(batch, 1)
	batches := (n + batch - 1) / batch
	workers := min(runtime.GOMAXPROCS(0), batches)
	if workers <= 1 {
		render := newRender()
		var buf []byte
		for lo := 0; lo < n; lo += batch {
			var err error
			if buf, err = render(buf[:0], lo, min(lo+batch, n)); err != nil {
				return err
			}
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	return parallel(w, n, batch, batches, workers, newRender)
}

type done struct {
	buf []byte
	err error
}

func parallel(w io.Writer, n, batch, batches, workers int, newRender func() Render) error {
	window := 2 * workers
	// A worker claims the next batch only with a token; the writer returns
	// one per batch written. So batch b is claimed only once batch
	// b-window is written, and slot b%window is free for it.
	tokens := make(chan struct{}, window)
	for range window {
		tokens <- struct{}{}
	}
	slots := make([]chan done, window)
	for i := range slots {
		slots[i] = make(chan done, 1)
	}
	free := make(chan []byte, window)
	quit := make(chan struct{})
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range workers {
		render := newRender()
		wg.Go(func() {
			for {
				select {
				case <-quit:
					return
				case <-tokens:
				}
				mu.Lock()
				b := next
				next++
				mu.Unlock()
				if b >= batches {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				lo := b * batch
				buf, err := render(buf[:0], lo, min(lo+batch, n))
				slots[b%window] <- done{buf: buf, err: err}
			}
		})
	}
	var err error
	for b := range batches {
		d := <-slots[b%window]
		if d.err == nil {
			_, d.err = w.Write(d.buf)
		}
		if d.err != nil {
			err = d.err
			break
		}
		free <- d.buf
		tokens <- struct{}{}
	}
	close(quit)
	wg.Wait()
	return err
}

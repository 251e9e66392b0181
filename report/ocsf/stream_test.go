package ocsf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/onus-sec/onus/report/internal/fixture"
)

// TestBatchedEqualsSerial: events encoded in batches on several CPUs are
// the lines one encoder writes for every result in order.
func TestBatchedEqualsSerial(t *testing.T) {
	r := fixture.Repeated(50, func(k int) string { return fmt.Sprintf("<%d> & é", k) }, 0)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	for i, res := range r.Results.All() {
		if res.Control != nil {
			if err := enc.Encode(event(r, i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		var got bytes.Buffer
		err := Write(&got, r, Options{})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("on %d CPUs: %d bytes, want the serial %d", procs, got.Len(), want.Len())
		}
	}
}

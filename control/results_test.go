package control

import (
	"fmt"
	"testing"
)

func numbered(from, n int) []Result {
	rs := make([]Result, n)
	for i := range rs {
		rs[i].Reason = fmt.Sprint(from + i)
	}
	return rs
}

func TestResultsParts(t *testing.T) {
	// Parts of every size, adopted or copied, keep order and indexes.
	var s Results
	want := 0
	for k, size := range []int{1, 3, 0, 100, 1, 4096, 7, 0, 2} {
		rs := numbered(want, size)
		if k%2 == 0 {
			s.adopt(rs)
		} else {
			s.Append(rs...)
		}
		want += size
	}
	if s.Len() != want {
		t.Fatalf("Len = %d, want %d", s.Len(), want)
	}
	for i := range s.Len() {
		if got := s.At(i).Reason; got != fmt.Sprint(i) {
			t.Fatalf("At(%d) = %s", i, got)
		}
	}
	n := 0
	for i, r := range s.All() {
		if i != n || r != s.At(i) {
			t.Fatalf("All yields %d (%p), want %d (%p)", i, r, n, s.At(n))
		}
		n++
		if n == want-1 {
			break
		}
	}
	if n != want-1 {
		t.Fatalf("All yields %d results before break, want %d", n, want-1)
	}
	flat := s.Slice()
	if len(flat) != want || flat[want-1].Reason != fmt.Sprint(want-1) {
		t.Fatalf("Slice has %d results", len(flat))
	}
	for k, p := range s.parts {
		if len(p) == 0 {
			t.Fatalf("part %d is empty", k)
		}
	}
}

func TestResultsAppendCopies(t *testing.T) {
	rs := numbered(0, 2)
	s := ResultsOf(rs...)
	rs[0].Reason = "changed"
	if s.At(0).Reason != "0" {
		t.Fatal("ResultsOf kept the caller's array")
	}
	// A copy keeps its view when the other is appended to.
	c := s
	s.Append(numbered(2, 1)...)
	if c.Len() != 2 || s.Len() != 3 {
		t.Fatalf("copy has %d results, original %d", c.Len(), s.Len())
	}
	s.At(1).Reason = "c"
	if got := s.Slice()[1].Reason; got != "c" {
		t.Fatalf("At(1) changed a copy: %q", got)
	}
}

func TestResultsAtOutOfRange(t *testing.T) {
	s := ResultsOf(Result{})
	for _, i := range []int{-1, 1, 1 << 20} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("At(%d) of 1 result did not panic", i)
				}
			}()
			s.At(i)
		}()
	}
}

func TestResultsEmpty(t *testing.T) {
	var s Results
	if s.Len() != 0 || len(s.Slice()) != 0 {
		t.Fatal("zero Results is not empty")
	}
	for range s.All() {
		t.Fatal("All yields from an empty Results")
	}
	s.Append()
	if s.Len() != 0 || len(s.parts) != 0 {
		t.Fatal("appending nothing made a part")
	}
}

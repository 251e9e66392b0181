package control

import (
	"iter"
	"slices"
)

// Results is a sequence of results stored as a list of slices, in practice
// one per control. A large scan has hundreds of thousands of results: as
// one array, its size is known only once every control has run, so the
// array would be allocated, and every control's results copied into it,
// while each control's own slice is still alive (20 MB held twice at the
// peak of a 1,000-template scan). Run hands each control's slice over
// instead. The zero value is empty.
//
// Copying a Results copies a view, as copying a slice does.
type Results struct {
	parts [][]Result // none empty
	// ends[k] is the index after parts[k]'s last result.
	ends []int
}

// ResultsOf returns a Results holding a copy of rs.
func ResultsOf(rs ...Result) Results {
	var s Results
	s.Append(rs...)
	return s
}

// Len is the number of results.
func (s Results) Len() int {
	if len(s.ends) == 0 {
		return 0
	}
	return s.ends[len(s.ends)-1]
}

// At returns the i-th result, for reading or changing in place. It panics
// when i is out of range, as indexing a slice does. It searches the parts:
// walk a whole Results with All.
func (s Results) At(i int) *Result {
	if uint(i) >= uint(s.Len()) {
		panic("control.Results: index out of range")
	}
	// The first part that ends after i.
	k, _ := slices.BinarySearch(s.ends, i+1)
	p := s.parts[k]
	return &p[i-(s.ends[k]-len(p))]
}

// Append adds a copy of rs at the end, as a part of its own: parts
// already made are never written, so a copy of s keeps its view.
func (s *Results) Append(rs ...Result) {
	s.adopt(slices.Clone(rs))
}

// adopt adds rs at the end without copying it; the caller gives rs up.
func (s *Results) adopt(rs []Result) {
	if len(rs) == 0 {
		return
	}
	s.parts = append(s.parts, rs)
	s.ends = append(s.ends, s.Len()+len(rs))
}

// All yields each result's index and the result, in order; the result may
// be changed in place.
func (s Results) All() iter.Seq2[int, *Result] {
	return func(yield func(int, *Result) bool) {
		i := 0
		for _, p := range s.parts {
			for j := range p {
				if !yield(i, &p[j]) {
					return
				}
				i++
			}
		}
	}
}

// Slice returns a copy of the results as one slice.
func (s Results) Slice() []Result {
	out := make([]Result, 0, s.Len())
	for _, p := range s.parts {
		out = append(out, p...)
	}
	return out
}

package control

import (
	"cmp"
	"slices"
	"strings"
)

// runRanks numbers, once per run, what compareWithin compares before the
// reason: a scan has a few hundred thousand results but only tens of
// thousands of resources, a few hundred distinct addresses and regions and
// a few thousand files, so each distinct string is compared while ranking
// it and each control's sort compares integers.
type runRanks struct {
	// ref is the rank of a Ref's address (high 32 bits) and region (low 32
	// bits) among those of every result's Ref.
	ref map[*Ref]uint64
	// file is the rank of a result location's file among all of them.
	file map[string]uint32
	// refs lists the distinct Refs of the results.
	refs []*Ref
}

// rankResults ranks the Refs and location files of every result in parts.
func rankResults(parts [][]Result) *runRanks {
	rk := &runRanks{ref: map[*Ref]uint64{}, file: map[string]uint32{}}
	var files []string
	var prevRef *Ref
	prevFile, first := "", true
	for _, rs := range parts {
		for i := range rs {
			r := &rs[i]
			// Results about one resource usually follow each other and
			// share one Ref; their locations share the file's string.
			if r.Resource != prevRef {
				prevRef = r.Resource
				if _, ok := rk.ref[prevRef]; !ok {
					rk.ref[prevRef] = 0
					rk.refs = append(rk.refs, prevRef)
				}
			}
			if f := r.Location().File; first || f != prevFile {
				prevFile, first = f, false
				if _, ok := rk.file[f]; !ok {
					rk.file[f] = 0
					files = append(files, f)
				}
			}
		}
	}
	addrs := map[string]uint32{}
	regions := map[string]uint32{}
	for _, r := range rk.refs {
		addrs[r.Address] = 0
		regions[r.Region] = 0
	}
	rankStrings(addrs)
	rankStrings(regions)
	for _, r := range rk.refs {
		rk.ref[r] = uint64(addrs[r.Address])<<32 | uint64(regions[r.Region])
	}
	slices.Sort(files)
	for i, f := range files {
		rk.file[f] = uint32(i)
	}
	return rk
}

// rankStrings sets each key's value to its rank in string order.
func rankStrings(m map[string]uint32) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		m[k] = uint32(i)
	}
}

// withinEntry is one result's sort key within its control: the ranks of
// its Ref and location file, the line, then (read from the result on a
// tie) the reason, then its position, which keeps the order stable.
type withinEntry struct {
	ref  uint64
	file uint32
	idx  int32
	line int
}

func (x *withinEntry) compare(y *withinEntry, rs []Result) int {
	if c := cmp.Compare(x.ref, y.ref); c != 0 {
		return c
	}
	if c := cmp.Compare(x.file, y.file); c != 0 {
		return c
	}
	if c := cmp.Compare(x.line, y.line); c != 0 {
		return c
	}
	if c := strings.Compare(rs[x.idx].Reason, rs[y.idx].Reason); c != 0 {
		return c
	}
	return cmp.Compare(x.idx, y.idx)
}

// place copies one control's results rs into dst (of the same length) in
// compareWithin order, stable. buf is scratch space, returned for reuse.
// Positions are sorted rather than the 64-byte results, which a sort
// would move many times behind write barriers.
func (rk *runRanks) place(dst, rs []Result, buf []withinEntry) []withinEntry {
	ents := buf[:0]
	var prevRef *Ref
	var ref uint64
	prevFile, file, first := "", uint32(0), true
	sorted := true
	for i := range rs {
		r := &rs[i]
		if r.Resource != prevRef {
			prevRef, ref = r.Resource, rk.ref[r.Resource]
		}
		l := r.Location()
		if first || l.File != prevFile {
			prevFile, file, first = l.File, rk.file[l.File], false
		}
		ents = append(ents, withinEntry{ref: ref, file: file, idx: int32(i), line: l.Start.Line})
		if sorted && i > 0 && ents[i-1].compare(&ents[i], rs) > 0 {
			sorted = false
		}
	}
	if sorted {
		copy(dst, rs)
		return ents
	}
	slices.SortFunc(ents, func(x, y withinEntry) int { return x.compare(&y, rs) })
	for k := range ents {
		dst[k] = rs[ents[k].idx]
	}
	return ents
}

package control

import (
	"cmp"
	"slices"
	"strings"
)

// sorter puts one control's results in compareWithin order, in place, on
// the goroutine that ran the check, while the results are still in cache;
// Run then only copies each control's results into its span. A control has
// thousands of results but few distinct addresses, regions and files, so
// each distinct string is ranked once and the sort compares integers. Its
// maps and slices are scratch space, reused from one control to the next.
type sorter struct {
	addr, region, file strRanks
	ents               []withinEntry
}

// sort orders rs by compareWithin, stable.
func (s *sorter) sort(rs []Result) {
	if len(rs) < 2 {
		return
	}
	s.addr.reset()
	s.region.reset()
	s.file.reset()
	ents := s.ents[:0]
	var prevRef *Ref
	var addr, region uint32
	for i := range rs {
		r := &rs[i]
		// Results about one resource usually follow each other and share
		// one Ref; regions and location files repeat, and share their
		// strings.
		if r.Resource != prevRef {
			prevRef = r.Resource
			addr, region = s.addr.id(r.Resource.Address), s.region.id(r.Resource.Region)
		}
		l := r.Location()
		ents = append(ents, withinEntry{ref: uint64(addr)<<32 | uint64(region), file: s.file.id(l.File), idx: int32(i), line: l.Start.Line})
	}
	s.ents = ents
	// Numbers in order of first sight become ranks in string order.
	ar, rr, fr := s.addr.ranks(), s.region.ranks(), s.file.ranks()
	sorted := true
	for i := range ents {
		e := &ents[i]
		e.ref = uint64(ar[e.ref>>32])<<32 | uint64(rr[uint32(e.ref)])
		e.file = fr[e.file]
		if sorted && i > 0 && ents[i-1].compare(e, rs) > 0 {
			sorted = false
		}
	}
	if sorted {
		return
	}
	slices.SortFunc(ents, func(x, y withinEntry) int { return x.compare(&y, rs) })
	// Position k takes the result at ents[k].idx: follow each cycle of that
	// permutation, so every result moves once and no second slice of them
	// is made. A position done is marked by pointing it at itself.
	for start := range ents {
		if int(ents[start].idx) == start {
			continue
		}
		tmp := rs[start]
		k := start
		for {
			j := int(ents[k].idx)
			ents[k].idx = int32(k)
			if j == start {
				rs[k] = tmp
				break
			}
			rs[k] = rs[j]
			k = j
		}
	}
}

// strRanks numbers distinct strings in order of first sight, then ranks
// them in string order.
type strRanks struct {
	ids    map[string]uint32
	keys   []string
	last   string
	lastID uint32
	order  []uint32
	rank   []uint32
}

func (k *strRanks) reset() {
	clear(k.ids)
	k.keys = k.keys[:0]
}

func (k *strRanks) id(s string) uint32 {
	if len(k.keys) > 0 && s == k.last {
		return k.lastID
	}
	id, ok := k.ids[s]
	if !ok {
		if k.ids == nil {
			k.ids = map[string]uint32{}
		}
		id = uint32(len(k.keys))
		k.ids[s] = id
		k.keys = append(k.keys, s)
	}
	k.last, k.lastID = s, id
	return id
}

// ranks maps each number id gave to its string's rank.
func (k *strRanks) ranks() []uint32 {
	k.order, k.rank = k.order[:0], k.rank[:0]
	for i := range k.keys {
		k.order = append(k.order, uint32(i))
		k.rank = append(k.rank, 0)
	}
	if len(k.keys) > 1 {
		slices.SortFunc(k.order, func(a, b uint32) int { return strings.Compare(k.keys[a], k.keys[b]) })
	}
	for r, id := range k.order {
		k.rank[id] = uint32(r)
	}
	return k.rank
}

// withinEntry is one result's sort key within its control: the ranks of
// its address (high 32 bits of ref) and region (low 32 bits) and of its
// location file, the line, then (read from the result on a tie) the
// reason, then its position, which keeps the order stable.
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

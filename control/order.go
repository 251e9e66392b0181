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
	// addr, region and file are the ranks of the results' resource
	// addresses and regions and location files, each in string order.
	addr, region, file map[string]uint32
}

// keyStrings collects the distinct addresses, regions and location files
// of the results one goroutine produced, while they are at hand.
type keyStrings struct {
	addr, region, file distinct
	prevRef            *Ref
}

func (k *keyStrings) add(rs []Result) {
	for i := range rs {
		r := &rs[i]
		// Results about one resource usually follow each other and
		// share one Ref; regions and location files repeat, and share
		// their strings.
		if r.Resource != k.prevRef {
			k.prevRef = r.Resource
			k.addr.add(r.Resource.Address)
			k.region.add(r.Resource.Region)
		}
		k.file.add(r.Location().File)
	}
}

// rankKeys ranks the strings every keyStrings collected.
func rankKeys(ks []keyStrings) *runRanks {
	rk := &runRanks{}
	var addr, region, file distinct
	for i := range ks {
		for _, s := range ks[i].addr.keys {
			addr.add(s)
		}
		for _, s := range ks[i].region.keys {
			region.add(s)
		}
		for _, s := range ks[i].file.keys {
			file.add(s)
		}
	}
	rk.addr, rk.region, rk.file = addr.ranks(), region.ranks(), file.ranks()
	return rk
}

// rankResults ranks the addresses, regions and location files of every
// result in parts.
func rankResults(parts [][]Result) *runRanks {
	var k keyStrings
	for _, rs := range parts {
		k.add(rs)
	}
	return rankKeys([]keyStrings{k})
}

// distinct collects distinct strings, skipping a repeat of the last one
// without a lookup.
type distinct struct {
	seen bool
	last string
	m    map[string]uint32
	keys []string
}

func (d *distinct) add(s string) {
	if d.seen && s == d.last {
		return
	}
	d.seen, d.last = true, s
	if d.m == nil {
		d.m = map[string]uint32{}
	}
	if _, ok := d.m[s]; !ok {
		d.m[s] = 0
		d.keys = append(d.keys, s)
	}
}

// ranks maps each string to its rank in string order.
func (d *distinct) ranks() map[string]uint32 {
	if d.m == nil {
		d.m = map[string]uint32{}
	}
	slices.Sort(d.keys)
	for i, k := range d.keys {
		d.m[k] = uint32(i)
	}
	return d.m
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
	prevRegion, region := "", rk.region[""]
	sorted := true
	for i := range rs {
		r := &rs[i]
		if r.Resource != prevRef {
			prevRef = r.Resource
			if r.Resource.Region != prevRegion {
				prevRegion, region = r.Resource.Region, rk.region[r.Resource.Region]
			}
			ref = uint64(rk.addr[r.Resource.Address])<<32 | uint64(region)
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

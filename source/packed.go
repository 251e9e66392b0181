package source

import "encoding/json"

// PackedProv is a Prov in one pointer, for data kept by the hundred
// thousand: a scan's evidence cites a model value's provenance per result,
// and a Prov is 112 bytes (a Loc of int positions and an Origin of four
// strings code scans never fill). A value's PackedProv shares the value's
// own compact record, so citing it costs no allocation. The zero
// PackedProv is the empty Prov. It is immutable; compare Provs, not
// PackedProvs (two packings of one Prov need not be the same pointer).
type PackedProv struct{ m *meta }

// Pack stores p compactly (no allocation when p is empty).
func Pack(p Prov) PackedProv { return PackedProv{m: newMeta("", p)} }

// PackedProv is the value's provenance, shared with the value.
func (x Value[T]) PackedProv() PackedProv { return PackedProv{m: x.rec()} }

// PackedProv is the site's provenance, shared with every value made at it.
func (s Site) PackedProv() PackedProv { return PackedProv{m: s.m} }

// Prov unpacks the provenance.
func (p PackedProv) Prov() Prov { return p.m.prov() }

// IsZero reports whether the provenance is empty.
func (p PackedProv) IsZero() bool { return p.m == nil || p.m.prov() == Prov{} }

// Loc is the code location, without unpacking the Origin.
func (p PackedProv) Loc() Loc { return p.m.prov().Loc }

func (p PackedProv) String() string { return p.Prov().String() }

// MarshalJSON writes the Prov.
func (p PackedProv) MarshalJSON() ([]byte, error) { return json.Marshal(p.Prov()) }

// UnmarshalJSON reads a Prov.
func (p *PackedProv) UnmarshalJSON(b []byte) error {
	var v Prov
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Pack(v)
	return nil
}

// Site is p as a site, for known values made at the same place.
func (p PackedProv) Site() Site { return Site{m: p.m} }

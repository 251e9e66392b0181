package base

import (
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/onus-sec/onus/source"
)

// Ref identifies the resource a control result is about: the part of Meta
// a report shows. It lives here, next to Meta, so that a Meta can keep the
// one Ref every result about it shares (see Meta.SharedRef).
type Ref struct {
	Type    string      `json:"type"`
	Address string      `json:"address,omitempty"`
	ARN     string      `json:"arn,omitempty"`
	Account string      `json:"account,omitempty"`
	Region  string      `json:"region,omitempty"`
	Source  source.Kind `json:"source"`
	// Loc is the resource's own block.
	Loc source.Loc `json:"-"`
	// Origin is the API call that listed it (live); nil when there is
	// none, as for every resource read from code: a pointer keeps the Ref
	// of each of the tens of thousands of resources a scan reports small.
	Origin  *source.Origin    `json:"-"`
	Tags    map[string]string `json:"tags,omitempty"`
	Module  string            `json:"module,omitempty"`
	Ignores []Ignore          `json:"-"`
	// DefaultResource marks a resource AWS creates in every region (default
	// VPC, security group, network ACL...) that nothing uses; control.Run
	// sets it from Estate.UnusedDefaults so reports can group such results.
	DefaultResource bool `json:"default_resource,omitempty"`
}

// RefOf makes a Ref from a resource header.
func RefOf(m *Meta) Ref {
	r := Ref{Type: m.Type, Address: m.Address, ARN: m.ARN, Account: m.Account, Region: m.Region,
		Source: m.Source, Loc: m.Loc, Module: m.Module, Ignores: m.Ignores}
	if !m.OriginOf().IsZero() {
		// The header's own record: immutable, as a Ref is.
		r.Origin = m.Origin
	}
	if t, ok := m.Tags.Get(); ok && len(t) > 0 {
		r.Tags = t
	}
	return r
}

// SharedRef returns a Ref of m that is made once and then shared: every
// control asks for its resource's Ref, and a scan of a large estate has a
// few hundred thousand results for tens of thousands of resources. The Ref
// is kept in m and remade if m changed since (a check may reuse one header
// for several resources). Safe for concurrent use; treat the Ref as
// read-only.
func (m *Meta) SharedRef() *Ref {
	// Controls run concurrently and may ask for the same header's Ref at
	// once: the compare-and-swap makes them all return the one that won,
	// so every result about the resource carries the same pointer.
	for {
		old := atomic.LoadPointer(&m.ref)
		if p := (*Ref)(old); p != nil && p.describes(m) {
			return p
		}
		r := RefOf(m)
		if atomic.CompareAndSwapPointer(&m.ref, old, unsafe.Pointer(&r)) {
			return &r
		}
	}
}

// HoldsRef reports whether r is the Ref SharedRef currently keeps in m:
// every result made from an unchanged header carries that one pointer.
func (m *Meta) HoldsRef(r *Ref) bool { return r != nil && (*Ref)(atomic.LoadPointer(&m.ref)) == r }

// describes reports whether r is what RefOf(m) would make now (the
// DefaultResource mark aside, which only control.Run sets).
func (r *Ref) describes(m *Meta) bool {
	if r.Type != m.Type || r.Address != m.Address || r.ARN != m.ARN || r.Account != m.Account ||
		r.Region != m.Region || r.Source != m.Source || r.Loc != m.Loc ||
		// The same Origin pointer (or none) first: the comparison of
		// 64-byte values is for a header whose Origin was replaced.
		r.Origin != m.Origin && r.origin() != m.OriginOf() ||
		r.Module != m.Module || len(r.Ignores) != len(m.Ignores) ||
		len(r.Ignores) > 0 && &r.Ignores[0] != &m.Ignores[0] {
		return false
	}
	t, ok := m.Tags.Get()
	if !ok || len(t) == 0 {
		return r.Tags == nil
	}
	// The same map, not an equal one: cheap, and a replaced map is remade.
	return r.Tags != nil && reflect.ValueOf(r.Tags).UnsafePointer() == reflect.ValueOf(t).UnsafePointer()
}

// origin is Origin, the zero Origin when there is none.
func (r *Ref) origin() source.Origin {
	if r.Origin == nil {
		return source.Origin{}
	}
	return *r.Origin
}

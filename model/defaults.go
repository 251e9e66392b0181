package model

import "github.com/onus-sec/onus/source"

// UnusedDefaults returns the addresses of live resources AWS creates in
// every region (the default VPC with its default-for-AZ subnets and route
// tables, default security groups, default network ACLs) that nothing uses.
// Every region has them, so reports group their results instead of listing
// each one. Only known values count: a default VPC whose use is unknown is
// not grouped away. Code estates have none (a declared aws_default_vpc is a
// deliberate choice, judged like any other resource).
func (e *Estate) UnusedDefaults() map[string]bool {
	out := map[string]bool{}
	live := func(k source.Kind) bool { return k == source.AWS || k == source.Snapshot }
	isTrue := func(v source.Value[bool]) bool { b, ok := v.Get(); return ok && b }
	isFalse := func(v source.Value[bool]) bool { b, ok := v.Get(); return ok && !b }
	idle := map[string]bool{} // VPC ids of unused default VPCs
	for _, v := range e.VPCs {
		if v == nil || !live(v.Source) || !isTrue(v.IsDefault) || !isFalse(v.InUse) {
			continue
		}
		out[v.Address] = true
		if id, ok := v.VPCID.Get(); ok {
			idle[id] = true
		}
	}
	inIdle := func(vpc source.Value[string]) bool { id, ok := vpc.Get(); return ok && idle[id] }
	for _, g := range e.SecurityGroups {
		if g != nil && live(g.Source) && isTrue(g.IsDefault) && isFalse(g.InUse) {
			out[g.Address] = true
		}
	}
	for _, n := range e.NetworkACLs {
		if n != nil && live(n.Source) && isTrue(n.IsDefault) && inIdle(n.VPCID) {
			out[n.Address] = true
		}
	}
	for _, s := range e.Subnets {
		if s != nil && live(s.Source) && isTrue(s.DefaultForAZ) && inIdle(s.VPCID) {
			out[s.Address] = true
		}
	}
	for _, t := range e.RouteTables {
		if t != nil && live(t.Source) && inIdle(t.VPCID) {
			out[t.Address] = true
		}
	}
	return out
}

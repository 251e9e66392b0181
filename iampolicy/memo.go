package iampolicy

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Memo remembers resource-policy analyses across resources whose policies
// differ only in the resource's own name: the bucket policy a module or a
// template stamps onto every bucket it creates. Such an estate has
// thousands of copies of a few policy shapes, and each analysis costs
// hundreds of evaluations.
//
// A policy is analysed with the resource's name renamed to a canonical one,
// and the result renamed back. That is exact, not a heuristic: the
// evaluator looks at strings only through equality, case folding, ARN
// splitting and wildcard matching, and the renaming is refused (the
// analysis then runs on the policy as written) unless it preserves every
// one of those relations — the name may occur only as the resource's full
// ARN (followed by nothing or "/"), and every wildcard pattern of the
// policy must match each renamed string exactly as it matched the original.
// A policy with placeholders, or a resource name holding one (a
// CloudFormation bucket named !Sub ${Project}-logs), is renamed only where
// the name occurs as the whole ARN in Resource lists and no placeholder is
// left after renaming (placeholderNameOnly): the evaluator matches such a
// pattern as one literal. Otherwise it is memoised as written, keyed by
// the exact ARN.
//
// A Memo is not safe for concurrent use; make one per control run. The
// memos of one scan may share a MemoGroup (NewMemoIn), which is: it holds
// what does not depend on the analysis asked (each policy renamed for each
// resource, each policy's digest) and the counts.
type Memo struct {
	entries map[memoKey]any
	group   *MemoGroup
	// stats counts this memo's work; the group counts it as well.
	stats MemoStats
}

// memoKey names one analysis: its kind, and either the shape the renamed
// policy was interned as (resource analyses) or the digests of the
// policies (identity analyses).
type memoKey struct {
	kind     string
	shape    int32
	policies string
}

// MemoGroup is what the memos of one scan share; it is safe for concurrent
// use. Several controls analyse the same bucket policies, and on a memo hit
// renaming the policy for the bucket is most of the cost: the group renames
// each (policy, resource) pair once for all of them.
type MemoGroup struct {
	stats MemoStats
	mu    sync.Mutex
	// renamed caches renameResource per policy and ARN, with the shape
	// the renamed policy's content is interned as.
	renamed map[renameKey]*renaming
	// shapes interns renamed content (canonical ARN and fingerprint), so
	// memo keys compare a number instead of a long string.
	shapes map[string]int32
	// digests caches each policy's fingerprint digest by address: the
	// model parses a document once and every analysis of it shares the
	// pointer, and serialising a policy costs more than some analyses it
	// keys. A SHA-256 of the fingerprint keeps multi-policy keys short.
	digests map[*Policy][sha256.Size]byte
}

// NewMemoGroup returns an empty group.
func NewMemoGroup() *MemoGroup {
	return &MemoGroup{renamed: map[renameKey]*renaming{}, shapes: map[string]int32{}, digests: map[*Policy][sha256.Size]byte{}}
}

// Stats are the counts of every memo of the group.
func (g *MemoGroup) Stats() *MemoStats { return &g.stats }

type renameKey struct {
	p   *Policy
	arn string
}

type renaming struct {
	q     *Policy
	canon string
	shape int32 // the interned canon and fingerprint of q
}

func (g *MemoGroup) rename(p *Policy, arn string) *renaming {
	k := renameKey{p, arn}
	g.mu.Lock()
	r, ok := g.renamed[k]
	g.mu.Unlock()
	if ok {
		return r
	}
	// Renaming runs outside the lock: it is a pure function of the key, so
	// two memos that race on one pair compute the same thing, and the
	// first stored wins.
	r = &renaming{}
	var content string
	r.q, r.canon, ok = renameResource(p, arn)
	if ok {
		content = r.canon + "\x00" + fingerprint(r.q)
	} else {
		// Not renamable (placeholders, or a name the renaming could
		// confuse): the analysis is still a pure function of the policy
		// and the ARN as written, so identical copies (one template
		// stamped many times, whose generated bucket ARNs are the same
		// placeholder text) share it. The "=" keeps these keys apart from
		// renamed ones.
		r.q, r.canon = p, arn
		content = "=" + arn + "\x00" + fingerprint(p)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if old, ok := g.renamed[k]; ok {
		return old
	}
	id, ok := g.shapes[content]
	if !ok {
		id = int32(len(g.shapes))
		g.shapes[content] = id
	}
	r.shape = id
	g.renamed[k] = r
	return r
}

// digest is p's fingerprint digest, cached.
func (g *MemoGroup) digest(p *Policy) [sha256.Size]byte {
	g.mu.Lock()
	d, ok := g.digests[p]
	g.mu.Unlock()
	if ok {
		return d
	}
	d = sha256.Sum256([]byte(fingerprint(p)))
	g.mu.Lock()
	g.digests[p] = d
	g.mu.Unlock()
	return d
}

// NewMemo returns an empty memo with a group of its own.
func NewMemo() *Memo { return NewMemoIn(nil) }

// NewMemoIn returns an empty memo in group g (nil: a group of its own).
func NewMemoIn(g *MemoGroup) *Memo {
	if g == nil {
		g = NewMemoGroup()
	}
	return &Memo{entries: map[memoKey]any{}, group: g}
}

// MemoStats counts policy analyses: Computed ran the analysis (a memo miss,
// or a policy the memo would not key), Served answered it from the memo.
// It is safe for concurrent use. A memo that works keeps Computed near the
// number of distinct policy shapes however many resources share them; the
// counts make that testable without timing anything.
type MemoStats struct {
	computed, served atomic.Int64
}

// Computed is how many analyses ran.
func (s *MemoStats) Computed() int64 { return s.computed.Load() }

// Served is how many analyses were answered from a memo.
func (s *MemoStats) Served() int64 { return s.served.Load() }

func (m *Memo) count(hit bool) {
	if hit {
		m.stats.served.Add(1)
		m.group.stats.served.Add(1)
	} else {
		m.stats.computed.Add(1)
		m.group.stats.computed.Add(1)
	}
}

// Hits is how many analyses were answered from the memo.
func (m *Memo) Hits() int {
	if m == nil {
		return 0
	}
	return int(m.stats.Served())
}

// Stats are this memo's own counts (not those of its group).
func (m *Memo) Stats() *MemoStats {
	if m == nil {
		return &MemoStats{}
	}
	return &m.stats
}

// AnalyzeExposure is AnalyzeExposure, memoised. A nil Memo analyses
// directly.
func (m *Memo) AnalyzeExposure(p *Policy, resourceARN, ownerAccount string) Exposure {
	return memoised(m, "exposure\x00"+ownerAccount, p, resourceARN, func(q *Policy, arn string) Exposure {
		return AnalyzeExposure(q, arn, ownerAccount)
	})
}

// AnalyzeExposureOf is AnalyzeExposureOf, memoised.
func (m *Memo) AnalyzeExposureOf(p *Policy, resourceARN, ownerAccount string, actions []string) Exposure {
	kind := "exposure-of\x00" + ownerAccount + "\x00" + strings.Join(actions, "\x01")
	return memoised(m, kind, p, resourceARN, func(q *Policy, arn string) Exposure {
		return AnalyzeExposureOf(q, arn, ownerAccount, actions)
	})
}

// DeniesInsecureTransport is DeniesInsecureTransport, memoised.
func (m *Memo) DeniesInsecureTransport(p *Policy, bucketARN string) Verdict {
	return memoised(m, "tls", p, bucketARN, DeniesInsecureTransport)
}

// DeniesUnencryptedPut is DeniesUnencryptedPut, memoised.
func (m *Memo) DeniesUnencryptedPut(p *Policy, bucketARN string) Verdict {
	return memoised(m, "ssekms", p, bucketARN, DeniesUnencryptedPut)
}

// Bool is a yes/no analysis of a resource policy, memoised like the ones
// above. kind names the analysis (one kind per function). analyse must
// refer to the resource only through the ARN it is given, alone or followed
// by "/" and text that is the same for every resource: that is what the
// renaming preserves.
func (m *Memo) Bool(kind string, p *Policy, arn string, analyse func(*Policy, string) bool) bool {
	return memoised(m, "bool\x00"+kind, p, arn, analyse)
}

// memoCanonicalName replaces the resource's name. It must be a name no real
// policy mentions; renaming checks that it does not.
const memoCanonicalName = "onus-memo-canonical-resource-name"

// memoResult is what the memo can rename back.
type memoResult interface{ Exposure | Verdict | bool }

// memoised answers analyse(p, arn) from the memo, or runs it (directly,
// on the policy as written, when there is no memo or no policy).
func memoised[T memoResult](m *Memo, kind string, p *Policy, arn string, analyse func(*Policy, string) T) T {
	if m == nil {
		return analyse(p, arn)
	}
	if p == nil {
		m.count(false)
		return analyse(p, arn)
	}
	rn := m.group.rename(p, arn)
	q, canon := rn.q, rn.canon
	key := memoKey{kind: kind, shape: rn.shape}
	r, hit := m.entries[key].(T)
	m.count(hit)
	if !hit {
		r = analyse(q, canon)
		m.entries[key] = r
	}
	back := func(s string) string { return strings.ReplaceAll(s, canon, arn) }
	switch v := any(r).(type) {
	case Exposure:
		return any(renameExposure(v, back)).(T)
	case Verdict:
		return any(renameVerdict(v, back)).(T)
	}
	return r
}

// renameResource returns p with the resource's ARN renamed to a canonical
// one, and that canonical ARN; ok is false when the renaming could change
// any evaluation (see Memo).
func renameResource(p *Policy, arn string) (q *Policy, canon string, ok bool) {
	parts, isARN := arnParts(arn)
	if !isARN {
		return nil, "", false
	}
	placeholders := len(Placeholders(p)) > 0
	res := parts[5]
	// A bucket's name is its whole resource part; elsewhere the name is
	// the last segment after the resource type ("function:NAME", "key/ID").
	name := res
	if parts[2] != "s3" {
		name = res[strings.LastIndexAny(res, ":/")+1:]
	}
	if len(name) < 3 || strings.ContainsRune(name, escByte) {
		return nil, "", false
	}
	// A name with pattern characters or an unresolved reference (a CFN
	// name built from the region, say) is still only a value in requests,
	// but renaming it inside the policy would turn a pattern or placeholder
	// into a literal: allowed only when the policy never mentions it.
	literalOnly := !hasWildcard(name) && !strings.Contains(name, "${")
	canon = arn[:len(arn)-len(name)] + memoCanonicalName
	lname := strings.ToLower(name)
	probes := []string{arn, arn + "/onus-probe-object", arn + "/onus-probe"}
	var changed []string
	safe := true
	rename := func(s string) string {
		if !safe {
			return s
		}
		ls := strings.ToLower(s)
		if strings.Contains(ls, memoCanonicalName) {
			safe = false
			return s
		}
		if !strings.Contains(ls, lname) {
			return s
		}
		r := replaceARN(s, arn, canon)
		if strings.Contains(strings.ToLower(r), lname) {
			// The name also occurs other than as the whole ARN: a prefix,
			// a principal, a condition value. Renaming could break a
			// relation the evaluator depends on.
			safe = false
			return s
		}
		changed = append(changed, s)
		return r
	}
	list := func(l []string) []string {
		if l == nil {
			return nil
		}
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = rename(s)
		}
		return out
	}
	principals := func(pr *Principals) *Principals {
		if pr == nil {
			return nil
		}
		return &Principals{All: pr.All, AWS: list(pr.AWS), Service: list(pr.Service), Federated: list(pr.Federated), CanonicalUser: list(pr.CanonicalUser)}
	}
	q = &Policy{Version: p.Version, ID: p.ID, Statements: make([]Statement, len(p.Statements))}
	for i, st := range p.Statements {
		n := st
		n.Principal, n.NotPrincipal = principals(st.Principal), principals(st.NotPrincipal)
		n.Action, n.NotAction = list(st.Action), list(st.NotAction)
		n.Resource, n.NotResource = list(st.Resource), list(st.NotResource)
		if st.Condition != nil {
			n.Condition = make(Conditions, len(st.Condition))
			for j, c := range st.Condition {
				nc := Condition{Operator: c.Operator, Entries: make([]ConditionEntry, len(c.Entries))}
				for k, e := range c.Entries {
					nc.Entries[k] = ConditionEntry{Key: e.Key, Values: list(e.Values)}
				}
				n.Condition[j] = nc
			}
		}
		q.Statements[i] = n
	}
	if !safe {
		return nil, "", false
	}
	if placeholders || (!literalOnly && len(changed) > 0) {
		// A name holding placeholders (a CloudFormation bucket named
		// "${Project}-logs-${AWS::Region}": the usual template shape) may
		// be renamed where the policy names the resource by its whole ARN
		// in Resource lists only, and no placeholder is left: the
		// evaluator matches such a pattern against the same text as one
		// literal (placeholderMatch decides it, the common head being the
		// ARN itself), which is what the renamed literal gives. A '?'
		// (left undecided there) or any other mention is refused.
		if !placeholderNameOnly(p, q, name) {
			return nil, "", false
		}
	}
	// Every string the renaming touched, and the probes the analyses build
	// from the ARN, must match every wildcard pattern of the policy the
	// same way before and after.
	targets := append(changed, probes...)
	for i := range p.Statements {
		o, n := &p.Statements[i], &q.Statements[i]
		pairs := [][2][]string{{o.Resource, n.Resource}, {o.NotResource, n.NotResource}}
		if o.Principal != nil {
			pairs = append(pairs, [2][]string{o.Principal.AWS, n.Principal.AWS})
		}
		if o.NotPrincipal != nil {
			pairs = append(pairs, [2][]string{o.NotPrincipal.AWS, n.NotPrincipal.AWS})
		}
		for j, c := range o.Condition {
			for k, e := range c.Entries {
				pairs = append(pairs, [2][]string{e.Values, n.Condition[j].Entries[k].Values})
			}
		}
		for _, pr := range pairs {
			for k, w := range pr[0] {
				if !hasWildcard(w) {
					continue
				}
				for _, t := range targets {
					if !sameMatch(w, pr[1][k], t, replaceARN(t, arn, canon)) {
						return nil, "", false
					}
				}
			}
		}
	}
	return q, canon, true
}

// placeholderNameOnly reports whether renaming p to q changed Resource
// lists only, through a name with placeholders and patterns without '?',
// and left q without placeholders.
func placeholderNameOnly(p, q *Policy, name string) bool {
	if !strings.Contains(name, "${") || hasWildcard(name) || len(Placeholders(q)) > 0 {
		return false
	}
	for i := range p.Statements {
		o, n := &p.Statements[i], &q.Statements[i]
		for k, r := range o.Resource {
			if r != n.Resource[k] && strings.ContainsRune(r, '?') {
				return false
			}
		}
		if !slices.Equal(o.NotResource, n.NotResource) || !slices.Equal(o.Action, n.Action) || !slices.Equal(o.NotAction, n.NotAction) ||
			!samePrincipals(o.Principal, n.Principal) || !samePrincipals(o.NotPrincipal, n.NotPrincipal) {
			return false
		}
		for j, c := range o.Condition {
			for k, e := range c.Entries {
				if !slices.Equal(e.Values, n.Condition[j].Entries[k].Values) {
					return false
				}
			}
		}
	}
	return true
}

func samePrincipals(a, b *Principals) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.AWS, b.AWS) && slices.Equal(a.Service, b.Service) &&
		slices.Equal(a.Federated, b.Federated) && slices.Equal(a.CanonicalUser, b.CanonicalUser)
}

// sameMatch reports whether pattern w matches t exactly as its renamed form
// w2 matches t2, under every matcher the evaluator uses.
func sameMatch(w, w2, t, t2 string) bool {
	return globMatch(w, t, false) == globMatch(w2, t2, false) &&
		globMatch(w, t, true) == globMatch(w2, t2, true) &&
		arnMatch(w, t) == arnMatch(w2, t2)
}

// replaceARN replaces arn in s where it is the whole ARN: followed by
// nothing or "/".
func replaceARN(s, arn, canon string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, arn)
		if i < 0 {
			break
		}
		end := i + len(arn)
		b.WriteString(s[:i])
		if end == len(s) || s[end] == '/' {
			b.WriteString(canon)
		} else {
			b.WriteString(arn)
		}
		s = s[end:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(s)
	return b.String()
}

// fingerprint encodes every element the evaluator reads, length-prefixed so
// that no two different policies share one.
func fingerprint(p *Policy) string {
	var b strings.Builder
	str := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	list := func(tag byte, l []string) {
		b.WriteByte(tag)
		if l == nil {
			b.WriteByte('-')
			return
		}
		b.WriteString(strconv.Itoa(len(l)))
		for _, s := range l {
			str(s)
		}
	}
	principals := func(tag byte, pr *Principals) {
		b.WriteByte(tag)
		if pr == nil {
			b.WriteByte('-')
			return
		}
		if pr.All {
			b.WriteByte('*')
		}
		list('a', pr.AWS)
		list('s', pr.Service)
		list('f', pr.Federated)
		list('c', pr.CanonicalUser)
	}
	str(p.Version)
	b.WriteString(strconv.Itoa(len(p.Statements)))
	for _, st := range p.Statements {
		// Sid is left out: the evaluator only quotes it in reasons, which
		// no memoised result carries.
		str(st.Path)
		str(st.Effect)
		principals('P', st.Principal)
		principals('N', st.NotPrincipal)
		list('A', st.Action)
		list('B', st.NotAction)
		list('R', st.Resource)
		list('S', st.NotResource)
		b.WriteByte('C')
		if st.Condition == nil {
			b.WriteByte('-')
		}
		b.WriteString(strconv.Itoa(len(st.Condition)))
		for _, c := range st.Condition {
			str(c.Operator)
			b.WriteString(strconv.Itoa(len(c.Entries)))
			for _, e := range c.Entries {
				str(e.Key)
				list('V', e.Values)
			}
		}
	}
	return b.String()
}

func renameStrings(l []string, f func(string) string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = f(s)
	}
	return out
}

func renameContext(c map[string][]string, f func(string) string) map[string][]string {
	if c == nil {
		return nil
	}
	out := make(map[string][]string, len(c))
	for k, v := range c {
		out[k] = renameStrings(v, f)
	}
	return out
}

func renameConditions(cs Conditions, f func(string) string) Conditions {
	if cs == nil {
		return nil
	}
	out := make(Conditions, len(cs))
	for i, c := range cs {
		n := Condition{Operator: c.Operator, Entries: make([]ConditionEntry, len(c.Entries))}
		for j, e := range c.Entries {
			n.Entries[j] = ConditionEntry{Key: e.Key, Values: renameStrings(e.Values, f)}
		}
		out[i] = n
	}
	return out
}

// renameExposure copies x with f applied to every string that can carry
// the resource's ARN; the memo's copy stays untouched.
func renameExposure(x Exposure, f func(string) string) Exposure {
	out := x
	if x.Grants != nil {
		out.Grants = make([]Grant, len(x.Grants))
		for i, g := range x.Grants {
			g.Principal = f(g.Principal)
			g.Actions = renameStrings(g.Actions, f)
			g.Resources = renameStrings(g.Resources, f)
			g.Statements = renameStrings(g.Statements, f)
			g.Conditions = renameConditions(g.Conditions, f)
			g.Witness = renameContext(g.Witness, f)
			out.Grants[i] = g
		}
	}
	return out
}

func renameVerdict(v Verdict, f func(string) string) Verdict {
	out := v
	out.Statements = renameStrings(v.Statements, f)
	if c := v.Counterexample; c != nil {
		out.Counterexample = &Request{Principal: f(c.Principal), Action: f(c.Action), Resource: f(c.Resource),
			ResourceAccount: f(c.ResourceAccount), Context: renameContext(c.Context, f)}
	}
	return out
}

// FullAdmin is FullAdmin, memoised by the policies' content: a template
// that gives a hundred roles the same policies is analysed once.
func (m *Memo) FullAdmin(policies ...*Policy) (AdminGrant, bool) {
	if m == nil {
		return FullAdmin(policies...)
	}
	type res struct {
		g  AdminGrant
		ok bool
	}
	key := memoKey{kind: "admin", policies: m.policiesKey(policies)}
	r, hit := m.entries[key].(res)
	m.count(hit)
	if !hit {
		r.g, r.ok = FullAdmin(policies...)
		m.entries[key] = r
	}
	g := r.g
	g.Statements = slicesClone(g.Statements)
	g.Conditions = renameConditions(g.Conditions, func(s string) string { return s })
	g.Excluded = slicesClone(g.Excluded)
	return g, r.ok
}

// PrivilegeEscalations is PrivilegeEscalations, memoised by the policies'
// content.
func (m *Memo) PrivilegeEscalations(policies ...*Policy) ([]Escalation, bool) {
	if m == nil {
		return PrivilegeEscalations(policies...)
	}
	type res struct {
		es       []Escalation
		complete bool
	}
	key := memoKey{kind: "escalation", policies: m.policiesKey(policies)}
	r, hit := m.entries[key].(res)
	m.count(hit)
	if !hit {
		r.es, r.complete = PrivilegeEscalations(policies...)
		m.entries[key] = r
	}
	var out []Escalation
	for _, e := range r.es {
		e.Actions, e.Statements, e.Resources = slicesClone(e.Actions), slicesClone(e.Statements), slicesClone(e.Resources)
		out = append(out, e)
	}
	return out, r.complete
}

// policiesKey identifies a list of policies by content, in order: the
// digests of their fingerprints, a fixed-size record each (a nil policy is
// a record of zeros, which no digest is in practice).
func (m *Memo) policiesKey(policies []*Policy) string {
	b := make([]byte, 0, len(policies)*sha256.Size)
	for _, p := range policies {
		if p == nil {
			b = append(b, make([]byte, sha256.Size)...)
			continue
		}
		d := m.group.digest(p)
		b = append(b, d[:]...)
	}
	return string(b)
}

func slicesClone(l []string) []string { return renameStrings(l, func(s string) string { return s }) }

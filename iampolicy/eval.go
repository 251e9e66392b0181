package iampolicy

import (
	"fmt"
	"strconv"
	"strings"
)

// Outcome is the final decision for a request.
type Outcome string

const (
	Allow        Outcome = "Allow"
	ExplicitDeny Outcome = "ExplicitDeny"
	ImplicitDeny Outcome = "ImplicitDeny"
)

// Request is one API request to decide. Principal is the caller's ARN (an
// IAM user, role, assumed-role session, federated user or account root), a
// service principal or identity provider name, or "" / "*" for an anonymous
// caller. ResourceAccount is the account owning the resource; when empty it
// is taken from the resource ARN, and when that has none (S3) the resource
// is assumed to be in the caller's account. Context holds condition keys
// (matched case-insensitively); a key with a nil or empty slice is an empty
// set. aws:PrincipalArn, aws:PrincipalAccount, aws:username, aws:userid,
// aws:PrincipalIsAWSService and aws:ResourceAccount are derived from the
// request when Context does not set them.
type Request struct {
	Principal       string
	Action          string
	Resource        string
	ResourceAccount string
	Context         map[string][]string
}

// PolicySet is every policy that applies to one request. Nil/empty slots are
// absent. SCPs and RCPs hold one list per organization level, root first;
// every level must allow.
type PolicySet struct {
	Identity            []*Policy
	Resource            *Policy // resource-based policy; a role's trust policy; a KMS key policy
	PermissionsBoundary *Policy
	Session             *Policy
	SCPs                [][]*Policy
	RCPs                [][]*Policy
}

// Reason is one piece of the explanation of a decision: a statement that
// matched (Statement set) or a rule that decided (Statement empty).
type Reason struct {
	Policy    string `json:"policy"` // e.g. "identity_policies[1]", "resource_policy", "scps[0][2]"
	Statement string `json:"statement,omitempty"`
	Sid       string `json:"sid,omitempty"`
	Effect    string `json:"effect,omitempty"`
	Detail    string `json:"detail"`
}

// Decision is the result of Evaluate.
type Decision struct {
	Outcome Outcome  `json:"decision"`
	Reasons []Reason `json:"reasons"`
}

func (r Reason) String() string {
	s := r.Policy
	if r.Statement != "" {
		s += " " + r.Statement
		if r.Sid != "" {
			s += " (" + r.Sid + ")"
		}
	}
	return s + ": " + r.Detail
}

// reqContext is the request context. Requests carry a handful of keys, so
// a slice searched case-insensitively beats building a map per request.
type reqContext struct {
	entries []ctxEntry
}

type ctxEntry struct {
	key  string
	vals []string
	one  [1]string // backing store for derived single values
}

func (rc *reqContext) get(key string) ([]string, bool) {
	for i := range rc.entries {
		if asciiEqualFold(rc.entries[i].key, key) {
			return rc.entries[i].vals, true
		}
	}
	return nil, false
}

// asciiEqualFold compares condition key names case-insensitively in ASCII
// only: Unicode folding would let "ſ" stand for "s", which AWS does not do.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if !eqByte(a[i], b[i], true) {
			return false
		}
	}
	return true
}

func (rc *reqContext) single(key string) (string, bool) {
	v, ok := rc.get(key)
	if !ok || len(v) != 1 {
		return "", false
	}
	return v[0], true
}

// slot names the kind of policy a statement is evaluated in.
type slot uint8

const (
	slotIdentity slot = iota
	slotResource
	slotBoundary
	slotSession
	slotSCP
	slotRCP
)

type evaluator struct {
	req         Request
	resParts    [6]string
	resIsARN    bool
	c           caller
	rc          reqContext
	hasBoundary bool
	action      string
	// skipConditions makes statementMatches ignore Condition blocks.
	skipConditions bool
	mode           phMode
}

// Evaluate decides a request by AWS's documented policy evaluation logic:
//  1. an explicit Deny in any applicable policy wins;
//  2. every RCP level (resource side) and SCP level (principal side) must allow;
//  3. a resource-based policy Allow that names the caller, a session or
//     everyone grants on its own within the account; naming the caller's role
//     still needs the permissions boundary and session policy to allow; naming
//     the account delegates to identity policies;
//  4. otherwise identity policies must allow, within the permissions boundary
//     and the session policy;
//  5. cross-account requests need both the resource policy and the caller's
//     side; role trust policies (sts:AssumeRole*) and KMS key policies must
//     always allow, identity policies alone grant nothing on them.
func Evaluate(req Request, set PolicySet) Decision {
	return evaluate(req, set, phAWS)
}

// phMode says how statements with reader placeholders (hasPlaceholder) are
// evaluated.
type phMode uint8

const (
	// phAWS: as AWS would treat an unknown variable, the element does not
	// match (Evaluate and simulate).
	phAWS phMode = iota
	// phMaxAccess: placeholders make Allow statements apply and Deny
	// statements not apply: the most access the policy could grant.
	phMaxAccess
	// phMinAccess: the reverse, the least access.
	phMinAccess
	// phAlways: placeholders make every statement apply (used to find the
	// statements relevant to a probe).
	phAlways
)

// placeholderApplies reports whether, in the current mode, a placeholder
// should make a statement with the given effect apply.
func (e *evaluator) placeholderApplies(effect string) (apply, known bool) {
	switch e.mode {
	case phMaxAccess:
		return effect == EffectAllow, true
	case phMinAccess:
		return effect == EffectDeny, true
	case phAlways:
		return true, true
	}
	return false, false
}

func evaluate(req Request, set PolicySet, mode phMode) Decision {
	return evaluateIn(nil, req, set, mode)
}

// scratch is memory one analysis reuses across its (hundreds of)
// sequential evaluations instead of allocating it per evaluation.
type scratch struct {
	entries []ctxEntry
}

// evaluateIn is evaluate with the request context built in sc (when not
// nil). Nothing evaluateIn returns refers to sc.
func evaluateIn(sc *scratch, req Request, set PolicySet, mode phMode) Decision {
	var e evaluator
	resAcct := e.init(req, set, sc)
	e.mode = mode

	iam := e.c.isIAM()
	identityApplies := iam && e.c.kind != pRoot
	sameAccount := iam && (resAcct == "" || resAcct == e.c.account)

	var d Decision
	// Phase 1: explicit deny anywhere. Allow reasons of every slot go into
	// one arena; each slot's are a contiguous sub-slice of it.
	var denies []Reason
	var idAllow, pbAllow, sessAllow []Reason
	var resAllow []Reason
	resGrant := gNone
	arena := make([]Reason, 0, 8)
	scan := func(p *Policy, s slot, level, idx int) {
		if p == nil {
			return
		}
		name := ""
		for i := range p.Statements {
			st := &p.Statements[i]
			ok, g := e.statementMatches(p, st, s)
			if !ok {
				continue
			}
			if name == "" {
				name = policyLabel(s, level, idx)
			}
			r := Reason{Policy: name, Statement: st.Path, Sid: st.Sid, Effect: st.Effect}
			if st.Effect == EffectDeny {
				r.Detail = "explicit deny"
				denies = append(denies, r)
				continue
			}
			if s == slotResource {
				r.Detail = g.allowsDetail()
				if g > resGrant {
					resGrant = g
				}
			} else {
				r.Detail = "allows"
			}
			arena = append(arena, r)
		}
	}
	since := func(start int) []Reason { return arena[start:len(arena):len(arena)] }
	if identityApplies {
		start := len(arena)
		for i, p := range set.Identity {
			scan(p, slotIdentity, 0, i)
		}
		idAllow = since(start)
		start = len(arena)
		scan(set.PermissionsBoundary, slotBoundary, 0, 0)
		pbAllow = since(start)
		start = len(arena)
		scan(set.Session, slotSession, 0, 0)
		sessAllow = since(start)
	}
	start := len(arena)
	scan(set.Resource, slotResource, 0, 0)
	resAllow = since(start)
	// Organization levels keep their allow reasons as spans of the arena
	// rather than sub-slices, so the arena does not escape: evaluate runs
	// hundreds of times per bucket policy analysis.
	var scpAllow, rcpAllow []span
	if iam && len(set.SCPs) > 0 {
		scpAllow = make([]span, 0, len(set.SCPs))
		for l, level := range set.SCPs {
			start := len(arena)
			for i, p := range level {
				scan(p, slotSCP, l, i)
			}
			scpAllow = append(scpAllow, span{start, len(arena)})
		}
	}
	if len(set.RCPs) > 0 {
		rcpAllow = make([]span, 0, len(set.RCPs))
		for l, level := range set.RCPs {
			start := len(arena)
			for i, p := range level {
				scan(p, slotRCP, l, i)
			}
			rcpAllow = append(rcpAllow, span{start, len(arena)})
		}
	}
	if len(denies) > 0 {
		return Decision{Outcome: ExplicitDeny, Reasons: denies}
	}
	d.Reasons = make([]Reason, 0, len(arena)+1)

	// Phase 2: organization guardrails.
	for l, sp := range rcpAllow {
		a := arena[sp.from:sp.to]
		if len(a) == 0 {
			return implicit(fmt.Sprintf("rcps[%d]", l), "no resource control policy at this organization level allows the request")
		}
		d.Reasons = append(d.Reasons, a...)
	}
	for l, sp := range scpAllow {
		a := arena[sp.from:sp.to]
		if len(a) == 0 {
			return implicit(fmt.Sprintf("scps[%d]", l), "no service control policy at this organization level allows the request")
		}
		d.Reasons = append(d.Reasons, a...)
	}

	// Phase 3: resource policy and the caller's side.
	mustResource := ""
	switch {
	case e.isAssumeRole():
		mustResource = "the role's trust policy"
	case e.isKMSKey():
		mustResource = "the KMS key policy"
	}
	pbOK := set.PermissionsBoundary == nil || len(pbAllow) > 0
	sessOK := set.Session == nil || len(sessAllow) > 0
	var idOK bool
	if e.c.kind == pRoot {
		idOK = true // the root user has full access within its account
	} else {
		idOK = identityApplies && len(idAllow) > 0 && pbOK && sessOK
	}
	callerSide := func() []Reason {
		var r []Reason
		if e.c.kind == pRoot {
			return []Reason{{Policy: "principal", Detail: "the account root user is allowed by its account"}}
		}
		r = append(r, idAllow...)
		r = append(r, pbAllow...)
		r = append(r, sessAllow...)
		return r
	}
	callerSideFailure := func() Decision {
		switch {
		case !identityApplies && e.c.kind != pRoot:
			return implicit("principal", "the caller has no identity-based policies and no resource-based policy allows it")
		case len(idAllow) == 0:
			return implicit("identity_policies", "no identity-based policy allows the request")
		case !pbOK:
			return implicit("permissions_boundary", "the permissions boundary does not allow the request")
		default:
			return implicit("session_policy", "the session policy does not allow the request")
		}
	}

	if mustResource != "" && len(resAllow) == 0 {
		return implicit("resource_policy", mustResource+" does not allow the caller; identity-based policies alone grant nothing here")
	}

	if !sameAccount {
		// Cross-account (or anonymous / service) request: the resource
		// policy must allow, and an IAM caller's own account must too.
		if len(resAllow) == 0 {
			if iam {
				return implicit("resource_policy", "cross-account request: the resource-based policy does not allow the caller")
			}
			return implicit("resource_policy", "no resource-based policy allows this caller")
		}
		if !iam {
			d.Outcome = Allow
			d.Reasons = append(d.Reasons, resAllow...)
			return d
		}
		if !idOK {
			r := callerSideFailure()
			r.Reasons[0].Detail = "cross-account request: " + r.Reasons[0].Detail
			return r
		}
		d.Outcome = Allow
		d.Reasons = append(d.Reasons, resAllow...)
		d.Reasons = append(d.Reasons, callerSide()...)
		return d
	}

	// Same account.
	switch resGrant {
	case gDirect, gWildcard:
		d.Outcome = Allow
		d.Reasons = append(d.Reasons, resAllow...)
		return d
	case gRole:
		if pbOK && sessOK {
			d.Outcome = Allow
			d.Reasons = append(d.Reasons, resAllow...)
			d.Reasons = append(d.Reasons, pbAllow...)
			d.Reasons = append(d.Reasons, sessAllow...)
			return d
		}
		if !idOK {
			return callerSideFailure()
		}
	}
	if idOK {
		d.Outcome = Allow
		d.Reasons = append(d.Reasons, resAllow...)
		d.Reasons = append(d.Reasons, callerSide()...)
		return d
	}
	return callerSideFailure()
}

// init prepares the evaluator for one request and returns the resource's
// account ("" when unknown).
func (e *evaluator) init(req Request, set PolicySet, sc *scratch) string {
	*e = evaluator{req: req, c: parseCaller(req.Principal), hasBoundary: set.PermissionsBoundary != nil, action: req.Action}
	n := len(req.Context) + 6 // derive adds at most 6 keys
	switch {
	case sc != nil && cap(sc.entries) >= n:
		e.rc.entries = sc.entries[:0]
	case sc != nil:
		sc.entries = make([]ctxEntry, 0, n)
		e.rc.entries = sc.entries
	default:
		e.rc.entries = make([]ctxEntry, 0, n)
	}
	for k, v := range req.Context {
		e.rc.entries = append(e.rc.entries, ctxEntry{key: k, vals: v})
	}
	e.resParts, e.resIsARN = arnParts(req.Resource)
	resAcct := e.resourceAccount()
	e.derive(resAcct)
	return resAcct
}

// relevantPolicies returns, for each policy of the set, the statements that
// apply to the request apart from their conditions: the only statements
// whose condition keys can change the decision.
func relevantPolicies(req Request, set PolicySet) []*Policy {
	var e evaluator
	e.init(req, set, nil)
	e.skipConditions = true
	e.mode = phAlways
	var out []*Policy
	add := func(p *Policy, s slot) {
		if p == nil {
			return
		}
		q := &Policy{Version: p.Version, ID: p.ID}
		for i := range p.Statements {
			if ok, _ := e.statementMatches(p, &p.Statements[i], s); ok {
				q.Statements = append(q.Statements, p.Statements[i])
			}
		}
		if len(q.Statements) > 0 {
			out = append(out, q)
		}
	}
	for _, p := range set.Identity {
		add(p, slotIdentity)
	}
	add(set.Resource, slotResource)
	add(set.PermissionsBoundary, slotBoundary)
	add(set.Session, slotSession)
	for _, l := range set.SCPs {
		for _, p := range l {
			add(p, slotSCP)
		}
	}
	for _, l := range set.RCPs {
		for _, p := range l {
			add(p, slotRCP)
		}
	}
	return out
}

// span is a range of evaluate's reason arena.
type span struct{ from, to int }

func implicit(policy, detail string) Decision {
	return Decision{Outcome: ImplicitDeny, Reasons: []Reason{{Policy: policy, Detail: detail}}}
}

func (e *evaluator) resourceAccount() string {
	if e.req.ResourceAccount != "" {
		return e.req.ResourceAccount
	}
	if p, ok := arnParts(e.req.Resource); ok && p[0] == "arn" {
		return p[4]
	}
	return ""
}

// derive fills the global condition keys AWS sets from the request itself,
// unless the caller's context sets them.
func (e *evaluator) derive(resAcct string) {
	set := func(k, v string) {
		if _, ok := e.rc.get(k); !ok {
			e.rc.entries = append(e.rc.entries, ctxEntry{key: k})
			last := &e.rc.entries[len(e.rc.entries)-1]
			last.one[0] = v
			last.vals = last.one[:]
		}
	}
	c := &e.c
	switch c.kind {
	case pAnonymous:
	case pNamed:
		isService := "false"
		if strings.HasSuffix(c.raw, ".amazonaws.com") || strings.HasSuffix(c.raw, ".amazonaws.com.cn") {
			isService = "true"
		}
		set("aws:principalisawsservice", isService)
	default:
		set("aws:principalisawsservice", "false")
		if c.account != "" {
			set("aws:principalaccount", c.account)
		}
		switch c.kind {
		case pAssumedRole:
			set("aws:principalarn", c.chain[1])
		case pRoot:
			set("aws:principalarn", c.chain[0])
		default:
			set("aws:principalarn", c.raw)
		}
		if c.kind == pUser {
			res := c.raw[strings.LastIndexByte(c.raw, ':')+1:]
			set("aws:username", res[strings.LastIndexByte(res, '/')+1:])
		}
	}
	if resAcct != "" {
		set("aws:resourceaccount", resAcct)
	}
}

// isAssumeRole reports whether the request is governed by a role's trust
// policy: sts:AssumeRole* on a role, and the session tagging and source
// identity actions AWS also authorizes in the trust policy.
func (e *evaluator) isAssumeRole() bool {
	a := strings.ToLower(e.action)
	if !strings.HasPrefix(a, "sts:assumerole") && a != "sts:tagsession" && a != "sts:setsourceidentity" {
		return false
	}
	p, ok := arnParts(e.req.Resource)
	return ok && p[2] == "iam" && strings.HasPrefix(p[5], "role/")
}

func (e *evaluator) isKMSKey() bool {
	if len(e.action) < 4 || !strings.EqualFold(e.action[:4], "kms:") {
		return false
	}
	p, ok := arnParts(e.req.Resource)
	return ok && p[2] == "kms" && strings.HasPrefix(p[5], "key/")
}

func (e *evaluator) vars(p *Policy) variables {
	return variables{enabled: p.Version == Version2012, rc: &e.rc}
}

// statementMatches reports whether a statement applies to the request and,
// for resource policies, how its principal names the caller.
func (e *evaluator) statementMatches(p *Policy, st *Statement, s slot) (bool, grant) {
	apply, phKnown := e.placeholderApplies(st.Effect)
	if st.Action != nil {
		if !anyAction(st.Action, e.action) && !(phKnown && apply && anyHasPlaceholder(st.Action)) {
			return false, gNone
		}
	} else if anyAction(st.NotAction, e.action) || (phKnown && !apply && anyHasPlaceholder(st.NotAction)) {
		return false, gNone
	}
	vars := e.vars(p)
	if st.Resource != nil || st.NotResource != nil {
		list, neg := st.Resource, false
		if list == nil {
			list, neg = st.NotResource, true
		}
		var m bool
		switch e.anyResource(list, vars) {
		case resYes:
			m = true
		case resNo:
		case resUnknown:
			if !phKnown {
				return false, gNone
			}
			// An embedded placeholder stands for an unknown part of the
			// ARN: it matches when the mode wants the statement to apply
			// (for Resource), or does not match (for NotResource).
			m = apply != neg
		default:
			return false, gNone
		}
		if m == neg {
			return false, gNone
		}
	}
	g := gWildcard
	switch s {
	case slotResource, slotRCP:
		switch {
		case st.Principal != nil:
			g = e.c.matchPrincipal(st.Principal)
			if g == gNone {
				return false, gNone
			}
		case st.NotPrincipal != nil:
			// A permissions boundary on the caller makes a Deny with
			// NotPrincipal apply whatever NotPrincipal lists (documented).
			boundaryOverride := st.Effect == EffectDeny && e.hasBoundary && s == slotResource && e.c.isIAM()
			if !boundaryOverride && e.c.excludedBy(st.NotPrincipal) {
				return false, gNone
			}
		default:
			if s == slotResource {
				return false, gNone // resource policies must name a principal
			}
		}
	}
	if e.skipConditions {
		return true, g
	}
	for _, c := range st.Condition {
		op, err := parseOperator(c.Operator)
		if err != nil {
			return false, gNone // unreachable for parsed policies
		}
		for _, ent := range c.Entries {
			switch evalEntry(op, ent.Key, ent.Values, &e.rc, vars) {
			case condTrue:
			case condPlaceholder:
				if !phKnown || !apply {
					return false, gNone
				}
			default:
				return false, gNone
			}
		}
	}
	return true, g
}

func anyAction(patterns []string, action string) bool {
	for _, p := range patterns {
		if globMatch(p, action, true) {
			return true
		}
	}
	return false
}

// anyResource matches the request resource against a Resource or
// NotResource list; a policy variable without a value makes the statement
// not match at all, for Resource and NotResource alike.
func (e *evaluator) anyResource(patterns []string, vars variables) resMatch {
	unknown := false
	for _, raw := range patterns {
		if strings.Contains(raw, "${") && hasPlaceholder(raw) {
			if raw == e.req.Resource {
				return resYes // the probe is the placeholder itself
			}
			if m, decided := e.placeholderMatch(raw); decided {
				if m {
					return resYes
				}
				continue
			}
			if toks := placeholderTokens(raw); strings.HasPrefix(raw, toks[0]) {
				// A reference to one concrete resource (or its
				// sub-resources) that the request does not name.
				continue
			}
			unknown = true
			continue
		}
		p, resolved := vars.resolve(raw, true)
		if !resolved {
			return resUnresolved
		}
		if e.resourceMatch(p) {
			return resYes
		}
	}
	if unknown {
		return resUnknown
	}
	return resNo
}

// placeholderMatch decides whether pattern, whose placeholders all appear
// in the request resource too, matches it. One placeholder stands for one
// concrete string, so each is read as the same literal on both sides: a
// match of the texts is a match whatever the value. A mismatch is decided
// only when both start with the same text through the pattern's last
// placeholder (and that text holds the ARN's service, region and account,
// and no wildcard): the rest is then plain text on both sides. Otherwise
// (or with a '?', which could consume part of a placeholder's unknown
// length) decided is false and the caller's other rules apply.
func (e *evaluator) placeholderMatch(pattern string) (match, decided bool) {
	if strings.IndexByte(pattern, '?') >= 0 {
		return false, false
	}
	toks := placeholderTokens(pattern)
	if len(toks) == 0 {
		return false, false
	}
	res := e.req.Resource
	for _, tok := range toks {
		if !strings.Contains(res, tok) {
			return false, false
		}
	}
	// One marker per placeholder, replaced one after the other: a
	// placeholder holds no \x01 and none contains another, so this is
	// the simultaneous replacement (a strings.Replacer built per call
	// cost milliseconds in this hot path).
	for i, tok := range toks {
		mark := "\x01" + strconv.Itoa(i) + "\x01"
		pattern, res = strings.ReplaceAll(pattern, tok, mark), strings.ReplaceAll(res, tok, mark)
	}
	if strings.Contains(pattern, "${") || strings.Contains(res, "${") {
		return false, false // another variable or placeholder
	}
	if matchARNOrText(pattern, res) {
		return true, true
	}
	head := pattern[:strings.LastIndexByte(pattern, '\x01')+1]
	if strings.HasPrefix(pattern, "arn:") && strings.Count(head, ":") >= 5 &&
		!hasWildcard(head) && strings.HasPrefix(res, head) {
		return false, true
	}
	return false, false
}

// matchARNOrText matches a resource pattern against a resource as
// resourceMatch does (ARN part by part, or as plain text).
func matchARNOrText(pattern, res string) bool {
	pp, okP := arnParts(pattern)
	rp, okR := arnParts(res)
	if !okP || !okR {
		return !okP && !okR && globMatch(pattern, res, false)
	}
	for i := range pp {
		if !globMatch(pp[i], rp[i], false) {
			return false
		}
	}
	return true
}

// resMatch is the result of matching a Resource or NotResource list.
type resMatch uint8

const (
	resNo         resMatch = iota
	resYes                 // an entry matches
	resUnknown             // no entry matches, but one has an embedded placeholder
	resUnresolved          // a policy variable has no value: the statement does not match
)

// resourceMatch is arnMatch against the request resource, split once.
func (e *evaluator) resourceMatch(pattern string) bool {
	if pattern == "*" {
		return true
	}
	pp, ok := arnParts(pattern)
	if !ok {
		return globMatch(pattern, e.req.Resource, false)
	}
	if !e.resIsARN {
		return false
	}
	for i := range pp {
		if !globMatch(pp[i], e.resParts[i], false) {
			return false
		}
	}
	return true
}

// policyLabel names a policy slot as the simulate input does.
func policyLabel(s slot, level, i int) string {
	switch {
	case s == slotIdentity && i < len(identityLabels):
		return identityLabels[i]
	case s == slotSCP && level < 5 && i < 5:
		return scpLabels[level][i]
	case s == slotRCP && level < 5 && i < 5:
		return rcpLabels[level][i]
	}
	switch s {
	case slotIdentity:
		return "identity_policies[" + strconv.Itoa(i) + "]"
	case slotSCP:
		return "scps[" + strconv.Itoa(level) + "][" + strconv.Itoa(i) + "]"
	case slotRCP:
		return "rcps[" + strconv.Itoa(level) + "][" + strconv.Itoa(i) + "]"
	case slotResource:
		return "resource_policy"
	case slotBoundary:
		return "permissions_boundary"
	case slotSession:
		return "session_policy"
	}
	return "policy"
}

// Labels of the first few policies in each slot, so naming a matching
// statement's policy does not allocate on the hot path.
var (
	identityLabels = [10]string{"identity_policies[0]", "identity_policies[1]", "identity_policies[2]", "identity_policies[3]", "identity_policies[4]", "identity_policies[5]", "identity_policies[6]", "identity_policies[7]", "identity_policies[8]", "identity_policies[9]"}
	scpLabels      = [5][5]string{{"scps[0][0]", "scps[0][1]", "scps[0][2]", "scps[0][3]", "scps[0][4]"}, {"scps[1][0]", "scps[1][1]", "scps[1][2]", "scps[1][3]", "scps[1][4]"}, {"scps[2][0]", "scps[2][1]", "scps[2][2]", "scps[2][3]", "scps[2][4]"}, {"scps[3][0]", "scps[3][1]", "scps[3][2]", "scps[3][3]", "scps[3][4]"}, {"scps[4][0]", "scps[4][1]", "scps[4][2]", "scps[4][3]", "scps[4][4]"}}
	rcpLabels      = [5][5]string{{"rcps[0][0]", "rcps[0][1]", "rcps[0][2]", "rcps[0][3]", "rcps[0][4]"}, {"rcps[1][0]", "rcps[1][1]", "rcps[1][2]", "rcps[1][3]", "rcps[1][4]"}, {"rcps[2][0]", "rcps[2][1]", "rcps[2][2]", "rcps[2][3]", "rcps[2][4]"}, {"rcps[3][0]", "rcps[3][1]", "rcps[3][2]", "rcps[3][3]", "rcps[3][4]"}, {"rcps[4][0]", "rcps[4][1]", "rcps[4][2]", "rcps[4][3]", "rcps[4][4]"}}
)

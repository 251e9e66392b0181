package iampolicy

import (
	"sort"
	"strconv"
	"strings"
)

// ---------------------------------------------------------------------------
// Public and cross-account exposure of a resource policy.

// Scope classifies a principal that a resource policy lets in.
type Scope string

const (
	// ScopePublic: anyone, anonymous callers or any AWS account.
	ScopePublic Scope = "public"
	// ScopeCrossAccount: a named principal in another account.
	ScopeCrossAccount Scope = "cross-account"
	// ScopeUnknownAccount: a named principal, but the owning account is
	// unknown so it cannot be told whether it is outside.
	ScopeUnknownAccount Scope = "unknown-account"
	// ScopeService: an AWS service principal usable on behalf of any
	// account (no aws:SourceAccount / aws:SourceArn / aws:SourceOwner
	// restriction: a confused-deputy risk).
	ScopeService Scope = "service-any-account"
	// ScopeFederated: an identity provider named in the policy.
	ScopeFederated Scope = "federated"
)

// Grant is one principal outside the account and what it may do.
type Grant struct {
	Principal  string   `json:"principal"` // "*" for anyone, else as written in the policy
	Scope      Scope    `json:"scope"`
	Actions    []string `json:"actions"`   // probe actions that were allowed
	Resources  []string `json:"resources"` // probe resources they were allowed on
	Statements []string `json:"statements"`
	// Conditions are the conditions of the allowing statements: the
	// "under which conditions" of the grant (empty: unconditional).
	Conditions Conditions `json:"conditions,omitempty"`
	// Witness is one request context that was allowed.
	Witness map[string][]string `json:"witness,omitempty"`
	// Uncertain is set when the grant exists only if placeholders in the
	// policy (values unknown before apply, see Placeholders) stand for
	// what would allow it; Public and CrossAccount ignore such grants and
	// Exposure.Incomplete is set instead.
	Uncertain bool `json:"uncertain,omitempty"`
}

// Exposure is the result of AnalyzeExposure.
type Exposure struct {
	Grants []Grant `json:"grants"`
	// Incomplete is set when a context search hit its bound: absence of a
	// grant is then not proof (callers should report UNKNOWN, not PASS).
	Incomplete bool `json:"incomplete,omitempty"`
	// Truncated is set when a search hit its bound (as opposed to grants
	// that hinge on values unknown before apply, which are marked
	// Uncertain): nothing about absent grants is proven then.
	Truncated bool `json:"truncated,omitempty"`
}

// PublicUndecided reports whether the analysis cannot tell if anyone is
// let in: a search hit its bound, or a grant to anyone exists under some
// reading of values onus cannot see. Uncertain grants to named accounts or
// services do not make publicness undecided: even the most generous
// reading of the unknowns lets in nobody but them.
func (x Exposure) PublicUndecided() bool {
	if x.Truncated {
		return true
	}
	for _, g := range x.Grants {
		if g.Uncertain && g.Scope == ScopePublic {
			return true
		}
	}
	return false
}

// Public reports whether anyone (anonymous, or any AWS account) is let in.
func (x Exposure) Public() bool { return x.has(ScopePublic) }

// CrossAccount reports whether a named principal of another account is let in.
func (x Exposure) CrossAccount() bool { return x.has(ScopeCrossAccount) }

func (x Exposure) has(s Scope) bool {
	for _, g := range x.Grants {
		if g.Scope == s && !g.Uncertain {
			return true
		}
	}
	return false
}

// exposureRestrictingKeys tie a request to the owner's network,
// organization, account or resources; an outsider cannot present the
// owner's values for them.
var exposureRestrictingKeys = map[string]bool{
	"aws:sourcevpce": true, "aws:sourcevpc": true, "aws:principalorgid": true, "aws:principalorgpaths": true,
	"aws:principalaccount": true, "aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceowner": true,
	"aws:sourceip": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "aws:principalarn": true,
	"aws:userid": true, "aws:username": true, "aws:vpcsourceip": true,
	"aws:principalservicename": true, "aws:principalservicenameslist": true,
	"kms:calleraccount": true, "s3:dataaccesspointaccount": true, "s3:dataaccesspointarn": true,
}

func freeClass(string) keyClass { return keyFree }

func exposureClass(k string) keyClass {
	if exposureRestrictingKeys[k] {
		return keyForeign
	}
	return keyFree
}

// AnalyzeExposure reports which principals outside ownerAccount a resource
// policy lets perform actions on resourceARN, and under which conditions.
// ownerAccount may be "" when unknown: named principals are then reported
// with ScopeUnknownAccount. It probes the evaluator with an anonymous caller,
// a caller from an unrelated account, and every principal named in an Allow
// statement, over representative actions of the resource's service plus the
// policy's own actions; conditions on aws:SourceVpce, aws:SourceVpc,
// aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount,
// aws:SourceArn, aws:SourceOwner or a non-world aws:SourceIp are given only
// values an outsider could present, so they make a grant not public.
func AnalyzeExposure(p *Policy, resourceARN, ownerAccount string) Exposure {
	return AnalyzeExposureOf(p, resourceARN, ownerAccount, nil)
}

// AnalyzeExposureOf is AnalyzeExposure limited to the given actions: only
// they are probed, so a grant of "s3:*" shows as the listed actions it
// covers. nil actions probe as AnalyzeExposure does.
func AnalyzeExposureOf(p *Policy, resourceARN, ownerAccount string, actions []string) Exposure {
	if p != nil {
		p = resolveSelf(p, resourceARN, func(k string) bool { return exposureRestrictingKeys[k] })
	}
	if len(Placeholders(p)) == 0 {
		x := analyzeExposure(p, resourceARN, ownerAccount, actions, phAWS)
		x.Truncated = x.Incomplete
		return x
	}
	// Placeholders stand for values onus cannot see: what is granted at
	// least (min) is certain, what only the most generous reading grants
	// (max) is uncertain.
	lo := analyzeExposure(p, resourceARN, ownerAccount, actions, phMinAccess)
	hi := analyzeExposure(p, resourceARN, ownerAccount, actions, phMaxAccess)
	x := lo
	x.Incomplete = lo.Incomplete || hi.Incomplete
	x.Truncated = x.Incomplete
	for _, g := range hi.Grants {
		var same *Grant
		for i := range lo.Grants {
			if lo.Grants[i].Principal == g.Principal && lo.Grants[i].Scope == g.Scope {
				same = &lo.Grants[i]
			}
		}
		if same == nil {
			g.Uncertain = true
			x.Grants = append(x.Grants, g)
			x.Incomplete = true
			continue
		}
		for _, a := range g.Actions {
			if !contains(same.Actions, a) {
				x.Incomplete = true
				if g.Scope == ScopePublic {
					// Anyone may do more under a generous reading: that
					// is an uncertain public grant of those actions.
					u := g
					u.Uncertain = true
					x.Grants = append(x.Grants, u)
				}
				break
			}
		}
	}
	return x
}

func analyzeExposure(p *Policy, resourceARN, ownerAccount string, actions []string, mode phMode) Exposure {
	sc := &scratch{} // reused by every evaluation of this analysis
	var x Exposure
	if p == nil {
		return x
	}
	if actions == nil {
		actions = probeActions(p, resourceARN)
	}
	resources := probeResources(p, resourceARN)
	foreign := probeForeignAccount
	if ownerAccount == foreign {
		foreign = "888888888888"
	}
	type probe struct {
		caller    string
		principal string
		scope     Scope
		identity  bool
	}
	probes := []probe{
		{caller: "", principal: "*", scope: ScopePublic},
		{caller: "arn:aws:iam::" + foreign + ":user/onus-probe", principal: "*", scope: ScopePublic, identity: true},
	}
	seen := map[string]bool{}
	for _, st := range p.Statements {
		if st.Effect != EffectAllow || st.Principal == nil {
			continue
		}
		for _, a := range st.Principal.AWS {
			if a == "*" || seen[a] {
				continue
			}
			seen[a] = true
			if hasPlaceholder(a) {
				// A reference to a principal onus cannot see: one concrete
				// identity, never anyone, but its account is unknown.
				probes = append(probes, probe{caller: a, principal: a, scope: ScopeUnknownAccount})
				continue
			}
			c := parseCaller(a)
			if c.account == "" {
				continue
			}
			switch {
			case ownerAccount == "":
				probes = append(probes, probe{caller: a, principal: a, scope: ScopeUnknownAccount, identity: true})
			case c.account != ownerAccount:
				probes = append(probes, probe{caller: a, principal: a, scope: ScopeCrossAccount, identity: true})
			}
		}
		for _, s := range st.Principal.Service {
			if !seen[s] {
				seen[s] = true
				probes = append(probes, probe{caller: s, principal: s, scope: ScopeService})
			}
		}
		for _, f := range st.Principal.Federated {
			if !seen[f] && !strings.Contains(f, ":saml-provider/") {
				seen[f] = true
				probes = append(probes, probe{caller: f, principal: f, scope: ScopeFederated})
			}
		}
	}
	allowAll := []*Policy{{Version: Version2012, Statements: []Statement{{Effect: EffectAllow, Action: []string{"*"}, Resource: []string{"*"}}}}}
	for _, pr := range probes {
		g := Grant{Principal: pr.principal, Scope: pr.scope}
		stmts := map[string]bool{}
		for _, a := range actions {
			for _, r := range resources {
				set := PolicySet{Resource: p}
				if pr.identity {
					set.Identity = allowAll
				}
				// An unknown owner is stood in for by an account none of the
				// probes is in, so every probe is decided as cross-account.
				req := Request{Principal: pr.caller, Action: a, Resource: r, ResourceAccount: ownerAccount}
				if ownerAccount == "" {
					req.ResourceAccount = standInOwner(pr.caller)
				}
				var dec Decision
				space := buildSpace(relevantPolicies(req, set), exposureClass)
				w, ok, complete := search(space, nil, func(ctx map[string][]string) bool {
					req.Context = ctx
					dec = evaluateIn(sc, req, set, mode)
					return dec.Outcome == Allow
				})
				if !complete {
					x.Incomplete = true
				}
				if !ok {
					continue
				}
				g.Actions = appendUnique(g.Actions, a)
				g.Resources = appendUnique(g.Resources, r)
				if g.Witness == nil && len(w) > 0 {
					g.Witness = w
				}
				for _, rs := range dec.Reasons {
					if rs.Policy == "resource_policy" && rs.Statement != "" {
						stmts[rs.Statement] = true
					}
				}
			}
		}
		if len(g.Actions) == 0 {
			continue
		}
		merged := false
		for i := range x.Grants {
			if x.Grants[i].Principal == g.Principal && x.Grants[i].Scope == g.Scope {
				prev := &x.Grants[i]
				for _, s := range prev.Statements {
					stmts[s] = true
				}
				for _, a := range g.Actions {
					prev.Actions = appendUnique(prev.Actions, a)
				}
				for _, r := range g.Resources {
					prev.Resources = appendUnique(prev.Resources, r)
				}
				prev.Statements, prev.Conditions = statementsAndConditions(p, stmts)
				merged = true
			}
		}
		if !merged {
			g.Statements, g.Conditions = statementsAndConditions(p, stmts)
			x.Grants = append(x.Grants, g)
		}
	}
	return x
}

func standInOwner(caller string) string {
	if c := parseCaller(caller); c.account == "111111111111" {
		return "222222222222"
	}
	return "111111111111"
}

func appendUnique(l []string, s string) []string {
	for _, e := range l {
		if e == s {
			return l
		}
	}
	return append(l, s)
}

func statementsAndConditions(p *Policy, paths map[string]bool) ([]string, Conditions) {
	var out []string
	var conds Conditions
	for _, st := range p.Statements {
		if paths[st.Path] {
			out = append(out, st.Path)
			conds = append(conds, st.Condition...)
		}
	}
	return out, conds
}

func serviceOf(resourceARN string) string {
	if p, ok := arnParts(resourceARN); ok {
		return p[2]
	}
	return ""
}

// probeActions lists concrete actions to try: the resource service's
// representative actions, every literal action of the policy and one
// concrete instance of each wildcard action.
func probeActions(p *Policy, resourceARN string) []string {
	var out []string
	svc := serviceOf(resourceARN)
	for _, a := range representativeActions[svc] {
		out = appendUnique(out, a)
	}
	notAction := false
	for _, st := range p.Statements {
		if st.Effect != EffectAllow {
			continue
		}
		if st.NotAction != nil {
			notAction = true
		}
		for _, a := range st.Action {
			if a == "*" || a == "*:*" {
				if svc == "" {
					out = appendUnique(out, "onusprobe:OnusProbeAction")
				}
				continue
			}
			out = appendUnique(out, concretize(a, "OnusProbe"))
		}
	}
	if notAction || len(out) == 0 {
		prefix := svc
		if prefix == "" {
			prefix = "onusprobe"
		}
		out = appendUnique(out, prefix+":OnusProbeAction")
	}
	return out
}

// probeResources lists concrete resources: the resource itself, an object
// of it when it is an S3 bucket, and a concrete instance of every Resource
// pattern of the policy inside it.
func probeResources(p *Policy, resourceARN string) []string {
	var out []string
	if resourceARN != "" {
		out = append(out, resourceARN)
		if parts, ok := arnParts(resourceARN); ok && parts[2] == "s3" && !strings.Contains(parts[5], "/") {
			out = append(out, resourceARN+"/onus-probe-object")
		}
	}
	for _, st := range p.Statements {
		for _, r := range st.Resource {
			// A pattern with placeholders is probed only inside the
			// resource, whose ARN then carries the same placeholders.
			if strings.Contains(r, "${") && (resourceARN == "" || (r != resourceARN && !strings.HasPrefix(r, resourceARN+"/"))) {
				continue
			}
			c := concretize(r, "onus-probe")
			if resourceARN == "" || strings.HasPrefix(c, resourceARN) {
				out = appendUnique(out, c)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "*")
	}
	return out
}

// ---------------------------------------------------------------------------
// Full administrative access.

// AdminGrant is the result of FullAdmin.
type AdminGrant struct {
	// Statements are the Allow statements that grant the probe actions.
	Statements []string `json:"statements"`
	// Conditional is set when the grant holds only in some request
	// contexts (e.g. with MFA); Conditions are those statements' conditions.
	Conditional bool       `json:"conditional,omitempty"`
	Conditions  Conditions `json:"conditions,omitempty"`
	// Excluded lists NotAction entries of the granting statements: the
	// actions carved out of "everything".
	Excluded   []string `json:"excluded,omitempty"`
	Incomplete bool     `json:"incomplete,omitempty"`
}

// FullAdmin reports whether identity policies together grant full
// administrative access: every action on every resource. It evaluates
// synthetic actions no pattern other than an all-covering one matches
// ("*", "*:*", NotAction) plus the IAM and organization actions that let a
// principal grant itself anything, all on an arbitrary resource; so
// NotAction with a tiny exclusion list is admin, NotAction ["iam:*"]
// (PowerUserAccess) is not, and a Deny carving out IAM removes admin.
func FullAdmin(policies ...*Policy) (AdminGrant, bool) {
	if !anyPlaceholders(policies) {
		return fullAdmin(phAWS, policies)
	}
	if g, ok := fullAdmin(phMinAccess, policies); ok {
		return g, true
	}
	g, ok := fullAdmin(phMaxAccess, policies)
	if !ok {
		return g, false
	}
	// Admin only if placeholders stand for what would grant it: unknown.
	return AdminGrant{Incomplete: true}, false
}

func anyPlaceholders(policies []*Policy) bool {
	for _, p := range policies {
		if len(Placeholders(p)) > 0 {
			return true
		}
	}
	return false
}

func fullAdmin(mode phMode, policies []*Policy) (AdminGrant, bool) {
	sc := &scratch{} // reused by every evaluation of this analysis
	var g AdminGrant
	stmts := map[string]bool{}
	byPath := map[string]*Statement{}
	for i, a := range adminProbeActions {
		res := "arn:aws:onusprobe:us-east-1:123456789012:thing/" + string(rune('a'+i))
		req := Request{Principal: "arn:aws:iam::123456789012:user/onus-probe", Action: a, Resource: res}
		var dec Decision
		space := buildSpace(relevantPolicies(req, PolicySet{Identity: policies}), freeClass)
		w, ok, complete := search(space, nil, func(ctx map[string][]string) bool {
			req.Context = ctx
			dec = evaluateIn(sc, req, PolicySet{Identity: policies}, mode)
			return dec.Outcome == Allow
		})
		if !complete {
			g.Incomplete = true
		}
		if !ok {
			return AdminGrant{Incomplete: g.Incomplete}, false
		}
		if len(w) > 0 {
			g.Conditional = true
		}
		for _, r := range dec.Reasons {
			key := r.Policy + "." + r.Statement
			stmts[key] = true
		}
	}
	for i, p := range policies {
		if p == nil {
			continue
		}
		for j := range p.Statements {
			byPath["identity_policies["+strconv.Itoa(i)+"]."+p.Statements[j].Path] = &p.Statements[j]
		}
	}
	keys := make([]string, 0, len(stmts))
	for k := range stmts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		st := byPath[k]
		if st == nil {
			continue
		}
		if len(policies) == 1 {
			g.Statements = append(g.Statements, st.Path)
		} else {
			g.Statements = append(g.Statements, k)
		}
		g.Conditions = append(g.Conditions, st.Condition...)
		g.Excluded = append(g.Excluded, st.NotAction...)
		if len(st.Condition) > 0 {
			g.Conditional = true
		}
	}
	return g, true
}

// ---------------------------------------------------------------------------
// Bucket policies that deny insecure requests.

// Verdict is the answer of a "does this policy deny every such request"
// question.
type Verdict struct {
	Holds bool `json:"holds"`
	// Statements are the Deny statements that denied the probes.
	Statements []string `json:"statements,omitempty"`
	// Counterexample is a request that was not denied (when !Holds).
	Counterexample *Request `json:"counterexample,omitempty"`
	// Incomplete: a context search hit its bound before finding a
	// counterexample, or the answer depends on Placeholders; Holds is
	// then false (not proven).
	Incomplete bool `json:"incomplete,omitempty"`
	// Placeholders are the values unknown before deployment the answer
	// depends on (set only with Incomplete), so a reason can name them
	// rather than blame the search.
	Placeholders []string `json:"placeholders,omitempty"`
}

// DeniesInsecureTransport reports whether a bucket policy explicitly
// denies every request to the bucket and its objects made with
// aws:SecureTransport false: for anonymous callers, callers in the bucket's
// and other accounts, and every principal a NotPrincipal exempts; for all of
// s3:* (probed with representative and synthetic S3 actions); whatever
// other condition keys the caller sends. Bool and StringEquals forms,
// "false" as string or JSON boolean, and IfExists all work because the
// evaluator decides.
func DeniesInsecureTransport(p *Policy, bucketARN string) Verdict {
	actions := append(append([]string(nil), representativeActions["s3"]...), "s3:OnusProbeAction")
	resources := []string{bucketARN, bucketARN + "/onus-probe-object"}
	return deniesAll(p, bucketARN, resources, actions, []map[string][]string{{"aws:securetransport": {"false"}}})
}

// DeniesUnencryptedPut reports whether a bucket policy explicitly denies
// every s3:PutObject that does not request SSE-KMS: without the
// s3:x-amz-server-side-encryption header, and with it set to AES256 or any
// other value than aws:kms / aws:kms:dsse (AWS's example: Deny PutObject
// when StringNotEquals s3:x-amz-server-side-encryption aws:kms, and/or
// when Null on that key is true).
func DeniesUnencryptedPut(p *Policy, bucketARN string) Verdict {
	const k = "s3:x-amz-server-side-encryption"
	ctxs := []map[string][]string{{}, {k: {"AES256"}}, {k: {foreignToken}}}
	return deniesAll(p, bucketARN, []string{bucketARN + "/onus-probe-object"}, []string{"s3:PutObject"}, ctxs)
}

// deniesAll checks that every probe (caller × action × resource × base
// context × searched context) is explicitly denied.
func deniesAll(p *Policy, bucketARN string, objects []string, actions []string, bases []map[string][]string) Verdict {
	if p != nil {
		p = resolveSelf(p, bucketARN, func(string) bool { return false })
	}
	if len(Placeholders(p)) == 0 {
		return deniesAllMode(p, objects, actions, bases, phAWS)
	}
	// Holds even when placeholders deny the least: proven. Fails even when
	// they deny the most: disproven. Otherwise it depends on values onus
	// cannot see.
	if v := deniesAllMode(p, objects, actions, bases, phMaxAccess); v.Holds {
		return v
	}
	if v := deniesAllMode(p, objects, actions, bases, phMinAccess); !v.Holds && v.Counterexample != nil {
		return v
	}
	return Verdict{Incomplete: true, Placeholders: Placeholders(p)}
}

func deniesAllMode(p *Policy, objects []string, actions []string, bases []map[string][]string, mode phMode) Verdict {
	sc := &scratch{} // reused by every evaluation of this analysis
	v := Verdict{}
	if p == nil {
		v.Counterexample = &Request{Principal: "", Action: actions[0], Resource: objects[0]}
		return v
	}
	fixed := map[string]bool{}
	for _, b := range bases {
		for k := range b {
			fixed[k] = true
		}
	}
	class := func(k string) keyClass {
		if fixed[k] {
			return keyFixed
		}
		return keyFree
	}
	owner := "111111111111"
	callers := []string{"", "arn:aws:iam::" + owner + ":user/onus-probe", "arn:aws:sts::" + owner + ":assumed-role/onus-probe/s",
		"arn:aws:iam::" + probeForeignAccount + ":user/onus-probe", "arn:aws:iam::" + owner + ":root"}
	callers = append(callers, notPrincipalCallers(p)...)
	allowAll := []*Policy{{Version: Version2012, Statements: []Statement{{Effect: EffectAllow, Action: []string{"*"}, Resource: []string{"*"}}}}}
	stmts := map[string]bool{}
	v.Holds = true
	for _, c := range callers {
		for _, r := range objects {
			for _, a := range probeOrder(r, actions) {
				for _, base := range bases {
					req := Request{Principal: c, Action: a, Resource: r, ResourceAccount: owner}
					var dec Decision
					space := buildSpace(relevantPolicies(req, PolicySet{Resource: p, Identity: allowAll}), class)
					w, escaped, complete := search(space, base, func(ctx map[string][]string) bool {
						req.Context = ctx
						dec = evaluateIn(sc, req, PolicySet{Resource: p, Identity: allowAll}, mode)
						if dec.Outcome == ExplicitDeny {
							for _, rs := range dec.Reasons {
								stmts[rs.Statement] = true
							}
							return false
						}
						return true
					})
					if escaped {
						req.Context = w
						v.Holds, v.Counterexample, v.Statements = false, &req, nil
						return v
					}
					if !complete {
						v.Incomplete, v.Holds = true, false
					}
				}
			}
		}
	}
	for _, st := range p.Statements {
		if stmts[st.Path] {
			v.Statements = append(v.Statements, st.Path)
		}
	}
	return v
}

// probeOrder puts, for a bucket ARN (no "/"), the bucket-level actions
// first, so that a policy covering only the objects fails with a request
// that exists (s3:ListBucket on the bucket) rather than s3:GetObject on it.
// Every probe still runs when the policy holds.
func probeOrder(resource string, actions []string) []string {
	if strings.Contains(resource, "/") {
		return actions
	}
	out := make([]string, 0, len(actions))
	for _, a := range actions {
		if !strings.Contains(a, "Object") {
			out = append(out, a)
		}
	}
	for _, a := range actions {
		if strings.Contains(a, "Object") {
			out = append(out, a)
		}
	}
	return out
}

// notPrincipalCallers are callers that a Deny statement's NotPrincipal
// exempts, each with its whole identity chain listed where the policy lists
// it, so the exemption (if any) is exercised.
func notPrincipalCallers(p *Policy) []string {
	var out []string
	for _, st := range p.Statements {
		if st.NotPrincipal == nil {
			continue
		}
		np := st.NotPrincipal
		for _, a := range np.AWS {
			c := parseCaller(a)
			switch c.kind {
			case pRole:
				out = append(out, a, "arn:"+c.partition+":sts::"+c.account+":assumed-role/"+c.roleName+"/onus-probe")
			default:
				if a != "*" {
					out = append(out, a)
				}
			}
		}
		out = append(out, np.Service...)
		out = append(out, np.Federated...)
		out = append(out, np.CanonicalUser...)
	}
	return out
}

// ---------------------------------------------------------------------------
// Privilege escalation.

// Escalation is one privilege-escalation path the policies grant.
type Escalation struct {
	Method     string   `json:"method"`
	Actions    []string `json:"actions"`
	Statements []string `json:"statements"` // the Allow statements granting the actions
	Resources  []string `json:"resources"`  // probe resources the actions were allowed on
	Incomplete bool     `json:"incomplete,omitempty"`
}

// PrivilegeEscalations lists the documented escalation paths (iam:PassRole
// with a service create such as lambda:CreateFunction or ec2:RunInstances,
// iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:Attach*Policy,
// iam:Put*Policy, iam:CreateAccessKey, iam:CreateLoginProfile,
// iam:UpdateLoginProfile, iam:UpdateAssumeRolePolicy, iam:AddUserToGroup,
// lambda:UpdateFunctionCode, glue:UpdateDevEndpoint, ...) that the identity
// policies together allow, each with the statements that grant it. Each
// action is probed on an arbitrary resource and on a concrete instance of
// every Resource pattern the policies name for its service, so a grant on
// one specific role counts; statements scoped with policy variables to the
// caller itself (${aws:username}) do not. complete is false when a context
// search hit its bound without a witness: absence is then not proof.
func PrivilegeEscalations(policies ...*Policy) (escalations []Escalation, complete bool) {
	if !anyPlaceholders(policies) {
		return privilegeEscalations(phAWS, policies, true)
	}
	lo, loDone := privilegeEscalations(phMinAccess, policies, true)
	hi, hiDone := privilegeEscalations(phMaxAccess, policies, true)
	return lo, loDone && hiDone && len(hi) == len(lo)
}

// privilegeEscalations searches every method; prefilter skips the methods
// mayAllowAll rules out (false only in the test that proves it changes
// nothing).
func privilegeEscalations(mode phMode, policies []*Policy, prefilter bool) (escalations []Escalation, complete bool) {
	sc := &scratch{} // reused by every evaluation of this analysis
	complete = true
	for _, m := range escalationMethods {
		if prefilter && !mayAllowAll(policies, m.actions) {
			// Some step of the path is allowed by no statement at all, so
			// the path is closed whatever the resources and conditions: the
			// search below would only confirm it, at most of this
			// analysis's cost on a typical narrow policy.
			continue
		}
		e := Escalation{Method: m.name, Actions: m.actions}
		stmts := map[string]bool{}
		granted := true
		for _, a := range m.actions {
			ok := false
			for _, r := range escalationResources(policies, a, m.resource) {
				req := Request{Principal: "arn:aws:iam::123456789012:user/onus-probe-caller", Action: a, Resource: r}
				var dec Decision
				space := buildSpace(relevantPolicies(req, PolicySet{Identity: policies}), freeClass)
				_, found, done := search(space, nil, func(ctx map[string][]string) bool {
					req.Context = ctx
					dec = evaluateIn(sc, req, PolicySet{Identity: policies}, mode)
					return dec.Outcome == Allow
				})
				if !done {
					e.Incomplete = true
					complete = false
				}
				if found {
					ok = true
					e.Resources = appendUnique(e.Resources, r)
					for _, rs := range dec.Reasons {
						stmts[stmtLabel(policies, rs)] = true
					}
				}
			}
			if !ok {
				granted = false
				break
			}
		}
		if !granted {
			continue
		}
		for k := range stmts {
			e.Statements = append(e.Statements, k)
		}
		sort.Strings(e.Statements)
		escalations = append(escalations, e)
	}
	return escalations, complete
}

// mayAllowAll reports whether every action could be allowed by some
// statement of the policies, judging only Effect and Action/NotAction and
// erring towards yes (placeholders, NotAction, an Effect that is not
// literally Deny). A no is certain: identity-based evaluation allows an
// action only through an Allow statement whose action matches it.
func mayAllowAll(policies []*Policy, actions []string) bool {
	for _, a := range actions {
		if !mayAllow(policies, a) {
			return false
		}
	}
	return true
}

func mayAllow(policies []*Policy, action string) bool {
	for _, p := range policies {
		if p == nil {
			continue
		}
		for i := range p.Statements {
			st := &p.Statements[i]
			if st.Effect == "Deny" {
				continue
			}
			switch {
			case st.Action != nil:
				if anyAction(st.Action, action) || anyHasPlaceholder(st.Action) {
					return true
				}
			case st.NotAction != nil:
				if !anyAction(st.NotAction, action) || anyHasPlaceholder(st.NotAction) {
					return true
				}
			default:
				return true
			}
		}
	}
	return false
}

func stmtLabel(policies []*Policy, r Reason) string {
	if len(policies) == 1 {
		return r.Statement
	}
	return r.Policy + "." + r.Statement
}

func escalationResources(policies []*Policy, action, def string) []string {
	svc := action[:strings.IndexByte(action, ':')]
	out := []string{}
	if def != "" && strings.HasPrefix(action, "iam:") {
		out = append(out, def)
	} else {
		out = append(out, "*", "arn:aws:"+svc+":us-east-1:123456789012:onus-probe")
	}
	for _, p := range policies {
		if p == nil {
			continue
		}
		for _, st := range p.Statements {
			for _, r := range st.Resource {
				if toks := placeholderTokens(r); len(toks) > 0 && r == toks[0] {
					// A reference to one concrete resource: probe it as is.
					out = appendUnique(out, r)
					continue
				}
				if strings.Contains(r, "${") {
					continue
				}
				parts, ok := arnParts(r)
				if !ok || (parts[2] != svc && !hasWildcard(parts[2])) {
					continue
				}
				out = appendUnique(out, concretize(r, "onus-probe"))
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Role trust policies open to anyone.

// TrustGrant is a way for an outsider to assume a role.
type TrustGrant struct {
	Principal  string              `json:"principal"` // "*" or the identity provider
	Action     string              `json:"action"`
	Statements []string            `json:"statements"`
	Conditions Conditions          `json:"conditions,omitempty"`
	Witness    map[string][]string `json:"witness,omitempty"`
}

// trustRestrictingKeys are keys whose values an outsider cannot choose.
// sts:ExternalId is a weak control (anyone told the value can present it)
// but it is a condition the role owner chose deliberately, so it counts as
// restricting; it is reported by the conditions of the grant elsewhere.
func trustClass(k string) keyClass {
	if exposureRestrictingKeys[k] || k == "sts:externalid" || k == "aws:principaltype" {
		return keyForeign
	}
	// Claims of a web identity token that pin the caller: audience,
	// subject and similar. GitHub's aud is the same for everyone.
	if i := strings.LastIndexByte(k, ':'); i > 0 && strings.Contains(k[:i], ".") {
		claim := k[i+1:]
		if k == "token.actions.githubusercontent.com:aud" || claim == "amr" {
			return keyFree
		}
		return keyForeign
	}
	return keyFree
}

// OpenTrust reports how a role trust policy lets principals outside any
// account the owner controls assume the role without a restricting
// condition: "*" or {"AWS": "*"} for sts:AssumeRole from any account, and
// public web identity providers (Cognito, Google, GitHub, ...) for
// sts:AssumeRoleWithWebIdentity without a condition pinning the audience or
// subject. Conditions on aws:PrincipalOrgID, aws:PrincipalAccount,
// aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, a non-world
// aws:SourceIp, or sts:ExternalId restrict it (ExternalId is weak — it is a
// shared value, not an identity — but it is a deliberate condition, so it
// counts; the grant's conditions name it for reviewers).
func OpenTrust(p *Policy) (grants []TrustGrant, complete bool) {
	if p != nil {
		p = resolveSelf(p, "", func(k string) bool { return trustClass(k) == keyForeign })
	}
	if len(Placeholders(p)) == 0 {
		return openTrust(p, phAWS)
	}
	lo, loDone := openTrust(p, phMinAccess)
	hi, hiDone := openTrust(p, phMaxAccess)
	return lo, loDone && hiDone && len(hi) == len(lo)
}

func openTrust(p *Policy, mode phMode) (grants []TrustGrant, complete bool) {
	sc := &scratch{} // reused by every evaluation of this analysis
	complete = true
	if p == nil {
		return nil, true
	}
	const role = "arn:aws:iam::111111111111:role/onus-probe-target"
	type probe struct{ caller, principal, action string }
	probes := []probe{{"arn:aws:iam::" + probeForeignAccount + ":user/onus-probe", "*", "sts:AssumeRole"}}
	seen := map[string]bool{}
	for _, st := range p.Statements {
		if st.Effect != EffectAllow || st.Principal == nil {
			continue
		}
		for _, f := range st.Principal.Federated {
			if seen[f] || strings.Contains(f, ":saml-provider/") {
				continue
			}
			seen[f] = true
			probes = append(probes, probe{f, f, "sts:AssumeRoleWithWebIdentity"})
		}
	}
	allowAll := []*Policy{{Version: Version2012, Statements: []Statement{{Effect: EffectAllow, Action: []string{"*"}, Resource: []string{"*"}}}}}
	for _, pr := range probes {
		req := Request{Principal: pr.caller, Action: pr.action, Resource: role, ResourceAccount: "111111111111"}
		var dec Decision
		space := buildSpace(relevantPolicies(req, PolicySet{Resource: p, Identity: allowAll}), trustClass)
		w, ok, done := search(space, nil, func(ctx map[string][]string) bool {
			req.Context = ctx
			dec = evaluateIn(sc, req, PolicySet{Resource: p, Identity: allowAll}, mode)
			return dec.Outcome == Allow
		})
		complete = complete && done
		if !ok {
			continue
		}
		paths := map[string]bool{}
		for _, r := range dec.Reasons {
			if r.Policy == "resource_policy" {
				paths[r.Statement] = true
			}
		}
		g := TrustGrant{Principal: pr.principal, Action: pr.action, Witness: w}
		g.Statements, g.Conditions = statementsAndConditions(p, paths)
		grants = append(grants, g)
	}
	return grants, complete
}

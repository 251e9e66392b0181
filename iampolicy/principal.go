package iampolicy

import "strings"

// pKind is what kind of caller a request principal string names.
type pKind uint8

const (
	pAnonymous     pKind = iota // "", "*" or "anonymous"
	pRoot                       // arn:aws:iam::123456789012:root or a bare account id
	pUser                       // arn:aws:iam::123456789012:user/path/name
	pRole                       // arn:aws:iam::123456789012:role/path/name (the role itself)
	pAssumedRole                // arn:aws:sts::123456789012:assumed-role/name/session
	pFederatedUser              // arn:aws:sts::123456789012:federated-user/name
	pNamed                      // service principal, identity provider, canonical user
	pOtherARN                   // any other ARN
)

// caller is a parsed request principal.
type caller struct {
	raw       string
	kind      pKind
	partition string
	account   string
	roleName  string // pRole, pAssumedRole
	// chain lists the AWS identities the request is evaluated as, from the
	// most specific to the account: AWS checks NotPrincipal against each.
	chain []string
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func rootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

func parseCaller(s string) caller {
	c := caller{raw: s, partition: "aws"}
	switch {
	case s == "" || s == "*" || strings.EqualFold(s, "anonymous"):
		c.kind = pAnonymous
		return c
	case isAccountID(s):
		c.kind, c.account = pRoot, s
		c.chain = []string{rootARN(c.partition, s)}
		return c
	}
	parts, ok := arnParts(s)
	if !ok || parts[0] != "arn" {
		c.kind = pNamed
		return c
	}
	c.partition, c.account = parts[1], parts[4]
	res := parts[5]
	c.kind = pOtherARN
	switch {
	case parts[2] == "iam" && res == "root":
		c.kind = pRoot
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		c.kind = pUser
	case parts[2] == "iam" && strings.HasPrefix(res, "role/"):
		c.kind = pRole
		c.roleName = res[strings.LastIndexByte(res, '/')+1:]
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		rest := strings.TrimPrefix(res, "assumed-role/")
		if i := strings.IndexByte(rest, '/'); i > 0 {
			c.kind = pAssumedRole
			c.roleName = rest[:i]
		}
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		c.kind = pFederatedUser
	case parts[2] == "iam" && (strings.HasPrefix(res, "saml-provider/") || strings.HasPrefix(res, "oidc-provider/")):
		c.kind = pNamed
		return c
	}
	if c.account == "" {
		c.chain = []string{s}
		return c
	}
	root := rootARN(c.partition, c.account)
	switch c.kind {
	case pRoot:
		c.chain = []string{root}
	case pAssumedRole:
		c.chain = []string{s, "arn:" + c.partition + ":iam::" + c.account + ":role/" + c.roleName, root}
	default:
		c.chain = []string{s, root}
	}
	return c
}

// isIAM reports whether identity-based policies, boundaries, session
// policies and SCPs can apply to the caller.
func (c *caller) isIAM() bool {
	switch c.kind {
	case pUser, pRole, pAssumedRole, pFederatedUser, pRoot, pOtherARN:
		return c.account != ""
	}
	return false
}

// grant says how a resource-policy Allow names the caller; it decides
// whether the grant stands on its own or needs identity-side permission.
type grant uint8

const (
	gNone     grant = iota
	gAccount        // the caller's account: delegation, identity policies must allow
	gRole           // the role of an assumed-role session: limited by boundary and session policy
	gDirect         // the caller itself (user, session, service, ...)
	gWildcard       // "*" or {"AWS": "*"}: everyone, anonymous included
)

// allowsDetail is the reason text of a resource-policy Allow.
func (g grant) allowsDetail() string {
	switch g {
	case gAccount:
		return "allows the caller's account (delegation: identity-based policies must also allow)"
	case gRole:
		return "allows the caller's role"
	case gDirect:
		return "allows the caller"
	case gWildcard:
		return "allows everyone (*)"
	}
	return "allows"
}

func (g grant) String() string {
	switch g {
	case gAccount:
		return "the caller's account"
	case gRole:
		return "the caller's role"
	case gDirect:
		return "the caller"
	case gWildcard:
		return "everyone (*)"
	}
	return "nobody"
}

// awsEntryIs reports whether a Principal AWS entry names identity id (an ARN
// from the caller's chain). Account ids stand for the account root; role
// ARNs match by account and name whatever their path.
func awsEntryIs(entry, id string) bool {
	if entry == id {
		return true
	}
	if isAccountID(entry) {
		ip, ok := arnParts(id)
		return ok && ip[2] == "iam" && ip[4] == entry && ip[5] == "root"
	}
	ep, ok1 := arnParts(entry)
	ip, ok2 := arnParts(id)
	if !ok1 || !ok2 || ep[2] != "iam" || ip[2] != "iam" || ep[4] != ip[4] {
		return false
	}
	if strings.HasPrefix(ep[5], "role/") && strings.HasPrefix(ip[5], "role/") {
		return ep[5][strings.LastIndexByte(ep[5], '/')+1:] == ip[5][strings.LastIndexByte(ip[5], '/')+1:]
	}
	return false
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// matchPrincipal returns how a Principal element names the caller.
func (c *caller) matchPrincipal(p *Principals) grant {
	if p.All || contains(p.AWS, "*") {
		return gWildcard
	}
	if c.kind == pNamed {
		// AWS holds reader placeholders for principal ARNs onus cannot see.
		if contains(p.Service, c.raw) || contains(p.Federated, c.raw) || contains(p.CanonicalUser, c.raw) || contains(p.AWS, c.raw) {
			return gDirect
		}
		return gNone
	}
	best := gNone
	for _, e := range p.AWS {
		for i, id := range c.chain {
			if !awsEntryIs(e, id) {
				continue
			}
			g := gDirect
			switch {
			case i == 0:
			case c.kind == pAssumedRole && i == 1:
				g = gRole
			default:
				g = gAccount
			}
			if g > best {
				best = g
			}
		}
	}
	if c.kind == pRole && best == gDirect {
		best = gRole
	}
	return best
}

// excludedBy reports whether NotPrincipal excludes the caller: AWS checks
// the account, then the role, then the session (or user), so every identity
// in the chain must be listed.
func (c *caller) excludedBy(p *Principals) bool {
	if p.All || contains(p.AWS, "*") {
		return true
	}
	if c.kind == pNamed {
		return contains(p.Service, c.raw) || contains(p.Federated, c.raw) || contains(p.CanonicalUser, c.raw) || contains(p.AWS, c.raw)
	}
	if len(c.chain) == 0 {
		return false
	}
	for _, id := range c.chain {
		listed := false
		for _, e := range p.AWS {
			if awsEntryIs(e, id) {
				listed = true
				break
			}
		}
		if !listed {
			return false
		}
	}
	return true
}

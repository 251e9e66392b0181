package iampolicy

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The analysis helpers ask the evaluator, not the policy text: they build
// probe requests and search the request contexts a caller could present,
// drawn from the values the policies themselves mention. A result therefore
// reflects NotAction, wildcards, negated operators and IfExists exactly as
// Evaluate does.

// maxContexts bounds the context search per probe; beyond it a result is
// marked incomplete and callers must not treat it as proof.
const maxContexts = 1024

// derivedKeys are set by Evaluate from the probe principal; searching them
// would let a probe pretend to be someone else.
var derivedKeys = map[string]bool{
	"aws:principalarn": true, "aws:principalaccount": true, "aws:username": true,
	"aws:principalisawsservice": true, "aws:resourceaccount": true,
}

// alwaysPresent keys exist in every authenticated network request, so
// "absent" is not a value a caller can choose for them.
var alwaysPresent = map[string]bool{
	"aws:securetransport": true, "aws:sourceip": true, "aws:currenttime": true, "aws:epochtime": true,
}

// probeKey is one condition key and the values a probe may give it; a nil
// entry means the key is absent.
type probeKey struct {
	key   string
	cands [][]string
}

// keyClass tells the search how a key may be varied.
type keyClass uint8

const (
	keyFree       keyClass = iota // the caller may choose any value
	keyForeign                    // the caller is an outsider: only values it can own
	keyFixed                      // set by the probe itself, not searched
	keyAlwaysFree                 // like keyFree but present in every request
)

// foreignIPs are documentation addresses an outsider might call from.
var foreignIPs = []string{"198.51.100.77", "203.0.113.250", "192.0.2.250", "100.64.99.99", "2001:db8:ffff::77"}

const foreignToken = "onusforeign"

// concretize turns a wildcard pattern into one string it matches, with
// fill standing in for each '*'.
func concretize(p, fill string) string {
	if !hasWildcard(p) {
		return p
	}
	r := strings.NewReplacer("*", fill, "?", "z")
	return r.Replace(p)
}

type entryRef struct {
	op   operator
	vals []string
}

// buildSpace collects the condition keys of the policies and candidate
// values for each, classified by class.
func buildSpace(pols []*Policy, class func(key string) keyClass) []probeKey {
	byKey := map[string][]entryRef{}
	var order []string
	for _, p := range pols {
		if p == nil {
			continue
		}
		for _, st := range p.Statements {
			for _, c := range st.Condition {
				op, err := parseOperator(c.Operator)
				if err != nil {
					continue
				}
				for _, e := range c.Entries {
					k := strings.ToLower(e.Key)
					if _, ok := byKey[k]; !ok {
						order = append(order, k)
					}
					byKey[k] = append(byKey[k], entryRef{op, e.Values})
				}
			}
		}
	}
	sort.Strings(order)
	var out []probeKey
	for _, k := range order {
		cl := class(k)
		if cl == keyFixed || derivedKeys[k] {
			continue
		}
		pk := probeKey{key: k}
		seen := map[string]bool{}
		add := func(v string) {
			if !seen[v] {
				seen[v] = true
				pk.cands = append(pk.cands, []string{v})
			}
		}
		if !(alwaysPresent[k] || cl == keyAlwaysFree) {
			pk.cands = append(pk.cands, nil)
		}
		if cl == keyForeign {
			foreignCandidates(k, byKey[k], add)
		} else {
			for _, e := range byKey[k] {
				freeCandidates(e, add)
			}
			if k == "aws:sourceip" {
				add(foreignIPs[0])
			} else {
				add(foreignToken)
			}
		}
		if len(pk.cands) == 0 {
			pk.cands = append(pk.cands, nil)
		}
		out = append(out, pk)
	}
	return out
}

// freeCandidates lists values a caller could send to satisfy or avoid one
// condition entry.
func freeCandidates(e entryRef, add func(string)) {
	switch e.op.base.positive() {
	case opBool:
		add("true")
		add("false")
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		for _, v := range e.vals {
			if f, ok := parseNumber(v); ok {
				add(v)
				add(strconv.FormatFloat(f-1, 'f', -1, 64))
				add(strconv.FormatFloat(f+1, 'f', -1, 64))
			}
		}
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		for _, v := range e.vals {
			if t, ok := parseDate(v); ok {
				add(t.Format(time.RFC3339))
				add(t.Add(-24 * time.Hour).Format(time.RFC3339))
				add(t.Add(24 * time.Hour).Format(time.RFC3339))
			}
		}
	case opIPAddress:
		for _, v := range e.vals {
			if pfx, err := netip.ParsePrefix(v); err == nil {
				add(pfx.Masked().Addr().String())
			} else if a, err := netip.ParseAddr(v); err == nil {
				add(a.String())
			}
		}
		add(foreignIPs[0])
		add(foreignIPs[4])
	case opNull:
		add(foreignToken)
	default:
		for _, v := range e.vals {
			if strings.Contains(v, "${") {
				continue
			}
			add(concretize(v, ""))
			if hasWildcard(v) {
				add(concretize(v, foreignToken))
			}
		}
	}
}

// foreignCandidates lists values an outsider can present for a key that
// identifies where a request comes from: its own account, organization,
// endpoint or address, or anything a wildcard value lets it own.
func foreignCandidates(k string, entries []entryRef, add func(string)) {
	if k == "aws:sourceip" {
		var nets []netip.Prefix
		for _, e := range entries {
			for _, v := range e.vals {
				if pfx, err := netip.ParsePrefix(v); err == nil && pfx.Bits() > 0 {
					nets = append(nets, pfx.Masked())
				} else if a, err := netip.ParseAddr(v); err == nil {
					nets = append(nets, netip.PrefixFrom(a, a.BitLen()))
				}
			}
		}
		for _, ip := range foreignIPs {
			a := netip.MustParseAddr(ip)
			inside := false
			for _, n := range nets {
				if n.Contains(a) {
					inside = true
					break
				}
			}
			if !inside {
				add(ip)
			}
		}
		return
	}
	switch {
	case strings.HasSuffix(k, "account") || strings.HasSuffix(k, "owner"):
		add(probeForeignAccount)
	default:
		for _, v := range genericForeign {
			add(v)
		}
	}
	for _, e := range entries {
		if e.op.base.positive() == opBool {
			add("true")
			add("false")
			continue
		}
		for _, v := range e.vals {
			if f, ok := foreignARN(v); ok {
				add(f)
			}
		}
	}
}

// genericForeign are values an outsider can own for an identifying key:
// its own endpoint, VPC, organization, repository or role. A policy value
// matching one of them (e.g. "vpce-*", "repo:*", "*") restricts nothing.
var genericForeign = []string{
	foreignToken, "vpce-" + foreignToken, "vpc-" + foreignToken, "o-" + foreignToken,
	"o-" + foreignToken + "/r-" + foreignToken + "/ou-" + foreignToken,
	"repo:" + foreignToken + "/" + foreignToken + ":ref:refs/heads/main",
	"arn:aws:iam::" + probeForeignAccount + ":role/" + foreignToken,
}

// foreignARN builds, from an ARN pattern whose account segment is a
// wildcard, an ARN in the outsider's account that the pattern matches:
// wildcard segments are replaced whole with outsider values, literal ones
// kept. A literal account (or a literal resource with no account, as in S3)
// belongs to someone else, so it yields nothing.
func foreignARN(v string) (string, bool) {
	p, ok := arnParts(v)
	if !ok || strings.Contains(v, "${") || !hasWildcard(v) {
		return "", false
	}
	switch {
	case hasWildcard(p[4]):
		p[4] = probeForeignAccount
	case p[4] == "" && hasWildcard(p[5]):
	default:
		return "", false
	}
	if hasWildcard(p[1]) {
		p[1] = "aws"
	}
	if hasWildcard(p[2]) {
		p[2] = foreignToken
	}
	if hasWildcard(p[3]) {
		p[3] = "us-east-1"
	}
	if hasWildcard(p[5]) {
		p[5] = foreignToken
	}
	return strings.Join(p[:], ":"), true
}

// probeForeignAccount is the account of outsider probes.
const probeForeignAccount = "999999999999"

// search enumerates contexts from the space (first candidate of every key
// first) merged over base, and returns the first for which pred holds.
// complete is false when the space was larger than maxContexts.
func search(space []probeKey, base map[string][]string, pred func(ctx map[string][]string) bool) (witness map[string][]string, found, complete bool) {
	total := 1
	complete = true
	for _, k := range space {
		total *= len(k.cands)
		if total > maxContexts {
			total = maxContexts
			complete = false
			break
		}
	}
	idx := make([]int, len(space))
	// One map serves every context tried: predicates keep a context only
	// when they accept it, and then the search ends and hands it over.
	ctx := make(map[string][]string, len(base)+len(space))
	for n := 0; n < total; n++ {
		clear(ctx)
		for k, v := range base {
			ctx[k] = v
		}
		for i, k := range space {
			if v := k.cands[idx[i]]; v != nil {
				ctx[k.key] = v
			}
		}
		if pred(ctx) {
			return ctx, true, complete
		}
		for i := len(idx) - 1; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(space[i].cands) {
				break
			}
			idx[i] = 0
		}
	}
	return nil, false, complete
}

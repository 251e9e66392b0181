package iampolicy

import (
	"bytes"
	"encoding/base64"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// positive returns the operator whose match a negated operator inverts.
func (b baseOp) positive() baseOp {
	switch b {
	case opStringNotEquals:
		return opStringEquals
	case opStringNotEqualsIgnoreCase:
		return opStringEqualsIgnoreCase
	case opStringNotLike:
		return opStringLike
	case opNumericNotEquals:
		return opNumericEquals
	case opDateNotEquals:
		return opDateEquals
	case opNotIPAddress:
		return opIPAddress
	case opArnNotEquals:
		return opArnEquals
	case opArnNotLike:
		return opArnLike
	}
	return b
}

// takesVariables reports whether policy variables are substituted in the
// operator's values (AWS allows them with string and ARN operators).
func (b baseOp) takesVariables() bool {
	switch b.positive() {
	case opStringEquals, opStringEqualsIgnoreCase, opStringLike, opArnEquals, opArnLike:
		return true
	}
	return false
}

func (b baseOp) isPattern() bool {
	switch b.positive() {
	case opStringLike, opArnEquals, opArnLike:
		return true
	}
	return false
}

// condResult is the outcome of one condition entry: match, or a policy
// variable without a value (which makes the whole statement not match).
type condResult uint8

const (
	condFalse condResult = iota
	condTrue
	condUnresolved
	condPlaceholder // a value is a reader placeholder (see hasPlaceholder)
)

// evalEntry evaluates one operator/key/values entry against the request.
func evalEntry(op operator, key string, policyVals []string, rc *reqContext, vars variables) condResult {
	if anyHasPlaceholder(policyVals) {
		return condPlaceholder
	}
	ctxVals, present := rc.get(key)
	if op.base == opNull {
		isNull := !present || len(ctxVals) == 0
		for _, pv := range policyVals {
			switch strings.ToLower(pv) {
			case "true":
				if isNull {
					return condTrue
				}
			case "false":
				if !isNull {
					return condTrue
				}
			}
		}
		return condFalse
	}
	// Resolve policy variables once per entry (copy on first change).
	vals := policyVals
	if op.base.takesVariables() {
		for i, pv := range policyVals {
			r, ok := vars.resolve(pv, op.base.isPattern())
			if !ok {
				return condUnresolved
			}
			if r == pv {
				continue
			}
			if &vals[0] == &policyVals[0] {
				vals = append([]string(nil), policyVals...)
			}
			vals[i] = r
		}
	}
	negated := op.base.negated()
	pos := op.base.positive()
	single := func(v string) bool {
		m := false
		for _, pv := range vals {
			if matchOne(pos, v, pv) {
				m = true
				break
			}
		}
		return m != negated
	}
	if op.set != setNone && len(ctxVals) == 1 && ctxVals[0] == "" {
		// AWS: a key that resolves to an empty data set, such as an empty
		// string, is an empty set for the set operators.
		ctxVals = nil
	}
	empty := !present || len(ctxVals) == 0
	switch op.set {
	case setForAllValues:
		if empty {
			return condTrue
		}
		for _, v := range ctxVals {
			if !single(v) {
				return condFalse
			}
		}
		return condTrue
	case setForAnyValue:
		if empty {
			return boolResult(op.ifExists)
		}
		for _, v := range ctxVals {
			if single(v) {
				return condTrue
			}
		}
		return condFalse
	}
	if empty {
		// A missing key matches only with IfExists or a negated operator.
		return boolResult(op.ifExists || negated)
	}
	if negated {
		for _, v := range ctxVals {
			if !single(v) {
				return condFalse
			}
		}
		return condTrue
	}
	for _, v := range ctxVals {
		if single(v) {
			return condTrue
		}
	}
	return condFalse
}

func boolResult(b bool) condResult {
	if b {
		return condTrue
	}
	return condFalse
}

// matchOne compares one request value with one (resolved) policy value for
// a positive operator.
func matchOne(op baseOp, v, p string) bool {
	switch op {
	case opStringEquals:
		return v == p
	case opStringEqualsIgnoreCase:
		return strings.EqualFold(v, p)
	case opStringLike:
		return globMatch(p, v, false)
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		a, ok1 := parseNumber(v)
		b, ok2 := parseNumber(p)
		if !ok1 || !ok2 {
			return false
		}
		return compare(op-opNumericEquals, cmp3(a, b))
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		a, ok1 := parseDate(v)
		b, ok2 := parseDate(p)
		if !ok1 || !ok2 {
			return false
		}
		return compare(op-opDateEquals, a.Compare(b))
	case opBool:
		lv, lp := strings.ToLower(v), strings.ToLower(p)
		return (lv == "true" || lv == "false") && lv == lp
	case opBinaryEquals:
		a, err1 := base64.StdEncoding.DecodeString(v)
		b, err2 := base64.StdEncoding.DecodeString(p)
		if err1 != nil || err2 != nil {
			return v == p
		}
		return bytes.Equal(a, b)
	case opIPAddress:
		return ipIn(v, p)
	case opArnEquals, opArnLike:
		pp, ok1 := arnParts(p)
		vp, ok2 := arnParts(v)
		if !ok1 || !ok2 {
			return globMatch(p, v, false)
		}
		for i := range pp {
			if !globMatch(pp[i], vp[i], false) {
				return false
			}
		}
		return true
	}
	return false
}

// compare applies the ordering relation at offset rel (Equals, NotEquals,
// LessThan, LessThanEquals, GreaterThan, GreaterThanEquals as laid out in
// the baseOp constants) to a three-way comparison result. NotEquals never
// reaches here: negated operators are evaluated through their positive form.
func compare(rel baseOp, c int) bool {
	switch rel {
	case 0:
		return c == 0
	case 2:
		return c < 0
	case 3:
		return c <= 0
	case 4:
		return c > 0
	case 5:
		return c >= 0
	}
	return false
}

func cmp3(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// dateLayouts are the ISO 8601 forms AWS documents for date conditions.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDate reads ISO 8601 dates and times and epoch seconds.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ipIn reports whether address v lies in the policy's CIDR or address p.
func ipIn(v, p string) bool {
	addr, err := netip.ParseAddr(strings.TrimSpace(v))
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	var pfx netip.Prefix
	if strings.Contains(p, "/") {
		pfx, err = netip.ParsePrefix(p)
		if err != nil {
			return false
		}
		pfx = pfx.Masked()
		if pfx.Addr().Is4In6() {
			pfx = netip.PrefixFrom(pfx.Addr().Unmap(), pfx.Bits()-96)
		}
	} else {
		a, err := netip.ParseAddr(p)
		if err != nil {
			return false
		}
		a = a.Unmap()
		pfx = netip.PrefixFrom(a, a.BitLen())
	}
	return pfx.Contains(addr)
}

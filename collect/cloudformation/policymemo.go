package cloudformation

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/iampolicy"
)

// policyMemo parses each distinct policy document once per load worker:
// templates repeat their documents (every Lambda role trusts
// lambda.amazonaws.com the same way, a stack's roles share an inline
// policy), and parsing is most of what reading a role costs. Documents are
// keyed by what iampolicy.FromValue reads of them (see policyKey); the
// model's values then share one *iampolicy.Policy, as they share a
// bundled AWS managed policy (policies are never changed once read).
type policyMemo struct {
	byKey map[string]*iampolicy.Policy
	bytes int    // total length of the keys kept
	key   []byte // scratch for the key being built
}

// policyMemoBytes bounds the keys a worker keeps.
const policyMemoBytes = 4 << 20

// parse is iampolicy.FromValue(v.toAny()), memoised; v holds no unknown.
func (m *policyMemo) parse(v *val) (*iampolicy.Policy, error) {
	if m == nil {
		return iampolicy.FromValue(v.toAny())
	}
	m.key = policyKey(m.key[:0], v)
	if p, ok := m.byKey[string(m.key)]; ok {
		return p, nil
	}
	p, err := iampolicy.FromValue(v.toAny())
	if err != nil {
		// Not kept: every use reports its own diagnostic.
		return nil, err
	}
	if m.bytes+len(m.key) <= policyMemoBytes {
		if m.byKey == nil {
			m.byKey = map[string]*iampolicy.Policy{}
		}
		m.byKey[string(m.key)] = p
		m.bytes += len(m.key)
	}
	return p, nil
}

// policyKey encodes exactly what toAny makes of v: the structure, keys and
// texts, and which scalars become booleans. Equal keys give equal toAny
// values, so one parse serves both.
func policyKey(b []byte, v *val) []byte {
	if v == nil {
		return append(b, 'n')
	}
	switch v.k {
	case kScalar:
		kind := byte('s')
		if v.tag == "!!bool" {
			if _, err := strconv.ParseBool(strings.ToLower(v.s)); err == nil {
				kind = 'b'
			}
		}
		b = append(b, kind)
		b = binary.AppendUvarint(b, uint64(len(v.s)))
		return append(b, v.s...)
	case kList:
		b = append(b, 'l')
		b = binary.AppendUvarint(b, uint64(len(v.list)))
		for _, e := range v.list {
			b = policyKey(b, e)
		}
		return b
	case kMap:
		b = append(b, 'm')
		b = binary.AppendUvarint(b, uint64(len(v.keys)))
		for i, k := range v.keys {
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
			b = policyKey(b, v.vals[i])
		}
		return b
	}
	return append(b, 'n') // null (and unknown, which callers rule out)
}

package iampolicy

import (
	"fmt"
	"strings"
)

// baseOp is a condition operator without set qualifier or IfExists.
type baseOp uint8

const (
	opStringEquals baseOp = iota + 1
	opStringNotEquals
	opStringEqualsIgnoreCase
	opStringNotEqualsIgnoreCase
	opStringLike
	opStringNotLike
	opNumericEquals
	opNumericNotEquals
	opNumericLessThan
	opNumericLessThanEquals
	opNumericGreaterThan
	opNumericGreaterThanEquals
	opDateEquals
	opDateNotEquals
	opDateLessThan
	opDateLessThanEquals
	opDateGreaterThan
	opDateGreaterThanEquals
	opBool
	opBinaryEquals
	opIPAddress
	opNotIPAddress
	opArnEquals
	opArnLike
	opArnNotEquals
	opArnNotLike
	opNull
)

var baseOps = map[string]baseOp{
	"StringEquals":              opStringEquals,
	"StringNotEquals":           opStringNotEquals,
	"StringEqualsIgnoreCase":    opStringEqualsIgnoreCase,
	"StringNotEqualsIgnoreCase": opStringNotEqualsIgnoreCase,
	"StringLike":                opStringLike,
	"StringNotLike":             opStringNotLike,
	"NumericEquals":             opNumericEquals,
	"NumericNotEquals":          opNumericNotEquals,
	"NumericLessThan":           opNumericLessThan,
	"NumericLessThanEquals":     opNumericLessThanEquals,
	"NumericGreaterThan":        opNumericGreaterThan,
	"NumericGreaterThanEquals":  opNumericGreaterThanEquals,
	"DateEquals":                opDateEquals,
	"DateNotEquals":             opDateNotEquals,
	"DateLessThan":              opDateLessThan,
	"DateLessThanEquals":        opDateLessThanEquals,
	"DateGreaterThan":           opDateGreaterThan,
	"DateGreaterThanEquals":     opDateGreaterThanEquals,
	"Bool":                      opBool,
	"BinaryEquals":              opBinaryEquals,
	"IpAddress":                 opIPAddress,
	"NotIpAddress":              opNotIPAddress,
	"ArnEquals":                 opArnEquals,
	"ArnLike":                   opArnLike,
	"ArnNotEquals":              opArnNotEquals,
	"ArnNotLike":                opArnNotLike,
	"Null":                      opNull,
}

// negated operators match when no value of the key matches any policy value;
// AWS documents that they also match when the key is missing.
func (b baseOp) negated() bool {
	switch b {
	case opStringNotEquals, opStringNotEqualsIgnoreCase, opStringNotLike,
		opNumericNotEquals, opDateNotEquals, opNotIPAddress, opArnNotEquals, opArnNotLike:
		return true
	}
	return false
}

type setMode uint8

const (
	setNone setMode = iota
	setForAllValues
	setForAnyValue
)

type operator struct {
	name     string
	base     baseOp
	set      setMode
	ifExists bool
}

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
// AWS matches operator names case-sensitively.
func parseOperator(op string) (operator, error) {
	o := operator{name: op}
	rest := op
	switch {
	case strings.HasPrefix(rest, "ForAllValues:"):
		o.set, rest = setForAllValues, strings.TrimPrefix(rest, "ForAllValues:")
	case strings.HasPrefix(rest, "ForAnyValue:"):
		o.set, rest = setForAnyValue, strings.TrimPrefix(rest, "ForAnyValue:")
	}
	if b, ok := baseOps[rest]; ok {
		o.base = b
		return o, nil
	}
	if strings.HasSuffix(rest, "IfExists") {
		if b, ok := baseOps[strings.TrimSuffix(rest, "IfExists")]; ok && b != opNull {
			o.base, o.ifExists = b, true
			return o, nil
		}
	}
	return o, fmt.Errorf("unknown condition operator %q", op)
}

package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// ParseError is an invalid policy document; Path is the JSON path of the
// offending element (e.g. "Statement[1].Condition.StringEquals").
type ParseError struct {
	Path string
	Msg  string
	Err  error // underlying JSON syntax error, if any
}

func (e *ParseError) Error() string {
	if e.Path == "" {
		return "policy: " + e.Msg
	}
	return "policy: " + e.Path + ": " + e.Msg
}

func (e *ParseError) Unwrap() error { return e.Err }

func perr(path, format string, args ...any) error {
	return &ParseError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// object is a JSON object with its keys in document order.
type object struct {
	keys []string
	vals []any
}

// Parse reads a policy document from JSON text. Errors are *ParseError and
// name the JSON path of the problem.
func Parse(data []byte) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, "")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, perr("", "unexpected data after the policy document")
	}
	return fromValue(v)
}

func syntaxErr(path string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &ParseError{Path: path, Msg: "invalid JSON: " + err.Error(), Err: err}
}

// decodeValue decodes one JSON value keeping object key order, so Condition
// blocks keep the order they were written in and duplicates are detected.
func decodeValue(dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxErr(path, err)
	}
	return decodeFrom(dec, tok, path)
}

func decodeFrom(dec *json.Decoder, tok json.Token, path string) (any, error) {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, syntaxErr(path, err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, perr(path, "invalid JSON object key")
				}
				for _, seen := range o.keys {
					if seen == k {
						return nil, perr(joinPath(path, k), "duplicate key %q", k)
					}
				}
				v, err := decodeValue(dec, joinPath(path, k))
				if err != nil {
					return nil, err
				}
				o.keys = append(o.keys, k)
				o.vals = append(o.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxErr(path, err)
			}
			return o, nil
		case '[':
			arr := []any{}
			for i := 0; dec.More(); i++ {
				v, err := decodeValue(dec, fmt.Sprintf("%s[%d]", path, i))
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxErr(path, err)
			}
			return arr, nil
		}
		return nil, perr(path, "unexpected %q", t.String())
	default:
		return t, nil
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// FromValue builds a policy from already-decoded values as HCL, CloudFormation
// and encoding/json readers produce them: map[string]any, []any, []string,
// string, bool, float64, json.Number, int, int64, or a JSON string holding the
// whole document. Keys of Go maps are visited in sorted order.
func FromValue(v any) (*Policy, error) {
	if s, ok := v.(string); ok {
		return Parse([]byte(s))
	}
	if b, ok := v.([]byte); ok {
		return Parse(b)
	}
	return fromValue(v)
}

// fields lists an object's members in a deterministic order.
func fields(v any) (keys []string, vals []any, ok bool) {
	switch o := v.(type) {
	case *object:
		return o.keys, o.vals, true
	case map[string]any:
		keys = make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		vals = make([]any, len(keys))
		for i, k := range keys {
			vals[i] = o[k]
		}
		return keys, vals, true
	case map[string]string:
		keys = make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		vals = make([]any, len(keys))
		for i, k := range keys {
			vals[i] = o[k]
		}
		return keys, vals, true
	case map[string][]string:
		keys = make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		vals = make([]any, len(keys))
		for i, k := range keys {
			vals[i] = o[k]
		}
		return keys, vals, true
	}
	return nil, nil, false
}

func items(v any) ([]any, bool) {
	switch a := v.(type) {
	case []any:
		return a, true
	case []string:
		out := make([]any, len(a))
		for i, s := range a {
			out[i] = s
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(a))
		for i, m := range a {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, json.Number, int, int64:
		return "number"
	case *object, map[string]any, map[string]string, map[string][]string:
		return "object"
	case []any, []string, []map[string]any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

func fromValue(v any) (*Policy, error) {
	keys, vals, ok := fields(v)
	if !ok {
		return nil, perr("", "policy document must be a JSON object, got %s", typeName(v))
	}
	p := &Policy{}
	var stmt any
	haveStmt := false
	for i, k := range keys {
		switch k {
		case "Version":
			s, ok := vals[i].(string)
			if !ok {
				return nil, perr("Version", "must be a string, got %s", typeName(vals[i]))
			}
			if s != Version2012 && s != Version2008 {
				return nil, perr("Version", "unsupported version %q (want %q or %q)", s, Version2012, Version2008)
			}
			p.Version = s
		case "Id":
			s, ok := vals[i].(string)
			if !ok {
				return nil, perr("Id", "must be a string, got %s", typeName(vals[i]))
			}
			p.ID = s
		case "Statement":
			stmt, haveStmt = vals[i], true
		default:
			return nil, perr(k, "unknown policy element %q", k)
		}
	}
	if !haveStmt {
		return nil, perr("Statement", "missing")
	}
	if arr, ok := items(stmt); ok {
		p.Statements = make([]Statement, 0, len(arr))
		for i, sv := range arr {
			s, err := parseStatement(sv, fmt.Sprintf("Statement[%d]", i))
			if err != nil {
				return nil, err
			}
			p.Statements = append(p.Statements, s)
		}
	} else {
		s, err := parseStatement(stmt, "Statement")
		if err != nil {
			return nil, err
		}
		p.Statements = []Statement{s}
	}
	return p, nil
}

func parseStatement(v any, path string) (Statement, error) {
	st := Statement{Path: path}
	keys, vals, ok := fields(v)
	if !ok {
		return st, perr(path, "statement must be an object, got %s", typeName(v))
	}
	var err error
	haveEffect := false
	for i, k := range keys {
		kp := path + "." + k
		val := vals[i]
		switch k {
		case "Sid":
			s, ok := val.(string)
			if !ok {
				return st, perr(kp, "must be a string, got %s", typeName(val))
			}
			st.Sid = s
		case "Effect":
			s, ok := val.(string)
			if !ok {
				return st, perr(kp, "must be a string, got %s", typeName(val))
			}
			if s != EffectAllow && s != EffectDeny {
				return st, perr(kp, "must be exactly \"Allow\" or \"Deny\", got %q", s)
			}
			st.Effect, haveEffect = s, true
		case "Principal":
			st.Principal, err = parsePrincipals(val, kp)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipals(val, kp)
		case "Action":
			st.Action, err = stringList(val, kp)
		case "NotAction":
			st.NotAction, err = stringList(val, kp)
		case "Resource":
			st.Resource, err = stringList(val, kp)
		case "NotResource":
			st.NotResource, err = stringList(val, kp)
		case "Condition":
			st.Condition, err = parseConditions(val, kp)
		default:
			return st, perr(kp, "unknown statement element %q", k)
		}
		if err != nil {
			return st, err
		}
	}
	switch {
	case !haveEffect:
		return st, perr(path+".Effect", "missing")
	case st.Action != nil && st.NotAction != nil:
		return st, perr(path, "has both Action and NotAction")
	case st.Action == nil && st.NotAction == nil:
		return st, perr(path, "has neither Action nor NotAction")
	case st.Resource != nil && st.NotResource != nil:
		return st, perr(path, "has both Resource and NotResource")
	case st.Principal != nil && st.NotPrincipal != nil:
		return st, perr(path, "has both Principal and NotPrincipal")
	}
	return st, nil
}

// stringList accepts a string or an array of strings. Strings are kept
// exactly as written: AWS does not trim them and neither do we.
func stringList(v any, path string) ([]string, error) {
	if s, ok := v.(string); ok {
		return []string{s}, nil
	}
	arr, ok := items(v)
	if !ok {
		return nil, perr(path, "must be a string or an array of strings, got %s", typeName(v))
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			return nil, perr(fmt.Sprintf("%s[%d]", path, i), "must be a string, got %s", typeName(e))
		}
		out = append(out, s)
	}
	return out, nil
}

func parsePrincipals(v any, path string) (*Principals, error) {
	if s, ok := v.(string); ok {
		if s != "*" {
			return nil, perr(path, "a string principal must be \"*\"; use {\"AWS\": %q}", s)
		}
		return &Principals{All: true}, nil
	}
	keys, vals, ok := fields(v)
	if !ok {
		return nil, perr(path, "must be \"*\" or an object, got %s", typeName(v))
	}
	p := &Principals{}
	for i, k := range keys {
		kp := path + "." + k
		l, err := stringList(vals[i], kp)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			p.AWS = l
		case "Service":
			p.Service = l
		case "Federated":
			p.Federated = l
		case "CanonicalUser":
			p.CanonicalUser = l
		default:
			return nil, perr(kp, "unknown principal type %q (want AWS, Service, Federated or CanonicalUser)", k)
		}
	}
	return p, nil
}

func parseConditions(v any, path string) (Conditions, error) {
	keys, vals, ok := fields(v)
	if !ok {
		return nil, perr(path, "must be an object, got %s", typeName(v))
	}
	out := make(Conditions, 0, len(keys))
	for i, op := range keys {
		op = strings.Clone(op)
		opPath := path + "." + op
		if _, err := parseOperator(op); err != nil {
			return nil, perr(opPath, "%v", err)
		}
		ekeys, evals, ok := fields(vals[i])
		if !ok {
			return nil, perr(opPath, "must be an object of condition keys, got %s", typeName(vals[i]))
		}
		c := Condition{Operator: op, Entries: make([]ConditionEntry, 0, len(ekeys))}
		for j, k := range ekeys {
			vs, err := conditionValues(evals[j], opPath+"."+k)
			if err != nil {
				return nil, err
			}
			c.Entries = append(c.Entries, ConditionEntry{Key: k, Values: vs})
		}
		out = append(out, c)
	}
	return out, nil
}

func conditionValues(v any, path string) ([]string, error) {
	if arr, ok := items(v); ok {
		out := make([]string, 0, len(arr))
		for i, e := range arr {
			s, err := scalarString(e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalarString(v, path)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func scalarString(v any, path string) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case json.Number:
		return x.String(), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", perr(path, "must be a finite number")
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	}
	return "", perr(path, "condition value must be a string, number or boolean, got %s", typeName(v))
}

package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Case is one simulation input in the `onus policy simulate` schema:
//
//	{"identity_policies": [doc...], "resource_policy": doc|null,
//	 "permissions_boundary": doc|null, "scps": [[doc...]...]|null,
//	 "rcps": [[doc...]...]|null, "session_policy": doc|null,
//	 "request": {"principal": arn, "action": "svc:Action", "resource": arn,
//	             "resource_account": "123456789012"|null,
//	             "context": {"key": "v" | ["v", ...]}}}
//
// Unknown fields are ignored.
type Case struct {
	Policies PolicySet
	Request  Request
}

type rawCase struct {
	Identity []json.RawMessage   `json:"identity_policies"`
	Resource json.RawMessage     `json:"resource_policy"`
	Boundary json.RawMessage     `json:"permissions_boundary"`
	SCPs     [][]json.RawMessage `json:"scps"`
	RCPs     [][]json.RawMessage `json:"rcps"`
	Session  json.RawMessage     `json:"session_policy"`
	Request  *struct {
		Principal       *string                    `json:"principal"`
		Action          *string                    `json:"action"`
		Resource        *string                    `json:"resource"`
		ResourceAccount *string                    `json:"resource_account"`
		Context         map[string]json.RawMessage `json:"context"`
	} `json:"request"`
}

// ParseCase reads a simulation case. Errors name the field, e.g.
// "identity_policies[1]: policy: Statement[0].Effect: ...".
func ParseCase(data []byte) (*Case, error) {
	var rc rawCase
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&rc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("case: field %q: expected %s, got JSON %s: %w", te.Field, te.Type, te.Value, err)
		}
		return nil, fmt.Errorf("case: invalid JSON: %w", err)
	}
	c := &Case{}
	doc := func(raw json.RawMessage, name string) (*Policy, error) {
		if len(raw) == 0 || string(raw) == "null" {
			return nil, nil
		}
		if raw[0] == '"' {
			// A policy given as a JSON string (as the AWS APIs return it).
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			raw = []byte(s)
		}
		p, err := Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return p, nil
	}
	var err error
	for i, raw := range rc.Identity {
		p, err := doc(raw, fmt.Sprintf("identity_policies[%d]", i))
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, fmt.Errorf("identity_policies[%d]: must be a policy document, got null", i)
		}
		c.Policies.Identity = append(c.Policies.Identity, p)
	}
	if c.Policies.Resource, err = doc(rc.Resource, "resource_policy"); err != nil {
		return nil, err
	}
	if c.Policies.PermissionsBoundary, err = doc(rc.Boundary, "permissions_boundary"); err != nil {
		return nil, err
	}
	if c.Policies.Session, err = doc(rc.Session, "session_policy"); err != nil {
		return nil, err
	}
	levels := func(in [][]json.RawMessage, name string) ([][]*Policy, error) {
		if in == nil {
			return nil, nil
		}
		out := make([][]*Policy, len(in))
		for l, level := range in {
			out[l] = []*Policy{}
			for i, raw := range level {
				p, err := doc(raw, fmt.Sprintf("%s[%d][%d]", name, l, i))
				if err != nil {
					return nil, err
				}
				if p == nil {
					return nil, fmt.Errorf("%s[%d][%d]: must be a policy document, got null", name, l, i)
				}
				out[l] = append(out[l], p)
			}
		}
		return out, nil
	}
	if c.Policies.SCPs, err = levels(rc.SCPs, "scps"); err != nil {
		return nil, err
	}
	if c.Policies.RCPs, err = levels(rc.RCPs, "rcps"); err != nil {
		return nil, err
	}
	r := rc.Request
	if r == nil {
		return nil, errors.New("request: missing")
	}
	if r.Action == nil || *r.Action == "" {
		return nil, errors.New("request.action: missing")
	}
	c.Request.Action = *r.Action
	if r.Principal != nil {
		c.Request.Principal = *r.Principal
	}
	if r.Resource != nil {
		c.Request.Resource = *r.Resource
	}
	if r.ResourceAccount != nil {
		if !isAccountID(*r.ResourceAccount) {
			return nil, fmt.Errorf("request.resource_account: want 12 digits, got %q", *r.ResourceAccount)
		}
		c.Request.ResourceAccount = *r.ResourceAccount
	}
	if r.Context != nil {
		c.Request.Context = make(map[string][]string, len(r.Context))
		for k, raw := range r.Context {
			vs, err := contextValue(raw)
			if err != nil {
				return nil, fmt.Errorf("request.context.%s: %w", k, err)
			}
			c.Request.Context[k] = vs
		}
	}
	return c, nil
}

func contextValue(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if arr, ok := v.([]any); ok {
		out := make([]string, 0, len(arr))
		for i, e := range arr {
			s, err := scalarString(e, fmt.Sprintf("[%d]", i))
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalarString(v, "")
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

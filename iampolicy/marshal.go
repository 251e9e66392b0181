package iampolicy

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON writes the canonical AWS document form: elements in AWS's
// usual order, Statement always an array, one-element lists as a string,
// Condition operators and keys in stored order. Parse of the output gives
// back an equal Policy (Statement paths are renumbered to "Statement[i]").
// The value receiver makes a Policy marshal the same way whether it is held
// by value or by pointer.
func (p Policy) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	sep := func(k string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(&b, k)
		b.WriteByte(':')
	}
	if p.Version != "" {
		sep("Version")
		writeString(&b, p.Version)
	}
	if p.ID != "" {
		sep("Id")
		writeString(&b, p.ID)
	}
	sep("Statement")
	b.WriteByte('[')
	for i := range p.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		p.Statements[i].marshal(&b)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// UnmarshalJSON parses a policy document; see Parse.
func (p *Policy) UnmarshalJSON(data []byte) error {
	q, err := Parse(data)
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// String returns the canonical JSON form.
func (p Policy) String() string {
	b, _ := p.MarshalJSON()
	return string(b)
}

func (s *Statement) marshal(b *bytes.Buffer) {
	b.WriteByte('{')
	first := true
	sep := func(k string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, k)
		b.WriteByte(':')
	}
	if s.Sid != "" {
		sep("Sid")
		writeString(b, s.Sid)
	}
	sep("Effect")
	writeString(b, s.Effect)
	if s.Principal != nil {
		sep("Principal")
		s.Principal.marshal(b)
	}
	if s.NotPrincipal != nil {
		sep("NotPrincipal")
		s.NotPrincipal.marshal(b)
	}
	for _, f := range []struct {
		k string
		v []string
	}{{"Action", s.Action}, {"NotAction", s.NotAction}, {"Resource", s.Resource}, {"NotResource", s.NotResource}} {
		if f.v != nil {
			sep(f.k)
			writeList(b, f.v)
		}
	}
	if s.Condition != nil {
		sep("Condition")
		b.WriteByte('{')
		for i, c := range s.Condition {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, c.Operator)
			b.WriteString(":{")
			for j, e := range c.Entries {
				if j > 0 {
					b.WriteByte(',')
				}
				writeString(b, e.Key)
				b.WriteByte(':')
				writeList(b, e.Values)
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

func (p *Principals) marshal(b *bytes.Buffer) {
	if p.All {
		writeString(b, "*")
		return
	}
	b.WriteByte('{')
	first := true
	for _, f := range []struct {
		k string
		v []string
	}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
		if f.v == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, f.k)
		b.WriteByte(':')
		writeList(b, f.v)
	}
	b.WriteByte('}')
}

func writeList(b *bytes.Buffer, l []string) {
	if len(l) == 1 {
		writeString(b, l[0])
		return
	}
	b.WriteByte('[')
	for i, s := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

func writeString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // strings always marshal
	b.Write(enc)
}

package source

import "fmt"

// Kind names the input a resource came from.
type Kind string

const (
	Terraform      Kind = "terraform"
	CloudFormation Kind = "cloudformation"
	AWS            Kind = "aws"
	Snapshot       Kind = "snapshot"
)

// Pos is a 1-based line and column in a file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Loc is a range in a code file. The zero Loc means "no code location".
type Loc struct {
	File  string `json:"file"`
	Start Pos    `json:"start"`
	End   Pos    `json:"end"`
}

// IsZero reports whether the location is absent.
func (l Loc) IsZero() bool { return l.File == "" }

func (l Loc) String() string {
	if l.IsZero() {
		return ""
	}
	if l.Start.Line == 0 {
		return l.File
	}
	if l.End.Line > l.Start.Line {
		return fmt.Sprintf("%s:%d-%d", l.File, l.Start.Line, l.End.Line)
	}
	return fmt.Sprintf("%s:%d", l.File, l.Start.Line)
}

// Origin says which live API call produced a value.
type Origin struct {
	ARN     string `json:"arn,omitempty"`
	Region  string `json:"region,omitempty"`
	Account string `json:"account,omitempty"`
	APICall string `json:"api_call,omitempty"`
}

// IsZero reports whether the origin is absent.
func (o Origin) IsZero() bool { return o == Origin{} }

// Prov is the provenance of one value: a code range, a live origin, or both
// empty when the value was synthesised (e.g. a service default).
type Prov struct {
	Loc    Loc    `json:"loc,omitzero"`
	Origin Origin `json:"origin,omitzero"`
}

// At makes a code provenance.
func At(l Loc) Prov { return Prov{Loc: l} }

// From makes a live provenance.
func From(o Origin) Prov { return Prov{Origin: o} }

func (p Prov) String() string {
	if !p.Loc.IsZero() {
		return p.Loc.String()
	}
	if p.Origin.APICall != "" {
		return p.Origin.APICall
	}
	return ""
}

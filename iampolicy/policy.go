package iampolicy

// Versions AWS accepts in a policy document.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Effects as written in a statement; AWS matches them case-sensitively.
const (
	EffectAllow = "Allow"
	EffectDeny  = "Deny"
)

// Policy is one IAM policy document (identity, resource, boundary, session,
// SCP, RCP or trust policy — the type does not say which; the PolicySet slot
// it is evaluated in does).
type Policy struct {
	Version    string // "" when absent (AWS then treats it as 2008-10-17)
	ID         string
	Statements []Statement
	// Variants, when set, are the documents this one may be once
	// deployed: a value of it is one of a known set (a CloudFormation
	// Fn::FindInMap on the region). The statements above hold a
	// placeholder for that value, so an analysis of them alone answers as
	// for any value unknown before deployment; a caller that judges every
	// variant and finds one outcome may keep it. VariantsOf names what
	// they depend on. Not part of the document's JSON.
	Variants   []Variant
	VariantsOf string
}

// Variant is one document a Policy may be, and the choice that makes it.
type Variant struct {
	Label  string
	Policy *Policy
}

// Statement is one statement. Nil slices and pointers mean the element is
// absent; a non-nil empty slice means it was written as [].
type Statement struct {
	Sid          string
	Effect       string // "Allow" | "Deny" exactly as written
	Principal    *Principals
	NotPrincipal *Principals
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Condition    Conditions
	// Path is the statement's JSON path in its document, e.g. "Statement[2]"
	// (or "Statement" when Statement was a single object), for evidence.
	Path string
}

// Principals is the value of Principal or NotPrincipal. All is the bare
// string "*"; {"AWS": "*"} is kept as AWS: ["*"] so both forms round-trip.
type Principals struct {
	All           bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// Conditions is a statement's Condition block in document order (or, when
// built from a Go map, sorted order): operator -> key -> values.
type Conditions []Condition

// Condition is one operator of a Condition block with its keys.
type Condition struct {
	Operator string // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Entries  []ConditionEntry
}

// ConditionEntry is one condition key with its values. Values are kept as
// strings: booleans become "true"/"false" and numbers their JSON text.
type ConditionEntry struct {
	Key    string
	Values []string
}

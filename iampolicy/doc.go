// Package iampolicy parses AWS IAM policy documents and evaluates requests
// against them by AWS's documented evaluation logic; the analysis helpers
// are built on that evaluator, never on string search. It is not a model of
// any AWS resource and imports nothing else from onus.
//
// Documents:
//
//	func Parse(data []byte) (*Policy, error)       // errors are *ParseError naming the JSON path
//	func FromValue(v any) (*Policy, error)         // decoded HCL/CFN/JSON values, or a JSON string
//	func (p *Policy) MarshalJSON() ([]byte, error) // canonical form; Parse round-trips it
//	func (p *Policy) UnmarshalJSON([]byte) error
//	func ParseCase(data []byte) (*Case, error)     // the `onus policy simulate` input
//
// Evaluation:
//
//	func Evaluate(req Request, set PolicySet) Decision // Allow | ExplicitDeny | ImplicitDeny + reasons
//
// Analysis (each reports the statements responsible, and says when a
// bounded search was incomplete so callers answer UNKNOWN, not PASS):
//
//	func AnalyzeExposure(p *Policy, resourceARN, ownerAccount string) Exposure // .Public(), .CrossAccount(), .Grants
//	func FullAdmin(policies ...*Policy) (AdminGrant, bool)
//	func DeniesInsecureTransport(p *Policy, bucketARN string) Verdict
//	func DeniesUnencryptedPut(p *Policy, bucketARN string) Verdict
//	func PrivilegeEscalations(policies ...*Policy) (escalations []Escalation, complete bool)
//	func OpenTrust(trust *Policy) (grants []TrustGrant, complete bool)
package iampolicy

package iam

import (
	"fmt"
	"github.com/onus-sec/onus/model/base"
	"strconv"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// doc is one policy document that applies to a principal.
type doc struct {
	name string
	p    *iampolicy.Policy
	prov source.Prov
	// bundled: the document is onus's bundled copy of an AWS managed policy.
	bundled bool
	// cite is where a PASS over the whole set cites the document: the
	// document itself, so the citation rests on neither its name nor its
	// list entry.
	cite source.PackedProv
}

const awsPolicyPrefix = "arn:aws:iam::aws:policy/"

// adminPolicyDoc stands in for the AdministratorAccess managed policy when
// a source names it by ARN without its document.
var adminPolicyDoc = iampolicy.Policy{Version: iampolicy.Version2012, Statements: []iampolicy.Statement{
	{Effect: iampolicy.EffectAllow, Action: []string{"*"}, Resource: []string{"*"}, Path: "Statement[0]"}}}

// knownNarrowAWSPolicies are AWS managed policies that grant neither full
// admin nor IAM write access; a source may name them without the document.
var knownNarrowAWSPolicies = []string{
	"service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole",
	"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSXRayDaemonWriteAccess",
	"AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "ReadOnlyAccess", "SecurityAudit",
	"AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "AWSSupportAccess", "AWSCloudShellFullAccess",
	"service-role/AmazonECSTaskExecutionRolePolicy", "AmazonDynamoDBReadOnlyAccess", "CloudWatchLogsReadOnlyAccess",
	// What SAM attaches to the execution roles it generates: X-Ray writes
	// (the aws partition's name for it) and the pull event sources' reads.
	"AWSXrayWriteOnlyAccess", "service-role/AWSLambdaSQSQueueExecutionRole", "service-role/AWSLambdaKinesisExecutionRole",
	"service-role/AWSLambdaDynamoDBExecutionRole", "service-role/AWSLambdaMSKExecutionRole",
}

func managedName(ref string) string { return strings.TrimPrefix(ref, awsPolicyPrefix) }

// collect gathers the documents of policy lists; names of documents that
// could not be read are returned as unknown reasons.
func collect(lists ...source.Value[[]iam.NamedPolicy]) (docs []doc, unknowns []string) {
	// A doc is ~150 bytes and most principals have a few: one allocation
	// of the most there can be rather than appends growing from one.
	n := 0
	for _, l := range lists {
		ps, _ := l.Get()
		n += len(ps)
	}
	if n > 0 {
		docs = make([]doc, 0, n)
	}
	for _, l := range lists {
		ps, ok := l.Get()
		if !ok {
			unknowns = append(unknowns, "policy list unknown: "+l.Reason())
			continue
		}
		for _, np := range ps {
			name := np.Name
			if name == "" {
				name = np.Ref
			}
			p, ok := np.Document.Get()
			switch {
			case ok && p != nil && np.Bundled != "":
				// Name the copy so every reason and evidence citing it says
				// the verdict rests on a bundled copy of that age.
				docs = append(docs, doc{"AWS managed policy " + name + " (" + np.Bundled + ")", p, np.Prov.Prov(), true, np.Prov})
			case ok && p != nil:
				cite := np.Document.PackedProv()
				if cite.Prov().Loc.IsZero() && cite.Prov().Origin.IsZero() {
					cite = np.Prov
				}
				docs = append(docs, doc{name, p, np.Prov.Prov(), false, cite})
			case ok:
			case strings.HasPrefix(np.Ref, awsPolicyPrefix) && managedName(np.Ref) == "AdministratorAccess":
				a := adminPolicyDoc
				docs = append(docs, doc{"AdministratorAccess", &a, np.Prov.Prov(), false, np.Prov})
			case strings.HasPrefix(np.Ref, awsPolicyPrefix) && containsFold(knownNarrowAWSPolicies, managedName(np.Ref)):
			default:
				unknowns = append(unknowns, "document of policy "+name+" is unknown: "+np.Document.Reason())
			}
		}
	}
	return docs, unknowns
}

// analysedEvidence cites every document a PASS over a policy set
// analysed: the PASS is a negative ("no policy grants..."), and the
// citations let a reader check that none is missing. A document is cited by
// its position, not its name, which may be unknown without changing the
// verdict. A bundled copy of an AWS managed policy says which copy it was:
// it may be older than what IAM serves. With no document, the PASS rests
// on the resource declaring none: it cites the resource, as none says.
func analysedEvidence(docs []doc, m *base.Meta, none string) []control.Evidence {
	if len(docs) == 0 {
		return []control.Evidence{control.Ev(none, m.Prov())}
	}
	ev := make([]control.Evidence, 0, len(docs))
	for i, d := range docs {
		if d.bundled {
			ev = append(ev, control.EvAt("judged with "+d.name, d.cite))
			continue
		}
		ev = append(ev, control.EvAt("analysed policy document "+strconv.Itoa(i+1)+" of "+strconv.Itoa(len(docs)), d.cite))
	}
	return ev
}

// groupPolicies returns the policy lists of the groups a user is in.
func groupPolicies(e *model.Estate, u *iam.User) ([]source.Value[[]iam.NamedPolicy], []string) {
	names, ok := u.Groups.Get()
	if !ok {
		return nil, []string{"group membership unknown: " + u.Groups.Reason()}
	}
	var out []source.Value[[]iam.NamedPolicy]
	var unknowns []string
	for _, n := range names {
		found := false
		for _, g := range e.IAMGroups {
			gn, _ := g.Name.Get()
			if gn == n || g.Address == n || g.ARN == n || strings.HasPrefix(n, g.Address+".") && g.Address != "" {
				out = append(out, g.Inline, g.Attached)
				found = true
				break
			}
		}
		if !found {
			unknowns = append(unknowns, "group "+n+" is not in the scanned estate")
		}
	}
	return out, unknowns
}

func containsFold(l []string, s string) bool {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// glob matches s against a pattern with * and ?; case-insensitive, as IAM
// matches action names.
func glob(p, s string) bool {
	if !isASCII(p) || !isASCII(s) {
		p, s = strings.ToLower(p), strings.ToLower(s)
	}
	// ASCII is lowered byte by byte below: the same as ToLower, without
	// the copies (glob runs per action and statement).
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || lowerASCII(p[pi]) == lowerASCII(s[si])):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lowerASCII lowers an ASCII letter; other bytes (and every byte of a
// string ToLower has lowered already) are returned unchanged.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// label turns an engine statement label ("identity_policies[1].Statement[0]"
// for several documents, "Statement[0]" for one) into "policy-name Statement[0]".
func label(docs []doc, l string) string {
	if len(docs) == 1 {
		return docs[0].name + " " + l
	}
	var i int
	var rest string
	if n, err := fmt.Sscanf(l, "identity_policies[%d].", &i); n == 1 && err == nil && i >= 0 && i < len(docs) {
		rest = l[strings.IndexByte(l, '.')+1:]
		return docs[i].name + " " + rest
	}
	return l
}

func policiesOf(docs []doc) []*iampolicy.Policy {
	ps := make([]*iampolicy.Policy, len(docs))
	for i, d := range docs {
		ps[i] = d.p
	}
	return ps
}

// adminResult is the engine's full-admin answer for a set of documents.
type adminResult struct {
	admin       bool
	where       []string
	conditional bool
	incomplete  bool
	first       doc
}

// fullAdmin asks the iampolicy engine whether the documents together grant
// every action on every resource (the "*:*" of CIS 2.14 and FSBP IAM.1).
// A conditional grant still counts: AWS's own checks flag it as written.
func fullAdmin(memo *iampolicy.Memo, docs []doc) adminResult {
	if len(docs) == 0 {
		return adminResult{}
	}
	g, ok := memo.FullAdmin(policiesOf(docs)...)
	r := adminResult{admin: ok, conditional: g.Conditional, incomplete: g.Incomplete, first: docs[0]}
	for _, st := range g.Statements {
		r.where = append(r.where, label(docs, st))
	}
	if len(g.Statements) > 0 {
		r.first = docOf(docs, g.Statements[0])
	}
	return r
}

// docOf is the document an engine statement path ("identity_policies[2].
// Statement[0]") is in; the first document when the path names none.
func docOf(docs []doc, path string) doc {
	var i int
	if n, _ := fmt.Sscanf(path, "identity_policies[%d].", &i); n == 1 && i >= 0 && i < len(docs) {
		return docs[i]
	}
	return docs[0]
}

// escalations lists the privilege-escalation paths the documents open, as
// found by the iampolicy engine; complete is false when its search was cut
// short, so an empty list is not proof.
// undecided is the reason an analysis of docs gave no answer: with
// deploy-time values in them (CloudFormation pseudo parameters, unknown
// Terraform attributes) they are named, as the answer may turn on them;
// without, the search hit its bound.
func undecided(docs []doc) string {
	var ph []string
	seen := map[string]bool{}
	for _, d := range docs {
		for _, x := range iampolicy.Placeholders(d.p) {
			if !seen[x] {
				seen[x] = true
				ph = append(ph, x)
			}
		}
	}
	if len(ph) == 0 {
		return "the policy analysis could not finish its search"
	}
	return "the analysis could not decide it: the policies hold values known only at deployment (" + strings.Join(ph, ", ") + ")"
}

func escalations(memo *iampolicy.Memo, docs []doc) (out []string, ev []control.Evidence, complete bool) {
	if len(docs) == 0 {
		return nil, nil, true
	}
	es, complete := memo.PrivilegeEscalations(policiesOf(docs)...)
	for _, e := range es {
		var where []string
		for _, st := range e.Statements {
			where = append(where, label(docs, st))
		}
		out = append(out, e.Method+" ("+strings.Join(e.Actions, " + ")+" via "+strings.Join(where, ", ")+")")
		if len(e.Statements) > 0 {
			ev = append(ev, control.Ev(e.Method+": "+strings.Join(where, ", "), docOf(docs, e.Statements[0]).prov))
		}
	}
	return out, ev, complete
}

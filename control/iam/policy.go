package iam

import (
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
}

func managedName(ref string) string { return strings.TrimPrefix(ref, awsPolicyPrefix) }

// collect gathers the documents of policy lists; names of documents that
// could not be read are returned as unknown reasons.
func collect(lists ...source.Value[[]iam.NamedPolicy]) (docs []doc, unknowns []string) {
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
			case ok && p != nil:
				docs = append(docs, doc{name, p, np.Prov})
			case ok:
			case strings.HasPrefix(np.Ref, awsPolicyPrefix) && managedName(np.Ref) == "AdministratorAccess":
				a := adminPolicyDoc
				docs = append(docs, doc{"AdministratorAccess", &a, np.Prov})
			case strings.HasPrefix(np.Ref, awsPolicyPrefix) && containsFold(knownNarrowAWSPolicies, managedName(np.Ref)):
			default:
				unknowns = append(unknowns, "document of policy "+name+" is unknown: "+np.Document.Reason())
			}
		}
	}
	return docs, unknowns
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
	p, s = strings.ToLower(p), strings.ToLower(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
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

func anyGlob(ps []string, s string) bool {
	for _, p := range ps {
		if glob(p, s) {
			return true
		}
	}
	return false
}

// stmtAction reports whether statement st names action (through Action or
// NotAction) on every resource.
func stmtAction(st *iampolicy.Statement, action string) bool {
	switch {
	case st.Action != nil && !anyGlob(st.Action, action):
		return false
	case st.NotAction != nil && anyGlob(st.NotAction, action):
		return false
	case st.Action == nil && st.NotAction == nil:
		return false
	}
	return contains(st.Resource, "*")
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// allows reports whether the documents, taken together, allow action on
// every resource without a condition and without an unconditional deny.
// It returns the allowing statement's location for evidence.
func allows(docs []doc, action string) (where string, ok bool) {
	for _, d := range docs {
		for i := range d.p.Statements {
			st := &d.p.Statements[i]
			if st.Effect == iampolicy.EffectDeny && len(st.Condition) == 0 && stmtAction(st, action) {
				return "", false
			}
		}
	}
	for _, d := range docs {
		for i := range d.p.Statements {
			st := &d.p.Statements[i]
			if st.Effect == iampolicy.EffectAllow && len(st.Condition) == 0 && stmtAction(st, action) {
				return d.name + " " + st.Path, true
			}
		}
	}
	return "", false
}

// fullAdmin finds a statement allowing every action on every resource, the
// "*:*" of CIS 2.14 and FSBP IAM.1. Conditions do not excuse it: AWS's own
// checks flag the statement as written.
func fullAdmin(docs []doc) (doc, string, bool) {
	for _, d := range docs {
		for _, st := range d.p.Statements {
			if st.Effect != iampolicy.EffectAllow {
				continue
			}
			if (contains(st.Action, "*") || contains(st.Action, "*:*")) && contains(st.Resource, "*") {
				return d, st.Path, true
			}
		}
	}
	return doc{}, "", false
}

// escalationActions each let a principal grant itself more permissions.
var escalationActions = []string{
	"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy", "iam:AttachGroupPolicy",
	"iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:AddUserToGroup",
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:UpdateAssumeRolePolicy",
}

// passRoleCompanions escalate together with iam:PassRole: they run code as
// a role of the caller's choosing.
var passRoleCompanions = []string{
	"lambda:CreateFunction", "ec2:RunInstances", "cloudformation:CreateStack", "glue:CreateDevEndpoint",
	"datapipeline:CreatePipeline", "sagemaker:CreateNotebookInstance", "ecs:RegisterTaskDefinition", "codebuild:CreateProject",
}

// escalations lists the privilege-escalation paths the documents open.
func escalations(docs []doc) []string {
	var out []string
	for _, a := range escalationActions {
		if w, ok := allows(docs, a); ok {
			out = append(out, a+" ("+w+")")
		}
	}
	if w, ok := allows(docs, "iam:PassRole"); ok {
		for _, a := range passRoleCompanions {
			if w2, ok := allows(docs, a); ok {
				out = append(out, "iam:PassRole ("+w+") with "+a+" ("+w2+")")
			}
		}
	}
	return out
}

func docEv(d doc, where string) control.Evidence {
	return control.Ev("policy "+d.name+" "+where, d.prov)
}

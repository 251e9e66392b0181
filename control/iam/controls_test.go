package iam

import (
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/control"
	. "github.com/onus-sec/onus/control/internal/ctltest"
	lambdactl "github.com/onus-sec/onus/control/lambda"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/source"
)

func acct(f func(*account.Account)) *model.Estate {
	a := &account.Account{Meta: Live("AWS::::Account", "111122223333"), ID: "111122223333"}
	f(a)
	return &model.Estate{AccountWide: true, Accounts: []*account.Account{a}}
}

func codeAcct(f func(*account.Account)) *model.Estate {
	a := &account.Account{Meta: TF("aws_iam_account_password_policy", "aws_iam_account_password_policy.this")}
	f(a)
	return &model.Estate{Accounts: []*account.Account{a}}
}

var (
	liveNoAccount = &model.Estate{AccountWide: true}
	codeEmpty     = &model.Estate{}
)

func TestRootControls(t *testing.T) {
	cs := Controls()
	Run(t, Find(t, cs, "ONUS-IAM-001"), []Case{
		{Name: "no keys", Estate: acct(func(a *account.Account) { a.RootAccessKeys = K(false) }), Want: control.Pass},
		{Name: "keys", Estate: acct(func(a *account.Account) { a.RootAccessKeys = K(true) }), Want: control.Fail},
		{Name: "denied", Estate: acct(func(a *account.Account) { a.RootAccessKeys = U[bool]("GetAccountSummary: AccessDenied") }), Want: control.Unknown, Reason: "AccessDenied"},
		{Name: "no summary", Estate: liveNoAccount, Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
		{Name: "code account", Estate: codeAcct(func(*account.Account) {}), Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-002"), []Case{
		{Name: "mfa", Estate: acct(func(a *account.Account) { a.RootMFA = K(true) }), Want: control.Pass},
		{Name: "no mfa", Estate: acct(func(a *account.Account) { a.RootMFA = K(false) }), Want: control.Fail},
		{Name: "unknown", Estate: acct(func(*account.Account) {}), Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-003"), []Case{
		{Name: "hardware", Estate: acct(func(a *account.Account) { a.RootMFA = K(true); a.RootHardwareMFA = K(true) }), Want: control.Pass},
		{Name: "virtual", Estate: acct(func(a *account.Account) { a.RootMFA = K(true); a.RootHardwareMFA = K(false) }), Want: control.Fail},
		{Name: "none", Estate: acct(func(a *account.Account) { a.RootMFA = K(false); a.RootHardwareMFA = U[bool]("x") }), Want: control.Fail, Reason: "no MFA"},
		{Name: "unknown", Estate: acct(func(a *account.Account) {
			a.RootMFA = K(true)
			a.RootHardwareMFA = U[bool]("ListVirtualMFADevices denied")
		}), Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-004"), []Case{
		{Name: "never", Estate: acct(func(a *account.Account) { a.RootLastUsed = K[*time.Time](nil) }), Want: control.Pass},
		{Name: "long ago", Estate: acct(func(a *account.Account) { a.RootLastUsed = K(TimePtr(DaysAgo(200))) }), Want: control.Pass},
		{Name: "recent", Estate: acct(func(a *account.Account) { a.RootLastUsed = K(TimePtr(DaysAgo(3))) }), Want: control.Fail},
		{Name: "unknown", Estate: acct(func(a *account.Account) { a.RootLastUsed = U[*time.Time]("credential report not ready") }), Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-025"), []Case{
		{Name: "set", Estate: acct(func(a *account.Account) { a.ContactsSet = K(true) }), Want: control.Pass},
		{Name: "unset", Estate: acct(func(a *account.Account) { a.ContactsSet = K(false) }), Want: control.Fail},
		{Name: "unknown", Estate: acct(func(a *account.Account) { a.ContactsSet = U[bool]("GetAlternateContact: AccessDenied") }), Want: control.Unknown},
		{Name: "code undeclared", Estate: codeAcct(func(*account.Account) {}), Want: control.NotApplicable},
	})
}

func pp(f func(*iam.PasswordPolicy)) *iam.PasswordPolicy {
	p := &iam.PasswordPolicy{MinimumLength: K(14), ReusePrevention: K(24), RequireSymbols: K(true), RequireNumbers: K(true),
		RequireUppercase: K(true), RequireLowercase: K(true)}
	f(p)
	return p
}

func TestPasswordPolicy(t *testing.T) {
	cs := Controls()
	withPP := func(p *iam.PasswordPolicy) *model.Estate {
		return acct(func(a *account.Account) { a.PasswordPolicy = K(p) })
	}
	codePP := func(p source.Value[*iam.PasswordPolicy]) *model.Estate {
		return codeAcct(func(a *account.Account) { a.PasswordPolicy = p })
	}
	declared := source.At(source.Loc{File: "iam.tf", Start: source.Pos{Line: 3}})
	for _, tc := range []struct {
		id   string
		weak *iam.PasswordPolicy
		unk  *iam.PasswordPolicy
	}{
		{"ONUS-IAM-005", pp(func(p *iam.PasswordPolicy) { p.MinimumLength = K(8) }), pp(func(p *iam.PasswordPolicy) { p.MinimumLength = U[int]("var.len has no value") })},
		{"ONUS-IAM-006", pp(func(p *iam.PasswordPolicy) { p.ReusePrevention = K(5) }), pp(func(p *iam.PasswordPolicy) { p.ReusePrevention = U[int]("var.reuse has no value") })},
		{"ONUS-IAM-007", pp(func(p *iam.PasswordPolicy) { p.RequireSymbols = K(false) }), pp(func(p *iam.PasswordPolicy) { p.RequireNumbers = U[bool]("var.n has no value") })},
	} {
		Run(t, Find(t, cs, tc.id), []Case{
			{Name: "strong", Estate: withPP(pp(func(*iam.PasswordPolicy) {})), Want: control.Pass},
			{Name: "strong in code", Estate: codePP(source.Known(pp(func(*iam.PasswordPolicy) {}), declared)), Want: control.Pass},
			{Name: "weak", Estate: withPP(tc.weak), Want: control.Fail},
			{Name: "no policy", Estate: withPP(nil), Want: control.Fail, Reason: "no password policy"},
			{Name: "unknown field", Estate: withPP(tc.unk), Want: control.Unknown, Reason: "no value"},
			{Name: "denied", Estate: acct(func(a *account.Account) { a.PasswordPolicy = U[*iam.PasswordPolicy]("AccessDenied") }), Want: control.Unknown},
			{Name: "code undeclared", Estate: codePP(source.Value[*iam.PasswordPolicy]{}), Want: control.NotApplicable},
			{Name: "code empty", Estate: codeEmpty, Want: control.NotApplicable},
		})
	}
}

func user(name string, f func(*iam.User)) *iam.User {
	u := &iam.User{Meta: Live("AWS::IAM::User", name), Name: K(name), Inline: K([]iam.NamedPolicy(nil)), Attached: K([]iam.NamedPolicy(nil)),
		Groups: K([]string(nil)), AccessKeys: K([]iam.AccessKey(nil)), PasswordEnabled: K(false), MFAActive: K(false), Created: K(DaysAgo(400))}
	f(u)
	return u
}

func users(us ...*iam.User) *model.Estate { return &model.Estate{AccountWide: true, IAMUsers: us} }

func tfUser(name string, f func(*iam.User)) *iam.User {
	u := &iam.User{Meta: TF("aws_iam_user", name), Name: K(name)}
	f(u)
	return u
}

func key(id string, active bool, created, used int) iam.AccessKey {
	k := iam.AccessKey{ID: id, Active: active}
	if created >= 0 {
		k.Created = TimePtr(DaysAgo(created))
	}
	if used >= 0 {
		k.LastUsed = TimePtr(DaysAgo(used))
	}
	return k
}

func TestUserControls(t *testing.T) {
	cs := Controls()
	Run(t, Find(t, cs, "ONUS-IAM-008"), []Case{
		{Name: "mfa", Estate: users(user("a", func(u *iam.User) { u.PasswordEnabled = K(true); u.MFAActive = K(true) })), Address: "a", Want: control.Pass},
		{Name: "no mfa", Estate: users(user("a", func(u *iam.User) { u.PasswordEnabled = K(true) })), Address: "a", Want: control.Fail},
		{Name: "mfa unknown", Estate: users(user("a", func(u *iam.User) { u.PasswordEnabled = K(true); u.MFAActive = U[bool]("report") })), Address: "a", Want: control.Unknown},
		{Name: "no password", Estate: users(user("a", func(*iam.User) {})), Address: "a", Want: control.NotApplicable},
		{Name: "code", Estate: users(tfUser("aws_iam_user.a", func(u *iam.User) { u.PasswordEnabled = K(true) })), Address: "aws_iam_user.a", Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-009"), []Case{
		{Name: "recent", Estate: users(user("a", func(u *iam.User) {
			u.PasswordEnabled = K(true)
			u.PasswordLastUsed = K(TimePtr(DaysAgo(3)))
			u.AccessKeys = K([]iam.AccessKey{key("K1", true, 100, 2), key("K2", false, 300, 200)})
		})), Address: "a", Want: control.Pass},
		{Name: "stale password", Estate: users(user("a", func(u *iam.User) { u.PasswordEnabled = K(true); u.PasswordLastUsed = K(TimePtr(DaysAgo(60))) })), Address: "a", Want: control.Fail},
		{Name: "never used old key", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 100, -1)}) })), Address: "a", Want: control.Fail, Reason: "never used"},
		{Name: "new key", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 5, -1)}) })), Address: "a", Want: control.Pass},
		{Name: "unknown", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = U[[]iam.AccessKey]("credential report denied") })), Address: "a", Want: control.Unknown},
		{Name: "code", Estate: users(tfUser("aws_iam_user.a", func(*iam.User) {})), Address: "aws_iam_user.a", Want: control.NotApplicable, Reason: "live"},
		{Name: "no users", Estate: users(), Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-010"), []Case{
		{Name: "one", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 1, 1), key("K2", false, 1, 1)}) })), Address: "a", Want: control.Pass},
		{Name: "two", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 1, 1), key("K2", true, 1, 1)}) })), Address: "a", Want: control.Fail},
		{Name: "code two", Estate: users(tfUser("aws_iam_user.a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{{Active: true}, {Active: true}}) })), Address: "aws_iam_user.a", Want: control.Fail},
		{Name: "unknown", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = U[[]iam.AccessKey]("x") })), Address: "a", Want: control.Unknown},
		{Name: "no users", Estate: users(), Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-011"), []Case{
		{Name: "fresh", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 10, 1)}) })), Address: "a", Want: control.Pass},
		{Name: "old", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, 120, 1)}) })), Address: "a", Want: control.Fail},
		{Name: "old inactive", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", false, 120, 1)}) })), Address: "a", Want: control.NotApplicable},
		{Name: "no created", Estate: users(user("a", func(u *iam.User) { u.AccessKeys = K([]iam.AccessKey{key("K1", true, -1, 1)}) })), Address: "a", Want: control.Unknown},
		{Name: "code", Estate: users(tfUser("aws_iam_user.a", func(*iam.User) {})), Address: "aws_iam_user.a", Want: control.NotApplicable},
	})
	inline := []iam.NamedPolicy{{Name: "p", Document: K(doc1("s3:GetObject", "*"))}}
	Run(t, Find(t, cs, "ONUS-IAM-012"), []Case{
		{Name: "none", Estate: users(user("a", func(*iam.User) {})), Address: "a", Want: control.Pass},
		{Name: "inline", Estate: users(user("a", func(u *iam.User) { u.Inline = K(inline) })), Address: "a", Want: control.Fail, Reason: "inline"},
		{Name: "attached", Estate: users(user("a", func(u *iam.User) { u.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}) })), Address: "a", Want: control.Fail},
		{Name: "unknown", Estate: users(user("a", func(u *iam.User) { u.Attached = U[[]iam.NamedPolicy]("ListAttachedUserPolicies denied") })), Address: "a", Want: control.Unknown},
		{Name: "no users", Estate: users(), Want: control.NotApplicable},
	})
	cert := func(v source.Value[time.Time], meta func(string, string) base.Meta) *iam.ServerCertificate {
		return &iam.ServerCertificate{Meta: meta("AWS::IAM::ServerCertificate", "c"), Expiration: v}
	}
	certs := func(c *iam.ServerCertificate) *model.Estate {
		return &model.Estate{IAMServerCerts: []*iam.ServerCertificate{c}}
	}
	Run(t, Find(t, cs, "ONUS-IAM-018"), []Case{
		{Name: "valid", Estate: certs(cert(K(DaysAgo(-30)), Live)), Want: control.Pass},
		{Name: "expired", Estate: certs(cert(K(DaysAgo(2)), Live)), Want: control.Fail},
		{Name: "unknown", Estate: certs(cert(U[time.Time]("denied"), Live)), Want: control.Unknown},
		{Name: "code", Estate: certs(cert(source.Value[time.Time]{}, TF)), Want: control.NotApplicable},
	})
}

func doc1(action, resource string) *iampolicy.Policy {
	return &iampolicy.Policy{Version: iampolicy.Version2012, Statements: []iampolicy.Statement{{Effect: "Allow", Action: []string{action}, Resource: []string{resource}, Path: "Statement[0]"}}}
}

func docs(sts ...iampolicy.Statement) *iampolicy.Policy {
	return &iampolicy.Policy{Version: iampolicy.Version2012, Statements: sts}
}

func np(name string, p *iampolicy.Policy) iam.NamedPolicy {
	return iam.NamedPolicy{Name: name, Document: K(p)}
}

func role(name string, f func(*iam.Role)) *iam.Role {
	r := &iam.Role{Meta: Live("AWS::IAM::Role", "arn:aws:iam::111122223333:role/"+name), Name: K(name),
		Inline: K([]iam.NamedPolicy(nil)), Attached: K([]iam.NamedPolicy(nil)),
		TrustPolicy: K(docs(iampolicy.Statement{Effect: "Allow", Principal: &iampolicy.Principals{Service: []string{"lambda.amazonaws.com"}}, Action: []string{"sts:AssumeRole"}}))}
	f(r)
	return r
}

func TestPolicyControls(t *testing.T) {
	cs := Controls()
	mp := func(d source.Value[*iampolicy.Policy], awsManaged bool) *model.Estate {
		return &model.Estate{IAMPolicies: []*iam.ManagedPolicy{{Meta: Live("AWS::IAM::ManagedPolicy", "p"), Document: d, AWSManaged: awsManaged, AttachedTo: K([]string{"dev"})}}}
	}
	Run(t, Find(t, cs, "ONUS-IAM-013"), []Case{
		{Name: "scoped", Estate: mp(K(doc1("s3:GetObject", "*")), false), Want: control.Pass},
		{Name: "admin", Estate: mp(K(doc1("*", "*")), false), Want: control.Fail, Reason: "attached to dev"},
		{Name: "admin star colon", Estate: mp(K(doc1("*:*", "*")), false), Want: control.Fail},
		{Name: "unknown", Estate: mp(U[*iampolicy.Policy]("GetPolicyVersion denied"), false), Want: control.Unknown},
		{Name: "aws managed", Estate: mp(K(doc1("*", "*")), true), Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-024"), []Case{
		{Name: "specific", Estate: mp(K(doc1("s3:GetObject", "*")), false), Want: control.Pass},
		{Name: "service wildcard", Estate: mp(K(doc1("s3:*", "*")), false), Want: control.Fail},
		{Name: "unknown", Estate: mp(U[*iampolicy.Policy]("x"), false), Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	adminRole := role("admin", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("all", doc1("*", "*"))}) })
	Run(t, Find(t, cs, "ONUS-IAM-014"), []Case{
		{Name: "scoped", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", doc1("s3:GetObject", "*"))}) })}}, Want: control.Pass},
		{Name: "admin", Estate: &model.Estate{IAMRoles: []*iam.Role{adminRole}}, Want: control.Fail},
		{Name: "unknown", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = U[[]iam.NamedPolicy]("denied") })}}, Want: control.Unknown},
		{Name: "service linked", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.ServiceLinked = true })}}, Want: control.NotApplicable},
	})
	group := &iam.Group{Meta: Live("AWS::IAM::Group", "admins"), Name: K("admins"), Inline: K([]iam.NamedPolicy(nil)),
		Attached: K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/AdministratorAccess", Document: U[*iampolicy.Policy]("AWS managed")}})}
	Run(t, Find(t, cs, "ONUS-IAM-015"), []Case{
		{Name: "plain", Estate: users(user("a", func(*iam.User) {})), Address: "a", Want: control.Pass},
		{Name: "via group", Estate: &model.Estate{IAMUsers: []*iam.User{user("a", func(u *iam.User) { u.Groups = K([]string{"admins"}) })}, IAMGroups: []*iam.Group{group}}, Address: "a", Want: control.Fail, Reason: "AdministratorAccess"},
		{Name: "group missing", Estate: users(user("a", func(u *iam.User) { u.Groups = K([]string{"admins"}) })), Address: "a", Want: control.Unknown, Reason: "not in the scanned estate"},
		{Name: "no users", Estate: users(), Want: control.NotApplicable},
	})
	inst := func(f func(*ec2.Instance)) *model.Estate {
		i := &ec2.Instance{Meta: Live("AWS::EC2::Instance", "i-1"), State: K("running")}
		f(i)
		return &model.Estate{EC2Instances: []*ec2.Instance{i}}
	}
	Run(t, Find(t, cs, "ONUS-IAM-017"), []Case{
		{Name: "profile", Estate: inst(func(i *ec2.Instance) { i.InstanceProfile = K("app") }), Want: control.Pass},
		{Name: "none", Estate: inst(func(i *ec2.Instance) { i.InstanceProfile = K("") }), Want: control.Fail},
		{Name: "unknown", Estate: inst(func(i *ec2.Instance) { i.InstanceProfile = U[string]("var.profile has no value") }), Want: control.Unknown},
		{Name: "terminated", Estate: inst(func(i *ec2.Instance) { i.State = K("terminated") }), Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-020"), []Case{
		{Name: "clean", Estate: users(user("a", func(*iam.User) {})), Address: "a", Want: control.Pass},
		{Name: "attached", Estate: users(user("a", func(u *iam.User) {
			u.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}})
		})), Address: "a", Want: control.Fail},
		{Name: "unknown", Estate: users(user("a", func(u *iam.User) { u.Attached = U[[]iam.NamedPolicy]("x") })), Address: "a", Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	trust := func(st iampolicy.Statement) *model.Estate {
		st.Effect, st.Path = "Allow", "Statement[0]"
		if st.Action == nil {
			st.Action = []string{"sts:AssumeRole"}
		}
		return &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.TrustPolicy = K(docs(st)) })}}
	}
	cond := func(k, v string) iampolicy.Conditions {
		return iampolicy.Conditions{{Operator: "StringEquals", Entries: []iampolicy.ConditionEntry{{Key: k, Values: []string{v}}}}}
	}
	trusting := func(e *model.Estate, accounts ...string) *model.Estate {
		e.Settings.TrustedAccounts = source.Known(accounts, source.At(source.Loc{File: ".onus.yaml", Start: source.Pos{Line: 3}}))
		return e
	}
	Run(t, Find(t, cs, "ONUS-IAM-021"), []Case{
		{Name: "service", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{Service: []string{"ec2.amazonaws.com"}}}), Want: control.Pass},
		{Name: "star with org", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"*"}}, Condition: cond("aws:PrincipalOrgID", "o-abc")}), Want: control.Pass},
		{Name: "star", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{All: true}}), Want: control.Fail},
		{Name: "github oidc without subject", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{Federated: []string{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}},
			Action: []string{"sts:AssumeRoleWithWebIdentity"}}), Want: control.Fail},
		{Name: "github oidc pinned", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{Federated: []string{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}},
			Action: []string{"sts:AssumeRoleWithWebIdentity"}, Condition: cond("token.actions.githubusercontent.com:sub", "repo:onus-sec/onus:ref:refs/heads/main")}), Want: control.Pass},
		{Name: "aws star wildcard action", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"*"}}, Action: []string{"sts:*"}}), Want: control.Fail},
		{Name: "unknown", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.TrustPolicy = U[*iampolicy.Policy]("file() of missing file") })}}, Want: control.Unknown},
		{Name: "no roles", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	Run(t, Find(t, cs, "ONUS-IAM-026"), []Case{
		{Name: "same account", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}}), Want: control.Pass},
		{Name: "external id", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"999988887777"}}, Condition: cond("sts:ExternalId", "abc")}), Want: control.Pass},
		{Name: "third party", Estate: trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::999988887777:root"}}}), Want: control.Fail},
		{Name: "own organisation's account listed as trusted", Estate: trusting(trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::999988887777:role/deployer"}}}), "444455556666", "999988887777"),
			Want: control.Pass, Reason: "trusted_accounts"},
		{Name: "third party beside a trusted account", Estate: trusting(trust(iampolicy.Statement{Principal: &iampolicy.Principals{AWS: []string{"999988887777", "arn:aws:iam::123412341234:root"}}}), "999988887777"),
			Want: control.Fail, Reason: "123412341234"},
		{Name: "trusted account, own account unknown", Estate: trusting(&model.Estate{IAMRoles: []*iam.Role{{Meta: TF("aws_iam_role", "aws_iam_role.r"), TrustPolicy: K(docs(iampolicy.Statement{Effect: "Allow", Action: []string{"sts:AssumeRole"}, Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::999988887777:root"}}}))}}}, "999988887777"),
			Want: control.Pass},
		{Name: "own account unknown", Estate: &model.Estate{IAMRoles: []*iam.Role{{Meta: TF("aws_iam_role", "aws_iam_role.r"), TrustPolicy: K(docs(iampolicy.Statement{Effect: "Allow", Action: []string{"sts:AssumeRole"}, Principal: &iampolicy.Principals{AWS: []string{"arn:aws:iam::999988887777:root"}}}))}}}, Want: control.Unknown},
		{Name: "service linked", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.ServiceLinked = true })}}, Want: control.NotApplicable},
	})
	esc := docs(iampolicy.Statement{Effect: "Allow", Action: []string{"iam:PassRole", "lambda:*"}, Resource: []string{"*"}, Path: "Statement[0]"})
	denied := docs(iampolicy.Statement{Effect: "Allow", Action: []string{"iam:Attach*"}, Resource: []string{"*"}, Path: "Statement[0]"},
		iampolicy.Statement{Effect: "Deny", Action: []string{"iam:*"}, Resource: []string{"*"}, Path: "Statement[1]"})
	Run(t, Find(t, cs, "ONUS-IAM-022"), []Case{
		{Name: "scoped", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) {
			r.Inline = K([]iam.NamedPolicy{np("x", doc1("iam:PassRole", "arn:aws:iam::111122223333:role/x"))})
		})}}, Want: control.Pass},
		{Name: "denied", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", denied)}) })}}, Want: control.Pass},
		{Name: "passrole lambda", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", esc)}) })}}, Want: control.Fail, Reason: "lambda:CreateFunction"},
		{Name: "attach", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", doc1("iam:AttachUserPolicy", "*"))}) })}}, Want: control.Fail},
		{Name: "unknown", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) {
			r.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::111122223333:policy/custom", Document: U[*iampolicy.Policy]("not read")}})
		})}}, Want: control.Unknown},
		{Name: "service linked", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.ServiceLinked = true })}}, Want: control.NotApplicable},
	})
	fn := func(roleRef string, roles ...*iam.Role) *model.Estate {
		return &model.Estate{LambdaFunctions: []*lambda.Function{{Meta: TF("aws_lambda_function", "aws_lambda_function.f"), Role: K(roleRef)}}, IAMRoles: roles}
	}
	basic := role("fn", func(r *iam.Role) {
		r.Meta = TF("aws_iam_role", "aws_iam_role.fn")
		r.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}})
	})
	admin := role("fn", func(r *iam.Role) {
		r.Meta = TF("aws_iam_role", "aws_iam_role.fn")
		r.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/AdministratorAccess"}})
	})
	// ONUS-IAM-023 is retired: it yields nothing, maps to no framework, and
	// the findings it made are still made by ONUS-LAMBDA-009 (admin, on the
	// function) and ONUS-IAM-022 (escalation, on the role).
	dep := Find(t, cs, "ONUS-IAM-023")
	if dep.Deprecated == "" || len(dep.Frameworks) != 0 {
		t.Fatalf("ONUS-IAM-023 must be deprecated without framework mappings: %q %v", dep.Deprecated, dep.Frameworks)
	}
	escRole := role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", esc)}) })
	for _, e := range []*model.Estate{fn("aws_iam_role.fn.arn", basic), fn("aws_iam_role.fn.arn", admin), fn("arn:aws:iam::111122223333:role/r", escRole), {}} {
		if rs := dep.Check(e); len(rs) != 0 {
			t.Fatalf("deprecated ONUS-IAM-023 yielded %d results", len(rs))
		}
	}
	outcome := func(c *control.Control, e *model.Estate, addr string) control.Outcome {
		for _, r := range c.Check(e) {
			if r.Resource.Address == addr {
				return r.Outcome
			}
		}
		return 0
	}
	l009 := Find(t, lambdactl.Controls(), "ONUS-LAMBDA-009")
	if got := outcome(l009, fn("aws_iam_role.fn.arn", admin), "aws_lambda_function.f"); got != control.Fail {
		t.Errorf("ONUS-LAMBDA-009 on an admin execution role: %s, want FAIL", got)
	}
	if got := outcome(l009, fn("aws_iam_role.fn.arn", basic), "aws_lambda_function.f"); got != control.Pass {
		t.Errorf("ONUS-LAMBDA-009 on a basic execution role: %s, want PASS", got)
	}
	if got := outcome(Find(t, cs, "ONUS-IAM-022"), fn("arn:aws:iam::111122223333:role/r", escRole), escRole.Address); got != control.Fail {
		t.Errorf("ONUS-IAM-022 on an execution role with an escalation path: %s, want FAIL", got)
	}
	// Every verdict of IAM-022 says what it rests on: the escalation path's
	// statement, the admin grant, each document analysed, or the role
	// declaring none.
	adm := role("a", func(r *iam.Role) {
		r.Attached = K([]iam.NamedPolicy{{Ref: "arn:aws:iam::aws:policy/AdministratorAccess"}})
	})
	scoped := role("s", func(r *iam.Role) {
		r.Inline = K([]iam.NamedPolicy{np("x", doc1("iam:PassRole", "arn:aws:iam::111122223333:role/x")), np("y", doc1("s3:GetObject", "*"))})
	})
	bare := role("b", func(*iam.Role) {})
	for _, c := range []struct {
		r    *iam.Role
		want control.Outcome
		ev   string
	}{
		{escRole, control.Fail, "pass a role to a new Lambda function: x Statement[0]"},
		{adm, control.Fail, "admin grant: AdministratorAccess"},
		{scoped, control.Pass, "analysed policy document 2 of 2"},
		{bare, control.Pass, "no inline or attached policy"},
	} {
		rs := Find(t, cs, "ONUS-IAM-022").Check(&model.Estate{IAMRoles: []*iam.Role{c.r}})
		if len(rs) != 1 || rs[0].Outcome != c.want {
			t.Fatalf("ONUS-IAM-022 on %s: %+v, want one %s", c.r.Address, rs, c.want)
		}
		var sums []string
		for _, e := range rs[0].Evidence {
			sums = append(sums, e.Summary)
		}
		if !strings.Contains(strings.Join(sums, "; "), c.ev) {
			t.Errorf("ONUS-IAM-022 %s on %s cites %q, want %q", c.want, c.r.Address, sums, c.ev)
		}
	}
}

func TestAccountRegionControls(t *testing.T) {
	cs := Controls()
	region := func(f func(*account.Region)) *model.Estate {
		r := &account.Region{Meta: Live("AWS::::Region", "us-east-1"), Name: "us-east-1"}
		f(r)
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"}, Regions: []*account.Region{r}}
	}
	Run(t, Find(t, cs, "ONUS-IAM-019"), []Case{
		{Name: "on", Estate: region(func(r *account.Region) { r.AccessAnalyzers = K([]string{"account"}) }), Want: control.Pass},
		{Name: "off", Estate: region(func(r *account.Region) { r.AccessAnalyzers = K([]string{}) }), Want: control.Fail},
		{Name: "denied", Estate: region(func(r *account.Region) { r.AccessAnalyzers = U[[]string]("ListAnalyzers: AccessDenied") }), Want: control.Unknown},
		{Name: "region not read", Estate: &model.Estate{AccountWide: true, ScannedRegions: []string{"eu-west-1"}}, Address: "eu-west-1", Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
	})
	support := role("support", func(r *iam.Role) { r.Attached = K([]iam.NamedPolicy{{Ref: supportPolicy}}) })
	Run(t, Find(t, cs, "ONUS-IAM-016"), []Case{
		{Name: "role found", Estate: &model.Estate{IAMRoles: []*iam.Role{support}}, Want: control.Pass},
		{Name: "summary says yes", Estate: acct(func(a *account.Account) { a.SupportRole = K(true) }), Want: control.Pass},
		{Name: "none", Estate: acct(func(a *account.Account) { a.SupportRole = K(false) }), Want: control.Fail},
		{Name: "unknown", Estate: acct(func(a *account.Account) { a.SupportRole = U[bool]("ListEntitiesForPolicy: AccessDenied") }), Want: control.Unknown},
		{Name: "code", Estate: codeEmpty, Want: control.NotApplicable},
	})
}

func TestKMSDecrypt(t *testing.T) {
	cs := Controls()
	mp := func(d source.Value[*iampolicy.Policy]) *model.Estate {
		return &model.Estate{IAMPolicies: []*iam.ManagedPolicy{{Meta: Live("AWS::IAM::ManagedPolicy", "p"), Document: d}}}
	}
	notAction := docs(iampolicy.Statement{Effect: "Allow", NotAction: []string{"iam:*"}, Resource: []string{"*"}, Path: "Statement[0]"})
	Run(t, Find(t, cs, "ONUS-IAM-027"), []Case{
		{Name: "scoped", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k"))), Want: control.Pass},
		{Name: "star", Estate: mp(K(doc1("kms:Decrypt", "*"))), Want: control.Fail},
		{Name: "kms wildcard", Estate: mp(K(doc1("kms:*", "*"))), Want: control.Fail},
		{Name: "every key of an account", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/*"))), Want: control.Fail},
		{Name: "every key of every region", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:*:111122223333:key/*"))), Want: control.Fail},
		{Name: "every kms resource", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:*"))), Want: control.Fail},
		{Name: "key id prefix", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234*"))), Want: control.Pass},
		{Name: "aliases only", Estate: mp(K(doc1("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:alias/*"))), Want: control.Pass},
		{Name: "not action", Estate: mp(K(notAction)), Want: control.Fail},
		{Name: "unknown", Estate: mp(U[*iampolicy.Policy]("x")), Want: control.Unknown},
		{Name: "none", Estate: &model.Estate{}, Want: control.NotApplicable},
	})
	withInline := func(p *iampolicy.Policy) *model.Estate {
		return &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = K([]iam.NamedPolicy{np("x", p)}) })}}
	}
	Run(t, Find(t, cs, "ONUS-IAM-028"), []Case{
		{Name: "scoped", Estate: withInline(doc1("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k")), Want: control.Pass},
		{Name: "star", Estate: withInline(doc1("kms:ReEncrypt*", "*")), Want: control.Fail},
		// SAM's KMSDecryptPolicy with KeyId "*" writes key/* in the stack's account and region.
		{Name: "sam key star", Estate: withInline(doc1("kms:Decrypt", "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*")), Want: control.Fail},
		{Name: "sam one key", Estate: withInline(doc1("kms:Decrypt", "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}")), Want: control.Pass},
		{Name: "unknown", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.Inline = U[[]iam.NamedPolicy]("denied") })}}, Want: control.Unknown},
		{Name: "service linked", Estate: &model.Estate{IAMRoles: []*iam.Role{role("r", func(r *iam.Role) { r.ServiceLinked = true })}}, Want: control.NotApplicable},
	})
}

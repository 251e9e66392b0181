package iam

import (
	"fmt"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

func verdict(o control.Outcome, reason string, ev ...control.Evidence) control.Verdict {
	return control.Verdict{Outcome: o, Reason: reason, Evidence: ev}
}

// perAccount runs judge on every account of the estate. Live estates
// without an account record answer UNKNOWN; code estates NOT_APPLICABLE.
// codeVisible says whether code can declare the setting at all; when it
// cannot, code-declared accounts answer NOT_APPLICABLE too.
func perAccount(e *model.Estate, what string, codeVisible bool, judge func(*account.Account) control.Verdict) []control.Result {
	if len(e.Accounts) == 0 {
		b := control.On(scope.Account(e))
		if e.AccountWide {
			return []control.Result{b.Unknown(what + " was not read: the account summary is missing from the live estate")}
		}
		return []control.Result{b.NA(scope.CodeNA(what))}
	}
	var out []control.Result
	for _, a := range e.Accounts {
		b := control.On(&a.Meta)
		if scope.Code(&a.Meta) && !codeVisible {
			out = append(out, b.NA(what+" cannot be seen in code; it is evaluated on live account scans"))
			continue
		}
		out = append(out, b.Result(judge(a)))
	}
	return out
}

// boolAcct judges an account boolean; on code, an undeclared value is NA.
func boolAcct(a *account.Account, v source.Value[bool], want bool, what string) control.Verdict {
	got, ok := v.Get()
	switch {
	case !ok && scope.Code(&a.Meta) && v.Prov().Loc.IsZero():
		return verdict(control.NotApplicable, what+" is not declared in the scanned code")
	case !ok:
		return verdict(control.Unknown, what+" is unknown: "+v.Reason(), control.EvAt(what, v.PackedProv()))
	case got == want:
		return verdict(control.Pass, fmt.Sprintf("%s: %t", what, got), control.EvAt(fmt.Sprintf("%s = %t", what, got), v.PackedProv()))
	}
	return verdict(control.Fail, fmt.Sprintf("%s: %t", what, got), control.EvAt(fmt.Sprintf("%s = %t", what, got), v.PackedProv()))
}

// passwordPolicy judges one numeric or boolean aspect of the password policy.
func passwordPolicy(e *model.Estate, what string, judge func(*iam.PasswordPolicy) control.Verdict) []control.Result {
	return perAccount(e, "the account password policy", true, func(a *account.Account) control.Verdict {
		pp, ok := a.PasswordPolicy.Get()
		switch {
		case !ok && scope.Code(&a.Meta) && a.PasswordPolicy.Prov().Loc.IsZero():
			return verdict(control.NotApplicable, scope.CodeNA("the account password policy"))
		case !ok:
			return verdict(control.Unknown, "the password policy is unknown: "+a.PasswordPolicy.Reason(), control.EvAt("password policy", a.PasswordPolicy.PackedProv()))
		case pp == nil:
			return verdict(control.Fail, "the account has no password policy, so "+what+" is not enforced", control.EvAt("no password policy", a.PasswordPolicy.PackedProv()))
		}
		return judge(pp)
	})
}

// ppProv is where a password policy setting came from: its own provenance,
// or the policy's when the source recorded none for the setting (an
// attribute left at its default), so evidence always points somewhere.
func ppProv[T any](pp *iam.PasswordPolicy, v source.Value[T]) source.Prov {
	if p := v.Prov(); p != (source.Prov{}) {
		return p
	}
	return pp.Prov
}

func atLeast(v source.Value[int], min int, what string, pp *iam.PasswordPolicy) control.Verdict {
	n, ok := v.Get()
	p := ppProv(pp, v)
	switch {
	case !ok:
		return verdict(control.Unknown, what+" is unknown: "+v.Reason(), control.Ev(what, p))
	case n >= min:
		return verdict(control.Pass, fmt.Sprintf("%s is %d (>= %d)", what, n, min), control.Ev(fmt.Sprintf("%s = %d", what, n), p))
	}
	return verdict(control.Fail, fmt.Sprintf("%s is %d, below %d", what, n, min), control.Ev(fmt.Sprintf("%s = %d", what, n), p))
}

func ago(now, t time.Time) string { return fmt.Sprintf("%d days ago", scope.Age(now, t)) }

func join(l []string) string { return strings.Join(l, "; ") }

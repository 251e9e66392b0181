package awscollect

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	miam "github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/source"
)

// iamAPI is the read-only part of the IAM client onus uses. The one write,
// GenerateCredentialReport, only asks IAM to (re)build the report.
type iamAPI interface {
	iam.GetAccountAuthorizationDetailsAPIClient
	iam.ListVirtualMFADevicesAPIClient
	iam.ListServerCertificatesAPIClient
	GenerateCredentialReport(context.Context, *iam.GenerateCredentialReportInput, ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error)
	GetCredentialReport(context.Context, *iam.GetCredentialReportInput, ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error)
	GetAccountPasswordPolicy(context.Context, *iam.GetAccountPasswordPolicyInput, ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error)
	GetAccountSummary(context.Context, *iam.GetAccountSummaryInput, ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error)
}

// orgAPI reads the organization the account belongs to.
type orgAPI interface {
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
}

// accountAPI reads the account's alternate contacts.
type accountAPI interface {
	GetAlternateContact(context.Context, *awsaccount.GetAlternateContactInput, ...func(*awsaccount.Options)) (*awsaccount.GetAlternateContactOutput, error)
}

func (r *run) collectIAM(ctx context.Context) *model.Estate {
	var e *model.Estate
	var contact source.Value[bool]
	parallel(
		func() { e = r.iamEstate(ctx, iam.NewFromConfig(r.cfg), organizations.NewFromConfig(r.cfg)) },
		func() { contact = r.securityContact(ctx, awsaccount.NewFromConfig(r.cfg)) },
	)
	for _, a := range e.Accounts {
		a.ContactsSet = contact
	}
	return e
}

// securityContact tells whether the account registers a security alternate
// contact: ResourceNotFoundException is AWS's answer for "none registered",
// a known absence; any other failure leaves it UNKNOWN.
func (r *run) securityContact(ctx context.Context, cl accountAPI) source.Value[bool] {
	o := r.origin("account:GetAlternateContact", "", "arn:"+r.partition+":iam::"+r.account+":root")
	out, err := call(ctx, r, func(ctx context.Context) (*awsaccount.GetAlternateContactOutput, error) {
		return cl.GetAlternateContact(ctx, &awsaccount.GetAlternateContactInput{AlternateContactType: accttypes.AlternateContactTypeSecurity})
	})
	switch {
	case err == nil:
		c := out.AlternateContact
		return known(c != nil && (aws.ToString(c.EmailAddress) != "" || aws.ToString(c.PhoneNumber) != ""), o)
	case hasCode(err, "ResourceNotFoundException"):
		return known(false, o)
	}
	return unknownErr[bool](r, o, err)
}

// credRow is one row of the credential report.
type credRow map[string]string

type gaad struct {
	users    []iamtypes.UserDetail
	groups   []iamtypes.GroupDetail
	roles    []iamtypes.RoleDetail
	policies []iamtypes.ManagedPolicyDetail
	err      error
}

func (r *run) iamEstate(ctx context.Context, cl iamAPI, org orgAPI) *model.Estate {
	e := &model.Estate{}
	var (
		g         gaad
		report    map[string]credRow
		reportErr error
		pp        *iamtypes.PasswordPolicy
		ppErr     error
		summary   map[string]int32
		sumErr    error
		mfas      listed[iamtypes.VirtualMFADevice]
		certs     listed[iamtypes.ServerCertificateMetadata]
		orgID     string
		orgErr    error
	)
	parallel(
		func() {
			p := iam.NewGetAccountAuthorizationDetailsPaginator(cl, &iam.GetAccountAuthorizationDetailsInput{})
			for p.HasMorePages() {
				out, err := call(ctx, r, func(ctx context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error) { return p.NextPage(ctx) })
				if err != nil {
					g.err = err
					return
				}
				g.users = append(g.users, out.UserDetailList...)
				g.groups = append(g.groups, out.GroupDetailList...)
				g.roles = append(g.roles, out.RoleDetailList...)
				g.policies = append(g.policies, out.Policies...)
			}
		},
		func() { report, reportErr = r.credentialReport(ctx, cl) },
		func() {
			out, err := call(ctx, r, func(ctx context.Context) (*iam.GetAccountPasswordPolicyOutput, error) {
				return cl.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
			})
			if err == nil {
				pp = out.PasswordPolicy
			} else if !hasCode(err, "NoSuchEntity") {
				ppErr = err
			}
		},
		func() {
			out, err := call(ctx, r, func(ctx context.Context) (*iam.GetAccountSummaryOutput, error) {
				return cl.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
			})
			if err != nil {
				sumErr = err
				return
			}
			summary = map[string]int32{}
			for k, v := range out.SummaryMap {
				summary[k] = v
			}
		},
		func() {
			p := iam.NewListVirtualMFADevicesPaginator(cl, &iam.ListVirtualMFADevicesInput{})
			mfas = paginate(ctx, r, r.origin("iam:ListVirtualMFADevices", "", ""), p.HasMorePages, func(ctx context.Context) (*iam.ListVirtualMFADevicesOutput, error) { return p.NextPage(ctx) },
				func(o *iam.ListVirtualMFADevicesOutput) []iamtypes.VirtualMFADevice { return o.VirtualMFADevices })
		},
		func() {
			p := iam.NewListServerCertificatesPaginator(cl, &iam.ListServerCertificatesInput{})
			certs = paginate(ctx, r, r.origin("iam:ListServerCertificates", "", ""), p.HasMorePages, func(ctx context.Context) (*iam.ListServerCertificatesOutput, error) { return p.NextPage(ctx) },
				func(o *iam.ListServerCertificatesOutput) []iamtypes.ServerCertificateMetadata {
					return o.ServerCertificateMetadataList
				})
		},
		func() {
			out, err := call(ctx, r, func(ctx context.Context) (*organizations.DescribeOrganizationOutput, error) {
				return org.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
			})
			switch {
			case err == nil && out.Organization != nil:
				orgID = aws.ToString(out.Organization.Id)
			case err == nil || hasCode(err, "AWSOrganizationsNotInUseException"):
			default:
				orgErr = err
			}
		},
	)

	gaadO := r.origin("iam:GetAccountAuthorizationDetails", "", "")
	if g.err != nil {
		why := r.fail(gaadO.APICall, "", g.err)
		for _, t := range []string{"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::ManagedPolicy"} {
			e.Gaps = append(e.Gaps, model.Gap{Type: t, Account: r.account, APICall: gaadO.APICall, Reason: why})
		}
	}
	r.iamEntities(e, g, report, reportErr)

	// Account.
	ao := r.origin("sts:GetCallerIdentity", "", "arn:"+r.partition+":iam::"+r.account+":root")
	acct := &account.Account{
		Meta: base.Meta{Type: "AWS::Account", Address: "account/" + r.account, ARN: ao.ARN, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(ao), Tags: known(map[string]string(nil), ao)},
		ID:   r.account,
	}
	ppO := r.origin("iam:GetAccountPasswordPolicy", "", "")
	if ppErr != nil {
		acct.PasswordPolicy = unknownErr[*miam.PasswordPolicy](r, ppO, ppErr)
	} else if pp == nil {
		acct.PasswordPolicy = known[*miam.PasswordPolicy](nil, ppO)
	} else {
		acct.PasswordPolicy = known(&miam.PasswordPolicy{
			MinimumLength:    known(int(aws.ToInt32(pp.MinimumPasswordLength)), ppO),
			RequireSymbols:   known(pp.RequireSymbols, ppO),
			RequireNumbers:   known(pp.RequireNumbers, ppO),
			RequireUppercase: known(pp.RequireUppercaseCharacters, ppO),
			RequireLowercase: known(pp.RequireLowercaseCharacters, ppO),
			ReusePrevention:  known(int(aws.ToInt32(pp.PasswordReusePrevention)), ppO),
			MaxAge:           known(int(aws.ToInt32(pp.MaxPasswordAge)), ppO),
			Prov:             source.From(ppO),
		}, ppO)
	}
	orgO := r.origin("organizations:DescribeOrganization", "", "")
	if orgErr != nil {
		acct.Organization = unknownErr[string](r, orgO, orgErr)
	} else {
		acct.Organization = known(orgID, orgO)
	}
	if g.err != nil {
		acct.SupportRole = source.Unknown[bool](reason(gaadO.APICall, g.err), source.From(gaadO))
	} else {
		acct.SupportRole = known(supportRole(g), gaadO)
	}
	r.rootPosture(acct, report, reportErr, summary, sumErr, mfas)
	e.Accounts = append(e.Accounts, acct)

	// Server certificates.
	if certs.err != nil {
		r.gap(e, "AWS::IAM::ServerCertificate", certs.o, certs.err)
	}
	for _, c := range certs.items {
		arn := aws.ToString(c.Arn)
		o := r.origin("iam:ListServerCertificates", "", arn)
		x := &miam.ServerCertificate{
			Meta: base.Meta{Type: "AWS::IAM::ServerCertificate", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o)},
			Name: known(aws.ToString(c.ServerCertificateName), o),
		}
		if c.Expiration != nil {
			x.Expiration = known(c.Expiration.UTC(), o)
		}
		e.IAMServerCerts = append(e.IAMServerCerts, x)
	}
	return e
}

func supportRole(g gaad) bool {
	for _, rl := range g.roles {
		for _, a := range rl.AttachedManagedPolicies {
			if strings.HasSuffix(aws.ToString(a.PolicyArn), ":policy/AWSSupportAccess") {
				return true
			}
		}
	}
	return false
}

// iamEntities fills users, groups, roles and managed policies from GAAD
// joined with the credential report.
func (r *run) iamEntities(e *model.Estate, g gaad, report map[string]credRow, reportErr error) {
	o := func(arn string) source.Origin { return r.origin("iam:GetAccountAuthorizationDetails", "", arn) }
	docs := map[string]source.Value[*iampolicy.Policy]{}
	attached := map[string][]string{}
	for _, p := range g.policies {
		arn := aws.ToString(p.Arn)
		doc := source.Unknown[*iampolicy.Policy]("default policy version not returned by iam:GetAccountAuthorizationDetails", source.From(o(arn)))
		for _, v := range p.PolicyVersionList {
			if v.IsDefaultVersion {
				doc = r.policy(o(arn), aws.ToString(v.Document))
			}
		}
		docs[arn] = doc
	}
	resolve := func(as []iamtypes.AttachedPolicy, who, arn string) []miam.NamedPolicy {
		ps := []miam.NamedPolicy{}
		for _, a := range as {
			parn := aws.ToString(a.PolicyArn)
			attached[parn] = append(attached[parn], who)
			doc, ok := docs[parn]
			if !ok {
				doc = source.Unknown[*iampolicy.Policy]("policy "+parn+" not returned by iam:GetAccountAuthorizationDetails", source.From(o(arn)))
			}
			ps = append(ps, miam.NamedPolicy{Name: aws.ToString(a.PolicyName), Ref: parn, Document: doc, Prov: source.Pack(source.From(o(arn)))})
		}
		return ps
	}
	inline := func(ps []iamtypes.PolicyDetail, arn string) []miam.NamedPolicy {
		out := []miam.NamedPolicy{}
		for _, p := range ps {
			out = append(out, miam.NamedPolicy{Name: aws.ToString(p.PolicyName), Document: r.policy(o(arn), aws.ToString(p.PolicyDocument)), Prov: source.Pack(source.From(o(arn)))})
		}
		return out
	}
	boundary := func(b *iamtypes.AttachedPermissionsBoundary, arn string) source.Value[*iampolicy.Policy] {
		if b == nil || aws.ToString(b.PermissionsBoundaryArn) == "" {
			return known[*iampolicy.Policy](nil, o(arn))
		}
		if d, ok := docs[aws.ToString(b.PermissionsBoundaryArn)]; ok {
			return d
		}
		return source.Unknown[*iampolicy.Policy]("boundary "+aws.ToString(b.PermissionsBoundaryArn)+" not returned by iam:GetAccountAuthorizationDetails", source.From(o(arn)))
	}
	tags := func(ts []iamtypes.Tag, arn string) source.Value[map[string]string] {
		return known(tagMap(ts, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value }), o(arn))
	}
	members := map[string][]string{}
	repO := r.origin("iam:GetCredentialReport", "", "")
	repWhy := ""
	if reportErr != nil {
		repWhy = r.fail(repO.APICall, "", reportErr)
	}
	for _, u := range g.users {
		arn := aws.ToString(u.Arn)
		name := aws.ToString(u.UserName)
		x := &miam.User{
			Meta:     base.Meta{Type: "AWS::IAM::User", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o(arn)), Tags: tags(u.Tags, arn)},
			Name:     known(name, o(arn)),
			Inline:   known(inline(u.UserPolicyList, arn), o(arn)),
			Attached: known(resolve(u.AttachedManagedPolicies, name, arn), o(arn)),
			Groups:   known(append([]string{}, u.GroupList...), o(arn)),
			Boundary: boundary(u.PermissionsBoundary, arn),
		}
		if u.CreateDate != nil {
			x.Created = known(u.CreateDate.UTC(), o(arn))
		}
		for _, gr := range u.GroupList {
			members[gr] = append(members[gr], name)
		}
		ro := r.origin("iam:GetCredentialReport", "", arn)
		row, ok := report[arn]
		switch {
		case repWhy != "":
			x.AccessKeys = source.Unknown[[]miam.AccessKey](repWhy, source.From(ro))
			x.PasswordEnabled = source.Unknown[bool](repWhy, source.From(ro))
			x.PasswordLastUsed = source.Unknown[*time.Time](repWhy, source.From(ro))
			x.MFAActive = source.Unknown[bool](repWhy, source.From(ro))
		case !ok:
			why := "user " + name + " not in the credential report (created after it was generated)"
			x.AccessKeys = source.Unknown[[]miam.AccessKey](why, source.From(ro))
			x.PasswordEnabled = source.Unknown[bool](why, source.From(ro))
			x.PasswordLastUsed = source.Unknown[*time.Time](why, source.From(ro))
			x.MFAActive = source.Unknown[bool](why, source.From(ro))
		default:
			x.AccessKeys = known(row.keys(ro), ro)
			x.PasswordEnabled = known(row["password_enabled"] == "true", ro)
			x.PasswordLastUsed = known(reportTime(row["password_last_used"]), ro)
			x.MFAActive = known(row["mfa_active"] == "true", ro)
		}
		e.IAMUsers = append(e.IAMUsers, x)
	}
	for _, gr := range g.groups {
		arn := aws.ToString(gr.Arn)
		name := aws.ToString(gr.GroupName)
		us := members[name]
		if us == nil {
			us = []string{}
		}
		e.IAMGroups = append(e.IAMGroups, &miam.Group{
			Meta:     base.Meta{Type: "AWS::IAM::Group", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o(arn)), Tags: known(map[string]string(nil), o(arn))},
			Name:     known(name, o(arn)),
			Inline:   known(inline(gr.GroupPolicyList, arn), o(arn)),
			Attached: known(resolve(gr.AttachedManagedPolicies, name, arn), o(arn)),
			Users:    known(us, o(arn)),
		})
	}
	for _, rl := range g.roles {
		arn := aws.ToString(rl.Arn)
		name := aws.ToString(rl.RoleName)
		x := &miam.Role{
			Meta:          base.Meta{Type: "AWS::IAM::Role", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o(arn)), Tags: tags(rl.Tags, arn)},
			Name:          known(name, o(arn)),
			Path:          known(aws.ToString(rl.Path), o(arn)),
			TrustPolicy:   r.policy(o(arn), aws.ToString(rl.AssumeRolePolicyDocument)),
			Inline:        known(inline(rl.RolePolicyList, arn), o(arn)),
			Attached:      known(resolve(rl.AttachedManagedPolicies, name, arn), o(arn)),
			Boundary:      boundary(rl.PermissionsBoundary, arn),
			ServiceLinked: strings.HasPrefix(aws.ToString(rl.Path), "/aws-service-role/"),
		}
		var last *time.Time
		if rl.RoleLastUsed != nil && rl.RoleLastUsed.LastUsedDate != nil {
			t := rl.RoleLastUsed.LastUsedDate.UTC()
			last = &t
		}
		x.LastUsed = known(last, o(arn))
		e.IAMRoles = append(e.IAMRoles, x)
	}
	for _, p := range g.policies {
		arn := aws.ToString(p.Arn)
		awsManaged := strings.HasPrefix(arn, "arn:"+r.partition+":iam::aws:policy/")
		// AWS-managed policies exist in every account: only those in use
		// are part of this estate, and they are judged through their
		// attachments.
		if awsManaged && aws.ToInt32(p.AttachmentCount) == 0 && len(attached[arn]) == 0 {
			continue
		}
		to := attached[arn]
		if to == nil {
			to = []string{}
		}
		e.IAMPolicies = append(e.IAMPolicies, &miam.ManagedPolicy{
			Meta:       base.Meta{Type: "AWS::IAM::ManagedPolicy", Address: arn, ARN: arn, Account: r.account, Source: source.AWS, Origin: base.LiveOrigin(o(arn)), Tags: known(map[string]string(nil), o(arn))},
			Name:       known(aws.ToString(p.PolicyName), o(arn)),
			Document:   docs[arn],
			AWSManaged: awsManaged,
			AttachedTo: known(to, o(arn)),
		})
	}
	sortByAddress(e.IAMUsers)
	sortByAddress(e.IAMGroups)
	sortByAddress(e.IAMRoles)
	sortByAddress(e.IAMPolicies)
}

// rootPosture fills root MFA and keys from the credential report's root
// row, falling back to GetAccountSummary where the report has no answer.
func (r *run) rootPosture(a *account.Account, report map[string]credRow, reportErr error, summary map[string]int32, sumErr error, mfas listed[iamtypes.VirtualMFADevice]) {
	rootARN := "arn:" + r.partition + ":iam::" + r.account + ":root"
	ro := r.origin("iam:GetCredentialReport", "", rootARN)
	so := r.origin("iam:GetAccountSummary", "", rootARN)
	root, haveRoot := report["<root_account>"]
	if !haveRoot {
		for _, row := range report {
			if row["user"] == "<root_account>" {
				root, haveRoot = row, true
			}
		}
	}
	whyNoReport := "credential report has no root row"
	if reportErr != nil {
		whyNoReport = reason("iam:GetCredentialReport", reportErr)
	}
	switch {
	case haveRoot:
		a.RootMFA = known(root["mfa_active"] == "true", ro)
		a.RootAccessKeys = known(root["access_key_1_active"] == "true" || root["access_key_2_active"] == "true", ro)
		var last *time.Time
		for _, k := range []string{"password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date"} {
			if t := reportTime(root[k]); t != nil && (last == nil || t.After(*last)) {
				last = t
			}
		}
		a.RootLastUsed = known(last, ro)
	case sumErr == nil:
		a.RootMFA = known(summary["AccountMFAEnabled"] == 1, so)
		a.RootAccessKeys = known(summary["AccountAccessKeysPresent"] == 1, so)
		a.RootLastUsed = source.Unknown[*time.Time](whyNoReport, source.From(ro))
	default:
		why := whyNoReport + "; " + r.fail("iam:GetAccountSummary", "", sumErr)
		a.RootMFA = source.Unknown[bool](why, source.From(so))
		a.RootAccessKeys = source.Unknown[bool](why, source.From(so))
		a.RootLastUsed = source.Unknown[*time.Time](whyNoReport, source.From(ro))
	}
	mo := r.origin("iam:ListVirtualMFADevices", "", rootARN)
	mfa, ok := a.RootMFA.Get()
	switch {
	case !ok:
		a.RootHardwareMFA = source.Unknown[bool](a.RootMFA.Reason(), a.RootMFA.Prov())
	case !mfa:
		a.RootHardwareMFA = known(false, a.RootMFA.Prov().Origin)
	case mfas.err != nil:
		a.RootHardwareMFA = unknownErr[bool](r, mo, mfas.err)
	default:
		virtual := false
		for _, d := range mfas.items {
			if (d.User != nil && aws.ToString(d.User.Arn) == rootARN) || strings.HasSuffix(aws.ToString(d.SerialNumber), ":mfa/root-account-mfa-device") {
				virtual = true
			}
		}
		a.RootHardwareMFA = known(!virtual, mo)
	}
}

// credentialReport asks IAM to generate the report and polls for it with
// backoff: GetCredentialReport fails until generation has finished.
func (r *run) credentialReport(ctx context.Context, cl iamAPI) (map[string]credRow, error) {
	if _, err := call(ctx, r, func(ctx context.Context) (*iam.GenerateCredentialReportOutput, error) {
		return cl.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	}); err != nil {
		return nil, fmt.Errorf("iam:GenerateCredentialReport: %w", err)
	}
	wait := 200 * time.Millisecond
	deadline := time.Now().Add(r.timeout)
	for {
		out, err := call(ctx, r, func(ctx context.Context) (*iam.GetCredentialReportOutput, error) {
			return cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		})
		if err == nil {
			return parseCredentialReport(out.Content)
		}
		if !hasCode(err, "ReportInProgress", "ReportNotPresent", "ReportExpired") || time.Now().After(deadline) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 3*time.Second)
	}
}

// parseCredentialReport parses the CSV into rows keyed by ARN (and the
// root row also by "<root_account>").
func parseCredentialReport(content []byte) (map[string]credRow, error) {
	rd := csv.NewReader(bytes.NewReader(content))
	rd.FieldsPerRecord = -1
	head, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("credential report: reading header: %w", err)
	}
	rows := map[string]credRow{}
	for line := 2; ; line++ {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("credential report line %d: %w", line, err)
		}
		row := credRow{}
		for i, h := range head {
			if i < len(rec) {
				row[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
			}
		}
		if row["user"] == "<root_account>" {
			rows["<root_account>"] = row
		}
		if row["arn"] != "" {
			rows[row["arn"]] = row
		}
	}
	return rows, nil
}

func (row credRow) keys(o source.Origin) []miam.AccessKey {
	ks := []miam.AccessKey{}
	for _, n := range []string{"1", "2"} {
		active := row["access_key_"+n+"_active"] == "true"
		created := reportTime(row["access_key_"+n+"_last_rotated"])
		if !active && created == nil {
			continue
		}
		ks = append(ks, miam.AccessKey{Active: active, Created: created, LastUsed: reportTime(row["access_key_"+n+"_last_used_date"]), Prov: source.From(o)})
	}
	return ks
}

// reportTime parses a credential report date; N/A, no_information and
// not_supported are nil.
func reportTime(s string) *time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

package awscollect

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	mssm "github.com/onus-sec/onus/model/ssm"
)

// ssmServer answers the Systems Manager JSON 1.1 calls the SSM collector
// makes with recorded responses (API reference shapes): the emulator has no
// GetServiceSetting and no ListResourceComplianceSummaries. deny names the
// operations (or "GetServiceSetting <id>") answered with AccessDenied.
func ssmServer(t *testing.T, answers map[string]string, deny ...string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSSM.")
		body, _ := io.ReadAll(r.Body)
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		key := op
		switch op {
		case "GetServiceSetting":
			key = op + " " + fmt.Sprint(in["SettingId"])
		case "ListResourceComplianceSummaries":
			fs, _ := in["Filters"].([]any)
			if len(fs) != 1 {
				t.Errorf("%s without one ComplianceType filter: %s", op, body)
				break
			}
			f := fs[0].(map[string]any)
			key = op + " " + fmt.Sprint(f["Values"])
		case "ListDocuments":
			if !strings.Contains(string(body), `"Key":"Owner","Values":["Self"]`) {
				t.Errorf("ListDocuments without the Owner Self filter: %s", body)
			}
		case "DescribeDocumentPermission":
			key = op + " " + fmt.Sprint(in["Name"]) + " " + fmt.Sprint(in["NextToken"])
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		for _, d := range deny {
			if d == op || d == key {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"__type":"AccessDeniedException","message":"not authorized"}`)
				return
			}
		}
		a, ok := answers[key]
		if !ok {
			t.Errorf("unexpected call %s (%s)", key, body)
			w.WriteHeader(400)
			fmt.Fprint(w, `{"__type":"ValidationException","message":"unexpected"}`)
			return
		}
		fmt.Fprint(w, a)
	}))
}

var ssmAnswers = map[string]string{
	"ListDocuments": `{"DocumentIdentifiers":[{"Name":"open-runbook","Owner":"123456789012","DocumentType":"Automation","Tags":[{"Key":"team","Value":"ops"}]},` +
		`{"Name":"partner-runbook","Owner":"123456789012","DocumentType":"Command"},{"Name":"private-runbook","Owner":"123456789012","DocumentType":"Command"}]}`,
	// The public share is on the second page: every page must be read.
	"DescribeDocumentPermission open-runbook <nil>":    `{"AccountIds":["444455556666"],"NextToken":"p2"}`,
	"DescribeDocumentPermission open-runbook p2":       `{"AccountIds":["All"]}`,
	"DescribeDocumentPermission partner-runbook <nil>": `{"AccountIds":["444455556666"],"AccountSharingInfoList":[{"AccountId":"444455556666","SharedDocumentVersion":"$DEFAULT"}]}`,
	"DescribeDocumentPermission private-runbook <nil>": `{"AccountIds":[]}`,
	"GetServiceSetting /ssm/automation/customer-script-log-destination": `{"ServiceSetting":{"SettingId":"/ssm/automation/customer-script-log-destination","SettingValue":"CloudWatch",` +
		`"ARN":"arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination","Status":"Customized"}}`,
	"GetServiceSetting /ssm/documents/console/public-sharing-permission": `{"ServiceSetting":{"SettingId":"/ssm/documents/console/public-sharing-permission","SettingValue":"Enable",` +
		`"ARN":"arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission","Status":"Default"}}`,
	"ListResourceComplianceSummaries [Patch]": `{"ResourceComplianceSummaryItems":[` +
		`{"ComplianceType":"Patch","ResourceType":"ManagedInstance","ResourceId":"i-0aaa","Status":"COMPLIANT","OverallSeverity":"UNSPECIFIED"},` +
		`{"ComplianceType":"Patch","ResourceType":"ManagedInstance","ResourceId":"mi-0bbb","Status":"NON_COMPLIANT","OverallSeverity":"CRITICAL",` +
		`"NonCompliantSummary":{"NonCompliantCount":3}}],"NextToken":"n2"}`,
	"ListResourceComplianceSummaries [Association]": `{"ResourceComplianceSummaryItems":[` +
		`{"ComplianceType":"Association","ResourceType":"ManagedInstance","ResourceId":"i-0aaa","Status":"NON_COMPLIANT","OverallSeverity":"UNSPECIFIED"}]}`,
}

// TestRecordedSSM reads documents, settings and compliance from recorded
// answers and runs the SSM controls on the result.
func TestRecordedSSM(t *testing.T) {
	answers := map[string]string{}
	for k, v := range ssmAnswers {
		answers[k] = v
	}
	// The second page of the Patch listing: the paginator sends the token
	// with the same filter, so the key repeats; serve it once, then empty.
	pages := 0
	srv := ssmServer(t, answers)
	srv.Config.Handler = pageOnce(srv.Config.Handler, "ListResourceComplianceSummaries", `"NextToken":"n2"`, &pages,
		`{"ResourceComplianceSummaryItems":[{"ComplianceType":"Patch","ResourceType":"ManagedInstance","ResourceId":"i-0ccc","Status":"NON_COMPLIANT"}]}`)
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := r.ssmEstate(context.Background(), "us-east-1", ssm.NewFromConfig(r.cfg))
	runChecks(t, e, []check{
		{"documents", func(e *model.Estate) any { return len(e.SSMDocuments) }, 3},
		{"open shares", func(e *model.Estate) any { return val(get(e.SSMDocuments, "document/open-runbook").SharedWith) }, []string{"444455556666", "all"}},
		{"open meta", func(e *model.Estate) any {
			d := get(e.SSMDocuments, "document/open-runbook")
			return [4]any{d.ARN, d.Region, val(d.Name), val(d.Tags)}
		}, [4]any{"arn:aws:ssm:us-east-1:123456789012:document/open-runbook", "us-east-1", "open-runbook", map[string]string{"team": "ops"}}},
		{"partner shares", func(e *model.Estate) any { return val(get(e.SSMDocuments, "document/partner-runbook").SharedWith) }, []string{"444455556666"}},
		{"private shares", func(e *model.Estate) any { return val(get(e.SSMDocuments, "document/private-runbook").SharedWith) }, []string{}},
		{"settings", func(e *model.Estate) any {
			out := map[string]any{}
			for _, s := range e.SSMServiceSettings {
				out[s.SettingID] = [2]any{val(s.Value), s.Address}
			}
			return out
		}, map[string]any{
			"/ssm/automation/customer-script-log-destination":  [2]any{"CloudWatch", "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination"},
			"/ssm/documents/console/public-sharing-permission": [2]any{"Enable", "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission"},
		}},
		{"compliance", func(e *model.Estate) any {
			var out []string
			for _, c := range e.SSMCompliance {
				out = append(out, c.Type+" "+c.Address+" "+fmt.Sprint(val(c.Status)))
			}
			return out
		}, []string{
			"Patch arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa COMPLIANT",
			"Patch arn:aws:ec2:us-east-1:123456789012:instance/i-0ccc NON_COMPLIANT",
			"Patch arn:aws:ssm:us-east-1:123456789012:managed-instance/mi-0bbb NON_COMPLIANT",
			"Association arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa NON_COMPLIANT",
		}},
		{"no gaps", func(e *model.Estate) any { return len(e.Gaps) }, 0},
	})
	if pages != 1 {
		t.Errorf("second compliance page served %d times, want 1", pages)
	}
	e.AccountWide, e.ScannedRegions = true, []string{"us-east-1"}
	outcomes(t, e, map[string]control.Outcome{
		"ONUS-SSM-001 arn:aws:ssm:us-east-1:123456789012:document/open-runbook":                                          control.Fail,
		"ONUS-SSM-001 arn:aws:ssm:us-east-1:123456789012:document/partner-runbook":                                       control.Pass,
		"ONUS-SSM-001 arn:aws:ssm:us-east-1:123456789012:document/private-runbook":                                       control.Pass,
		"ONUS-SSM-002 arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa":                                                control.Pass,
		"ONUS-SSM-002 arn:aws:ec2:us-east-1:123456789012:instance/i-0ccc":                                                control.Fail,
		"ONUS-SSM-002 arn:aws:ssm:us-east-1:123456789012:managed-instance/mi-0bbb":                                       control.Fail,
		"ONUS-SSM-003 arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa":                                                control.Fail,
		"ONUS-SSM-004 arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination":  control.Pass,
		"ONUS-SSM-005 arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission": control.Fail,
	})
}

// TestRecordedSSMDenied: a denied read is UNKNOWN with the API error (a
// setting, a document's sharing) or a listing gap (documents, compliance),
// never a PASS or "no managed instance".
func TestRecordedSSMDenied(t *testing.T) {
	srv := ssmServer(t, ssmAnswers, "GetServiceSetting /ssm/documents/console/public-sharing-permission",
		"DescribeDocumentPermission partner-runbook <nil>", "ListResourceComplianceSummaries [Association]")
	srv.Config.Handler = pageOnce(srv.Config.Handler, "ListResourceComplianceSummaries", `"NextToken":"n2"`, new(int), `{"ResourceComplianceSummaryItems":[]}`)
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := r.ssmEstate(context.Background(), "us-east-1", ssm.NewFromConfig(r.cfg))
	const denied = "AccessDeniedException (permission denied)"
	runChecks(t, e, []check{
		{"sharing denied", func(e *model.Estate) any {
			return val(get(e.SSMDocuments, "document/partner-runbook").SharedWith)
		}, "UNKNOWN"},
		{"sharing reason", func(e *model.Estate) any {
			return get(e.SSMDocuments, "document/partner-runbook").SharedWith.Reason()
		}, "ssm:DescribeDocumentPermission: " + denied},
		{"setting denied", func(e *model.Estate) any {
			for _, s := range e.SSMServiceSettings {
				if s.SettingID == "/ssm/documents/console/public-sharing-permission" {
					return [2]any{val(s.Value), s.Value.Reason()}
				}
			}
			return "not kept"
		}, [2]any{"UNKNOWN", "ssm:GetServiceSetting: " + denied}},
		{"association gap", func(e *model.Estate) any {
			why, ok := e.ListingGap(mssm.ComplianceGapType("Association"), "us-east-1")
			return [2]any{ok, why}
		}, [2]any{true, "ssm:ListResourceComplianceSummaries: " + denied}},
		{"patch listed", func(e *model.Estate) any {
			_, ok := e.ListingGap(mssm.ComplianceGapType("Patch"), "us-east-1")
			return ok
		}, false},
	})
	e.AccountWide, e.ScannedRegions = true, []string{"us-east-1"}
	outcomes(t, e, map[string]control.Outcome{
		"ONUS-SSM-001 arn:aws:ssm:us-east-1:123456789012:document/partner-runbook": control.Unknown,
		"ONUS-SSM-003 us-east-1": control.Unknown,
		"ONUS-SSM-005 arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission": control.Unknown,
	})

	// Documents not listable: a gap, so a public document cannot hide.
	srv2 := ssmServer(t, ssmAnswers, "ListDocuments", "ListResourceComplianceSummaries")
	defer srv2.Close()
	r2 := recordedRun(t, srv2.URL)
	e2 := r2.ssmEstate(context.Background(), "us-east-1", ssm.NewFromConfig(r2.cfg))
	for _, typ := range []string{"AWS::SSM::Document", mssm.ComplianceGapType("Patch"), mssm.ComplianceGapType("Association")} {
		if _, ok := e2.ListingGap(typ, "us-east-1"); !ok {
			t.Errorf("no gap for %s", typ)
		}
	}
}

// pageOnce serves body instead of the next handler's answer for op when
// the request carries the token marker (a follow-up page), counting it.
func pageOnce(next http.Handler, op, marker string, n *int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), "."+op) && strings.Contains(string(b), marker) {
			*n++
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			fmt.Fprint(w, body)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// outcomes runs the catalogue and checks the named results.
func outcomes(t *testing.T, e *model.Estate, want map[string]control.Outcome) {
	t.Helper()
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r
	}
	for k, w := range want {
		r, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s: no result", k)
		case r.Outcome != w:
			t.Errorf("%s = %s (%s), want %s", k, r.Outcome, r.Reason, w)
		}
	}
}

package awscollect

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/macie2"

	"github.com/onus-sec/onus/model"
)

// restJSON serves one recorded REST-JSON answer: a body with status 200, or
// an error code with its status.
func restJSON(t *testing.T, wantPath string, status int, code, body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != wantPath {
			t.Errorf("unexpected call %s %s", r.Method, r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		if code != "" {
			w.Header().Set("X-Amzn-ErrorType", code)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
}

// TestRecordedMacie: GetMacieSession answers, from the Macie API reference
// and observed behaviour: ENABLED/PAUSED sessions; "Macie is not enabled"
// as AccessDeniedException with HTTP 401 (or ResourceNotFoundException);
// a caller without the permission as AccessDeniedException with HTTP 403.
func TestRecordedMacie(t *testing.T) {
	cases := []struct {
		name   string
		status int
		code   string
		body   string
		want   any
	}{
		{"enabled", 200, "", `{"status":"ENABLED","findingPublishingFrequency":"SIX_HOURS","serviceRole":"arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"}`, true},
		{"paused", 200, "", `{"status":"PAUSED"}`, false},
		{"not enabled (401)", 401, "AccessDeniedException", `{"message":"Macie is not enabled."}`, false},
		{"not found", 404, "ResourceNotFoundException", `{"message":"The request failed because the specified resource doesn't exist."}`, false},
		{"denied (403)", 403, "AccessDeniedException", `{"message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: macie2:GetMacieSession"}`,
			"UNKNOWN: macie2:GetMacieSession: AccessDeniedException (permission denied)"},
		{"message text alone does not decide", 403, "AccessDeniedException", `{"message":"Macie is not enabled."}`,
			"UNKNOWN: macie2:GetMacieSession: AccessDeniedException (permission denied)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := restJSON(t, "/macie", c.status, c.code, c.body)
			defer srv.Close()
			r := recordedRun(t, srv.URL)
			o := r.origin("macie2:GetMacieSession", "us-east-1", "")
			v := r.macieEnabled(context.Background(), o, macie2.NewFromConfig(r.cfg))
			got := val(v)
			if got == "UNKNOWN" {
				got = "UNKNOWN: " + v.Reason()
			}
			if got != c.want {
				t.Fatalf("Macie = %#v, want %#v", got, c.want)
			}
			if v.Prov().Origin.APICall != "macie2:GetMacieSession" {
				t.Fatalf("provenance %+v", v.Prov().Origin)
			}
		})
	}
}

// TestRecordedSecurityContact: GetAlternateContact(SECURITY) as the Account
// API reference documents it.
func TestRecordedSecurityContact(t *testing.T) {
	cases := []struct {
		name   string
		status int
		code   string
		body   string
		want   any
	}{
		{"registered", 200, "", `{"AlternateContact":{"AlternateContactType":"SECURITY","EmailAddress":"sec@example.com","Name":"Sec","PhoneNumber":"+10000000000","Title":"CISO"}}`, true},
		{"none registered", 404, "ResourceNotFoundException", `{"message":"No contact of the inputted alternate contact type found."}`, false},
		{"denied", 403, "AccessDeniedException", `{"message":"not authorized to perform: account:GetAlternateContact"}`,
			"UNKNOWN: account:GetAlternateContact: AccessDeniedException (permission denied)"},
		{"throttled", 429, "TooManyRequestsException", `{"message":"slow down"}`,
			"UNKNOWN: account:GetAlternateContact: TooManyRequestsException (throttled; gave up after retries)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := restJSON(t, "/getAlternateContact", c.status, c.code, c.body)
			defer srv.Close()
			r := recordedRun(t, srv.URL)
			v := r.securityContact(context.Background(), awsaccount.NewFromConfig(r.cfg, func(o *awsaccount.Options) { o.RetryMaxAttempts = 1 }))
			got := val(v)
			if got == "UNKNOWN" {
				got = "UNKNOWN: " + v.Reason()
			}
			if got != c.want {
				t.Fatalf("security contact = %#v, want %#v", got, c.want)
			}
		})
	}
}

// TestRecordedAPIGateway: a stage with a client certificate and a web ACL;
// a second API whose GetStages is denied leaves a listing gap for stages
// instead of an empty, "compliant" API.
func TestRecordedAPIGateway(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/restapis":
			fmt.Fprint(w, `{"item":[{"id":"a1","name":"shop"},{"id":"b2","name":"admin"}]}`)
		case "/restapis/a1/stages":
			fmt.Fprint(w, `{"item":[{"stageName":"prod","clientCertificateId":"cc1","webAclArn":"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1",`+
				`"accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:123456789012:log-group:api","format":"$context.requestId"},"tags":{"team":"shop"}}]}`)
		case "/restapis/b2/stages":
			w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
			w.WriteHeader(403)
			fmt.Fprint(w, `{"message":"denied"}`)
		default:
			t.Errorf("unexpected call %s %s", r.Method, r.URL.Path)
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := r.apiGatewayEstate(context.Background(), "us-east-1", apigateway.NewFromConfig(r.cfg))
	runChecks(t, e, []check{
		{"one stage", func(e *model.Estate) any { return len(e.APIGatewayStages) }, 1},
		{"prod", func(e *model.Estate) any {
			s := get(e.APIGatewayStages, "/restapis/a1/stages/prod")
			return [5]any{val(s.APIName), val(s.ClientCertificate), val(s.WebACL), val(s.AccessLogs), val(s.Tags)}
		}, [5]any{"shop", "cc1", "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1", true, map[string]string{"team": "shop"}}},
		{"gap for the denied API", func(e *model.Estate) any {
			why, ok := e.ListingGap("AWS::ApiGateway::Stage", "us-east-1")
			return [2]any{ok, why}
		}, [2]any{true, "apigateway:GetStages: AccessDeniedException (permission denied)"}},
	})
}

// TestRecordedGuardDutyFeatures: GetDetector's features and runtime add-ons
// (API reference shapes) become Region.GuardDutyFeatures; an add-on counts
// only when its feature is on too.
func TestRecordedGuardDutyFeatures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/detector":
			fmt.Fprint(w, `{"detectorIds":["d1"]}`)
		case "/detector/d1":
			fmt.Fprint(w, `{"status":"ENABLED","serviceRole":"arn:aws:iam::123456789012:role/gd","features":[`+
				`{"name":"S3_DATA_EVENTS","status":"ENABLED"},{"name":"EKS_AUDIT_LOGS","status":"DISABLED"},`+
				`{"name":"RUNTIME_MONITORING","status":"ENABLED","additionalConfiguration":[{"name":"EKS_ADDON_MANAGEMENT","status":"DISABLED"},{"name":"EC2_AGENT_MANAGEMENT","status":"ENABLED"}]},`+
				`{"name":"LAMBDA_NETWORK_LOGS","status":"DISABLED","additionalConfiguration":[{"name":"ECS_FARGATE_AGENT_MANAGEMENT","status":"ENABLED"}]}]}`)
		default:
			t.Errorf("unexpected call %s %s", r.Method, r.URL.Path)
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	r := recordedRun(t, srv.URL)
	e := r.regionEstate(context.Background(), "us-east-1", detectives{gd: guardduty.NewFromConfig(r.cfg)})
	runChecks(t, e, []check{
		{"enabled", func(e *model.Estate) any { return val(e.Regions[0].GuardDuty) }, true},
		{"features", func(e *model.Estate) any { return val(e.Regions[0].GuardDutyFeatures) }, map[string]bool{
			"S3_DATA_EVENTS": true, "EKS_AUDIT_LOGS": false, "RUNTIME_MONITORING": true, "EKS_ADDON_MANAGEMENT": false,
			"EC2_AGENT_MANAGEMENT": true, "LAMBDA_NETWORK_LOGS": false, "ECS_FARGATE_AGENT_MANAGEMENT": false}},
		{"features origin", func(e *model.Estate) any { return e.Regions[0].GuardDutyFeatures.Prov().Origin.APICall }, "guardduty:GetDetector"},
		{"unselected services unknown", func(e *model.Estate) any {
			return [3]string{e.Regions[0].SecurityHub.Reason(), e.Regions[0].Macie.Reason(), e.Regions[0].AccessAnalyzers.Reason()}
		}, [3]string{"securityhub not in the scanned services", "macie not in the scanned services", "accessanalyzer not in the scanned services"}},
	})
}

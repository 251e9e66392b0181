package testaws

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestIdentify(t *testing.T) {
	auth := func(svc string) string {
		return "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/" + svc + "/aws4_request, SignedHeaders=host, Signature=x"
	}
	cases := []struct {
		method, url, svc, body, target, ctype string
		wantSvc, wantOp                       string
	}{
		{"POST", "/", "ec2", "Action=DescribeInstances&Version=2016-11-15", "", "application/x-www-form-urlencoded", "ec2", "DescribeInstances"},
		{"POST", "/", "kms", "{}", "TrentService.ListKeys", "application/x-amz-json-1.1", "kms", "ListKeys"},
		{"GET", "/bucket?encryption=", "s3", "", "", "", "s3", "GetBucketEncryption"},
		{"GET", "/bucket?policyStatus=", "s3", "", "", "", "s3", "GetBucketPolicyStatus"},
		{"GET", "/", "s3", "", "", "", "s3", "ListBuckets"},
		{"GET", "/v20180820/configuration/publicAccessBlock", "s3", "", "", "", "s3control", "GetPublicAccessBlock"},
		{"GET", "/v20180820/accesspoint", "s3", "", "", "", "s3control", "ListAccessPoints"},
		{"GET", "/v20180820/accesspoint/app", "s3", "", "", "", "s3control", "GetAccessPoint"},
		{"GET", "/v20180820/accesspoint/app/policy", "s3", "", "", "", "s3control", "GET /v20180820/accesspoint/app/policy"},
		{"GET", "/v20180820/mrap/instances", "s3", "", "", "", "s3control", "ListMultiRegionAccessPoints"},
		{"POST", "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", "monitoring", "", "", "application/cbor", "monitoring", "DescribeAlarms"},
		{"GET", "/2015-03-31/functions/", "lambda", "", "", "", "lambda", "ListFunctions"},
		{"GET", "/2015-03-31/functions/f/policy", "lambda", "", "", "", "lambda", "GetPolicy"},
		{"POST", "/getAlternateContact", "account", "{}", "", "application/json", "account", "GetAlternateContact"},
		{"GET", "/macie", "macie2", "", "", "", "macie2", "GetMacieSession"},
		{"GET", "/detector", "guardduty", "", "", "", "guardduty", "ListDetectors"},
		{"GET", "/detector/d1", "guardduty", "", "", "", "guardduty", "GetDetector"},
		{"GET", "/accounts", "securityhub", "", "", "", "securityhub", "DescribeHub"},
		{"GET", "/analyzer", "access-analyzer", "", "", "", "access-analyzer", "ListAnalyzers"},
		{"GET", "/restapis", "apigateway", "", "", "", "apigateway", "GetRestApis"},
		{"GET", "/restapis/a1b2/stages", "apigateway", "", "", "", "apigateway", "GetStages"},
		{"GET", "/restapis/a1b2/resources", "apigateway", "", "", "", "apigateway", "GET /restapis/a1b2/resources"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, c.url, strings.NewReader(c.body))
		r.Header.Set("Authorization", auth(c.svc))
		if c.target != "" {
			r.Header.Set("X-Amz-Target", c.target)
		}
		if c.ctype != "" {
			r.Header.Set("Content-Type", c.ctype)
		}
		svc, op := Identify(r, []byte(c.body))
		if svc != c.wantSvc || op != c.wantOp {
			t.Errorf("%s %s: got %s:%s, want %s:%s", c.method, c.url, svc, op, c.wantSvc, c.wantOp)
		}
	}
}

func TestProxyRules(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer up.Close()
	p, err := NewProxy(up.URL, 1,
		Rule{Service: "ec2", Operation: "DescribeVpcs", FirstN: 2, Fault: RequestLimitExceeded},
		Rule{Service: "kms", Probability: 1, Fault: AccessDenied},
		Rule{Service: "s3", Probability: 1, Fault: Latency, Latency: 10 * time.Millisecond},
	)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	send := func(svc, body, target string) (int, string) {
		req, _ := http.NewRequest("POST", p.URL+"/", strings.NewReader(body))
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/"+svc+"/aws4_request")
		if target != "" {
			req.Header.Set("X-Amz-Target", target)
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for i, want := range []int{503, 503, 200} {
		code, body := send("ec2", "Action=DescribeVpcs", "")
		if code != want {
			t.Fatalf("ec2 call %d: status %d, want %d", i, code, want)
		}
		if code == 503 && !strings.Contains(body, "<Code>RequestLimitExceeded</Code>") {
			t.Fatalf("EC2 error body: %s", body)
		}
	}
	if code, body := send("kms", "{}", "TrentService.ListKeys"); code != 403 || !strings.Contains(body, `"__type":"AccessDeniedException"`) {
		t.Fatalf("kms: %d %s", code, body)
	}
	start := time.Now()
	if code, _ := send("s3", "", ""); code != 200 || time.Since(start) < 10*time.Millisecond {
		t.Fatalf("latency rule not applied")
	}
	if total, injected := p.Stats(); total != 5 || injected != 3 {
		t.Fatalf("stats = %d, %d; want 5, 3", total, injected)
	}
}

package testaws

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Fault is what a matching rule does to a request.
type Fault string

const (
	Throttling           Fault = "Throttling"           // HTTP 400, code Throttling
	ThrottlingException  Fault = "ThrottlingException"  // HTTP 400, code ThrottlingException
	RequestLimitExceeded Fault = "RequestLimitExceeded" // HTTP 503, code RequestLimitExceeded (EC2)
	HTTP500              Fault = "HTTP500"              // HTTP 500, code InternalError
	HTTP503              Fault = "HTTP503"              // HTTP 503, code ServiceUnavailable
	AccessDenied         Fault = "AccessDenied"         // HTTP 403, the protocol's denial code
	Latency              Fault = "Latency"              // forwards after Rule.Latency
)

// Rule selects requests and the fault to inject. Empty Service/Operation
// match everything; FirstN > 0 hits the first N matching requests, else
// Probability (0..1) decides per request.
type Rule struct {
	// Service is the SigV4 signing name ("s3", "ec2", "iam", "monitoring", ...)
	// or "s3control" for S3 Control calls.
	Service string
	// Operation is the API operation name ("GetBucketEncryption").
	Operation   string
	Probability float64
	FirstN      int
	Fault       Fault
	// Latency added before forwarding (Fault Latency) or before answering
	// with the fault.
	Latency time.Duration
	// Code overrides the error code written for the fault.
	Code string
}

// Proxy is a fault-injecting reverse proxy in front of an emulator.
type Proxy struct {
	URL    string
	srv    *httptest.Server
	target *url.URL
	rp     *httputil.ReverseProxy

	mu       sync.Mutex
	rules    []Rule
	hits     []int
	rnd      *rand.Rand
	total    int
	injected int
	ops      map[string]int
}

// NewProxy starts a proxy to target (the emulator URL) with rules and a
// fixed random seed.
func NewProxy(target string, seed uint64, rules ...Rule) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("proxy target: %w", err)
	}
	p := &Proxy{target: u, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), ops: map[string]int{}}
	p.rp = httputil.NewSingleHostReverseProxy(u)
	// A client that gave up (cancelled scan) is normal here, not news.
	p.rp.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) }
	p.SetRules(rules...)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	return p, nil
}

// Close stops the proxy.
func (p *Proxy) Close() { p.srv.Close() }

// SetRules replaces the rules (and their first-N counters).
func (p *Proxy) SetRules(rules ...Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append([]Rule(nil), rules...)
	p.hits = make([]int, len(rules))
}

// Stats says how many requests passed and how many got a fault.
func (p *Proxy) Stats() (total, injected int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total, p.injected
}

// Operations counts requests per "service:Operation".
func (p *Proxy) Operations() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := make(map[string]int, len(p.ops))
	for k, v := range p.ops {
		m[k] = v
	}
	return m
}

var credScope = regexp.MustCompile(`Credential=[^/]+/[0-9]+/[^/]+/([^/]+)/aws4_request`)

// Identify returns the service and operation of an AWS request.
func Identify(r *http.Request, body []byte) (service, op string) {
	if m := credScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		service = m[1]
	}
	path := r.URL.Path
	if strings.HasPrefix(path, "/v20180820/") {
		service = "s3control"
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		op = t[strings.LastIndex(t, ".")+1:]
	case strings.Contains(path, "/operation/"):
		op = path[strings.LastIndex(path, "/")+1:]
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		if v, err := url.ParseQuery(string(body)); err == nil {
			op = v.Get("Action")
		}
	case service == "s3":
		op = s3Operation(r)
	case service == "s3control":
		switch rest := strings.TrimPrefix(path, "/v20180820/"); {
		case r.Method != http.MethodGet:
		case strings.HasSuffix(path, "/configuration/publicAccessBlock"):
			op = "GetPublicAccessBlock"
		case rest == "accesspoint":
			op = "ListAccessPoints"
		case strings.HasPrefix(rest, "accesspoint/") && !strings.Contains(strings.TrimPrefix(rest, "accesspoint/"), "/"):
			op = "GetAccessPoint"
		case rest == "mrap/instances":
			op = "ListMultiRegionAccessPoints"
		}
	case service == "lambda":
		op = lambdaOperation(r)
	case service == "account" || service == "macie2" || service == "apigateway" ||
		service == "guardduty" || service == "securityhub" || service == "access-analyzer":
		op = restJSONOperation(service, r)
	}
	if op == "" {
		op = r.Method + " " + path
	}
	return service, op
}

var s3Sub = []struct{ q, op string }{
	{"encryption", "GetBucketEncryption"}, {"policyStatus", "GetBucketPolicyStatus"}, {"policy", "GetBucketPolicy"},
	{"publicAccessBlock", "GetPublicAccessBlock"}, {"acl", "GetBucketAcl"}, {"ownershipControls", "GetBucketOwnershipControls"},
	{"logging", "GetBucketLogging"}, {"versioning", "GetBucketVersioning"}, {"object-lock", "GetObjectLockConfiguration"},
	{"lifecycle", "GetBucketLifecycleConfiguration"}, {"replication", "GetBucketReplication"},
	{"notification", "GetBucketNotificationConfiguration"}, {"tagging", "GetBucketTagging"}, {"location", "GetBucketLocation"},
}

func s3Operation(r *http.Request) string {
	if r.Method != http.MethodGet {
		return ""
	}
	p := strings.Trim(r.URL.Path, "/")
	if p == "" {
		return "ListBuckets"
	}
	if strings.Contains(p, "/") {
		return "GetObject"
	}
	q := r.URL.Query()
	for _, s := range s3Sub {
		if _, ok := q[s.q]; ok {
			return s.op
		}
	}
	return "ListObjects"
}

func lambdaOperation(r *http.Request) string {
	p := r.URL.Path
	switch {
	case r.Method != http.MethodGet:
		return ""
	case strings.HasSuffix(p, "/functions/") || strings.HasSuffix(p, "/functions"):
		return "ListFunctions"
	case strings.HasSuffix(p, "/policy"):
		return "GetPolicy"
	case strings.HasSuffix(p, "/url"):
		return "GetFunctionUrlConfig"
	case strings.HasSuffix(p, "/concurrency"):
		return "GetFunctionConcurrency"
	case strings.Contains(p, "/tags/"):
		return "ListTags"
	}
	return ""
}

// restJSONOperation names the read operations of REST-JSON services onus
// calls, which carry the operation only in the method and path.
func restJSONOperation(service string, r *http.Request) string {
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case service == "account" && p == "/getAlternateContact":
		return "GetAlternateContact"
	case service == "macie2" && r.Method == http.MethodGet && p == "/macie":
		return "GetMacieSession"
	case service == "guardduty" && r.Method == http.MethodGet && p == "/detector":
		return "ListDetectors"
	case service == "guardduty" && r.Method == http.MethodGet && strings.HasPrefix(p, "/detector/") && strings.Count(p, "/") == 2:
		return "GetDetector"
	case service == "securityhub" && r.Method == http.MethodGet && p == "/accounts":
		return "DescribeHub"
	case service == "access-analyzer" && r.Method == http.MethodGet && p == "/analyzer":
		return "ListAnalyzers"
	case service == "apigateway" && r.Method == http.MethodGet && p == "/restapis":
		return "GetRestApis"
	case service == "apigateway" && r.Method == http.MethodGet && strings.HasPrefix(p, "/restapis/") && strings.HasSuffix(p, "/stages"):
		return "GetStages"
	}
	return ""
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	svc, op := Identify(r, body)

	p.mu.Lock()
	p.total++
	p.ops[svc+":"+op]++
	var hit *Rule
	for i := range p.rules {
		rl := &p.rules[i]
		if (rl.Service != "" && rl.Service != svc) || (rl.Operation != "" && rl.Operation != op) {
			continue
		}
		fire := false
		if rl.FirstN > 0 {
			fire = p.hits[i] < rl.FirstN
		} else {
			fire = p.rnd.Float64() < rl.Probability
		}
		if fire {
			p.hits[i]++
			c := *rl
			hit = &c
			break
		}
	}
	if hit != nil && hit.Fault != Latency {
		p.injected++
	}
	p.mu.Unlock()

	if hit != nil && hit.Latency > 0 {
		select {
		case <-time.After(hit.Latency):
		case <-r.Context().Done():
			return
		}
	}
	if hit == nil || hit.Fault == Latency {
		p.rp.ServeHTTP(w, r)
		return
	}
	writeFault(w, r, svc, *hit)
}

// writeFault answers in the request's protocol so the SDK parses the code.
func writeFault(w http.ResponseWriter, r *http.Request, svc string, rl Rule) {
	status, code := 400, string(rl.Fault)
	switch rl.Fault {
	case RequestLimitExceeded:
		status = 503
	case HTTP500:
		status, code = 500, "InternalError"
	case HTTP503:
		status, code = 503, "ServiceUnavailable"
	case AccessDenied:
		status, code = 403, "AccessDenied"
		switch {
		case svc == "ec2":
			code = "UnauthorizedOperation"
		case r.Header.Get("X-Amz-Target") != "" || svc == "lambda" || svc == "monitoring" ||
			svc == "account" || svc == "macie2" || svc == "apigateway" ||
			svc == "guardduty" || svc == "securityhub" || svc == "access-analyzer":
			code = "AccessDeniedException"
		}
	}
	if rl.Code != "" {
		code = rl.Code
	}
	msg := "injected by testaws: " + string(rl.Fault)
	w.Header().Set("X-Amzn-RequestId", "testaws-fault")
	switch {
	case r.Header.Get("Smithy-Protocol") == "rpc-v2-cbor":
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.WriteHeader(status)
		w.Write(cborErr(code, msg))
	case r.Header.Get("X-Amz-Target") != "":
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.Header().Set("X-Amzn-Query-Error", code+";Sender")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	case svc == "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>testaws-fault</RequestID></Response>`, code, msg)
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>testaws-fault</RequestId></ErrorResponse>`, code, msg)
	case svc == "s3control":
		// S3 Control wraps its errors, unlike S3.
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>testaws-fault</RequestId></ErrorResponse>`, code, msg)
	case svc == "s3":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>testaws-fault</RequestId></Error>`, code, msg)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":%q}`, msg)
	}
}

// cborErr encodes {"__type": code, "message": msg} as CBOR.
func cborErr(code, msg string) []byte {
	var b bytes.Buffer
	b.WriteByte(0xa2)
	for _, s := range []string{"__type", code, "message", msg} {
		n := len(s)
		switch {
		case n < 24:
			b.WriteByte(0x60 | byte(n))
		case n < 256:
			b.WriteByte(0x78)
			b.WriteByte(byte(n))
		default:
			b.WriteByte(0x79)
			b.WriteByte(byte(n >> 8))
			b.WriteByte(byte(n))
		}
		b.WriteString(s)
	}
	return b.Bytes()
}

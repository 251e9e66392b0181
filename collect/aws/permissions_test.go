package awscollect

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/iampolicy"
)

// iamActionFor maps API names onus records to the IAM action that
// authorises them, where the two differ.
var iamActionFor = map[string]string{
	"s3:ListBuckets":                        "s3:ListAllMyBuckets",
	"s3:GetBucketEncryption":                "s3:GetEncryptionConfiguration",
	"s3:GetPublicAccessBlock":               "s3:GetBucketPublicAccessBlock",
	"s3:GetObjectLockConfiguration":         "s3:GetBucketObjectLockConfiguration",
	"s3:GetBucketLifecycleConfiguration":    "s3:GetLifecycleConfiguration",
	"s3:GetBucketReplication":               "s3:GetReplicationConfiguration",
	"s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
	"s3control:GetPublicAccessBlock":        "s3:GetAccountPublicAccessBlock",
	"s3control:ListMultiRegionAccessPoints": "s3:ListMultiRegionAccessPoints",
	"s3control:ListAccessPoints":            "s3:ListAccessPoints",
	"s3control:GetAccessPoint":              "s3:GetAccessPoint",
	// API Gateway authorises reads by HTTP verb on the resource path.
	"apigateway:GetRestApis": "apigateway:GET",
	"apigateway:GetStages":   "apigateway:GET",
}

// TestPermissionsPolicy checks docs/permissions.json parses with the policy
// engine, allows only reads, and covers every API call the collectors make.
func TestPermissionsPolicy(t *testing.T) {
	b, err := os.ReadFile("../../docs/permissions.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := iampolicy.Parse(b)
	if err != nil {
		t.Fatalf("docs/permissions.json does not parse: %v", err)
	}
	var allowed []string
	for _, s := range p.Statements {
		if s.Effect != iampolicy.EffectAllow || len(s.NotAction) > 0 {
			t.Fatalf("statement %s: only plain Allow statements expected", s.Path)
		}
		allowed = append(allowed, s.Action...)
	}
	read := regexp.MustCompile(`^[a-z0-9-]+:(Get|List|Describe)[A-Za-z0-9]+$`)
	for _, a := range allowed {
		if !read.MatchString(a) && a != "iam:GenerateCredentialReport" && a != "apigateway:GET" {
			t.Errorf("action %s is not a read", a)
		}
		if strings.Contains(a, "*") {
			t.Errorf("action %s uses a wildcard; the policy lists exact actions", a)
		}
	}
	files, _ := filepath.Glob("*.go")
	lit := regexp.MustCompile(`"((?:[a-z0-9]+-)*[a-z0-9]+:[A-Z][A-Za-z0-9]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			api := m[1]
			act := api
			if a, ok := iamActionFor[api]; ok {
				act = a
			}
			seen++
			if !slices.Contains(allowed, act) {
				t.Errorf("%s calls %s but docs/permissions.json does not allow %s", f, api, act)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d API calls in the sources; the scan of the sources is broken", seen)
	}
}

package awsmanaged

import (
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/onus-sec/onus/iampolicy"
)

//go:embed data/*.json
var files embed.FS

// Doc is one bundled AWS managed policy.
type Doc struct {
	Name string
	ARN  string
	// Path is the IAM path of the policy ("/" or "/service-role/").
	Path string
	// VersionID is the default version the copy was taken from ("v1").
	VersionID string
	// Edited is the policy's "Edited time" date in AWS's reference (YYYY-MM-DD).
	Edited   string
	Document *iampolicy.Policy
}

// Bundled describes the copy for evidence: "bundled copy v1, edited 2015-04-09".
func (d Doc) Bundled() string {
	return "bundled copy " + d.VersionID + ", edited " + d.Edited
}

type entry struct{ name, path, version, edited string }

// catalog lists the bundled policies: name, IAM path, default version and
// edited date as shown by the AWS Managed Policy Reference when copied.
// Literal data; never mutated.
var catalog = []entry{
	{"AWSLambdaBasicExecutionRole", "/service-role/", "v1", "2015-04-09"},
	{"AWSLambdaDynamoDBExecutionRole", "/service-role/", "v1", "2015-04-09"},
	{"AWSLambdaVPCAccessExecutionRole", "/service-role/", "v3", "2024-01-05"},
	{"AWSXRayDaemonWriteAccess", "/", "v2", "2024-02-13"},
	{"AmazonEC2ContainerRegistryReadOnly", "/", "v3", "2019-12-10"},
	{"AmazonEKSWorkerNodePolicy", "/", "v3", "2023-11-27"},
	{"AmazonRDSEnhancedMonitoringRole", "/service-role/", "v1", "2015-11-11"},
	{"AmazonS3ReadOnlyAccess", "/", "v3", "2023-08-10"},
	{"IAMFullAccess", "/", "v2", "2019-06-21"},
	{"IAMReadOnlyAccess", "/", "v4", "2018-01-25"},
	{"PowerUserAccess", "/", "v12", "2026-02-12"},
}

// arnPrefix is the only partition accepted: the copies were taken from the
// commercial partition's reference, and GovCloud/China documents may differ.
const arnPrefix = "arn:aws:iam::aws:policy"

// Lookup returns the bundled copy of the AWS managed policy with this ARN.
// The path must match exactly (service-role policies are only found under
// arn:aws:iam::aws:policy/service-role/). The document is parsed on each
// call so callers may keep or change it freely.
func Lookup(arn string) (Doc, bool) {
	rest, ok := strings.CutPrefix(arn, arnPrefix)
	if !ok {
		return Doc{}, false
	}
	for _, e := range catalog {
		if rest != e.path+e.name {
			continue
		}
		d, err := load(e)
		if err != nil {
			// A bundled document that does not parse is a build defect that
			// the package tests catch; callers see "not bundled" (UNKNOWN).
			return Doc{}, false
		}
		return d, true
	}
	return Doc{}, false
}

// Names lists the bundled policies by path and name, e.g.
// "service-role/AWSLambdaBasicExecutionRole", in catalogue order.
func Names() []string {
	out := make([]string, len(catalog))
	for i, e := range catalog {
		out[i] = strings.TrimPrefix(e.path, "/") + e.name
	}
	return out
}

func load(e entry) (Doc, error) {
	data, err := files.ReadFile("data/" + e.name + ".json")
	if err != nil {
		return Doc{}, fmt.Errorf("awsmanaged: %s: %w", e.name, err)
	}
	p, err := iampolicy.Parse(data)
	if err != nil {
		return Doc{}, fmt.Errorf("awsmanaged: %s: %w", e.name, err)
	}
	return Doc{Name: e.name, ARN: arnPrefix + e.path + e.name, Path: e.path,
		VersionID: e.version, Edited: e.edited, Document: p}, nil
}

// Cache hands out one parsed copy of each policy to every caller: a reader
// of a thousand templates whose roles attach AWSLambdaBasicExecutionRole
// parses it once and the estate holds it once. Documents from a Cache are
// shared and must not be modified. Safe for concurrent use; the zero value
// is ready; a nil *Cache parses on every call.
type Cache struct {
	mu   sync.Mutex
	docs map[string]cached
}

type cached struct {
	doc Doc
	ok  bool
}

// Lookup is Lookup with the result shared; a nil Cache shares nothing.
func (c *Cache) Lookup(arn string) (Doc, bool) {
	if c == nil {
		return Lookup(arn)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, seen := c.docs[arn]; seen {
		return r.doc, r.ok
	}
	d, ok := Lookup(arn)
	if c.docs == nil {
		c.docs = map[string]cached{}
	}
	c.docs[arn] = cached{d, ok}
	return d, ok
}

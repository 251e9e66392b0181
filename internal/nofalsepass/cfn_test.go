package nofalsepass_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

const unknownPrefix = "onus-unknown-"

func workers() int { return runtime.GOMAXPROCS(0) }

// TestCloudFormation injects !ImportValue (another stack's export, which
// onus cannot read) in place of each value of the CloudFormation examples:
// the secure ones (a value that decides a PASS must make it UNKNOWN) and
// the insecure ones (an unknown must never turn a FAIL into a PASS), and
// testdata templates. JSON templates are re-encoded as YAML: the readers share
// everything after parsing, and the JSON parser has its own tests.
func TestCloudFormation(t *testing.T) {
	cs := catalog.All()
	used := map[int]bool{}
	var mu sync.Mutex
	// The examples, then testdata templates of what the examples lack.
	var paths []string
	for _, ex := range []string{"web-app-secure.yaml", "queue-worker.json", "sam-api.yaml", "web-app.yaml"} {
		paths = append(paths, filepath.Join("..", "..", "examples", "cloudformation", ex))
	}
	paths = append(paths, filepath.Join("testdata", "cloudformation", "sam-rest.yaml"))
	for _, path := range paths {
		ex := filepath.Base(path)
		t.Run(ex, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			orig, muts := cfnMutants(t, src)
			dir := t.TempDir()
			scan := func(t *testing.T, name string, m mutant) ([]control.Result, string, map[int]bool) {
				file := filepath.Join(dir, name+".yaml")
				if err := os.WriteFile(file, m.text, 0o644); err != nil {
					t.Fatal(err)
				}
				est, diags := cloudformation.Load(context.Background(), file, cloudformation.Options{})
				if diags.HasErrors() {
					t.Errorf("%s (%s unknown): the mutated template does not load: %v", name, m.path, diags)
				}
				return control.Run(context.Background(), est, cs).Slice(), file, cfnBlocks(t, m.text)
			}
			check(t, ex, mutant{text: orig}, muts, scan, cfnAllowed, used, &mu)
		})
	}
	for i, a := range cfnAllowed {
		if !used[i] && !testing.Short() {
			t.Errorf("allow entry %s %s is not needed any more: remove it", a.control, a.path)
		}
	}
}

// cfnMutants re-encodes the template (the baseline) and makes one mutant
// per value: every leaf of Properties (and of SAM Globals), every whole
// top-level property and every whole list element. An intrinsic function
// is one value: its arguments are not mutated, so the template stays valid.
func cfnMutants(t *testing.T, src []byte) ([]byte, []mutant) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	type site struct {
		path string
		n    *yaml.Node
	}
	var sites []site
	var walk func(n *yaml.Node, path string, whole bool)
	walk = func(n *yaml.Node, path string, whole bool) {
		leaf := intrinsic(n) || (n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode)
		if leaf || whole {
			sites = append(sites, site{path, n})
		}
		if leaf {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], path+"."+n.Content[i].Value, false)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i), true)
			}
		}
	}
	block(&doc)
	root := doc.Content[0]
	eachPair(get(root, "Resources"), func(id string, r *yaml.Node) {
		eachPair(get(r, "Properties"), func(k string, v *yaml.Node) {
			walk(v, "Resources."+id+".Properties."+k, true)
		})
	})
	eachPair(get(root, "Globals"), func(sec string, g *yaml.Node) {
		eachPair(g, func(k string, v *yaml.Node) { walk(v, "Globals."+sec+"."+k, true) })
	})
	orig := encodeYAML(t, &doc)
	muts := make([]mutant, len(sites))
	for i, s := range sites {
		saved := *s.n
		*s.n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!ImportValue", Value: fmt.Sprintf("%s%d", unknownPrefix, i)}
		text := encodeYAML(t, &doc)
		line := bytes.Count(text[:bytes.Index(text, []byte(unknownPrefix))], []byte("\n")) + 1
		muts[i] = mutant{id: i, path: s.path, text: text, line: line}
		*s.n = saved
	}
	return orig, muts
}

// block turns flow collections (all of a JSON template) into block ones,
// so each value gets a line of its own.
func block(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style &^= yaml.FlowStyle
	}
	for _, c := range n.Content {
		block(c)
	}
}

func intrinsic(n *yaml.Node) bool {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func get(n *yaml.Node, key string) *yaml.Node {
	var out *yaml.Node
	eachPair(n, func(k string, v *yaml.Node) {
		if k == key {
			out = v
		}
	})
	return out
}

func eachPair(n *yaml.Node, f func(string, *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		f(n.Content[i].Value, n.Content[i+1])
	}
}

func encodeYAML(t *testing.T, doc *yaml.Node) []byte {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cfnBlocks finds the lines where a resource and its Properties start:
// evidence starting there is about the whole resource.
func cfnBlocks(t *testing.T, text []byte) map[int]bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatal(err)
	}
	blocks := map[int]bool{}
	res := get(doc.Content[0], "Resources")
	for i := 0; res != nil && i+1 < len(res.Content); i += 2 {
		blocks[res.Content[i].Line] = true
		r := res.Content[i+1]
		for j := 0; j+1 < len(r.Content); j += 2 {
			if r.Content[j].Value == "Properties" {
				blocks[r.Content[j].Line] = true
			}
		}
	}
	return blocks
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// cfnAllowed: findings on the CloudFormation examples judged correct.
var cfnAllowed = []allow{
	// Names are shown in reasons; no control judges them.
	{`ONUS-(CT-00[189]|CW-0[01][0-9]|IAM-019)`, re(`\.(TrailName|AnalyzerName)$`), "a trail's or analyzer's name is only shown in the reason"},
	{`ONUS-CW-01[78]`, re(`\.LogGroupName$`), "a log group's name is only shown in the reason (retention and key are judged)"},
	// Another known piece of evidence settles the duty without the value.
	{"ONUS-CT-006", re(`^Resources\.LogsBucket\.Properties\.PublicAccessBlockConfiguration(\.IgnorePublicAcls|\.RestrictPublicBuckets)?$`),
		"without the public access block, the bucket's known private ACL and known non-public policy still show it is not public"},
	{"ONUS-S3-007", re(`\.Properties\.OwnershipControls(\.Rules\[0\](\.ObjectOwnership)?)?$`),
		"without ownership controls, the bucket's known canned ACL (private) and its grants (none) still show ACLs grant nothing public"},
	{"ONUS-RDS-014", re(`^Resources\.(Database|ReportingDatabase)\.Properties\.ManageMasterUserPassword$`),
		"the duty is that no master password is in the configuration: MasterUserPassword is absent, whatever ManageMasterUserPassword is"},
	// The value is not part of what the control judges.
	{`ONUS-VPC-00[123]`, re(`\.SecurityGroupIngress\[\d\]\.Description$`), "a rule's description does not open or close anything"},
	{`ONUS-VPC-00[123]`, re(`^Resources\.(App|Database|Db)SecurityGroup\.Properties\.SecurityGroupIngress\[0\]\.(FromPort|ToPort|IpProtocol|SourceSecurityGroupId)$`),
		"the rule admits a security group, never an internet range, whatever its ports, protocol or group"},
	{`ONUS-VPC-00[123]`, re(`^Resources\.EndpointSecurityGroup\.Properties\.SecurityGroupIngress\[0\]\.(FromPort|ToPort|IpProtocol)$`),
		"the rule admits 10.0.0.0/16 only, never the internet, whatever its ports or protocol"},
	{`ONUS-VPC-00[123]`, re(`^Resources\.(Endpoint|LoadBalancer|Alb)SecurityGroup\.Properties\.SecurityGroupIngress\[\d\]\.CidrIp$`),
		"the rule opens port 80 or 443 only: no SSH/RDP (001), database or admin port (002), and 80/443 are the ports 003 allows to the internet, whatever the source"},
	{"ONUS-S3-003", re(`\.ServerSideEncryptionConfiguration\[0\]\.BucketKeyEnabled$`), "the algorithm is judged; a bucket key only reduces KMS requests"},
	{`ONUS-(S3-009|CT-007)`, re(`\.LoggingConfiguration\.(DestinationBucketName|LogFilePrefix)$`),
		"access logging is on whatever the destination or prefix (the reason shows the destination unknown)"},
	{"ONUS-ELB-002", re(`^Resources\.HttpsListener\.Properties\.Port$`), "the SSL policy is judged, not the port (the reason then says the port is unresolved)"},
	{"ONUS-VPC-007", re(`^Resources\.VpcFlowLog\.Properties\.TrafficType$`), "CIS asks for a flow log of any traffic type (the reason shows the type unresolved)"},
	{`ONUS-VPC-01[1-6]`, re(`\.Properties\.VpcEndpointType$`),
		"the type only sets Gateway Load Balancer endpoints apart, and those never serve an AWS service name such as com.amazonaws.<region>.ec2 (the reason says its type is unresolved)"},
	{"ONUS-LAMBDA-001", re(`\.Environment\.Variables\.(BUCKET|LOG_LEVEL)$`),
		"an unresolved value is UNKNOWN only under a credential-like name (EnvVerdict): BUCKET and LOG_LEVEL are not"},
	{"ONUS-LAMBDA-007", re(`^Resources\.(Hello|Orders)Function\.Properties\.Events\.\w+\.Properties\.(Path|Method)$`),
		"the permission SAM adds for an event depends on its type only (an AWS service principal): its path and method do not change it"},
}

package nofalsepass_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// TestTerraform replaces each attribute value of the Terraform examples,
// secure and insecure, and of the testdata configurations (and each element or item of a list, object or jsonencode
// argument in it) by a variable that has no value: onus reads it as
// unknown, as Terraform would until apply.
func TestTerraform(t *testing.T) {
	cs := catalog.All()
	used := map[int]bool{}
	var mu sync.Mutex
	// The examples, then testdata configurations of resources the
	// examples lack.
	for _, root := range []string{
		filepath.Join("..", "..", "examples", "terraform", "web-app-secure"),
		filepath.Join("..", "..", "examples", "terraform", "web-app"),
		filepath.Join("testdata", "terraform", "containers"),
	} {
		ex := filepath.Base(root)
		t.Run(ex, func(t *testing.T) {
			files := map[string][]byte{}
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
					return err
				}
				rel, _ := filepath.Rel(root, p)
				files[filepath.ToSlash(rel)], err = os.ReadFile(p)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			muts := tfMutants(t, files)
			tmp := t.TempDir()
			scan := func(t *testing.T, name string, m mutant) ([]control.Result, string, map[int]bool) {
				dir := filepath.Join(tmp, name)
				for rel, src := range files {
					if rel == m.file {
						src = m.text
					}
					p := filepath.Join(dir, filepath.FromSlash(rel))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, src, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if m.file != "" {
					decl := fmt.Sprintf("variable %q {\n  type = any\n}\n", tfVar(name))
					p := filepath.Join(dir, filepath.FromSlash(pathDir(m.file)), "zz_onus_unknown.tf")
					if err := os.WriteFile(p, []byte(decl), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				est, diags := terraform.Load(context.Background(), dir, terraform.Options{})
				if diags.HasErrors() {
					t.Errorf("%s (%s unknown): the mutated configuration does not load: %v", name, m.path, diags)
				}
				file := filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(m.file)))
				return control.Run(context.Background(), est, cs).Slice(), file, tfBlocks(t, m.text)
			}
			check(t, ex, mutant{}, muts, scan, tfAllowed, used, &mu)
		})
	}
	for i, a := range tfAllowed {
		if !used[i] && !testing.Short() {
			t.Errorf("allow entry %s %s is not needed any more: remove it", a.control, a.path)
		}
	}
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

// tfVar is the variable a mutant named mN refers to.
func tfVar(name string) string { return "onus_unknown_" + strings.TrimPrefix(name, "m") }

// skipAttrs must stay static for Terraform (or decide whether a resource
// exists at all, which an unknown cannot turn into a PASS).
var skipAttrs = map[string]bool{"depends_on": true, "provider": true, "providers": true, "count": true, "for_each": true, "source": true, "version": true}

// tfMutants makes one mutant per value of the resource and module blocks.
func tfMutants(t *testing.T, files map[string][]byte) []mutant {
	var rels []string
	for rel := range files {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	type site struct {
		path, file string
		r          hcl.Range
	}
	var sites []site
	for _, rel := range rels {
		src := files[rel]
		f, d := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%s: %v", rel, d)
		}
		add := func(path string, r hcl.Range) { sites = append(sites, site{path, rel, r}) }
		var expr func(e hclsyntax.Expression, path string, whole bool)
		expr = func(e hclsyntax.Expression, path string, whole bool) {
			switch x := e.(type) {
			case *hclsyntax.ObjectConsExpr:
				if whole {
					add(path, x.Range())
				}
				for _, it := range x.Items {
					k := strings.Trim(string(it.KeyExpr.Range().SliceBytes(src)), `"`)
					expr(it.ValueExpr, path+"."+k, false)
				}
			case *hclsyntax.TupleConsExpr:
				if whole {
					add(path, x.Range())
				}
				for i, el := range x.Exprs {
					expr(el, fmt.Sprintf("%s[%d]", path, i), true)
				}
			case *hclsyntax.FunctionCallExpr:
				add(path, x.Range())
				for _, a := range x.Args {
					expr(a, path+"("+x.Name+")", false)
				}
			default:
				add(path, x.Range())
			}
		}
		var body func(b *hclsyntax.Body, path string)
		body = func(b *hclsyntax.Body, path string) {
			var names []string
			for n := range b.Attributes {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				if !skipAttrs[n] {
					expr(b.Attributes[n].Expr, path+"."+n, true)
				}
			}
			seen := map[string]int{}
			for _, blk := range b.Blocks {
				switch blk.Type {
				case "lifecycle", "provisioner", "connection":
					continue
				}
				n := blk.Type
				if blk.Type == "dynamic" && len(blk.Labels) > 0 {
					n = "dynamic." + blk.Labels[0]
				}
				body(blk.Body, fmt.Sprintf("%s.%s[%d]", path, n, seen[n]))
				seen[n]++
			}
		}
		for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
			if blk.Type == "resource" || blk.Type == "module" {
				body(blk.Body, rel+":"+blk.Type+"."+strings.Join(blk.Labels, "."))
			}
		}
	}
	muts := make([]mutant, len(sites))
	for i, s := range sites {
		src := files[s.file]
		ref := "var." + tfVar(fmt.Sprintf("m%d", i))
		text := append(append(append([]byte{}, src[:s.r.Start.Byte]...), ref...), src[s.r.End.Byte:]...)
		muts[i] = mutant{id: i, path: s.path, file: s.file, text: text, line: s.r.Start.Line}
	}
	return muts
}

// tfBlocks: the lines where a resource, data or module block starts.
func tfBlocks(t *testing.T, text []byte) map[int]bool {
	blocks := map[int]bool{}
	if text == nil {
		return blocks
	}
	f, d := hclsyntax.ParseConfig(text, "m.tf", hcl.InitialPos)
	if d.HasErrors() {
		t.Fatalf("mutated file does not parse: %v", d)
	}
	for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
		blocks[blk.Range().Start.Line] = true
	}
	return blocks
}

// tfAllowed: findings on the Terraform example judged correct.
var tfAllowed = []allow{
	// Names are shown in reasons; no control judges them (links go by reference).
	{`ONUS-(CT-00[189]|CW-0[01][0-9])`, re(`^audit\.tf:resource\.aws_cloudtrail\.main\.name$`), "a trail's name is only shown in the reason"},
	{`ONUS-CW-01[78]`, re(`:resource\.aws_cloudwatch_log_group\.\w+\.name$`), "a log group's name is only shown in the reason (retention and key are judged)"},
	{`ONUS-(CFG-003|CT-007|S3-009)`, re(`^(modules/private-bucket/main\.tf:resource\.aws_s3_bucket\.this\.bucket|storage\.tf:module\.\w+\.name)$`),
		"a bucket's name is only shown in the reason (the delivery or logging target is joined by reference)"},
	{`ONUS-S3-(007|008|015|020)`, re(`^(storage|legacy)\.tf:resource\.aws_s3_bucket\.\w+\.bucket$`),
		"a bucket's name decides neither its ownership controls nor its policy (both are joined by reference); the PASS cites the bucket block, whose summary says \"bucket\""},
	// Another known piece of evidence settles the duty without the value.
	{"ONUS-S3-005", re(`^storage\.tf:resource\.aws_s3_account_public_access_block\.account\.\w+$`),
		"without the account-level block, each bucket's own public access block (all four settings on, known) passes"},
	{"ONUS-EBS-001", re(`^compute\.tf:resource\.(aws_ebs_volume\.data\.encrypted|aws_instance\.app\.root_block_device\[0\]\.encrypted)$`),
		"without the volume's own flag, EBS encryption by default (aws_ebs_encryption_by_default, known on) encrypts it"},
	{"ONUS-S3-007", re(`^(modules/private-bucket/main\.tf:resource\.aws_s3_bucket_ownership_controls\.this\.(bucket|rule\[0\]\.object_ownership)|legacy\.tf:resource\.aws_s3_bucket_ownership_controls\.site\.bucket)$`),
		"without ownership controls, the bucket's known ACL (private or log-delivery-write, no grants) still shows ACLs grant nothing public"},
	{"ONUS-RDS-014", re(`^(database\.tf:resource\.aws_db_instance\.main|legacy\.tf:resource\.aws_db_instance\.reporting)\.manage_master_user_password$`),
		"the duty is that no master password is in the configuration: password is absent, whatever manage_master_user_password is"},
	// The value is not part of what the control judges.
	{"ONUS-S3-011", re(`^modules/private-bucket/main\.tf:resource\.aws_s3_bucket_versioning\.this\.mfa$`),
		"mfa is the MFA device's serial and code that the request to change MFA delete carries; versioning_configuration.mfa_delete is the setting"},
	{`ONUS-(S3-009|CT-007)`, re(`(aws_s3_bucket_logging\.this\.target_bucket|module\.\w+\.log_bucket)$`),
		"access logging is on whatever the target bucket (the reason then shows it unknown)"},
	{"ONUS-ELB-002", re(`^alb\.tf:resource\.aws_lb_listener\.https\.port$`), "the SSL policy is judged, not the port (the reason then says the port is unresolved)"},
	{`ONUS-VPC-01[1-6]`, re(`^network\.tf:resource\.aws_vpc_endpoint\.interface\.vpc_endpoint_type$`),
		"the type only sets Gateway Load Balancer endpoints apart, and those never serve an AWS service name such as com.amazonaws.<region>.ec2 (the reason says its type is unresolved)"},
	{"ONUS-LAMBDA-001", re(`^lambda\.tf:resource\.aws_lambda_function\.resizer\.environment\[0\]\.variables\.(BUCKET|LOG_LEVEL|STRIPE_SECRET_ARN)$`),
		"an unresolved value is UNKNOWN only under a credential-like name (EnvVerdict): BUCKET, LOG_LEVEL and an ..._ARN reference are not"},
	{"ONUS-LAMBDA-006", re(`:resource\.aws_lambda_function\.\w+\.dead_letter_config\[0\]\.target_arn$`),
		"a dead-letter target is configured whatever its ARN"},
	// testdata/terraform/containers: each container control's PASS cites
	// the whole container_definitions, so every value in it is within.
	{`ONUS-ECS-00[1-5]`, re(`^main\.tf:resource\.aws_ecs_task_definition\.app\.container_definitions\(jsonencode\)\[0\]\.(name|image|essential|secrets\[0\](\.name|\.valueFrom)?|logConfiguration\.options\.[\w-]+)$`),
		"the container controls judge privileged, readonlyRootFilesystem, user, the log driver and environment values: a container's name, image, essential flag, secrets references and log options are none of them"},
	{`ONUS-ECS-00[1345]`, re(`^main\.tf:resource\.aws_ecs_task_definition\.app\.container_definitions\(jsonencode\)\[0\]\.environment\[\d\](\.name|\.value)?$`),
		"only ONUS-ECS-002 judges the environment"},
	{"ONUS-ECS-002", re(`^main\.tf:resource\.aws_ecs_task_definition\.app\.container_definitions\(jsonencode\)\[0\]\.environment\[[01]\]\.value$`),
		"an unresolved value is UNKNOWN only under a credential-like name (as for Lambda): LOG_LEVEL and DB_PASSWORD_SECRET_ARN (an ARN) are not"},
}

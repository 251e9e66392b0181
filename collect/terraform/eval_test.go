package terraform

import (
	"sort"
	"strings"
	"testing"
)

// bucketNames loads files and returns address -> bucket name ("?" + reason
// when unknown).
func bucketNames(t *testing.T, files map[string]string, opts Options) map[string]string {
	t.Helper()
	e, d := load(t, files, opts)
	noErrors(t, d)
	out := map[string]string{}
	for _, b := range e.S3Buckets {
		if n, ok := b.Name.Get(); ok {
			out[b.Address] = n
		} else {
			out[b.Address] = "?" + b.Name.Reason()
		}
	}
	return out
}

func TestEvaluationConstructs(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		opts  Options
		want  map[string]string
	}{
		{"literal", tf(`resource "aws_s3_bucket" "b" { bucket = "plain" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "plain"}},
		{"variable default", tf(`
variable "env" { default = "dev" }
resource "aws_s3_bucket" "b" { bucket = "app-${var.env}" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "app-dev"}},
		{"terraform.tfvars beats default", map[string]string{
			"main.tf":          `variable "env" { default = "dev" }` + "\n" + `resource "aws_s3_bucket" "b" { bucket = "app-${var.env}" }`,
			"terraform.tfvars": `env = "staging"`}, Options{},
			map[string]string{"aws_s3_bucket.b": "app-staging"}},
		{"auto.tfvars beats terraform.tfvars", map[string]string{
			"main.tf":            `variable "env" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = "app-${var.env}" }`,
			"terraform.tfvars":   `env = "staging"`,
			"b.auto.tfvars":      `env = "qa"`,
			"a.auto.tfvars.json": `{"env": "ignored-by-order"}`}, Options{},
			map[string]string{"aws_s3_bucket.b": "app-qa"}},
		{"-var beats files", map[string]string{
			"main.tf":          `variable "env" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = "app-${var.env}" }`,
			"terraform.tfvars": `env = "staging"`}, Options{Vars: map[string]string{"env": "prod"}},
			map[string]string{"aws_s3_bucket.b": "app-prod"}},
		{"-var of a list type is HCL", tf(`
variable "names" { type = list(string) }
resource "aws_s3_bucket" "b" { bucket = join("-", var.names) }`), Options{Vars: map[string]string{"names": `["a","b"]`}},
			map[string]string{"aws_s3_bucket.b": "a-b"}},
		{"typed default with optional attribute", tf(`
variable "cfg" {
  type    = object({ name = string, suffix = optional(string, "x") })
  default = { name = "n" }
}
resource "aws_s3_bucket" "b" { bucket = "${var.cfg.name}-${var.cfg.suffix}" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "n-x"}},
		{"locals in dependency order", tf(`
locals {
  full = "${local.base}-${local.env}"
  env  = "prod"
  base = upper("app")
}
resource "aws_s3_bucket" "b" { bucket = local.full }`), Options{},
			map[string]string{"aws_s3_bucket.b": "APP-prod"}},
		{"count and count.index", tf(`
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "b-${count.index}"
}`), Options{},
			map[string]string{"aws_s3_bucket.b[0]": "b-0", "aws_s3_bucket.b[1]": "b-1"}},
		{"count zero", tf(`
resource "aws_s3_bucket" "b" {
  count  = 0
  bucket = "never"
}`), Options{}, map[string]string{}},
		{"for_each map", tf(`
resource "aws_s3_bucket" "b" {
  for_each = { logs = "l", data = "d" }
  bucket   = "${each.key}-${each.value}"
}`), Options{},
			map[string]string{`aws_s3_bucket.b["data"]`: "data-d", `aws_s3_bucket.b["logs"]`: "logs-l"}},
		{"for_each set", tf(`
resource "aws_s3_bucket" "b" {
  for_each = toset(["x", "y"])
  bucket   = each.value
}`), Options{},
			map[string]string{`aws_s3_bucket.b["x"]`: "x", `aws_s3_bucket.b["y"]`: "y"}},
		{"conditional", tf(`
variable "prod" { default = true }
resource "aws_s3_bucket" "b" { bucket = var.prod ? "p" : "d" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "p"}},
		{"splat and for expression", tf(`
locals {
  items = [{ n = "a" }, { n = "b" }]
  names = local.items[*].n
  upper = [for i in local.items : upper(i.n) if i.n != "a"]
}
resource "aws_s3_bucket" "b" { bucket = "${join("", local.names)}-${local.upper[0]}" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "ab-B"}},
		{"template directives", tf(`
locals { xs = ["a", "b"] }
resource "aws_s3_bucket" "b" { bucket = "%{for x in local.xs}${x}%{endfor}-%{if true}t%{else}f%{endif}" }`), Options{},
			map[string]string{"aws_s3_bucket.b": "ab-t"}},
		{"functions", tf(`
locals {
  m = merge({ a = "1" }, { b = "2" })
  parts = [
    lookup(local.m, "a"),
    lookup(local.m, "z", "9"),
    try(local.m.nope, "t"),
    can(local.m.nope) ? "c" : "n",
    format("%02d", 7),
    coalesce("", "co"),
    element(split(",", "x,y"), 1),
    tostring(length(tomap({ k = "v" }))),
    cidrsubnet("10.0.0.0/16", 8, 3),
    replace("a.b", "/[.]/", "_"),
    jsonencode({ k = ["v"] }),
    base64encode("hi"),
    startswith("abc", "ab") ? "s" : "",
    tostring(sum([1, 2])),
    one(["only"]),
    trimprefix("xxname", "xx"),
    tostring(alltrue([true, true])),
    sha256("")
  ]
}
resource "aws_s3_bucket" "b" { bucket = join(" ", local.parts) }`), Options{},
			map[string]string{"aws_s3_bucket.b": `1 9 t n 07 co y 1 10.0.3.0/24 a_b {"k":["v"]} aGk= s 3 only name true e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`}},
		{"file and templatefile", map[string]string{
			"main.tf":  `resource "aws_s3_bucket" "b" { bucket = "${trimspace(file("${path.module}/name.txt"))}-${templatefile("${path.module}/t.tpl", { x = "y" })}" }`,
			"name.txt": "from-file\n",
			"t.tpl":    "tpl-${x}",
		}, Options{},
			map[string]string{"aws_s3_bucket.b": "from-file-tpl-y"}},
		// Terraform resolves a plain relative path against the root
		// module (its working directory), in child modules too.
		{"file paths in a child module", map[string]string{
			"main.tf":            `module "m" { source = "./modules/m" }`,
			"name.txt":           "root\n",
			"modules/m/main.tf":  `resource "aws_s3_bucket" "b" { bucket = "${trimspace(file("name.txt"))}-${trimspace(file("${path.module}/name.txt"))}-${trimspace(file("${path.root}/name.txt"))}" }`,
			"modules/m/name.txt": "mod\n",
		}, Options{},
			map[string]string{"module.m.aws_s3_bucket.b": "root-mod-root"}},
		{"resource attribute reference", tf(`
resource "aws_s3_bucket" "a" { bucket = "first" }
resource "aws_s3_bucket" "b" { bucket = "${aws_s3_bucket.a.bucket}-second" }`), Options{},
			map[string]string{"aws_s3_bucket.a": "first", "aws_s3_bucket.b": "first-second"}},
		{"local module with inputs and outputs, nested", map[string]string{
			"main.tf": `
module "outer" {
  source = "./modules/outer"
  prefix = "p"
}
resource "aws_s3_bucket" "root" { bucket = module.outer.inner_name }`,
			"modules/outer/main.tf": `
variable "prefix" {}
module "inner" {
  source = "../inner"
  name   = "${var.prefix}-inner"
}
output "inner_name" { value = module.inner.name }`,
			"modules/inner/main.tf": `
variable "name" {}
resource "aws_s3_bucket" "this" { bucket = var.name }
output "name" { value = aws_s3_bucket.this.bucket }`,
		}, Options{},
			map[string]string{"aws_s3_bucket.root": "p-inner", "module.outer.module.inner.aws_s3_bucket.this": "p-inner"}},
		{"module with for_each", map[string]string{
			"main.tf": `
module "b" {
  for_each = toset(["x", "y"])
  source   = "./m"
  name     = each.key
}`,
			"m/main.tf": `
variable "name" {}
resource "aws_s3_bucket" "this" { bucket = "m-${var.name}" }`,
		}, Options{},
			map[string]string{`module.b["x"].aws_s3_bucket.this`: "m-x", `module.b["y"].aws_s3_bucket.this`: "m-y"}},
		{"downloaded module from modules.json", map[string]string{
			"main.tf": `
module "reg" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.0.0"
  bucket  = "from-registry"
}`,
			".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"reg","Source":"registry.terraform.io/terraform-aws-modules/s3-bucket/aws","Dir":".terraform/modules/reg"}]}`,
			".terraform/modules/reg/main.tf":  `variable "bucket" {}` + "\n" + `resource "aws_s3_bucket" "this" { bucket = var.bucket }`,
		}, Options{},
			map[string]string{"module.reg.aws_s3_bucket.this": "from-registry"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := bucketNames(t, c.files, c.opts)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s: got %q, want %q (all: %v)", k, got[k], v, got)
				}
			}
		})
	}
}

func TestVarFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf":     `variable "env" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = var.env }`,
		"prod.tfvars": `env = "from-var-file"`,
	})
	got := bucketNames(t, map[string]string{
		"main.tf": `variable "env" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = var.env }`,
	}, Options{VarFiles: []string{dir + "/prod.tfvars"}})
	if got["aws_s3_bucket.b"] != "from-var-file" {
		t.Fatalf("got %v", got)
	}
}

func TestRootDiscovery(t *testing.T) {
	// Two roots share one module; the module alone must not be scanned
	// with empty inputs, and each root evaluates it once.
	e, d := load(t, map[string]string{
		"envs/prod/main.tf":     `module "app" {` + "\n" + `source = "../../modules/app"` + "\n" + `env = "prod"` + "\n}",
		"envs/dev/main.tf":      `module "app" {` + "\n" + `source = "../../modules/app"` + "\n" + `env = "dev"` + "\n}",
		"modules/app/main.tf":   `variable "env" {}` + "\n" + `resource "aws_s3_bucket" "b" { bucket = "app-${var.env}" }`,
		"modules/app/README.md": "not terraform",
	}, Options{})
	noErrors(t, d)
	var names []string
	for _, b := range e.S3Buckets {
		n, _ := b.Name.Get()
		names = append(names, n+"@"+b.Loc.File[strings.LastIndex(b.Loc.File, "modules/"):])
	}
	sort.Strings(names)
	want := []string{"app-dev@modules/app/main.tf", "app-prod@modules/app/main.tf"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want %v", names, want)
	}
}

func TestModulesOutsideScannedDir(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"live/main.tf":      `module "m" {` + "\n" + `source = "../modules/m"` + "\n}",
		"modules/m/main.tf": `resource "aws_s3_bucket" "b" { bucket = "outside" }`,
	})
	e, d := Load(t.Context(), dir+"/live", Options{})
	noErrors(t, d)
	if len(e.S3Buckets) != 1 || !strings.HasSuffix(e.S3Buckets[0].Loc.File, "/modules/m/main.tf") {
		t.Fatalf("module in ../modules not followed: %+v", e.S3Buckets)
	}
}

package terraform

import (
	"strings"
	"testing"
)

// Terraform functions that real modules call (terraform-aws-s3-bucket takes
// length() of a tags object; Lambda modules hash their packages; settings
// come from YAML files). Each used to be an error diagnostic on valid code
// and an unknown value; each now gives what Terraform gives.
func TestTerraformFunctions(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"length of an object", tf(`
locals { tags = { team = "a", env = "b" } }
resource "aws_s3_bucket" "b" { bucket = "n-${length(local.tags)}" }`), "n-2"},
		{"length of a string counts characters", tf(`
resource "aws_s3_bucket" "b" { bucket = "n-${length("héllo")}" }`), "n-5"},
		{"length of a tuple with an unknown element", tf(`
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket" "b" { bucket = "n-${length([aws_kms_key.k.arn, "x"])}" }`), "n-2"},
		{"yamldecode", map[string]string{
			"main.tf": `
locals { cfg = yamldecode(file("${path.module}/cfg.yaml")) }
resource "aws_s3_bucket" "b" { bucket = "${local.cfg.name}-${local.cfg.replicas}-${local.cfg.flags[1]}-${local.cfg.on}" }`,
			"cfg.yaml": "name: logs\nreplicas: 3\nflags: [a, b]\non: true\n"}, "logs-3-b-true"},
		{"fileset with **", map[string]string{
			"main.tf": `
resource "aws_s3_bucket" "b" { bucket = join("+", sort(fileset(path.module, "policies/**/*.json"))) }`,
			"policies/a.json": "{}", "policies/x/b.json": "{}", "policies/c.txt": ""}, "policies/a.json+policies/x/b.json"},
		{"file hashes", map[string]string{
			"main.tf": `
resource "aws_s3_bucket" "b" { bucket = "${filemd5("${path.module}/f")}-${substr(filebase64sha256("${path.module}/f"), 0, 4)}" }`,
			"f": "abc"}, "900150983cd24fb0d6963f7d28e17f72-ungW"},
		{"yamlencode", tf(`
resource "aws_s3_bucket" "b" { bucket = yamlencode({ a = "b", n = 1.5, ok = true, none = null, l = ["x"], e = {}, m = "l1\nl2" }) }`),
			"\"a\": \"b\"\n\"e\": {}\n\"l\":\n  - \"x\"\n\"m\": |-\n  l1\n  l2\n\"n\": 1.5\n\"none\": null\n\"ok\": true\n"},
		{"yamlencode round-trips through yamldecode", tf(`
resource "aws_s3_bucket" "b" { bucket = jsonencode(yamldecode(yamlencode({ a = ["x", { b = "l1\nl2\n" }], n = 2 }))) }`),
			`{"a":["x",{"b":"l1\nl2\n"}],"n":2}`},
		{"yamlencode of a string", tf(`
resource "aws_s3_bucket" "b" { bucket = yamlencode("foo") }`), "\"foo\"\n"},
		{"transpose", tf(`
resource "aws_s3_bucket" "b" { bucket = jsonencode(transpose({ b = ["2", "3"], a = ["1", "2"] })) }`),
			`{"1":["a"],"2":["a","b"],"3":["b"]}`},
		{"matchkeys", tf(`
resource "aws_s3_bucket" "b" {
  bucket = join(",", matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"]))
}`), "i-abc,i-def"},
		{"templatestring", tf(`
locals { tpl = "Hello, $${name}: %%{ for x in xs }$${upper(x)}%%{ endfor }" }
resource "aws_s3_bucket" "b" { bucket = templatestring(local.tpl, { name = "n", xs = ["a", "b"] }) }`), "Hello, n: AB"},
		{"textencodebase64 and textdecodebase64", tf(`
resource "aws_s3_bucket" "b" {
  bucket = "${textencodebase64("Hello World", "UTF-16LE")}|${textencodebase64("é", "UTF-16")}|${textencodebase64("é", "ISO-8859-1")}|${textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "utf-16le")}"
}`), "SABlAGwAbABvACAAVwBvAHIAbABkAA==|/v8A6Q==|6Q==|Hello World"},
		{"textencodebase64 in an encoding onus lacks", tf(`
resource "aws_s3_bucket" "b" { bucket = textencodebase64("x", "Shift_JIS") }`),
			`?textencodebase64: onus does not implement the "Shift_JIS" encoding`},
		{"timecmp", tf(`
resource "aws_s3_bucket" "b" {
  bucket = "${timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")}${timecmp("2017-11-22T00:00:00Z", "2018-01-01T00:00:00Z")}${timecmp("2018-01-01T00:00:00Z", "2017-11-22T00:00:00Z")}"
}`), "0-11"},
		{"plantimestamp is unknown", tf(`
resource "aws_s3_bucket" "b" { bucket = "b-${plantimestamp()}" }`), "?plantimestamp() is known only at plan time"},
		{"uuidv5", tf(`
resource "aws_s3_bucket" "b" {
  bucket = "${uuidv5("dns", "www.terraform.io")}|${uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")}"
}`), "a5008fae-b28c-5ba5-96cd-82b4c53552d6|a5008fae-b28c-5ba5-96cd-82b4c53552d6"},
		{"cidrcontains", tf(`
resource "aws_s3_bucket" "b" {
  bucket = join("-", [cidrcontains("192.168.2.0/20", "192.168.2.1"), cidrcontains("192.168.2.0/20", "192.168.2.0/22"),
    cidrcontains("192.168.2.0/20", "192.126.2.1"), cidrcontains("192.168.2.0/20", "192.126.2.0/18"),
    cidrcontains("fe80::/48", "fe80::1"), cidrcontains("fe80::/48", "fe81::1")])
}`), "true-true-false-false-true-false"},
		{"issensitive and ephemeralasnull", tf(`
resource "aws_s3_bucket" "b" { bucket = "${issensitive("x")}-${ephemeralasnull("y")}" }`), "false-y"},
	}
	// An unknown argument gives an unknown result ("?" is any unknown).
	for _, expr := range []string{
		`yamlencode({ a = aws_kms_key.k.arn })`,
		`jsonencode(transpose({ a = [aws_kms_key.k.arn] }))`,
		`join(",", matchkeys(["a"], [aws_kms_key.k.arn], ["x"]))`,
		`templatestring(aws_kms_key.k.arn, {})`,
		`templatestring(local.tpl, { name = aws_kms_key.k.arn })`,
		`textencodebase64(aws_kms_key.k.arn, "UTF-16LE")`,
		`textdecodebase64(aws_kms_key.k.arn, "UTF-8")`,
		`tostring(timecmp(aws_kms_key.k.arn, "2018-01-01T00:00:00Z"))`,
		`uuidv5("dns", aws_kms_key.k.arn)`,
		`tostring(cidrcontains("10.0.0.0/8", aws_kms_key.k.arn))`,
		`tostring(issensitive(aws_kms_key.k.arn))`,
		`ephemeralasnull(aws_kms_key.k.arn)`,
	} {
		cases = append(cases, struct {
			name  string
			files map[string]string
			want  string
		}{"unknown argument: " + expr, tf(`
locals { tpl = "Hello, $${name}" }
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket" "b" { bucket = ` + expr + ` }`), "?"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := bucketNames(t, c.files, Options{})
			if c.want == "?" && strings.HasPrefix(got["aws_s3_bucket.b"], "?") {
				return
			}
			if got["aws_s3_bucket.b"] != c.want {
				t.Errorf("bucket name %q, want %q", got["aws_s3_bucket.b"], c.want)
			}
		})
	}
}

// An alias bomb in a YAML file is refused, not expanded.
func TestYAMLDecodeAliasBomb(t *testing.T) {
	y := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		y += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	e, d := load(t, map[string]string{
		"main.tf":   `resource "aws_s3_bucket" "b" { bucket = tostring(length(yamldecode(file("${path.module}/bomb.yaml")).h)) }`,
		"bomb.yaml": y}, Options{})
	if _, ok := e.S3Buckets[0].Name.Get(); ok {
		t.Fatal("the bomb was expanded")
	}
	if !d.HasErrors() {
		t.Fatal("no diagnostic for the refused YAML")
	}
}

// A module calling each of these built-ins loads with no diagnostic at all:
// they used to be "Call to unknown function" errors that marked the scan
// incomplete.
func TestMoreBuiltinsLoadWithoutDiagnostics(t *testing.T) {
	_, d := load(t, tf(`
locals {
  tpl  = "Hello, $${name}"
  all = {
    yaml   = yamlencode({ a = [1, 2] })
    tr     = transpose({ a = ["x"] })
    mk     = matchkeys(["a", "b"], ["k1", "k2"], ["k2"])
    ts     = templatestring(local.tpl, { name = "n" })
    enc    = textencodebase64("x", "UTF-16LE")
    dec    = textdecodebase64("eA==", "UTF-8")
    cmp    = timecmp("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")
    plan   = plantimestamp()
    id     = uuidv5("url", "https://example.com")
    inside = cidrcontains("10.0.0.0/16", "10.0.1.0/24")
    sens   = issensitive("x")
    eph    = ephemeralasnull("x")
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "b-${local.all.mk[0]}-${local.all.cmp}-${local.all.inside}"
  tags   = { for k, v in local.all : k => jsonencode(v) }
}`), Options{})
	if len(d) != 0 {
		t.Fatalf("diagnostics: %v", d)
	}
}

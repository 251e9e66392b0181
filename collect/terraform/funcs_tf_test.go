package terraform

import "testing"

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
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := bucketNames(t, c.files, Options{})
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

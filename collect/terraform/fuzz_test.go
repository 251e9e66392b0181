package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary text as a .tf file: Load must never panic and
// must always return an estate.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		`resource "aws_s3_bucket" "b" { bucket = "x" }`,
		`variable "v" {}` + "\n" + `resource "aws_s3_bucket" "b" { count = var.v
 bucket = "x-${count.index}" }`,
		`locals { a = local.b
 b = local.a }`,
		`resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = { a = 1 }
    content { from_port = ingress.value }
  }
}`,
		`module "m" { source = "./" }`,
		`resource "aws_s3_bucket" "b" { for_each = 3 }`,
		`data "aws_iam_policy_document" "d" { statement { principals { type = "*" } } }` + "\n" +
			`resource "aws_s3_bucket_policy" "p" { bucket = "b"
 policy = data.aws_iam_policy_document.d.json }`,
		`resource "aws_lambda_function" "f" { environment { variables = 7 } }`,
		"resource \"x\" {",
		`resource "aws_instance" "i" { metadata_options = [1] }`,
		`variable "v" {}` + "\n" + `resource "aws_ecs_task_definition" "t" { container_definitions = jsonencode([{ environment = [var.v, { name = var.v }, 3], logConfiguration = 1, privileged = "x" }, 2]) }`,
		`resource "aws_ecs_task_definition" "t" { container_definitions = "[{\"Environment\": {\"a\": 1}, \"user\": []}]" }`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		e, _ := Load(context.Background(), dir, Options{})
		if e == nil {
			t.Fatal("nil estate")
		}
	})
}

// FuzzParse feeds arbitrary bytes as a plan JSON.
func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile("../../examples/terraform/plan/plan.json")
	if err == nil {
		f.Add(seed)
	}
	for _, s := range []string{
		`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"x"}}]}}}`,
		`{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","change":{"actions":["create"],"after":{"bucket":null},"after_unknown":{"bucket":true}}}]}`,
		`{"format_version":"1.2","resource_changes":[{"change":{"after":[1,2]}}]}`,
		`{`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = IsPlanJSON(data)
		e, _ := loadPlanBytes(context.Background(), "plan.json", data)
		if e == nil {
			t.Fatal("nil estate")
		}
	})
}

// FuzzLoadJSON feeds arbitrary text as a .tf.json file next to a .tf file.
func FuzzLoadJSON(f *testing.F) {
	for _, s := range []string{
		`{"resource": {"aws_s3_bucket": {"b": {"bucket": "x-${var.v}"}}}, "variable": {"v": {"default": "d"}}}`,
		`{"resource": {"aws_s3_bucket": {"b": [{"count": "${2}", "bucket": "c${count.index}"}]}}}`,
		`{"resource": {"aws_security_group": {"g": {"dynamic": {"ingress": {"for_each": "${[1]}", "iterator": "i", "content": {"from_port": "${i.value}"}}}}}}}`,
		`{"provider": {"aws": {"alias": "w", "region": "us-west-2", "default_tags": {"tags": {"a": "b"}}}}}`,
		`{"module": {"m": {"source": "./", "providers": {"aws": "aws.w"}}}}`,
		`{"locals": {"a": "${local.b}", "b": "${local.a}"}}`,
		`{"resource": {"aws_s3_bucket": {"b": "x"}}}`,
		`{"resource": {"aws_instance": {"i": {"provider": "${"}}}}`,
		`{"variable": {"t": {"type": "list(", "default": 1}}}`,
		`[1, 2]`,
		`{"resource": `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf.json"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "other.tf"), []byte(`resource "aws_s3_bucket" "o" { bucket = "o" }`), 0o644); err != nil {
			t.Fatal(err)
		}
		e, _ := Load(context.Background(), dir, Options{})
		if e == nil {
			t.Fatal("nil estate")
		}
	})
}

package terraform

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/config"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
)

// tagsOf renders every bucket's and group's effective tags, and the line
// their provenance points at, as "addr: k=v,k=v @line" ("?reason" when unknown).
func tagsOf(e *model.Estate) map[string]string {
	out := map[string]string{}
	add := func(addr string, v interface {
		Get() (map[string]string, bool)
		Reason() string
	}, line int) {
		m, ok := v.Get()
		if !ok {
			out[addr] = "?" + v.Reason()
			return
		}
		var kv []string
		for k, x := range m {
			kv = append(kv, k+"="+x)
		}
		sort.Strings(kv)
		out[addr] = fmt.Sprintf("%s @%d", strings.Join(kv, ","), line)
	}
	for _, b := range e.S3Buckets {
		add(b.Address, b.Tags, b.Tags.Prov().Loc.Start.Line)
	}
	for _, g := range e.IAMGroups {
		add(g.Address, g.Tags, g.Tags.Prov().Loc.Start.Line)
	}
	return out
}

// The provider's default_tags merge into every taggable resource's tags,
// resource tags winning, through aliases and module provider passing.
func TestProviderDefaultTags(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  map[string]string
	}{
		{"merge, resource wins, untaggable unchanged", tf(`provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { Owner = "platform", Env = "prod" }
  }
}
resource "aws_s3_bucket" "plain" { bucket = "p" }
resource "aws_s3_bucket" "own" {
  bucket = "o"
  tags   = { Env = "dev", App = "x" }
}
resource "aws_iam_group" "g" { name = "g" }`), map[string]string{
			"aws_s3_bucket.plain": "Env=prod,Owner=platform @3",
			"aws_s3_bucket.own":   "App=x,Env=dev,Owner=platform @10",
			"aws_iam_group.g":     " @12",
		}},
		{"alias provider and locals", tf(`locals { common = { Team = "sec" } }
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "west"
  region = "us-west-2"
  default_tags { tags = local.common }
}
resource "aws_s3_bucket" "east" { bucket = "e" }
resource "aws_s3_bucket" "west" {
  provider = aws.west
  bucket   = "w"
}`), map[string]string{
			"aws_s3_bucket.east": " @8",
			"aws_s3_bucket.west": "Team=sec @6",
		}},
		{"modules inherit aws and take providers = {...}", map[string]string{
			"main.tf": `provider "aws" {
  default_tags {
    tags = { Scope = "default" }
  }
}
provider "aws" {
  alias = "audit"
  default_tags {
    tags = { Scope = "audit" }
  }
}
module "implicit" { source = "./m" }
module "passed" {
  source    = "./m"
  providers = { aws = aws.audit }
}`,
			"m/main.tf": `resource "aws_s3_bucket" "b" { bucket = "m" }`,
		}, map[string]string{
			"module.implicit.aws_s3_bucket.b": "Scope=default @2",
			"module.passed.aws_s3_bucket.b":   "Scope=audit @8",
		}},
		{"unknown default tags make tags unknown", tf(`variable "tags" { type = map(string) }
provider "aws" {
  default_tags { tags = var.tags }
}
resource "aws_s3_bucket" "b" { bucket = "b" }`), map[string]string{
			"aws_s3_bucket.b": `?provider default_tags: variable "tags" has no value (no default, no tfvars, no -var)`,
		}},
		{"json module with providers", map[string]string{
			"main.tf.json": `{
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "audit", "default_tags": {"tags": {"Scope": "audit"}}}]},
  "module": {"m": {"source": "./m", "providers": {"aws": "aws.audit"}}}
}`,
			"m/main.tf": `resource "aws_s3_bucket" "b" { bucket = "m" }`,
		}, map[string]string{
			"module.m.aws_s3_bucket.b": "Scope=audit @2",
		}},
		{"json provider", map[string]string{"main.tf.json": `{
  "provider": {"aws": {"default_tags": {"tags": {"Owner": "json"}}}},
  "resource": {"aws_s3_bucket": {"b": {"bucket": "b"}}}
}`}, map[string]string{
			"aws_s3_bucket.b": "Owner=json @2",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, c.files, Options{})
			noErrors(t, d)
			got := tagsOf(e)
			for k, want := range c.want {
				if got[k] != want {
					t.Errorf("%s: got %q, want %q", k, got[k], want)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("got %v", got)
			}
		})
	}
}

// A suppression by tag in .onus.yaml sees tags that only default_tags set.
func TestDefaultTagsReachSuppressions(t *testing.T) {
	e, d := load(t, tf(`provider "aws" {
  default_tags {
    tags = { Exception = "approved" }
  }
}
resource "aws_s3_bucket" "b" { bucket = "b" }`), Options{})
	noErrors(t, d)
	res := control.Result{Control: &control.Control{ID: "ONUS-S3-001"}, Resource: control.On(&e.S3Buckets[0].Meta).Fail("x").Resource}
	s := config.Suppression{Control: "ONUS-S3-*", Tags: map[string]string{"Exception": "approved"}}
	if !s.Matches(&res) {
		t.Fatalf("suppression by default tag does not match %+v", res.Resource)
	}
}

// Plan JSON carries the merged tags in tags_all.
func TestPlanTagsAll(t *testing.T) {
	src := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",
 "values":{"bucket":"b","tags":{"App":"x"},"tags_all":{"App":"x","Owner":"default"}}}]}}}`
	e, d := loadPlanBytes(context.Background(), "p.json", []byte(src))
	noErrors(t, d)
	if got := tagsOf(e)["aws_s3_bucket.b"]; !strings.HasPrefix(got, "App=x,Owner=default") {
		t.Fatalf("tags %q", got)
	}
}

// A provider configured from a module's output is evaluated after that
// module, and resources using it wait for it: no dependency cycle.
func TestProviderFromModuleOutput(t *testing.T) {
	e, d := load(t, map[string]string{
		"main.tf": `provider "aws" { region = "eu-west-1" }
module "cfg" { source = "./cfg" }
provider "aws" {
  alias  = "x"
  region = module.cfg.region
  default_tags {
    tags = { Team = module.cfg.team }
  }
}
resource "aws_s3_bucket" "b" {
  provider = aws.x
  bucket   = "b"
}`,
		"cfg/main.tf": `output "region" { value = "eu-central-1" }
output "team" { value = "sec" }`,
	}, Options{})
	noErrors(t, d)
	b := e.S3Buckets[0]
	if b.Region != "eu-central-1" || tagsOf(e)["aws_s3_bucket.b"] != "Team=sec @6" {
		t.Fatalf("region %q tags %q", b.Region, tagsOf(e)["aws_s3_bucket.b"])
	}
}

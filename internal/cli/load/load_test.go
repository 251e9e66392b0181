package load

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDetect(t *testing.T) {
	d := t.TempDir()
	cases := []struct {
		name, file, content string
		want                Kind
		errHas              string
	}{
		{"plan", "plan.json", `{"format_version":"1.2","terraform_version":"1.11.0","planned_values":{}}`, TerraformPlan, ""},
		{"cfn json", "t.json", `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, CloudFormationTemplate, ""},
		{"cfn json resources only", "r.template", `{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}`, CloudFormationTemplate, ""},
		{"cfn yaml", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", CloudFormationTemplate, ""},
		{"cfn yaml no version", "t.yml", "# c\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", CloudFormationTemplate, ""},
		{"broken cfn json", "b.json", `{"Resources": {`, CloudFormationTemplate, ""},
		{"snapshot", "snap.json", `{"schema_version":1,"estate":{}}`, Snapshot, ""},
		{"tf file", "main.tf", `resource "x" "y" {}`, 0, "pass its directory"},
		{"garbage", "notes.txt", "hello", 0, "is not a directory"},
		{"bad json", "x.json", `{"a":`, 0, "not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, d, c.file, c.content)
			got, err := Detect(p)
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) || !errors.Is(err, ErrInput) {
					t.Fatalf("err = %v, want input error with %q", err, c.errHas)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %v, %v; want %v", got, err, c.want)
			}
		})
	}
	if k, err := Detect(d); err != nil || k != Directory {
		t.Errorf("directory: %v %v", k, err)
	}
	if _, err := Detect(filepath.Join(d, "missing")); !errors.Is(err, ErrInput) {
		t.Errorf("missing: %v", err)
	}
}

func bucketEstate(src source.Kind, addr string) *model.Estate {
	return &model.Estate{S3Buckets: []*s3.Bucket{{Meta: base.Meta{Address: addr, Source: src}}}}
}

func TestPaths(t *testing.T) {
	d := t.TempDir()
	empty := t.TempDir()
	tmpl := write(t, t.TempDir(), "t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
	snap := write(t, t.TempDir(), "s.json", `{"estate":{}}`)
	var calls []string
	l := Loaders{
		Terraform: func(_ context.Context, dir string, v Vars) (*model.Estate, diag.List) {
			calls = append(calls, "tf:"+dir+":"+v.TFVars["a"])
			if dir == empty {
				return &model.Estate{}, nil
			}
			var ds diag.List
			ds.Errorf(source.Loc{File: "z.tf", Start: source.Pos{Line: 2}}, "bad")
			return bucketEstate(source.Terraform, "aws_s3_bucket.a"), ds
		},
		CloudFormation: func(_ context.Context, p string, _ Vars) (*model.Estate, diag.List) {
			calls = append(calls, "cfn:"+p)
			if p == tmpl {
				return bucketEstate(source.CloudFormation, "B"), nil
			}
			return &model.Estate{}, nil
		},
		Snapshot: func(r io.Reader, name string) (*model.Estate, diag.List, error) {
			calls = append(calls, "snap:"+name)
			return bucketEstate(source.Snapshot, "arn:aws:s3:::x"), nil, nil
		},
	}
	res, err := l.Paths(context.Background(), []string{d, tmpl, snap, empty}, Vars{TFVars: map[string]string{"a": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"tf:" + d + ":1", "cfn:" + d, "cfn:" + tmpl, "snap:" + snap, "tf:" + empty + ":1", "cfn:" + empty}
	if strings.Join(calls, "|") != strings.Join(want, "|") {
		t.Errorf("calls:\n%v\nwant\n%v", calls, want)
	}
	if len(res.Estate.S3Buckets) != 3 {
		t.Errorf("merged %d buckets", len(res.Estate.S3Buckets))
	}
	if got := res.Sources; len(got) != 3 || got[0] != source.CloudFormation || got[1] != source.Snapshot || got[2] != source.Terraform {
		t.Errorf("sources %v", got)
	}
	if !res.Diagnostics.HasErrors() {
		t.Error("loader diagnostics lost")
	}
	found := false
	for _, dg := range res.Diagnostics {
		if dg.Severity == diag.Warning && strings.Contains(dg.Summary, "no AWS resources found in "+empty) {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for the empty directory: %v", res.Diagnostics)
	}

	// A source that is not built in is an input error, not a silent skip.
	if _, err := (Loaders{}).Paths(context.Background(), []string{tmpl}, Vars{}); !errors.Is(err, ErrInput) {
		t.Errorf("missing reader: %v", err)
	}
}

// FuzzDetect: content detection never panics and every error is an input
// error, whatever the bytes.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		`{"format_version":"1.2","planned_values":{}}`,
		`{"AWSTemplateFormatVersion":"2010-09-09"}`,
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
		`{"Resources": {`, `{}`, ``, `[1,2]`, "\x00\xff{", `{"a":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := detectBytes("f", b)
		if err != nil {
			if !errors.Is(err, ErrInput) {
				t.Fatalf("non-input error %v", err)
			}
			return
		}
		if k < Directory || k > Snapshot {
			t.Fatalf("kind %d", k)
		}
	})
}

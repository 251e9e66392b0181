package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// JSON escapes yaml.v3 rejects ("\/" and surrogate pairs) must not make a
// JSON template unreadable.
func TestJSONEscapesYAMLRejects(t *testing.T) {
	src := `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "deploy \ud83d\ude80 stack",
  "Resources": {
    "Logs": {
      "Type": "AWS::S3::Bucket",
      "Properties": {"BucketName": "logs\/2026", "Tags": [{"Key": "path", "Value": "a\\\/b"}]}
    }
  }
}`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.json"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, diags := Load(context.Background(), dir, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(e.S3Buckets) != 1 {
		t.Fatalf("%d buckets", len(e.S3Buckets))
	}
	b := e.S3Buckets[0]
	if n, _ := b.Name.Get(); n != "logs/2026" {
		t.Errorf("name = %q", n)
	}
	if tags, _ := b.Tags.Get(); tags["path"] != `a\/b` {
		t.Errorf("tag = %q, want a\\/b (an escaped backslash, then a slash)", tags["path"])
	}
	if b.Loc.Start.Line != 5 {
		t.Errorf("bucket at line %d, want 5", b.Loc.Start.Line)
	}
}

func TestYAMLEscapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a": "x\/y"}`, `{"a": "x\x2Fy"}`},
		{`{"a": "\ud83d\ude80"}`, `{"a": "\U0001F680"}`},
		{`{"a": "\\/"}`, ""},    // an escaped backslash, then a plain slash
		{`{"a": "\ud83d"}`, ""}, // a lone surrogate stays (and stays an error)
		{`a: "x\/y"`, ""},       // not JSON
		{`{"a\/": 1, "b": "\/"}`, `{"a\x2F": 1, "b": "\x2F"}`},
	} {
		got, ok := yamlEscapes([]byte(tc.in))
		if tc.want == "" {
			if ok {
				t.Errorf("%s: rewritten to %s, want untouched", tc.in, got)
			}
			continue
		}
		if !ok || string(got) != tc.want {
			t.Errorf("%s: got %s (%v), want %s", tc.in, got, ok, tc.want)
		}
	}
}

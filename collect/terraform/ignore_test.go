package terraform

import "testing"

func TestFindIgnores(t *testing.T) {
	src := "# onus:ignore:ONUS-S3-001 public dataset\n" +
		"resource \"aws_s3_bucket\" \"a\" {\n" +
		"  // onus:ignore:ONUS-S3-002:exp:2027-01-31 until the KMS key lands\n" +
		"\n" +
		"  # a plain comment\n" +
		"  bucket = \"a\"\n" +
		"  /* onus:ignore:ONUS-S3-003:exp:2027-01-31T00:00:00Z reason here */\n" +
		"  acl = \"private\"\n" +
		"  # onus:ignore:ONUS-S3-004:exp:\n" +
		"}\n"
	got := findIgnores("main.tf", []byte(src))
	want := []ignoreComment{
		{control: "ONUS-S3-001", reason: "public dataset", target: 2},
		{control: "ONUS-S3-002", expires: "2027-01-31", reason: "until the KMS key lands", target: 6},
		{control: "ONUS-S3-003", expires: "2027-01-31T00:00:00Z", reason: "reason here", target: 8},
		// An empty expiry must not become "never expires".
		{control: "ONUS-S3-004", expires: "(missing)", target: 10},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d ignores: %+v", len(got), got)
	}
	lines := []int{1, 3, 7, 9}
	for i, w := range want {
		g := got[i]
		if g.control != w.control || g.expires != w.expires || g.reason != w.reason || g.target != w.target {
			t.Errorf("%d: got %+v, want %+v", i, g, w)
		}
		if g.loc.File != "main.tf" || g.loc.Start.Line != lines[i] {
			t.Errorf("%d: loc %+v", i, g.loc)
		}
	}
}

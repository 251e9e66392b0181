package controls

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/internal/cli/cmdutil"
	"github.com/onus-sec/onus/internal/cli/iostreams"
)

func fake() []*control.Control {
	return []*control.Control{
		{ID: "ONUS-S3-002", Title: "Bucket policy denies non-TLS", Severity: control.High, Service: "s3", Layer: "data-protection",
			Rationale: "Plain HTTP exposes data.", Checked: "The bucket policy has a Deny on aws:SecureTransport false.",
			Remediation: control.Remediation{Summary: "Add a Deny statement.", Terraform: "resource \"aws_s3_bucket_policy\" \"x\" {}",
				CloudFormation: "Type: AWS::S3::BucketPolicy", CLI: "aws s3api put-bucket-policy"},
			Frameworks: map[string][]string{"fsbp": {"S3.5"}, "cis-aws-7.0.0": {"2.1.1"}}},
		{ID: "ONUS-EC2-001", Title: "No SSH from the world", Severity: control.Critical, Service: "vpc", Layer: "network-config"},
	}
}

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	streams, _, out, _ := iostreams.Test()
	cmd := NewCmd(streams, fake, nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestList(t *testing.T) {
	out, err := run(t)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "ID") || !strings.HasPrefix(lines[1], "ONUS-EC2-001") || !strings.HasPrefix(lines[2], "ONUS-S3-002") {
		t.Errorf("not a sorted table:\n%s", out)
	}
	for _, want := range []string{"critical", "vpc", "network-config", "No SSH from the world", "2 controls"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	out, _ = run(t, "--service", "s3")
	if strings.Contains(out, "ONUS-EC2-001") || !strings.Contains(out, "ONUS-S3-002") {
		t.Errorf("--service filter:\n%s", out)
	}
}

func TestListJSON(t *testing.T) {
	out, err := run(t, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion string `json:"schema_version"`
		Controls      []struct {
			ID          string              `json:"id"`
			Severity    string              `json:"severity"`
			Frameworks  map[string][]string `json:"frameworks"`
			Remediation struct {
				Terraform string `json:"terraform"`
			} `json:"remediation"`
		} `json:"controls"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion || len(doc.Controls) != 2 || doc.Controls[1].Severity != "high" ||
		doc.Controls[1].Frameworks["fsbp"][0] != "S3.5" || doc.Controls[1].Remediation.Terraform == "" {
		t.Errorf("doc: %+v", doc)
	}
}

func TestExplain(t *testing.T) {
	out, err := run(t, "explain", "onus-s3-002")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ONUS-S3-002  Bucket policy denies non-TLS", "Severity:  high",
		"s3 (Amazon S3)", "data-protection (owned by customer)", "Rationale\n  Plain HTTP exposes data.",
		"What is checked", "Terraform:\n    resource", "CloudFormation:\n    Type: AWS::S3::BucketPolicy",
		"AWS CLI:\n    aws s3api", "cis-aws-7.0.0    2.1.1", "fsbp             S3.5"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// Unwritten parts say so instead of printing nothing.
	out, _ = run(t, "explain", "ONUS-EC2-001")
	if !strings.Contains(out, "(none mapped)") || !strings.Contains(out, "Terraform: (none)") {
		t.Errorf("empty fields:\n%s", out)
	}
}

func TestExplainUnknown(t *testing.T) {
	_, err := run(t, "explain", "ONUS-NOPE-999")
	var u *cmdutil.UsageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), `unknown control "ONUS-NOPE-999"`) {
		t.Errorf("got %v", err)
	}
	if _, err := run(t, "explain"); err == nil {
		t.Error("explain without ID must fail")
	}
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, l := range strings.Split(wrap(long, 30), "\n") {
		if len(l) > 30 {
			t.Errorf("line longer than 30: %q", l)
		}
	}
	if got := wrap("a verylongwordthatcannotbreak", 5); !strings.Contains(got, "verylongwordthatcannotbreak") {
		t.Errorf("unbreakable word mangled: %q", got)
	}
}

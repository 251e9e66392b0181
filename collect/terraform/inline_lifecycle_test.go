package terraform

import (
	"testing"

	"github.com/onus-sec/onus/control"
)

// TestInlineLifecycleRule: the AWS provider v3 inline lifecycle_rule acts
// only when enabled, like the standalone configuration's Enabled status;
// an unknown enabled is UNKNOWN, not a rule that counts.
func TestInlineLifecycleRule(t *testing.T) {
	got := outcomesOf(t, `
variable "on" {}
resource "aws_s3_bucket" "off" {
  bucket = "off"
  lifecycle_rule {
    id      = "expire"
    enabled = false
    expiration { days = 30 }
  }
}
resource "aws_s3_bucket" "on" {
  bucket = "on"
  lifecycle_rule {
    id      = "old"
    enabled = false
  }
  lifecycle_rule {
    id      = "expire"
    enabled = true
    expiration { days = 30 }
  }
}
resource "aws_s3_bucket" "unknown" {
  bucket = "unknown"
  lifecycle_rule {
    id      = "expire"
    enabled = var.on
  }
}
resource "aws_s3_bucket" "none" {
  bucket = "none"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-S3-014", "aws_s3_bucket.off", control.Fail, ""},
		{"ONUS-S3-014", "aws_s3_bucket.on", control.Pass, ""},
		{"ONUS-S3-014", "aws_s3_bucket.unknown", control.Unknown, ""},
		{"ONUS-S3-014", "aws_s3_bucket.none", control.Fail, ""},
	})
}

package terraform

import (
	"strings"
	"testing"
)

// TestUnresolvedJoinEvidence: a primary made unknown by a secondary whose
// target is unresolved has that secondary as evidence, not itself.
func TestUnresolvedJoinEvidence(t *testing.T) {
	src := `variable "bucket" {}
variable "topic" {}
resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_sns_topic" "t" {
  name = "t"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse" {
  bucket = var.bucket
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}
resource "aws_sns_topic_policy" "p" {
  arn    = var.topic
  policy = "{}"
}
`
	e, _ := load(t, tf(src), Options{})
	enc := e.S3Buckets[0].Encryption
	unknown(t, "encryption", enc, "aws_s3_bucket_server_side_encryption_configuration.sse")
	if loc := enc.Prov().Loc; !strings.HasSuffix(loc.File, "main.tf") || loc.Start.Line != 10 {
		t.Errorf("encryption evidence at %s, want the secondary at main.tf:10", loc)
	}
	pol := e.SNSTopics[0].Policy
	unknown(t, "topic policy", pol, "aws_sns_topic_policy.p.arn")
	if loc := pol.Prov().Loc; loc.Start.Line != 16 {
		t.Errorf("topic policy evidence at %s, want the secondary at main.tf:16", loc)
	}
}

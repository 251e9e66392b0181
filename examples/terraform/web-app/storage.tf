resource "aws_kms_key" "data" {
  description             = "Data at rest for ${var.project}"
  deletion_window_in_days = 30
}

resource "aws_s3_bucket" "assets" {
  bucket = "${var.project}-assets-eu1"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = "Enabled"
  }
}

# The logs bucket is written the provider-v3 way, with inline blocks.
resource "aws_s3_bucket" "logs" {
  bucket = "${var.project}-logs-eu1"
  acl    = "log-delivery-write"
  tags   = local.tags
}

# A private, KMS-encrypted, versioned, logged bucket that refuses plain HTTP.

variable "name" {
  type = string
}

variable "kms_key_arn" {
  description = "Customer managed key for default encryption; null means SSE-S3"
  type        = string
  default     = null
}

variable "log_bucket" {
  description = "Bucket that receives this bucket's server access logs"
  type        = string
}

variable "log_prefix" {
  type    = string
  default = ""
}

variable "extra_policy_statements" {
  description = "Statements added to the bucket policy after the TLS-only deny"
  type        = any
  default     = []
}

variable "expire_noncurrent_days" {
  type    = number
  default = 90
}

resource "aws_s3_bucket" "this" {
  bucket              = var.name
  object_lock_enabled = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  # MFA delete needs the root user's MFA device at apply time:
  # terraform apply -var 'root_mfa=SERIAL CODE'.
  mfa = var.root_mfa
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

variable "root_mfa" {
  description = "Serial number and current code of the root user's MFA device"
  type        = string
  default     = null
  sensitive   = true
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.log_bucket
  target_prefix = var.log_prefix
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.expire_noncurrent_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_notification" "this" {
  bucket      = aws_s3_bucket.this.id
  eventbridge = true
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
      ], var.kms_key_arn == null ? [] : [
      {
        # Uploads that ask for nothing get the SSE-KMS default; refuse
        # uploads that explicitly ask for another algorithm.
        Sid       = "DenyNonKmsUploads"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.this.arn}/*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
          Null            = { "s3:x-amz-server-side-encryption" = "false" }
        }
      }
    ], var.extra_policy_statements)
  })
  depends_on = [aws_s3_bucket_public_access_block.this]
}

output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "bucket" {
  value = aws_s3_bucket.this.bucket
}

# Server access logs of the application buckets.
module "access_logs" {
  source      = "./modules/private-bucket"
  name        = "${local.prefix}-access-logs-${var.region}"
  kms_key_arn = aws_kms_key.main.arn
  log_bucket  = var.central_log_bucket
  log_prefix  = "${local.prefix}/access-logs/"
}

module "assets" {
  source      = "./modules/private-bucket"
  name        = "${local.prefix}-assets-${var.region}"
  kms_key_arn = aws_kms_key.main.arn
  log_bucket  = module.access_logs.id
  log_prefix  = "assets/"
}

module "trail" {
  source      = "./modules/private-bucket"
  name        = "${local.prefix}-cloudtrail-${var.region}"
  kms_key_arn = aws_kms_key.main.arn
  log_bucket  = module.access_logs.id
  log_prefix  = "cloudtrail/"
  extra_policy_statements = [
    {
      Sid       = "CloudTrailAclCheck"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = "arn:aws:s3:::${local.prefix}-cloudtrail-${var.region}"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    },
    {
      Sid       = "CloudTrailWrite"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${local.prefix}-cloudtrail-${var.region}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    },
  ]
}

module "alb_logs" {
  source = "./modules/private-bucket"
  name   = "${local.prefix}-alb-logs-${var.region}"
  # onus:ignore:ONUS-S3-001 ALB access logs can only be written to buckets encrypted with SSE-S3
  kms_key_arn = null
  log_bucket  = module.access_logs.id
  log_prefix  = "alb-logs/"
  extra_policy_statements = [
    {
      Sid       = "ELBLogDelivery"
      Effect    = "Allow"
      Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${local.prefix}-alb-logs-${var.region}/alb/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
    },
  ]
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

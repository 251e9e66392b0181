resource "aws_cloudtrail" "main" {
  name           = "${var.project}-trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  # Logging was paused during a noisy migration and never resumed.
  enable_logging = false
}

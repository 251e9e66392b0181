resource "aws_cloudtrail" "main" {
  name           = "${var.project}-trail"
  s3_bucket_name = aws_s3_bucket.logs.id
}

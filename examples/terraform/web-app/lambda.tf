resource "aws_iam_role" "resizer" {
  name = "${var.project}-resizer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "resizer" {
  function_name = "${var.project}-resizer"
  role          = aws_iam_role.resizer.arn
  runtime       = "python3.8"
  handler       = "app.handler"
  filename      = "resizer.zip"

  environment {
    variables = {
      BUCKET         = aws_s3_bucket.assets.bucket
      STRIPE_API_KEY = "sk_live_51HxQpL2eZvKYlo2C8mJd9Rt4"
      LOG_LEVEL      = "info"
    }
  }
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.resizer.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.assets.arn
}

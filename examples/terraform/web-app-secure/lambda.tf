resource "aws_iam_role" "resizer" {
  name = "${local.prefix}-resizer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "resizer" {
  name = "resize-images"
  role = aws_iam_role.resizer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadWriteImages"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${module.assets.arn}/images/*"
      },
      {
        Sid      = "UseDataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.main.arn
      },
      {
        Sid      = "DeadLetters"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.resizer_dlq.arn
      },
      {
        Sid      = "ApiKey"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = aws_secretsmanager_secret.stripe.arn
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "resizer_vpc" {
  role       = aws_iam_role.resizer.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_sqs_queue" "resizer_dlq" {
  name                      = "${local.prefix}-resizer-dlq"
  kms_master_key_id         = aws_kms_key.main.arn
  message_retention_seconds = 1209600
}

resource "aws_lambda_function" "resizer" {
  function_name                  = "${local.prefix}-resizer"
  role                           = aws_iam_role.resizer.arn
  runtime                        = "python3.12"
  handler                        = "app.handler"
  filename                       = "resizer.zip"
  kms_key_arn                    = aws_kms_key.main.arn
  reserved_concurrent_executions = 20

  environment {
    variables = {
      BUCKET            = module.assets.bucket
      STRIPE_SECRET_ARN = aws_secretsmanager_secret.stripe.arn
      LOG_LEVEL         = "info"
    }
  }

  vpc_config {
    subnet_ids         = aws_subnet.app[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.resizer_dlq.arn
  }
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowAssetsBucket"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.resizer.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = module.assets.arn
  source_account = data.aws_caller_identity.current.account_id
}

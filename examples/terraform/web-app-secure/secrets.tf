resource "aws_secretsmanager_secret" "stripe" {
  name       = "${local.prefix}/stripe-api-key"
  kms_key_id = aws_kms_key.main.arn
}

resource "aws_secretsmanager_secret_rotation" "stripe" {
  secret_id           = aws_secretsmanager_secret.stripe.id
  rotation_lambda_arn = aws_lambda_function.rotate_stripe.arn
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_iam_role" "rotate_stripe" {
  name = "${local.prefix}-rotate-stripe"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "rotate_stripe" {
  name = "rotate-stripe-key"
  role = aws_iam_role.rotate_stripe.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecretVersionStage"]
        Resource = aws_secretsmanager_secret.stripe.arn
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.main.arn
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "rotate_stripe_vpc" {
  role       = aws_iam_role.rotate_stripe.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_lambda_function" "rotate_stripe" {
  function_name                  = "${local.prefix}-rotate-stripe"
  role                           = aws_iam_role.rotate_stripe.arn
  runtime                        = "python3.12"
  handler                        = "rotate.handler"
  filename                       = "rotate.zip"
  kms_key_arn                    = aws_kms_key.main.arn
  reserved_concurrent_executions = 2

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

resource "aws_lambda_permission" "secretsmanager" {
  statement_id   = "AllowSecretsManager"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotate_stripe.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

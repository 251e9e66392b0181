# Roles with AWS managed policies attached by ARN: onus judges them with its
# bundled copies where it has one (AWSLambdaBasicExecutionRole, IAMFullAccess)
# and knows AdministratorAccess by name.

locals {
  lambda_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role" "basic" {
  name               = "fn-basic"
  assume_role_policy = local.lambda_trust
}

resource "aws_iam_role_policy_attachment" "basic_logs" {
  role       = aws_iam_role.basic.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role" "admin" {
  name                = "fn-admin"
  assume_role_policy  = local.lambda_trust
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "iam_admin" {
  name                = "iam-admin"
  assume_role_policy  = local.lambda_trust
  managed_policy_arns = ["arn:aws:iam::aws:policy/IAMFullAccess"]
}

resource "aws_lambda_function" "basic" {
  function_name = "basic"
  role          = aws_iam_role.basic.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_lambda_function" "admin" {
  function_name = "admin"
  role          = aws_iam_role.admin.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}

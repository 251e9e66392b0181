# Resources the bundled examples lack, so that the unknown-injection test
# reaches their readers too: an ECS task definition whose containers are
# written with jsonencode.
variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/app-execution"
  task_role_arn            = "arn:aws:iam::123456789012:role/app-task"
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"
    essential              = true
    privileged             = false
    readonlyRootFilesystem = true
    user                   = "1000:1000"
    environment = [
      { name = "LOG_LEVEL", value = "info" },
      { name = "DB_PASSWORD_SECRET_ARN", value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
      { name = "API_TOKEN", value = "{{resolve:secretsmanager:api}}" },
    ]
    secrets = [
      { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

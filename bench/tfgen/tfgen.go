package tfgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FilesPerRoot is how many .tf files each generated root module has.
const FilesPerRoot = 10

// Stats says what Write produced.
type Stats struct {
	Files, Roots, Resources int
}

// Write creates about files .tf files under dir: files/10 root modules in
// nested folders (org/team-NN/app-NNN), each calling the shared local
// module modules/bucket, plus that module. Output depends only on files.
func Write(dir string, files int) (Stats, error) {
	var st Stats
	roots := files / FilesPerRoot
	if roots < 1 {
		roots = 1
	}
	write := func(p, s string) error {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		st.Files++
		return os.WriteFile(full, []byte(s), 0o644)
	}
	if err := write("modules/bucket/main.tf", bucketModule); err != nil {
		return st, err
	}
	for i := 0; i < roots; i++ {
		r := root{i: i, secure: i%2 == 0}
		base := fmt.Sprintf("org/team-%02d/app-%03d", i%20, i)
		for _, f := range r.files() {
			if err := write(base+"/"+f.name, f.body); err != nil {
				return st, err
			}
		}
		st.Roots++
		st.Resources += r.resources()
	}
	return st, nil
}

type root struct {
	i      int
	secure bool
}

type file struct{ name, body string }

// resources is how many resource instances one root yields (count'd
// instances counted once each; the module's four included).
func (r root) resources() int {
	n := 0
	for _, f := range r.files() {
		n += strings.Count(f.body, "resource \"")
	}
	// count = 2 on the subnets and the instances adds one each; the
	// module adds its five.
	return n + 1 + 1 + 5
}

func (r root) pick(secure, insecure string) string {
	if r.secure {
		return secure
	}
	return insecure
}

func (r root) files() []file {
	name := fmt.Sprintf("app%03d", r.i)
	return []file{
		{"versions.tf", fmt.Sprintf(`terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}
`)},
		{"variables.tf", fmt.Sprintf(`variable "region" {
  type    = string
  default = "eu-west-%d"
}

variable "name" {
  type    = string
  default = %q
}

variable "cidr" {
  type    = string
  default = "10.%d.0.0/16"
}

variable "db_password" {
  type      = string
  sensitive = true
  %s
}

variable "admin_cidr" {
  type    = string
  default = %q
}
`, 1+r.i%3, name, r.i%250, r.pick("# supplied by the pipeline", `default = "changeme-`+name+`"`), r.pick("10.0.0.0/8", "0.0.0.0/0"))},
		{"locals.tf", fmt.Sprintf(`locals {
  prefix = "${var.name}-${terraform.workspace}"
  azs    = ["${var.region}a", "${var.region}b"]
  tags = {
    App   = var.name
    Team  = "team-%02d"
    Level = %q
  }
  ports = %s
}
`, r.i%20, r.pick("secure", "insecure"), r.pick("[443]", "[22, 443, 3389]"))},
		{"kms.tf", fmt.Sprintf(`resource "aws_kms_key" "main" {
  description         = "${local.prefix} data"
  enable_key_rotation = %v
  tags                = local.tags
}

resource "aws_dynamodb_table" "state" {
  name         = "${local.prefix}-state"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = %v
  }
  server_side_encryption {
    enabled     = %v
    kms_key_arn = aws_kms_key.main.arn
  }
}
`, r.secure, r.secure, r.secure)},
		{"s3.tf", r.pick(`module "data" {
  source      = "../../../modules/bucket"
  name        = "${local.prefix}-data"
  kms_key_arn = aws_kms_key.main.arn
  tags        = local.tags
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.prefix}-logs"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}
`, `module "data" {
  source      = "../../../modules/bucket"
  name        = "${local.prefix}-data"
  kms_key_arn = null
  tags        = local.tags
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.prefix}-logs"
  acl    = "public-read"
  tags   = local.tags
  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket            = "${local.prefix}-logs"
  block_public_acls = false
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.bucket
  versioning_configuration {
    status = "Suspended"
  }
}
`)},
		{"network.tf", fmt.Sprintf(`resource "aws_vpc" "main" {
  cidr_block = var.cidr
  tags       = merge(local.tags, { Name = local.prefix })
}

resource "aws_subnet" "app" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.cidr, 8, count.index)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = %v
}

%s

resource "aws_security_group" "app" {
  name   = "${local.prefix}-app"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.admin_cidr]
    }
  }
}

resource "aws_security_group_rule" "egress" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
`, !r.secure, r.pick(`resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_s3_bucket.logs.arn
}`, `resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}`))},
		{"compute.tf", fmt.Sprintf(`resource "aws_instance" "app" {
  count                  = 2
  ami                    = "ami-0%07d"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.app[count.index].id
  vpc_security_group_ids = [aws_security_group.app.id]
  iam_instance_profile   = aws_iam_role.app.name
  %s
  root_block_device {
    encrypted = %v
  }
  tags = merge(local.tags, { Name = "${local.prefix}-${count.index}" })
}

resource "aws_ebs_volume" "data" {
  availability_zone = local.azs[0]
  size              = 20
  encrypted         = %v
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.app[0].id
}
`, r.i, r.pick(`metadata_options {
    http_tokens = "required"
  }`, `associate_public_ip_address = true`), r.secure, r.secure)},
		{"db.tf", fmt.Sprintf(`resource "aws_db_instance" "main" {
  identifier              = "${local.prefix}-db"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 20
  username                = "app"
  password                = var.db_password
  storage_encrypted       = %v
  kms_key_id              = %s
  backup_retention_period = %d
  publicly_accessible     = %v
  multi_az                = %v
  deletion_protection     = %v
  vpc_security_group_ids  = [aws_security_group.app.id]
  tags                    = local.tags
}
`, r.secure, r.pick("aws_kms_key.main.arn", "null"), map[bool]int{true: 14, false: 1}[r.secure], !r.secure, r.secure, r.secure)},
		{"lambda.tf", fmt.Sprintf(`resource "aws_lambda_function" "worker" {
  function_name = "${local.prefix}-worker"
  role          = aws_iam_role.app.arn
  runtime       = %q
  handler       = "main.handler"
  filename      = "worker.zip"

  environment {
    variables = {
      BUCKET    = module.data.bucket
      LOG_LEVEL = "info"
      %s
    }
  }

  tracing_config {
    mode = %q
  }
}

resource "aws_sqs_queue" "dlq" {
  name                    = "${local.prefix}-dlq"
  sqs_managed_sse_enabled = %v
}

resource "aws_lambda_permission" "invoke" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = %q
  source_arn    = module.data.arn
}
`, r.pick("python3.12", "python3.7"), r.pick(`DB_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app"`, `DB_PASSWORD = "hunter2-`+name+`"`), r.pick("Active", "PassThrough"), r.secure, r.pick("s3.amazonaws.com", "*"))},
		{"iam.tf", fmt.Sprintf(`resource "aws_iam_role" "app" {
  name = "${local.prefix}-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["ec2.amazonaws.com", "lambda.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

resource "aws_iam_policy" "app" {
  name = "${local.prefix}-app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = %s
        Resource = %s
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.main.arn
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app.arn
}
`, r.pick(`["s3:GetObject", "s3:PutObject"]`, `"*"`), r.pick(`"${module.data.arn}/*"`, `"*"`))},
	}
}

// bucketModule is the shared local module every root calls.
const bucketModule = `variable "name" {
  type = string
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = var.tags
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
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.kms_key_arn == null ? "Suspended" : "Enabled"
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "bucket" {
  value = aws_s3_bucket.this.bucket
}
`

# Leftovers of the prototype phase that nobody cleaned up: each one is a
# finding onus should report (see README.md). examples/cloudformation/web-app.yaml
# declares the same resources, except the SSM document share, which
# CloudFormation cannot express the same way.

# A bucket for a marketing site, readable by anyone through its ACL (ACLs
# re-enabled for it).
resource "aws_s3_bucket" "site" {
  bucket = "${var.project}-site-eu1"
  acl    = "public-read"
  tags   = local.tags
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

# "Temporary" public read on the logs bucket (which also holds the trail).
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.logs.arn}/*"
      }, {
      Sid       = "VendorUploads" # the log vendor's agent "needed" to set object ACLs
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:PutObject", "s3:PutObjectAcl"]
      Resource  = "${aws_s3_bucket.logs.arn}/vendor/*"
    }]
  })
}

# A partner access point with its public access block turned off.
resource "aws_s3_access_point" "partner" {
  bucket = aws_s3_bucket.assets.id
  name   = "${var.project}-partner"

  public_access_block_configuration {
    block_public_acls       = false
    ignore_public_acls      = false
    block_public_policy     = false
    restrict_public_buckets = false
  }
}

# An "ops" policy that grants everything.
resource "aws_iam_policy" "ops_full" {
  name = "${var.project}-ops-full"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

# The CI user, made an administrator to get the pipeline green.
resource "aws_iam_user" "ci" {
  name = "${var.project}-ci"
}

resource "aws_iam_user_policy_attachment" "ci_admin" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# A support role anyone in any account can assume.
resource "aws_iam_role" "support" {
  name = "${var.project}-support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# The image resizer was given administrator rights while debugging.
resource "aws_iam_role_policy_attachment" "resizer_admin" {
  role       = aws_iam_role.resizer.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# A key "shared" with a partner by opening its policy to everyone.
resource "aws_kms_key" "shared" {
  description             = "Shared with partners"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Everyone"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# A reporting database opened to the world for a BI tool.
resource "aws_db_instance" "reporting" {
  identifier                  = "${var.project}-reporting"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t3.medium"
  allocated_storage           = 20
  username                    = "report_owner"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.reporting.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  publicly_accessible         = true
  skip_final_snapshot         = true
}

# The BI tool reaches the databases from anywhere.
resource "aws_security_group_rule" "db_world" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

# A launch template for scaling out, with public addresses.
resource "aws_launch_template" "app" {
  name          = "${var.project}-app"
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.small"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = true
    security_groups             = [aws_security_group.app.id]
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}

# A transit gateway that accepts any shared VPC attachment.
resource "aws_ec2_transit_gateway" "hub" {
  description                    = "${var.project} hub"
  auto_accept_shared_attachments = "enable"
}

# A runbook shared with every AWS account.
resource "aws_ssm_document" "runbook" {
  name          = "${var.project}-restart-app"
  document_type = "Command"
  content = jsonencode({
    schemaVersion = "2.2"
    description   = "Restart the app service"
    mainSteps = [{
      action = "aws:runShellScript"
      name   = "restart"
      inputs = { runCommand = ["systemctl restart app"] }
    }]
  })
  permissions = {
    type        = "Share"
    account_ids = "All"
  }
}

# GuardDuty on, with every optional protection plan turned off to save cost.
resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "off" {
  for_each    = toset(["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"])
  detector_id = aws_guardduty_detector.main.id
  name        = each.key
  status      = "DISABLED"
}

# A global endpoint for the assets, created with public bucket policies
# allowed "for the CDN trial"; the setting cannot be changed afterwards.
resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "${var.project}-global"
    public_access_block {
      block_public_policy = false
    }
    region {
      bucket = aws_s3_bucket.assets.id
    }
  }
}

# The reporting copy sits in the public subnets so the BI tool can reach it.
resource "aws_db_subnet_group" "reporting" {
  name       = "${var.project}-reporting"
  subnet_ids = aws_subnet.public[*].id
}

# Spot workers for the nightly reports, launched from their own parameters
# with a scratch disk nobody encrypted.
data "aws_caller_identity" "current" {}

resource "aws_spot_fleet_request" "reports" {
  iam_fleet_role  = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-ec2-spot-fleet-tagging-role"
  target_capacity = 2

  launch_specification {
    ami           = data.aws_ami.al2023.id
    instance_type = "c6i.large"

    ebs_block_device {
      device_name = "/dev/xvdb"
      volume_size = 100
    }
  }
}

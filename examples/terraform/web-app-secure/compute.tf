data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "main" {
  key_arn = aws_kms_key.main.arn
}

resource "aws_iam_instance_profile" "app" {
  name = "${local.prefix}-app"
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  count                       = length(local.azs)
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t3.small"
  subnet_id                   = aws_subnet.app[count.index].id
  vpc_security_group_ids      = [aws_security_group.app.id]
  iam_instance_profile        = aws_iam_instance_profile.app.name
  associate_public_ip_address = false
  monitoring                  = true
  ebs_optimized               = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    encrypted   = true
    kms_key_id  = aws_kms_key.main.arn
    volume_type = "gp3"
  }

  # Configuration and secrets come from SSM Parameter Store at boot.
  user_data = <<-EOT
    #!/bin/bash
    /opt/shop/bin/configure --from-ssm /${local.prefix}/app
    systemctl start shop
  EOT

  tags = { Name = "${local.prefix}-app-${count.index}" }
}

resource "aws_ebs_volume" "data" {
  count             = length(local.azs)
  availability_zone = local.azs[count.index]
  size              = 50
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_volume_attachment" "data" {
  count       = length(local.azs)
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data[count.index].id
  instance_id = aws_instance.app[count.index].id
}

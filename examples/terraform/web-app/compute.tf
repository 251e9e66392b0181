data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

resource "aws_iam_instance_profile" "app" {
  name = "${var.project}-app"
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  count                  = 2
  ami                    = data.aws_ami.al2023.id
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public[count.index].id
  vpc_security_group_ids = [aws_security_group.app.id]
  iam_instance_profile   = aws_iam_instance_profile.app.name

  user_data = <<-EOT
    #!/bin/bash
    export DATABASE_URL=postgres://app:${var.db_password}@${aws_db_instance.main.address}/shop
    systemctl start shop
  EOT

  tags = merge(local.tags, { Name = "${var.project}-app-${count.index}" })
}

resource "aws_ebs_volume" "data" {
  availability_zone = local.azs[0]
  size              = 50
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.app[0].id
}

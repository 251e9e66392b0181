package terraform

import (
	"context"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

// The remaining FSBP EC2 controls on Terraform: interfaces counted from
// blocks and attachments, VPN tunnel and Client VPN logging, Spot Fleet
// launch specifications, VPC Block Public Access, and the live-only ones
// not applicable.
func TestFSBPEC2Resources(t *testing.T) {
	got := outcomesOf(t, `
provider "aws" { region = "eu-west-1" }
variable "eni_target" {}
variable "log" {}
resource "aws_instance" "single" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_instance" "blocks" {
  ami           = "ami-1"
  instance_type = "m1.small"
  network_interface {
    network_interface_id = "eni-1"
    device_index         = 0
  }
  network_interface {
    network_interface_id = "eni-2"
    device_index         = 1
  }
}
resource "aws_instance" "attached" {
  ami           = "ami-1"
  instance_type = "c6i.large"
}
resource "aws_network_interface_attachment" "extra" {
  instance_id          = aws_instance.attached.id
  network_interface_id = "eni-3"
  device_index         = 1
}
resource "aws_instance" "eni_block" {
  ami           = "ami-1"
  instance_type = "c6i.large"
}
resource "aws_network_interface" "second" {
  subnet_id = "subnet-1"
  attachment {
    instance     = aws_instance.eni_block.id
    device_index = 1
  }
}
resource "aws_instance" "templated" {
  launch_template {
    id = "lt-1"
  }
}
resource "aws_vpn_connection" "logged" {
  customer_gateway_id = "cgw-1"
  vpn_gateway_id      = "vgw-1"
  type                = "ipsec.1"
  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled   = true
      log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:vpn"
    }
  }
  tunnel2_log_options {
    cloudwatch_log_options {
      log_enabled = true
    }
  }
}
resource "aws_vpn_connection" "half" {
  customer_gateway_id = "cgw-1"
  vpn_gateway_id      = "vgw-1"
  type                = "ipsec.1"
  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled = true
    }
  }
}
resource "aws_vpn_connection" "variable" {
  customer_gateway_id = "cgw-1"
  vpn_gateway_id      = "vgw-1"
  type                = "ipsec.1"
  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled = var.log
    }
  }
}
resource "aws_ec2_client_vpn_endpoint" "on" {
  server_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/1"
  client_cidr_block      = "10.10.0.0/16"
  connection_log_options {
    enabled              = true
    cloudwatch_log_group = "client-vpn"
  }
}
resource "aws_ec2_client_vpn_endpoint" "off" {
  server_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/1"
  client_cidr_block      = "10.11.0.0/16"
  connection_log_options {
    enabled = false
  }
}
resource "aws_spot_fleet_request" "encrypted" {
  iam_fleet_role  = "arn:aws:iam::111122223333:role/fleet"
  target_capacity = 2
  launch_specification {
    ami           = "ami-1"
    instance_type = "c6i.large"
    root_block_device {
      encrypted = true
    }
    ebs_block_device {
      device_name = "/dev/xvdb"
      encrypted   = true
    }
  }
}
resource "aws_spot_fleet_request" "plain" {
  iam_fleet_role  = "arn:aws:iam::111122223333:role/fleet"
  target_capacity = 2
  launch_specification {
    ami           = "ami-1"
    instance_type = "c6i.large"
    ebs_block_device {
      device_name = "/dev/xvdb"
    }
  }
}
resource "aws_spot_fleet_request" "templates" {
  iam_fleet_role  = "arn:aws:iam::111122223333:role/fleet"
  target_capacity = 2
  launch_template_config {
    launch_template_specification {
      id      = "lt-1"
      version = "$Latest"
    }
  }
}
resource "aws_vpc_block_public_access_options" "this" {
  internet_gateway_block_mode = "block-ingress"
}
`)
	checkOutcomes(t, got, []want{
		{"ONUS-EC2-014", "aws_instance.single", control.NotApplicable, "live scan"},
		{"ONUS-EC2-015", "aws_instance.single", control.Pass, "primary"},
		{"ONUS-EC2-015", "aws_instance.blocks", control.Fail, "2 network interfaces"},
		{"ONUS-EC2-015", "aws_instance.attached", control.Fail, "aws_network_interface_attachment.extra"},
		{"ONUS-EC2-015", "aws_instance.eni_block", control.Fail, "aws_network_interface.second"},
		{"ONUS-EC2-015", "aws_instance.templated", control.Unknown, "launch template"},
		{"ONUS-EC2-016", "aws_instance.single", control.Pass, "only HVM"},
		{"ONUS-EC2-016", "aws_instance.blocks", control.Unknown, "m1.small"},
		{"ONUS-VPC-017", "aws_vpn_connection.logged", control.NotApplicable, "live scan"},
		{"ONUS-VPC-019", "aws_vpn_connection.logged", control.Pass, ""},
		{"ONUS-VPC-019", "aws_vpn_connection.half", control.Fail, "tunnel 2"},
		{"ONUS-VPC-019", "aws_vpn_connection.variable", control.Unknown, `variable "log"`},
		{"ONUS-VPC-018", "aws_ec2_client_vpn_endpoint.on", control.Pass, ""},
		{"ONUS-VPC-018", "aws_ec2_client_vpn_endpoint.off", control.Fail, ""},
		{"ONUS-EC2-017", "aws_spot_fleet_request.encrypted", control.Pass, ""},
		{"ONUS-EC2-017", "aws_spot_fleet_request.plain", control.Fail, "launch_specification[0] /dev/xvdb"},
		{"ONUS-EC2-017", "aws_spot_fleet_request.templates", control.NotApplicable, "launch templates"},
		{"ONUS-VPC-020", "aws_vpc_block_public_access_options.this", control.Pass, "block-ingress"},
	})
}

// An attachment whose instance is unknown may add an interface to any
// instance: the count becomes UNKNOWN rather than one.
func TestENIAttachmentUnresolved(t *testing.T) {
	got := outcomesOf(t, `
variable "target" {}
resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_network_interface_attachment" "x" {
  instance_id          = var.target
  network_interface_id = "eni-3"
  device_index         = 1
}
`)
	checkOutcomes(t, got, []want{{"ONUS-EC2-015", "aws_instance.a", control.Unknown, `variable "target"`}})
}

// In plan JSON, blocks are list attributes: an empty launch_template list
// names no template, and network_interface entries count as interfaces.
func TestFSBPEC2Plan(t *testing.T) {
	src := `{"format_version":"1.2","resource_changes":[
{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","change":{"actions":["create"],
 "after":{"ami":"ami-1","instance_type":"t3.micro","launch_template":[],"network_interface":[]},"after_unknown":{}}},
{"address":"aws_instance.b","mode":"managed","type":"aws_instance","name":"b","change":{"actions":["create"],
 "after":{"ami":"ami-1","instance_type":"t3.micro","launch_template":[],"network_interface":[{"device_index":0,"network_interface_id":"eni-1"},{"device_index":1,"network_interface_id":"eni-2"}]},"after_unknown":{}}},
{"address":"aws_vpn_connection.v","mode":"managed","type":"aws_vpn_connection","name":"v","change":{"actions":["create"],
 "after":{"type":"ipsec.1","tunnel1_log_options":[{"cloudwatch_log_options":[{"log_enabled":true}]}],"tunnel2_log_options":[]},"after_unknown":{}}}]}`
	e, d := loadPlanBytes(context.Background(), "p.json", []byte(src))
	noErrors(t, d)
	got := map[string]control.Result{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r
	}
	checkOutcomes(t, got, []want{
		{"ONUS-EC2-015", "aws_instance.a", control.Pass, "primary"},
		{"ONUS-EC2-015", "aws_instance.b", control.Fail, "2 network interfaces"},
		{"ONUS-VPC-019", "aws_vpn_connection.v", control.Fail, "tunnel 2"},
	})
}

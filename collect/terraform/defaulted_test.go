package terraform

import (
	"strings"
	"testing"
)

// TestDefaultedSettingsCarryANote: IMDS tokens and EBS encryption left out
// of the code are known (the code does not enforce them) but noted as
// decided outside it, so a FAIL says so; stated values carry no note, and
// a declared aws_ebs_encryption_by_default replaces the default.
func TestDefaultedSettingsCarryANote(t *testing.T) {
	e, _ := load(t, tf(`
resource "aws_instance" "bare" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_instance" "partial" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  metadata_options {
    http_endpoint = "enabled"
  }
  root_block_device {
    volume_size = 20
  }
}
resource "aws_instance" "stated" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional"
  }
  root_block_device {
    encrypted = false
  }
}
resource "aws_ebs_volume" "bare" {
  availability_zone = "eu-west-1a"
  size              = 1
}
resource "aws_ebs_volume" "stated" {
  availability_zone = "eu-west-1a"
  size              = 1
  encrypted         = false
}
`), Options{})
	notes := map[string]bool{}
	for _, in := range e.EC2Instances {
		known(t, in.Address+" http_tokens", in.HTTPTokens)
		known(t, in.Address+" root encryption", in.RootVolumeEncrypted)
		notes[in.Address+" tokens"] = strings.Contains(in.HTTPTokens.Note(), "http_tokens is not set")
		notes[in.Address+" root"] = strings.Contains(in.RootVolumeEncrypted.Note(), "encrypted is not set")
	}
	for _, v := range e.EBSVolumes {
		known(t, v.Address+" encrypted", v.Encrypted)
		notes[v.Address] = strings.Contains(v.Encrypted.Note(), "encrypted is not set")
	}
	want := map[string]bool{
		"aws_instance.bare tokens": true, "aws_instance.bare root": true,
		"aws_instance.partial tokens": true, "aws_instance.partial root": true,
		"aws_instance.stated tokens": false, "aws_instance.stated root": false,
		"aws_ebs_volume.bare": true, "aws_ebs_volume.stated": false,
	}
	for k, w := range want {
		if notes[k] != w {
			t.Errorf("%s: noted %v, want %v", k, notes[k], w)
		}
	}

	e, _ = load(t, tf(`
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}
resource "aws_ebs_volume" "bare" {
  availability_zone = "eu-west-1a"
  size              = 1
}
`), Options{})
	if v := e.EBSVolumes[0].Encrypted; !known(t, "encrypted", v) || v.Note() != "" {
		t.Errorf("with encryption by default on: %v, note %q", known(t, "encrypted", v), v.Note())
	}
}

package terraform

import "testing"

func TestS3AccessPointNetworkOrigin(t *testing.T) {
	e, _ := load(t, map[string]string{"main.tf": `
resource "aws_s3_access_point" "open" {
  bucket = "data"
  name   = "open"
}
resource "aws_s3_access_point" "private" {
  bucket = "data"
  name   = "private"
  vpc_configuration {
    vpc_id = "vpc-0a1b2c3d"
  }
}
`}, Options{})
	want := map[string][2]string{"aws_s3_access_point.open": {"Internet", ""}, "aws_s3_access_point.private": {"VPC", "vpc-0a1b2c3d"}}
	if len(e.S3AccessPoints) != len(want) {
		t.Fatalf("%d access points, want %d", len(e.S3AccessPoints), len(want))
	}
	for _, ap := range e.S3AccessPoints {
		o, ok := ap.NetworkOrigin.Get()
		if w := want[ap.Address]; !ok || o != w[0] || ap.VPCID != w[1] {
			t.Errorf("%s: network origin %q (known %v), VPC %q; want %v", ap.Address, o, ok, ap.VPCID, w)
		}
	}
}

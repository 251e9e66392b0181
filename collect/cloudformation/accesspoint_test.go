package cloudformation

import "testing"

func TestS3AccessPointNetworkOrigin(t *testing.T) {
	e, diags := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Open:
    Type: AWS::S3::AccessPoint
    Properties: {Bucket: data}
  Private:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: data
      VpcConfiguration: {VpcId: vpc-0a1b2c3d}
`, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := map[string][2]string{"Open": {"Internet", ""}, "Private": {"VPC", "vpc-0a1b2c3d"}}
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

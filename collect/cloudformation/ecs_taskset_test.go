package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
)

func TestECSTaskSetPublicIP(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  PublicIp: {Type: String}
Resources:
  Blue:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: main
      Service: app
      TaskDefinition: app:1
      NetworkConfiguration:
        AwsVpcConfiguration: {AssignPublicIp: ENABLED, Subnets: [subnet-1]}
  Green:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: main
      Service: app
      TaskDefinition: app:2
      NetworkConfiguration:
        AwsVpcConfiguration: {Subnets: [subnet-1]}
  Param:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: main
      Service: app
      TaskDefinition: app:3
      NetworkConfiguration:
        AwsVpcConfiguration: {AssignPublicIp: !Ref PublicIp, Subnets: [subnet-1]}
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, diags := Load(context.Background(), dir, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(e.ECSTaskSets) != 3 {
		t.Fatalf("%d task sets, want 3", len(e.ECSTaskSets))
	}
	got := map[string]control.Outcome{}
	for _, r := range control.Run(context.Background(), e, catalog.All()).Slice() {
		if r.Control.ID == "ONUS-ECS-010" {
			got[r.Resource.Address] = r.Outcome
		}
	}
	for addr, want := range map[string]control.Outcome{"Blue": control.Fail, "Green": control.Pass, "Param": control.Unknown} {
		if got[addr] != want {
			t.Errorf("ONUS-ECS-010 on %s = %v, want %s (all: %v)", addr, got[addr], want, got)
		}
	}
}

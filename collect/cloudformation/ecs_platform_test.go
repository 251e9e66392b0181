package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestECSServiceFargate(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Latest:
    Type: AWS::ECS::Service
    Properties: {LaunchType: FARGATE}
  Pinned:
    Type: AWS::ECS::Service
    Properties: {LaunchType: FARGATE, PlatformVersion: 1.3.0}
  Spot:
    Type: AWS::ECS::Service
    Properties:
      CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]
  OnEC2:
    Type: AWS::ECS::Service
    Properties: {LaunchType: EC2}
  ClusterDefault:
    Type: AWS::ECS::Service
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, diags := Load(context.Background(), dir, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := map[string]struct {
		fargate string // "true", "false", "unknown"
		version string
	}{
		"Latest": {"true", "LATEST"}, "Pinned": {"true", "1.3.0"}, "Spot": {"true", "LATEST"},
		"OnEC2": {"false", "LATEST"}, "ClusterDefault": {"unknown", "LATEST"},
	}
	for _, s := range e.ECSServices {
		w := want[s.Address]
		f := "unknown"
		if v, ok := s.Fargate.Get(); ok {
			f = map[bool]string{true: "true", false: "false"}[v]
		}
		if v, _ := s.PlatformVersion.Get(); f != w.fargate || v != w.version {
			t.Errorf("%s: fargate %s, version %q; want %s, %q", s.Address, f, v, w.fargate, w.version)
		}
	}
	if len(e.ECSServices) != len(want) {
		t.Errorf("%d services", len(e.ECSServices))
	}
}

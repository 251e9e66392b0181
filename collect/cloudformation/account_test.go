package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestRegionWideServices(t *testing.T) {
	for _, tc := range []struct {
		name, resources string
		analyzers       []string // nil: unknown
		hub, macie      string   // "true", "false" or "unknown"
	}{
		{"none declared", `  Topic: {Type: AWS::SNS::Topic}`, nil, "unknown", "unknown"},
		{"named analyzer and hub", `  A:
    Type: AWS::AccessAnalyzer::Analyzer
    Properties: {AnalyzerName: acct, Type: ACCOUNT}
  Hub: {Type: AWS::SecurityHub::Hub}`, []string{"acct"}, "true", "unknown"},
		{"generated analyzer name", `  Org:
    Type: AWS::AccessAnalyzer::Analyzer
    Properties: {Type: ORGANIZATION}`, []string{"Org"}, "unknown", "unknown"},
		{"macie enabled by default", `  M: {Type: AWS::Macie::Session}`, nil, "unknown", "true"},
		{"macie paused", `  M:
    Type: AWS::Macie::Session
    Properties: {Status: PAUSED}`, nil, "unknown", "false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + tc.resources + "\n"
			if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			e, diags := Load(context.Background(), dir, Options{})
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if len(e.Regions) == 0 {
				if tc.analyzers != nil || tc.hub != "unknown" || tc.macie != "unknown" {
					t.Fatal("no region record")
				}
				return
			}
			r := e.Regions[0]
			got, ok := r.AccessAnalyzers.Get()
			if (tc.analyzers == nil) == ok || (ok && !reflect.DeepEqual(got, tc.analyzers)) {
				t.Errorf("analyzers = %v (%v), want %v", got, ok, tc.analyzers)
			}
			state := func(v bool, ok bool) string {
				if !ok {
					return "unknown"
				}
				if v {
					return "true"
				}
				return "false"
			}
			if s := state(r.SecurityHub.Get()); s != tc.hub {
				t.Errorf("security hub = %s, want %s", s, tc.hub)
			}
			if s := state(r.Macie.Get()); s != tc.macie {
				t.Errorf("macie = %s, want %s", s, tc.macie)
			}
		})
	}
}

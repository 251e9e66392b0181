package fix

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/onus-sec/onus/collect/cloudformation"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
)

func cfnLoad(ctx context.Context, path string, v load.Vars) (*model.Estate, diag.List) {
	return cloudformation.Load(ctx, path, cloudformation.Options{Params: v.CFNParams, ParamFiles: v.CFNParamFiles})
}

func TestEditTemplate(t *testing.T) {
	enc := Fix{Control: "C-1", Value: cty.True}
	retention := Fix{Control: "C-2", Value: cty.NumberIntVal(7), AtLeast: true}
	tracing := Fix{Control: "C-3", Value: cty.StringVal("Active")}
	cases := []struct {
		name, src string
		fix       Fix
		path      []string
		want      string // the whole new template, or "" when skipped
		skip      string // substring of the skip reason
	}{
		{"replace plain", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Size: 1\n      Encrypted: false # why not\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Size: 1\n      Encrypted: true # why not\n", ""},
		{"replace quoted", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: \"false\"\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: true\n", ""},
		{"insert after first one-line entry, keeping the comment on its key",
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      # the zone\n      AvailabilityZone: eu-west-1a\n      Size: 1\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      # the zone\n      AvailabilityZone: eu-west-1a\n      Encrypted: true\n      Size: 1\n", ""},
		{"insert nested", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n",
			tracing, []string{"TracingConfig", "Mode"},
			"Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      TracingConfig:\n        Mode: Active\n", ""},
		{"into an existing nested mapping", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig:\n        Mode: PassThrough\n",
			tracing, []string{"TracingConfig", "Mode"},
			"Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig:\n        Mode: Active\n", ""},
		{"no Properties at all", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: true\n", ""},
		{"empty Properties", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n  W:\n    Type: AWS::EC2::Volume\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: true\n  W:\n    Type: AWS::EC2::Volume\n", ""},
		{"flow mapping in YAML", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 1, Encrypted: false}\n",
			enc, []string{"Encrypted"},
			"Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 1, Encrypted: true}\n", ""},
		{"raise a low number", "Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      BackupRetentionPeriod: 1\n",
			retention, []string{"BackupRetentionPeriod"},
			"Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      BackupRetentionPeriod: 7\n", ""},
		{"never lower a number", "Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      BackupRetentionPeriod: 14\n",
			retention, []string{"BackupRetentionPeriod"}, "", "already 14"},
		{"short-form intrinsic", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: !Ref Enc\n",
			enc, []string{"Encrypted"}, "", "set by an expression"},
		{"long-form intrinsic", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted:\n        Fn::If: [C, true, false]\n",
			enc, []string{"Encrypted"}, "", "set by an expression"},
		{"whole Properties from a condition", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig: !If [C, {Mode: Active}, !Ref AWS::NoValue]\n",
			tracing, []string{"TracingConfig", "Mode"}, "", "TracingConfig"},
		{"already fixed", "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: True\n",
			enc, []string{"Encrypted"}, "", "already has the fixed value"},
		{"resource missing", "Resources:\n  W:\n    Type: AWS::EC2::Volume\n", enc, []string{"Encrypted"}, "", "not found"},
		{"json pretty", "{\n  \"Resources\": {\n    \"V\": {\n      \"Type\": \"AWS::EC2::Volume\",\n      \"Properties\": {\n        \"Size\": 1\n      }\n    }\n  }\n}\n",
			enc, []string{"Encrypted"},
			"{\n  \"Resources\": {\n    \"V\": {\n      \"Type\": \"AWS::EC2::Volume\",\n      \"Properties\": {\n        \"Encrypted\": true,\n        \"Size\": 1\n      }\n    }\n  }\n}\n", ""},
		{"json compact, nested and missing Properties", `{"Resources": {"F": {"Type": "AWS::Lambda::Function"}}}`,
			tracing, []string{"TracingConfig", "Mode"},
			`{"Resources": {"F": {"Properties": {"TracingConfig": {"Mode": "Active"}}, "Type": "AWS::Lambda::Function"}}}`, ""},
		{"json replace string", `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"TracingConfig": {"Mode": "PassThrough"}}}}}`,
			tracing, []string{"TracingConfig", "Mode"},
			`{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"TracingConfig": {"Mode": "Active"}}}}}`, ""},
		{"json empty Properties", `{"Resources": {"V": {"Type": "AWS::EC2::Volume", "Properties": {}}}}`,
			enc, []string{"Encrypted"},
			`{"Resources": {"V": {"Type": "AWS::EC2::Volume", "Properties": { "Encrypted": true }}}}`, ""},
		{"not a template", "Resources: [", enc, []string{"Encrypted"}, "", "does not parse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := "V"
			if strings.Contains(c.src, "F:") || strings.Contains(c.src, `"F"`) {
				id = "F"
			}
			if strings.Contains(c.src, "DBInstance") {
				id = "D"
			}
			c.fix.CFN = []CFNProp{{Path: c.path}}
			out, changes, skips := editTemplate([]byte(c.src), "t.yaml", []cfnTarget{{file: "t.yaml", logicalID: id, address: id, fix: c.fix, path: c.path}})
			if c.skip != "" {
				if len(skips) != 1 || !strings.Contains(skips[0].Reason, c.skip) || len(changes) != 0 || string(out) != c.src {
					t.Fatalf("want a skip containing %q and no edit; skips %+v, changes %+v, out:\n%s", c.skip, skips, changes, out)
				}
				return
			}
			if len(skips) != 0 || len(changes) != 1 {
				t.Fatalf("skips %+v changes %+v", skips, changes)
			}
			if string(out) != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", out, c.want)
			}
		})
	}
}

// TestFixCloudFormationExample fixes a copy of the bundled insecure
// CloudFormation examples and scans them again: every fixed control passes
// on its resource, nothing that passed changes, and cfn-lint (when
// installed) still accepts the edited templates.
func TestFixCloudFormationExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cloudformation")
	copyDir(t, "../../../examples/cloudformation", dir)
	deps := scan.Deps{Catalog: catalog.All, Loaders: load.Loaders{CloudFormation: cfnLoad}}
	before := scanOutcomes(t, deps, dir)

	io, _, out, errOut := iostreams.Test()
	if err := Run(context.Background(), &Options{IO: io, Deps: deps, Paths: []string{dir}, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	diff := out.String()
	for _, want := range []string{"+      EnableLogFileValidation: true", "-      BackupRetentionPeriod: 1", "+      BackupRetentionPeriod: 7",
		"+      TracingConfig:\n+        Mode: Active", "+      Encrypted: true"} {
		if !strings.Contains(diff, want) {
			t.Errorf("dry-run diff lacks %q:\n%s\n%s", want, diff, errOut.String())
		}
	}

	io, _, out, _ = iostreams.Test()
	if err := Run(context.Background(), &Options{IO: io, Deps: deps, Paths: []string{dir}}); err != nil {
		t.Fatal(err)
	}
	after := scanOutcomes(t, deps, dir)
	fixed := fixedKeys(out.String())
	for _, k := range fixed {
		if before[k] != control.Fail || after[k] != control.Pass {
			t.Errorf("%v: %s before, %s after; want FAIL then PASS", k, before[k], after[k])
		}
	}
	if n := len(fixed); n < 8 {
		t.Errorf("only %d fixes applied:\n%s", n, out.String())
	}
	for k, o := range before {
		if o == control.Pass && after[k] != control.Pass {
			t.Errorf("%v passed before the fix and is %s after", k, after[k])
		}
	}
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Log("cfn-lint not installed; the edited templates were checked by re-scanning only")
		return
	}
	var files []string
	for _, f := range fixedFiles(diff) {
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(dir), f)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("the dry run changed no file")
	}
	// The examples are cfn-lint clean; the fix must keep them so.
	if b, err := exec.Command(lint, files...).CombinedOutput(); err != nil {
		t.Errorf("cfn-lint %v after the fix: %v\n%s", files, err, b)
	}
}

// fixedFiles lists the files a unified diff changes ("+++ b/NAME").
func fixedFiles(diff string) []string {
	var out []string
	for _, l := range strings.Split(diff, "\n") {
		if name, ok := strings.CutPrefix(l, "+++ "); ok {
			out = append(out, strings.TrimPrefix(name, "b/"))
		}
	}
	return out
}

const everyCFNFix = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: u
      ManageMasterUserPassword: true
      StorageEncrypted: false
      PubliclyAccessible: true
      AutoMinorVersionUpgrade: false
      BackupRetentionPeriod: 0
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: b
      IsMultiRegionTrail: true
      IncludeGlobalServiceEvents: false
      IsLogging: false
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.0.0/24
      MapPublicIpOnLaunch: true
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Runtime: python3.12
      Handler: h
      Code: {ZipFile: "def h(e, c): pass"}
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
  Volume:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 1
`

// TestEveryCFNFix checks every CloudFormation entry of the fix table
// against the real reader and controls: each turns a FAIL into a PASS.
func TestEveryCFNFix(t *testing.T) {
	deps := scan.Deps{Catalog: catalog.All, Loaders: load.Loaders{CloudFormation: cfnLoad}}
	covered, stderr := fixAll(t, deps, "t.yaml", everyCFNFix)
	for _, fx := range Fixes() {
		if len(fx.CFN) > 0 && !covered[fx.Control] {
			t.Errorf("CloudFormation fix for %s was not exercised (stderr: %s)", fx.Control, stderr)
		}
	}
}

package cloudformation

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
)

var update = flag.Bool("update", false, "rewrite golden files")

const examples = "../../examples/cloudformation"

// metas lists every resource header of an estate (test helper; the model
// has no generic iterator and the loader does not need one).
func metas(e *model.Estate) []*base.Meta {
	var out []*base.Meta
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		for j := range f.Len() {
			if r, ok := f.Index(j).Interface().(base.Resource); ok {
				out = append(out, r.M())
			}
		}
	}
	return out
}

func loadString(t *testing.T, name, src string, opts Options) (*model.Estate, diag.List) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(context.Background(), p, opts)
}

func TestExamplesLoadClean(t *testing.T) {
	e, diags := Load(context.Background(), examples, Options{})
	for _, d := range diags {
		t.Errorf("diagnostic: %v", d)
	}
	if len(e.S3Buckets) == 0 || len(e.LambdaFunctions) == 0 || len(e.RDSInstances) == 0 {
		t.Fatalf("examples produced too little: %d buckets, %d functions, %d DBs", len(e.S3Buckets), len(e.LambdaFunctions), len(e.RDSInstances))
	}
	for _, m := range metas(e) {
		if m.Source != "cloudformation" || m.Loc.File == "" || m.Loc.Start.Line == 0 || m.Loc.End.Line < m.Loc.Start.Line {
			t.Errorf("%s %s: bad header %+v", m.Type, m.Address, m)
		}
		if !strings.HasPrefix(m.Loc.File, examples+"/") {
			t.Errorf("%s: file %q is not relative to the scanned path", m.Address, m.Loc.File)
		}
	}
}

// TestGoldenLines pins the line range of every resource of the examples.
// Run with -update after editing an example.
func TestGoldenLines(t *testing.T) {
	e, _ := Load(context.Background(), examples, Options{})
	var lines []string
	for _, m := range metas(e) {
		lines = append(lines, fmt.Sprintf("%s %s %s %d:%d-%d:%d", filepath.Base(m.Loc.File), m.Address, m.Type,
			m.Loc.Start.Line, m.Loc.Start.Column, m.Loc.End.Line, m.Loc.End.Column))
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join("testdata", "lines.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("resource lines changed; run go test -update if intended.\ngot:\n%s", got)
	}
}

// TestPropertyLines checks values point at the property that set them,
// and defaults at the resource.
func TestPropertyLines(t *testing.T) {
	src := `Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: true
      PubliclyAccessible: !If
        - Never
        - true
        - false
Conditions:
  Never: !Equals [a, b]
`
	e, diags := loadString(t, "db.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	db := e.RDSInstances[0]
	for _, c := range []struct {
		name      string
		line, col int
		endLine   int
		prov      func() (int, int, int)
	}{
		{"StorageEncrypted", 6, 7, 6, func() (int, int, int) {
			l := db.StorageEncrypted.Prov().Loc
			return l.Start.Line, l.Start.Column, l.End.Line
		}},
		{"PubliclyAccessible", 7, 7, 10, func() (int, int, int) {
			l := db.PubliclyAccessible.Prov().Loc
			return l.Start.Line, l.Start.Column, l.End.Line
		}},
		{"DeletionProtection default", 2, 3, 10, func() (int, int, int) {
			l := db.DeletionProtection.Prov().Loc
			return l.Start.Line, l.Start.Column, l.End.Line
		}},
	} {
		l, col, end := c.prov()
		if l != c.line || col != c.col || end != c.endLine {
			t.Errorf("%s at %d:%d-%d, want %d:%d-%d", c.name, l, col, end, c.line, c.col, c.endLine)
		}
	}
	if v, ok := db.PubliclyAccessible.Get(); !ok || v {
		t.Errorf("!If must take the false branch")
	}
	if v, ok := db.DeletionProtection.Get(); !ok || v {
		t.Errorf("DeletionProtection absent must be known false")
	}
}

func TestResourceConditions(t *testing.T) {
	src := `Parameters:
  Env: {Type: String, Default: dev}
  Unset: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Maybe: !Equals [!Ref Unset, yes]
Resources:
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
  DevTopic:
    Type: AWS::SNS::Topic
    Condition: IsDev
  MaybeTopic:
    Type: AWS::SNS::Topic
    Condition: Maybe
`
	e, diags := loadString(t, "c.yaml", src, Options{})
	var got []string
	for _, tp := range e.SNSTopics {
		got = append(got, tp.Address)
	}
	if strings.Join(got, ",") != "DevTopic,MaybeTopic" {
		t.Errorf("topics %v, want DevTopic,MaybeTopic (ProdTopic is under a false condition)", got)
	}
	if len(diags) != 1 || diags[0].Severity != diag.Warning || !strings.Contains(diags[0].Summary, "MaybeTopic") || diags[0].Subject.Start.Line != 15 {
		t.Errorf("want one warning about MaybeTopic at line 15, got %v", diags)
	}
	e, _ = loadString(t, "c.yaml", src, Options{Params: map[string]string{"Env": "prod", "Unset": "no"}})
	got = nil
	for _, tp := range e.SNSTopics {
		got = append(got, tp.Address)
	}
	if strings.Join(got, ",") != "ProdTopic" {
		t.Errorf("with Env=prod, Unset=no: topics %v, want ProdTopic", got)
	}
}

func TestParamFiles(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "params.json")
	os.WriteFile(cli, []byte(`[{"ParameterKey": "Name", "ParameterValue": "from-file"}, {"ParameterKey": "Other", "ParameterValue": "x"}]`), 0o644)
	pipeline := filepath.Join(dir, "pipeline.json")
	os.WriteFile(pipeline, []byte(`{"Parameters": {"Name": "from-pipeline"}}`), 0o644)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"Parameters": [1]`), 0o644)
	src := `Parameters:
  Name: {Type: String, Default: from-default}
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Name
`
	for _, c := range []struct {
		name string
		opts Options
		want string
		diag string
	}{
		{"default", Options{}, "from-default", ""},
		{"cli file", Options{ParamFiles: []string{cli}}, "from-file", ""},
		{"pipeline file", Options{ParamFiles: []string{pipeline}}, "from-pipeline", ""},
		{"flag wins over file", Options{ParamFiles: []string{cli}, Params: map[string]string{"Name": "from-flag"}}, "from-flag", ""},
		{"bad file", Options{ParamFiles: []string{bad}}, "from-default", "bad.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, diags := loadString(t, "t.yaml", src, c.opts)
			if n, _ := e.S3Buckets[0].Name.Get(); n != c.want {
				t.Errorf("name %q, want %q", n, c.want)
			}
			if c.diag == "" && len(diags) > 0 || c.diag != "" && (len(diags) != 1 || diags[0].Subject.File != filepath.Join(dir, c.diag)) {
				t.Errorf("diagnostics %v (want about %q)", diags, c.diag)
			}
		})
	}
}

func TestBadTemplates(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		summary   string
	}{
		{"invalid yaml", "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::SNS::Topic\n   bad: [\n", 2, "invalid template"},
		{"unknown intrinsic", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Nope x\n", 5, "unknown intrinsic function !Nope"},
		{"ref to nothing", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n", 5, "Ref to Missing"},
		{"no type", "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Properties: {}\n", 3, "has no Type"},
		{"no resources", "AWSTemplateFormatVersion: 2010-09-09\n", 1, "no Resources"},
		{"bad policy", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: 2012-10-17\n        Statement: {Effect: Maybe, Action: x, Resource: '*'}\n", 5, "invalid policy document"},
		{"properties not a mapping", "Resources:\n  A:\n    Type: AWS::RDS::DBInstance\n    Properties: [1]\n", 4, "must be a mapping"},
		{"json syntax", "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\",}\n  }\n", 0, "invalid template"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(tc.src), 0o644)
			// A good template next to the bad one is still read.
			os.WriteFile(filepath.Join(dir, "good.yaml"), []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"), 0o644)
			e, diags := Load(context.Background(), dir, Options{})
			if len(e.SNSTopics) == 0 || e.SNSTopics[len(e.SNSTopics)-1].Module != filepath.Join(dir, "good.yaml") {
				t.Errorf("the good template was not read")
			}
			found := false
			for _, d := range diags {
				if strings.Contains(d.Summary, tc.summary) && d.Subject.File == filepath.Join(dir, "bad.yaml") && (tc.line == 0 || d.Subject.Start.Line == tc.line) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %q at bad.yaml:%d, got %v", tc.summary, tc.line, diags)
			}
		})
	}
}

func TestWalkSkipsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name": "x", "Resources": "AWS::nothing"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "compose.yaml"), []byte("services:\n  web: {image: nginx}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.yml"), []byte("a: [\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "t.yaml"), []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "t.template"), []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"), 0o644)
	e, diags := Load(context.Background(), dir, Options{})
	if len(diags) != 0 {
		t.Errorf("non-templates must be skipped silently, got %v", diags)
	}
	if len(e.SNSTopics) != 1 || e.SNSTopics[0].Module != filepath.Join(dir, "sub", "t.template") {
		t.Errorf("want only sub/t.template read, got %d topics", len(e.SNSTopics))
	}
	// Named explicitly, a non-template is an error.
	_, diags = Load(context.Background(), filepath.Join(dir, "compose.yaml"), Options{})
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "not a CloudFormation template") {
		t.Errorf("got %v", diags)
	}
	_, diags = Load(context.Background(), filepath.Join(dir, "missing.yaml"), Options{})
	if len(diags) != 1 || diags[0].Severity != diag.Error {
		t.Errorf("a missing path must be an error, got %v", diags)
	}
}

func TestIsTemplate(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"Resources:\n  A:\n    Type: AWS::S3::Bucket\n", true},
		{`{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}`, true},
		{"Resources:\n  A:\n    Type: Something::Else\n", false},
		{"services: {web: {image: nginx}}\n", false},
		{"not: [valid\n", false},
		{"", false},
	} {
		if got := IsTemplate([]byte(c.src)); got != c.want {
			t.Errorf("IsTemplate(%q) = %v", c.src, got)
		}
	}
}

func TestInlineIgnores(t *testing.T) {
	src := `Resources:
  B:
    Type: AWS::S3::Bucket
    Metadata:
      onus:
        ignore:
          - id: ONUS-S3-001
            reason: public website
          - id: ONUS-S3-002
`
	e, diags := loadString(t, "i.yaml", src, Options{})
	ig := e.S3Buckets[0].Ignores
	if len(ig) != 1 || ig[0].Control != "ONUS-S3-001" || ig[0].Reason != "public website" || ig[0].Loc.Start.Line != 7 {
		t.Errorf("ignores %+v", ig)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "no reason") || diags[0].Subject.Start.Line != 9 {
		t.Errorf("an ignore without reason must be reported at line 9, got %v", diags)
	}
}

func TestLiterals(t *testing.T) {
	src := `Parameters:
  DBPassword: {Type: String, NoEcho: true, Default: Sup3rS3cret}
  Plain: {Type: String, Default: AKIAIOSFODNN7EXAMPLE}
  NoDefault: {Type: String}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}
Resources:
  K:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: bob}
  S:
    Type: AWS::SecretsManager::Secret
    Properties: {SecretString: '{"password":"hunter2hunter2"}'}
Outputs:
  Key:
    Value: !Ref Plain
  Secret:
    Value: !GetAtt K.SecretAccessKey
`
	e, _ := loadString(t, "l.yaml", src, Options{})
	got := map[string]string{}
	for _, l := range e.Literals {
		got[l.Context+" "+l.Key] = fmt.Sprintf("%s sensitive=%v line=%d", l.Value, l.Sensitive, l.Prov.Loc().Start.Line)
	}
	want := map[string]string{
		"cloudformation parameter default DBPassword": "Sup3rS3cret sensitive=true line=2",
		"cloudformation parameter default Plain":      "AKIAIOSFODNN7EXAMPLE sensitive=false line=3",
		"cloudformation output Key":                   "AKIAIOSFODNN7EXAMPLE sensitive=false line=14",
		"cloudformation output Secret":                "${K.SecretAccessKey} sensitive=true line=16",
		"cloudformation secret string S":              `{"password":"hunter2hunter2"} sensitive=false line=12`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("literals:\n got %v\nwant %v", got, want)
	}
}

// TestAliasBomb: nested YAML aliases would expand to billions of values;
// evaluation stops at its budget with a diagnostic.
func TestAliasBomb(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	src += "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *" + prev + "\n"
	_, diags := loadString(t, "bomb.yaml", src, Options{})
	found := false
	for _, d := range diags {
		if strings.Contains(d.Summary, "expands beyond") {
			found = true
		}
	}
	if !found {
		t.Fatalf("want a budget diagnostic, got %v", diags)
	}
}

func TestInlineIgnoreExpiry(t *testing.T) {
	src := `Resources:
  B:
    Type: AWS::S3::Bucket
    Metadata:
      onus:
        ignore:
          - id: ONUS-S3-001
            reason: until the migration
            expires: 2027-01-31
          - id: ONUS-S3-002
            reason: bad expiry
            expires: [2027]
`
	e, diags := loadString(t, "i.yaml", src, Options{})
	ig := e.S3Buckets[0].Ignores
	if len(ig) != 1 || ig[0].Expires != "2027-01-31" {
		t.Errorf("ignores %+v", ig)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "expires must be a date") || diags[0].Subject.Start.Line != 12 {
		t.Errorf("a malformed expiry must be reported at line 12, got %v", diags)
	}
}

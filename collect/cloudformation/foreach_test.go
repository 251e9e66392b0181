package cloudformation

import (
	"sort"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
)

// Fn::ForEach expands the way the AWS::LanguageExtensions transform does,
// and the generated resources point at the loop body.
func TestForEach(t *testing.T) {
	const head = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "logs,data"
  Unknown:
    Type: CommaDelimitedList
`
	cases := []struct {
		name, src string
		want      []string // bucket logical id = bucket name @ line
		warn      string   // a warning that must be reported
	}{
		{"literal list, ${} and &{}", head + `Resources:
  Fn::ForEach::Buckets:
    - Name
    - [app-logs, app.data]
    - Bucket&{Name}:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub "${Name}-bucket"
`, []string{"Bucketapplogs=app-logs-bucket@13", "Bucketappdata=app.data-bucket@13"}, ""},
		{"Ref to a CommaDelimitedList parameter, Ref Identifier", head + `Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - ${Name}Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Ref Name
`, []string{"dataBucket=data@13", "logsBucket=logs@13"}, ""},
		{"long-form Ref and JSON-style", head + `Resources:
  "Fn::ForEach::Buckets":
    - "Name"
    - {"Ref": "Names"}
    - "${Name}Bucket":
        "Type": "AWS::S3::Bucket"
        "Properties":
          "BucketName": {"Ref": "Name"}
`, []string{"dataBucket=data@13", "logsBucket=logs@13"}, ""},
		{"nested loops", head + `Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Apps:
        - App
        - [web, api]
        - ${Env}${App}:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub ${Env}-${App}
`, []string{"devapi=dev-api@16", "devweb=dev-web@16", "prodapi=prod-api@16", "prodweb=prod-web@16"}, ""},
		{"loop inside properties", head + `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      Fn::ForEach::Props:
        - P
        - [BucketName]
        - ${P}: from-loop
`, []string{"B=from-loop@10"}, ""},
		{"unknown collection warns", head + `Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Unknown
    - ${Name}Bucket:
        Type: AWS::S3::Bucket
`, nil, "collection is unknown"},
		{"without the transform it warns", strings.Replace(head, "Transform: AWS::LanguageExtensions\n", "", 1) + `Resources:
  Fn::ForEach::Buckets:
    - Name
    - [a]
    - ${Name}Bucket:
        Type: AWS::S3::Bucket
`, nil, "needs the AWS::LanguageExtensions transform"},
		{"other macros warn that their output is not scanned", strings.Replace(head, "AWS::LanguageExtensions", "[AWS::LanguageExtensions, MyMacro]", 1) + `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: {BucketName: plain}
`, []string{"B=plain@10"}, "resources it generates or changes are not scanned"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", c.src, Options{})
			var got []string
			for _, b := range e.S3Buckets {
				n, _ := b.Name.Get()
				got = append(got, b.Address+"="+n+"@"+itoa(b.Loc.Start.Line))
			}
			sort.Strings(got)
			want := append([]string{}, c.want...)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("buckets %v, want %v (diags %v)", got, want, d)
			}
			warned := c.warn == ""
			for _, x := range d {
				if x.Severity == diag.Error {
					t.Errorf("error: %v", x)
				}
				if c.warn != "" && strings.Contains(x.Summary, c.warn) {
					warned = true
				}
			}
			if !warned {
				t.Errorf("no warning mentioning %q in %v", c.warn, d)
			}
		})
	}
}

func TestForEachOutputsAndConditions(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Conditions:
  Fn::ForEach::Conds:
    - E
    - [dev, prod]
    - Is${E}: !Equals [!Ref AWS::StackName, "${E}"]
Resources:
  Fn::ForEach::B:
    - E
    - [dev, prod]
    - ${E}Bucket:
        Type: AWS::S3::Bucket
        Condition: Is${E}
        Properties: {BucketName: "${E}-b"}
Outputs:
  Fn::ForEach::O:
    - E
    - [dev]
    - ${E}Name:
        Value: !Ref ${E}Bucket
`
	e, d := loadString(t, "t.yaml", src, Options{})
	for _, x := range d {
		if x.Severity == diag.Error {
			t.Errorf("error: %v", x)
		}
	}
	if len(e.S3Buckets) != 2 {
		t.Fatalf("%d buckets, want 2 (conditions unknown keep both)", len(e.S3Buckets))
	}
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	if i == 0 {
		return "0"
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// FuzzForEach: loops must never panic or run away.
func FuzzForEach(f *testing.F) {
	for _, s := range []string{
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: [N, [a, b], {\"${N}B\": {Type: AWS::S3::Bucket}}]\n",
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: [N, [a, b], {Fn::ForEach::M: [M, [x, y], {\"${N}${M}\": {Type: AWS::SNS::Topic}}]}]\n",
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: [N, &a [a], {\"${N}\": *a}]\n",
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: 7\n",
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: [N, !Ref Nope, {}]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, _ := loadString(t, "t.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\n"+src, Options{})
		if e == nil {
			t.Fatal("nil estate")
		}
	})
}

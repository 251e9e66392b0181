package cloudformation

import (
	"strings"
	"testing"
)

// header gives every expression test the same parameters, mappings and
// conditions to refer to.
const header = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  NoDefault:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: "subnet-1, subnet-2"
  Secret:
    Type: String
    NoEcho: true
    Default: hunter2
  SSMParam:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /app/ami
Mappings:
  RegionMap:
    us-east-1:
      Ami: ami-east
      Size: small
    eu-west-1:
      Ami: ami-west
      Size: small
  EnvMap:
    prod:
      Retention: 30
      Tags: [a, b]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Unknowable: !Equals [!Ref NoDefault, x]
  InEast: !Equals [!Ref AWS::Region, us-east-1]
  ProdAndNotDev: !And [!Condition IsProd, !Not [!Condition IsDev]]
  DevOrProd: !Or [!Condition IsDev, !Condition IsProd]
  DevOrUnknown: !Or [!Condition IsDev, !Condition Unknowable]
  ProdOrUnknown: !Or [!Condition IsProd, !Condition Unknowable]
  DevAndUnknown: !And [!Condition IsDev, !Condition Unknowable]
  LongForm:
    Fn::And:
      - Fn::Equals: [{Ref: Env}, prod]
      - Condition: IsProd
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Named:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "logs-${Env}"
  Role:
    Type: AWS::IAM::Role
  DB:
    Type: AWS::RDS::DBInstance
  Thing:
    Type: AWS::SNS::Topic
    Properties:
      V: `

// evalExpr evaluates the expression written after "V: " in the header.
func evalExpr(t *testing.T, expr string, params map[string]string) (*val, *tmpl) {
	t.Helper()
	root, err := parseYAML([]byte(header + expr + "\n"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if params == nil {
		params = map[string]string{}
	}
	tp := newTemplate("t.yaml", root, &options{params: params})
	props := tp.resources["Thing"].props
	return tp.eval(lookup(props, "V")), tp
}

func render(v *val) string {
	if v == nil {
		return "<novalue>"
	}
	if v.k == kUnknown {
		return "UNKNOWN: " + v.s
	}
	if v.ref != "" {
		return "ref:" + v.ref + " " + string(v.appendJSON(nil))
	}
	return string(v.appendJSON(nil))
}

func TestIntrinsics(t *testing.T) {
	tests := []struct {
		name, expr string
		params     map[string]string
		want       string // exact rendering, or "UNKNOWN: <substring>"
		diag       string // substring of an expected diagnostic
	}{
		// Ref
		{name: "Ref param default", expr: "!Ref Env", want: `"prod"`},
		{name: "Ref long form", expr: "{Ref: Env}", want: `"prod"`},
		{name: "Ref param given wins", expr: "!Ref Env", params: map[string]string{"Env": "dev"}, want: `"dev"`},
		{name: "Ref param no default", expr: "!Ref NoDefault", want: "UNKNOWN: parameter NoDefault has no Default"},
		{name: "Ref list param", expr: "!Ref Subnets", want: `["subnet-1","subnet-2"]`},
		{name: "Ref SSM param", expr: "!Ref SSMParam", want: "UNKNOWN: parameter SSMParam is read from SSM Parameter Store"},
		{name: "Ref resource", expr: "!Ref Bucket", want: `ref:Bucket "${Bucket}"`},
		{name: "Ref nothing", expr: "!Ref Nope", want: "UNKNOWN: Ref to undefined Nope", diag: "Ref to Nope, which is neither"},
		{name: "Ref AccountId placeholder", expr: "!Ref AWS::AccountId", want: `"${AWS::AccountId}"`},
		{name: "Ref AccountId given", expr: "!Ref AWS::AccountId", params: map[string]string{"AWS::AccountId": "123456789012"}, want: `"123456789012"`},
		{name: "Ref Partition default", expr: "!Ref AWS::Partition", want: `"aws"`},
		{name: "Ref Partition China", expr: "!Ref AWS::Partition", params: map[string]string{"AWS::Region": "cn-north-1"}, want: `"aws-cn"`},
		{name: "Ref URLSuffix", expr: "!Ref AWS::URLSuffix", want: `"amazonaws.com"`},
		{name: "Ref StackName", expr: "!Ref AWS::StackName", want: `"${AWS::StackName}"`},
		{name: "Ref NoValue", expr: "!Ref AWS::NoValue", want: "<novalue>"},
		// GetAtt
		{name: "Ref named bucket is its name", expr: "!Ref Named", want: `ref:Named "logs-prod"`},
		{name: "GetAtt named bucket Arn", expr: "!GetAtt Named.Arn", want: `ref:Named "arn:aws:s3:::logs-prod"`},
		{name: "Sub named bucket Arn", expr: `!Sub "${Named.Arn}/*"`, want: `"arn:aws:s3:::logs-prod/*"`},
		{name: "GetAtt dotted", expr: "!GetAtt Bucket.Arn", want: `ref:Bucket "arn:aws:s3:::${Bucket}"`}, // generated name: the ARN keeps its form
		{name: "GetAtt list", expr: "!GetAtt [Role, Arn]", want: `ref:Role "${Role.Arn}"`},
		{name: "GetAtt long form", expr: "{Fn::GetAtt: [Role, Arn]}", want: `ref:Role "${Role.Arn}"`},
		{name: "GetAtt runtime attribute", expr: "!GetAtt DB.Endpoint.Address", want: "UNKNOWN: Fn::GetAtt DB.Endpoint.Address is a runtime attribute"},
		{name: "GetAtt nothing", expr: "!GetAtt Nope.Arn", want: "UNKNOWN: Fn::GetAtt to undefined Nope", diag: "not a resource"},
		// Sub
		{name: "Sub params and pseudo", expr: `!Sub "app-${Env}-${AWS::Region}"`, want: `"app-prod-${AWS::Region}"`},
		{name: "Sub resource attr", expr: `!Sub "${Bucket.Arn}/*"`, want: `"arn:aws:s3:::${Bucket}/*"`},
		{name: "Sub variables map", expr: `!Sub ["${A}-${Env}", {A: x}]`, want: `"x-prod"`},
		{name: "Sub long form", expr: `{Fn::Sub: "a-${Env}"}`, want: `"a-prod"`},
		{name: "Sub escaped", expr: `!Sub "${!Literal}-${Env}"`, want: `"${Literal}-prod"`},
		{name: "Sub unknown param", expr: `!Sub "x-${NoDefault}"`, want: "UNKNOWN: parameter NoDefault has no Default"},
		{name: "Sub undefined", expr: `!Sub "x-${Nope}"`, want: "UNKNOWN: Ref to undefined Nope", diag: "Ref to Nope"},
		// Join / Select / Split
		{name: "Join", expr: `!Join ["-", [a, !Ref Env, c]]`, want: `"a-prod-c"`},
		{name: "Join long form", expr: `{Fn::Join: [",", [a, b]]}`, want: `"a,b"`},
		{name: "Join list param", expr: `!Join ["|", !Ref Subnets]`, want: `"subnet-1|subnet-2"`},
		{name: "Join with unknown", expr: `!Join ["-", [a, !Ref NoDefault]]`, want: "UNKNOWN: parameter NoDefault"},
		{name: "Select", expr: `!Select [1, [a, b, c]]`, want: `"b"`},
		{name: "Select long form", expr: `{Fn::Select: ["0", !Ref Subnets]}`, want: `"subnet-1"`},
		{name: "Select out of range", expr: `!Select [5, [a]]`, want: "UNKNOWN: Fn::Select index 5 is out of range", diag: "out of range"},
		{name: "Split", expr: `!Split [",", "a,b,c"]`, want: `["a","b","c"]`},
		{name: "Split long form", expr: `{Fn::Split: ["/", "x/y"]}`, want: `["x","y"]`},
		{name: "Select of Split", expr: `!Select [2, !Split [",", "a,b,c"]]`, want: `"c"`},
		// If
		{name: "If true branch", expr: `!If [IsProd, big, small]`, want: `"big"`},
		{name: "If false branch", expr: `!If [IsDev, big, small]`, want: `"small"`},
		{name: "If long form", expr: `{Fn::If: [IsProd, 1, 2]}`, want: `1`},
		{name: "If unknown", expr: `!If [Unknowable, a, b]`, want: "UNKNOWN: condition Unknowable is unknown: parameter NoDefault"},
		{name: "If NoValue", expr: `!If [IsProd, !Ref AWS::NoValue, x]`, want: "<novalue>"},
		{name: "If undefined condition", expr: `!If [Nope, a, b]`, want: "UNKNOWN: condition Nope is not defined", diag: "not defined"},
		// Condition functions used as values
		{name: "Equals value", expr: `!Equals [a, a]`, want: `true`},
		{name: "And value", expr: `!And [!Equals [a, a], !Equals [b, c]]`, want: `false`},
		{name: "Or value", expr: `!Or [!Equals [a, b], !Equals [b, b]]`, want: `true`},
		{name: "Not value", expr: `!Not [!Equals [a, b]]`, want: `true`},
		// FindInMap
		{name: "FindInMap", expr: `!FindInMap [EnvMap, !Ref Env, Retention]`, want: `30`},
		{name: "FindInMap list", expr: `!FindInMap [EnvMap, prod, Tags]`, want: `["a","b"]`},
		{name: "FindInMap long form", expr: `{Fn::FindInMap: [RegionMap, eu-west-1, Ami]}`, want: `"ami-west"`},
		{name: "FindInMap region unknown but same everywhere", expr: `!FindInMap [RegionMap, !Ref AWS::Region, Size]`, want: `"small"`},
		{name: "FindInMap region unknown", expr: `!FindInMap [RegionMap, !Ref AWS::Region, Ami]`, want: "UNKNOWN: Fn::FindInMap [RegionMap, ${AWS::Region}, Ami]: the key is known only at deploy time and the entries of RegionMap differ"},
		{name: "FindInMap region given", expr: `!FindInMap [RegionMap, !Ref AWS::Region, Ami]`, params: map[string]string{"AWS::Region": "us-east-1"}, want: `"ami-east"`},
		{name: "FindInMap missing", expr: `!FindInMap [EnvMap, dev, Retention]`, want: "UNKNOWN: Fn::FindInMap: EnvMap has no dev.Retention", diag: "has no dev.Retention"},
		{name: "FindInMap default", expr: `!FindInMap [EnvMap, dev, Retention, {DefaultValue: 1}]`, want: `1`},
		// Base64, ImportValue, GetAZs, Cidr, Length, ToJsonString
		{name: "Base64", expr: `!Base64 hello`, want: `"aGVsbG8="`},
		{name: "Base64 long form", expr: `{Fn::Base64: !Sub "${Env}"}`, want: `"cHJvZA=="`},
		{name: "ImportValue", expr: `!ImportValue shared-vpc-id`, want: `UNKNOWN: Fn::ImportValue "shared-vpc-id" is exported by another stack`},
		{name: "ImportValue long form", expr: `{Fn::ImportValue: !Sub "${Env}-vpc"}`, want: `UNKNOWN: Fn::ImportValue "prod-vpc"`},
		{name: "GetAZs", expr: `!GetAZs ""`, want: "UNKNOWN: Fn::GetAZs"},
		// One item of GetAZs is one specific (unnamed) zone: a placeholder
		// per region and index, so distinct items compare as distinct zones.
		{name: "Select of GetAZs", expr: `!Select [0, !GetAZs ""]`, want: `"${Fn::GetAZs()[0]}"`},
		{name: "Select of GetAZs stack region", expr: `!Select [1, {Fn::GetAZs: !Ref AWS::Region}]`, want: `"${Fn::GetAZs()[1]}"`},
		{name: "Select of GetAZs long form", expr: `{Fn::Select: [2, {Fn::GetAZs: ""}]}`, want: `"${Fn::GetAZs()[2]}"`},
		{name: "Select of GetAZs named region", expr: `!Select [0, !GetAZs eu-west-1]`, want: `"${Fn::GetAZs(eu-west-1)[0]}"`},
		{name: "Select of GetAZs given stack region", expr: `!Select [0, !GetAZs eu-west-1]`, params: map[string]string{"AWS::Region": "eu-west-1"}, want: `"${Fn::GetAZs()[0]}"`},
		{name: "Select of GetAZs unknown region", expr: `!Select [0, {Fn::GetAZs: !Ref NoDefault}]`, want: "UNKNOWN: Fn::GetAZs"},
		{name: "Cidr", expr: `!Cidr [10.0.0.0/16, 3, 8]`, want: `["10.0.0.0/24","10.0.1.0/24","10.0.2.0/24"]`},
		{name: "Cidr long form", expr: `{Fn::Cidr: ["192.168.0.0/24", 2, 6]}`, want: `["192.168.0.0/26","192.168.0.64/26"]`},
		{name: "Cidr v6", expr: `!Cidr ["2001:db8::/56", 2, 64]`, want: `["2001:db8::/64","2001:db8:0:1::/64"]`},
		{name: "Cidr too many", expr: `!Cidr [10.0.0.0/24, 5, 7]`, want: "UNKNOWN: invalid Fn::Cidr", diag: "cannot cut"},
		{name: "Length", expr: `!Length [a, b, c]`, want: `3`},
		{name: "ToJsonString", expr: `{Fn::ToJsonString: {a: !Ref Env, b: [1]}}`, want: `"{\"a\":\"prod\",\"b\":[1]}"`},
		// errors
		{name: "unknown short tag", expr: `!Frobnicate x`, want: "UNKNOWN: unknown intrinsic function !Frobnicate", diag: "unknown intrinsic"},
		{name: "unknown long form", expr: `{Fn::Frobnicate: x}`, want: "UNKNOWN: unknown intrinsic function Fn::Frobnicate", diag: "unknown intrinsic"},
		{name: "Join bad args", expr: `!Join [","]`, want: "UNKNOWN: invalid Fn::Join", diag: "expects 2 arguments"},
		// plain values keep YAML's text: a date stays a string
		{name: "date stays a string", expr: `2012-10-17`, want: `"2012-10-17"`},
		{name: "nested map", expr: `{a: !Ref Env, b: [!Ref AWS::NoValue, x]}`, want: `{"a":"prod","b":["x"]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, tp := evalExpr(t, tc.expr, tc.params)
			got := render(v)
			if strings.HasPrefix(tc.want, "UNKNOWN: ") {
				if !strings.HasPrefix(got, "UNKNOWN: ") || !strings.Contains(got, strings.TrimPrefix(tc.want, "UNKNOWN: ")) {
					t.Errorf("got %s, want %s", got, tc.want)
				}
			} else if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			var diags []string
			for _, d := range tp.diags {
				diags = append(diags, d.String())
			}
			all := strings.Join(diags, "\n")
			if tc.diag == "" && len(diags) > 0 {
				t.Errorf("unexpected diagnostics:\n%s", all)
			}
			if tc.diag != "" && !strings.Contains(all, tc.diag) {
				t.Errorf("want a diagnostic containing %q, got:\n%s", tc.diag, all)
			}
			for _, d := range tp.diags {
				if d.Subject.File != "t.yaml" || d.Subject.Start.Line == 0 {
					t.Errorf("diagnostic without file:line: %v", d)
				}
			}
		})
	}
}

func TestConditions(t *testing.T) {
	tests := []struct {
		cond   string
		params map[string]string
		want   tri
		reason string
	}{
		{cond: "IsProd", want: triTrue},
		{cond: "IsDev", want: triFalse},
		{cond: "IsDev", params: map[string]string{"Env": "dev"}, want: triTrue},
		{cond: "Unknowable", want: triUnknown, reason: "parameter NoDefault has no Default"},
		{cond: "Unknowable", params: map[string]string{"NoDefault": "x"}, want: triTrue},
		{cond: "InEast", want: triUnknown, reason: "known only at deploy time"},
		{cond: "InEast", params: map[string]string{"AWS::Region": "us-east-1"}, want: triTrue},
		{cond: "ProdAndNotDev", want: triTrue},
		{cond: "DevOrProd", want: triTrue},
		{cond: "DevOrUnknown", want: triUnknown, reason: "NoDefault"},
		{cond: "ProdOrUnknown", want: triTrue},  // true whatever the unknown part is
		{cond: "DevAndUnknown", want: triFalse}, // false whatever the unknown part is
		{cond: "LongForm", want: triTrue},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			_, tp := evalExpr(t, "x", tc.params)
			r := tp.cond(tc.cond, sourceLoc{})
			if r.tri != tc.want {
				t.Fatalf("got %v (%s), want %v", r.tri, r.reason, tc.want)
			}
			if tc.reason != "" && !strings.Contains(r.reason, tc.reason) {
				t.Fatalf("reason %q does not mention %q", r.reason, tc.reason)
			}
		})
	}
}

func TestConditionCycle(t *testing.T) {
	src := `Conditions:
  A: !Condition B
  B: !Not [!Condition A]
Resources:
  X:
    Type: AWS::SNS::Topic
    Condition: A
`
	root, err := parseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tp := newTemplate("c.yaml", root, &options{params: map[string]string{}})
	if r := tp.cond("A", sourceLoc{}); r.tri != triUnknown {
		t.Fatalf("a cycle must be unknown, got %v", r.tri)
	}
	if !strings.Contains(tp.diags[0].Summary, "depends on itself") {
		t.Fatalf("want a cycle diagnostic, got %v", tp.diags)
	}
}

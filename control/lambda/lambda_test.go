package lambda

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/source"
)

const (
	pass = control.Pass
	fail = control.Fail
	unk  = control.Unknown
	na   = control.NotApplicable
)

func fn(f func(*lambda.Function)) *model.Estate {
	x := &lambda.Function{Meta: ctest.TF("aws_lambda_function", "fn")}
	f(x)
	return &model.Estate{LambdaFunctions: []*lambda.Function{x}}
}

func env(kv ...string) func(*lambda.Function) {
	return func(f *lambda.Function) {
		var vs []lambda.EnvVar
		for i := 0; i+1 < len(kv); i += 2 {
			vs = append(vs, lambda.EnvVar{Name: kv[i], Value: ctest.K(kv[i+1])})
		}
		f.Environment = ctest.K(vs)
	}
}

const (
	public = `{"Version":"2012-10-17","Statement":[{"Sid":"pub","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}]}`
	scoped = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*",
	  "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"},"StringEquals":{"AWS:SourceAccount":"111122223333"}}}]}`
)

func pol(t *testing.T, doc string) *iampolicy.Policy {
	t.Helper()
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withRole is a function whose execution role has one inline policy (doc)
// or one attached managed policy (ref) whose document was not read.
func withRole(t *testing.T, doc, ref string) *model.Estate {
	r := &iam.Role{Meta: ctest.TF("aws_iam_role", "fn"), Name: ctest.K("fn-role"),
		Inline: ctest.K([]iam.NamedPolicy{}), Attached: ctest.K([]iam.NamedPolicy{})}
	if doc != "" {
		r.Inline = ctest.K([]iam.NamedPolicy{{Name: "fn", Document: ctest.K(pol(t, doc))}})
	}
	if ref != "" {
		r.Attached = ctest.K([]iam.NamedPolicy{{Ref: ref, Document: ctest.U[*iampolicy.Policy]("AWS managed policy not resolved")}})
	}
	e := fn(func(f *lambda.Function) { f.Role = ctest.K("aws_iam_role.fn.arn") })
	e.IAMRoles = []*iam.Role{r}
	return e
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const key = "AKIAIOSFODNN7EXAMPLE"
	unknownPw := func(f *lambda.Function) {
		f.Environment = ctest.K([]lambda.EnvVar{{Name: "DB_PASSWORD", Value: ctest.U[string]("var.db_password has no value")}})
	}
	noVPC := func(g func(*lambda.Function)) func(*lambda.Function) {
		return func(f *lambda.Function) { g(f); f.VPC = ctest.K[*lambda.VPCConfig](nil) }
	}
	cases := []ctest.Case{
		{Name: "clean", Control: "ONUS-LAMBDA-001", Estate: fn(env("LOG_LEVEL", "debug", "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:db")), Want: pass},
		{Name: "no env", Control: "ONUS-LAMBDA-001", Estate: fn(env()), Want: pass},
		{Name: "aws key", Control: "ONUS-LAMBDA-001", Estate: fn(env("KEY", key)), Want: fail, Secret: key, Reason: "AK…(20 chars)"},
		{Name: "password literal", Control: "ONUS-LAMBDA-001", Estate: fn(env("DB_PASSWORD", "correct-horse")), Want: fail, Secret: "correct-horse", Reason: "DB_PASSWORD"},
		{Name: "entropy", Control: "ONUS-LAMBDA-001", Estate: fn(env("STRIPE", "q8Zx3Lm0Pw7Rt5Yv2Nb9Kc4Hd6Jf1Gs")), Want: fail},
		{Name: "password unknown", Control: "ONUS-LAMBDA-001", Estate: fn(unknownPw), Want: unk, Reason: "DB_PASSWORD"},
		{Name: "env unknown", Control: "ONUS-LAMBDA-001", Estate: fn(func(*lambda.Function) {}), Want: unk},

		{Name: "supported", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.Runtime = ctest.K("python3.13") }), Want: pass},
		{Name: "no date", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.Runtime = ctest.K("provided.al2023") }), Want: pass},
		{Name: "deprecated", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.Runtime = ctest.K("python2.7") }), Want: fail},
		{Name: "go1.x", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.Runtime = ctest.K("go1.x") }), Want: fail},
		{Name: "not in table", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.Runtime = ctest.K("cobol85") }), Want: unk},
		{Name: "unknown", Control: "ONUS-LAMBDA-002", Estate: fn(func(*lambda.Function) {}), Want: unk},
		{Name: "image", Control: "ONUS-LAMBDA-002", Estate: fn(func(f *lambda.Function) { f.PackageType = ctest.K("Image") }), Want: na},

		{Name: "no url", Control: "ONUS-LAMBDA-003", Estate: fn(func(f *lambda.Function) { f.URLAuthType = ctest.K("") }), Want: pass},
		{Name: "iam", Control: "ONUS-LAMBDA-003", Estate: fn(func(f *lambda.Function) { f.URLAuthType = ctest.K("AWS_IAM") }), Want: pass},
		{Name: "none", Control: "ONUS-LAMBDA-003", Estate: fn(func(f *lambda.Function) { f.URLAuthType = ctest.K("NONE") }), Want: fail},
		{Name: "unknown", Control: "ONUS-LAMBDA-003", Estate: fn(func(*lambda.Function) {}), Want: unk},

		{Name: "in vpc", Control: "ONUS-LAMBDA-004", Estate: fn(func(f *lambda.Function) { f.VPC = ctest.K(&lambda.VPCConfig{SubnetIDs: []string{"a"}}) }), Want: pass},
		{Name: "db host outside", Control: "ONUS-LAMBDA-004", Estate: fn(noVPC(env("DB_HOST", "x"))), Want: fail, Reason: "DB_HOST"},
		{Name: "rds endpoint value", Control: "ONUS-LAMBDA-004", Estate: fn(noVPC(env("TARGET", "app.abc.eu-west-1.rds.amazonaws.com"))), Want: fail},
		{Name: "no store", Control: "ONUS-LAMBDA-004", Estate: fn(noVPC(env("TABLE_NAME", "orders"))), Want: na},
		{Name: "vpc unknown", Control: "ONUS-LAMBDA-004", Estate: fn(env("DB_HOST", "x")), Want: unk},
		{Name: "env unknown", Control: "ONUS-LAMBDA-004", Estate: fn(noVPC(func(*lambda.Function) {})), Want: unk},

		{Name: "active", Control: "ONUS-LAMBDA-005", Estate: fn(func(f *lambda.Function) { f.TracingMode = ctest.K("Active") }), Want: pass},
		{Name: "pass through", Control: "ONUS-LAMBDA-005", Estate: fn(func(f *lambda.Function) { f.TracingMode = ctest.K("") }), Want: fail},
		{Name: "unknown", Control: "ONUS-LAMBDA-005", Estate: fn(func(*lambda.Function) {}), Want: unk},

		{Name: "dlq", Control: "ONUS-LAMBDA-006", Estate: fn(func(f *lambda.Function) { f.DeadLetter = ctest.K(true) }), Want: pass},
		{Name: "none", Control: "ONUS-LAMBDA-006", Estate: fn(func(f *lambda.Function) { f.DeadLetter = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-LAMBDA-006", Estate: fn(func(*lambda.Function) {}), Want: unk},

		{Name: "no policy", Control: "ONUS-LAMBDA-007", Estate: fn(func(f *lambda.Function) { f.Policy = ctest.K[*iampolicy.Policy](nil) }), Want: pass},
		{Name: "s3 with source", Control: "ONUS-LAMBDA-007", Estate: fn(func(f *lambda.Function) { f.Policy = ctest.K(pol(t, scoped)) }), Want: pass},
		{Name: "public", Control: "ONUS-LAMBDA-007", Estate: fn(func(f *lambda.Function) { f.Policy = ctest.K(pol(t, public)) }), Want: fail},
		{Name: "unknown", Control: "ONUS-LAMBDA-007", Estate: fn(func(*lambda.Function) {}), Want: unk},

		{Name: "cmk", Control: "ONUS-LAMBDA-008", Estate: fn(func(f *lambda.Function) { env("A", "b")(f); f.KMSKeyARN = ctest.K("arn:aws:kms:x:1:key/k") }), Want: pass},
		{Name: "default key", Control: "ONUS-LAMBDA-008", Estate: fn(func(f *lambda.Function) { env("A", "b")(f); f.KMSKeyARN = ctest.K("") }), Want: fail},
		{Name: "unknown", Control: "ONUS-LAMBDA-008", Estate: fn(env("A", "b")), Want: unk},
		{Name: "no env", Control: "ONUS-LAMBDA-008", Estate: fn(env()), Want: na},

		{Name: "scoped role", Control: "ONUS-LAMBDA-009", Estate: withRole(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:eu-west-1:1:table/t"}]}`, ""), Want: pass},
		{Name: "admin inline", Control: "ONUS-LAMBDA-009", Estate: withRole(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, ""), Want: fail},
		{Name: "AdministratorAccess", Control: "ONUS-LAMBDA-009", Estate: withRole(t, "", "arn:aws:iam::aws:policy/AdministratorAccess"), Want: fail},
		{Name: "managed policy unread", Control: "ONUS-LAMBDA-009", Estate: withRole(t, "", "arn:aws:iam::aws:policy/AmazonS3FullAccess"), Want: unk},
		// The reason names the policy and its address apart (it read
		// "policy fn-inlinemodule.fn.aws_iam_policy.inline[0] is unknown").
		{Name: "named policy unread", Control: "ONUS-LAMBDA-009", Estate: func() *model.Estate {
			e := withRole(t, "", "aws_iam_policy.extra")
			e.IAMRoles[0].Attached = ctest.K([]iam.NamedPolicy{{Name: "extra", Ref: "aws_iam_policy.extra", Document: ctest.U[*iampolicy.Policy]("not read")}})
			return e
		}(), Want: unk, Reason: "policy extra (aws_iam_policy.extra) is unknown: not read"},
		{Name: "basic execution role", Control: "ONUS-LAMBDA-009", Estate: withRole(t, "", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), Want: pass},
		{Name: "role not in estate", Control: "ONUS-LAMBDA-009", Estate: fn(func(f *lambda.Function) { f.Role = ctest.K("arn:aws:iam::1:role/elsewhere") }), Want: unk},
	}
	vpcFn := func(zones map[string]source.Value[string], subnets ...string) *model.Estate {
		e := fn(func(f *lambda.Function) { f.VPC = ctest.K(&lambda.VPCConfig{SubnetIDs: subnets}) })
		for addr, z := range zones {
			e.Subnets = append(e.Subnets, &ec2.Subnet{Meta: ctest.TF("aws_subnet", addr[len("aws_subnet."):]), AvailabilityZone: z})
		}
		return e
	}
	liveFn := func(azA, azB string) *model.Estate {
		e := &model.Estate{AccountWide: true}
		e.LambdaFunctions = []*lambda.Function{{Meta: ctest.Live("AWS::Lambda::Function", "arn:aws:lambda:eu-west-1:111122223333:function:fn"),
			VPC: ctest.K(&lambda.VPCConfig{SubnetIDs: []string{"subnet-a", "subnet-b"}})}}
		for id, az := range map[string]string{"subnet-a": azA, "subnet-b": azB} {
			e.Subnets = append(e.Subnets, &ec2.Subnet{Meta: ctest.Live("AWS::EC2::Subnet", "arn:aws:ec2:eu-west-1:111122223333:subnet/"+id), SubnetID: ctest.K(id), AvailabilityZone: ctest.K(az)})
		}
		return e
	}
	cases = append(cases,
		ctest.Case{Name: "two zones", Control: "ONUS-LAMBDA-010", Estate: vpcFn(map[string]source.Value[string]{"aws_subnet.a": ctest.K("eu-west-1a"), "aws_subnet.b": ctest.K("eu-west-1b")}, "aws_subnet.a", "aws_subnet.b"), Want: pass},
		ctest.Case{Name: "live two zones", Control: "ONUS-LAMBDA-010", Estate: liveFn("eu-west-1a", "eu-west-1b"), Want: pass},
		ctest.Case{Name: "live one zone", Control: "ONUS-LAMBDA-010", Estate: liveFn("eu-west-1a", "eu-west-1a"), Want: fail},
		ctest.Case{Name: "single subnet", Control: "ONUS-LAMBDA-010", Estate: vpcFn(nil, "aws_subnet.a"), Want: fail},
		ctest.Case{Name: "zones unknown", Control: "ONUS-LAMBDA-010", Estate: vpcFn(map[string]source.Value[string]{"aws_subnet.a": ctest.U[string]("AWS picks the zone"), "aws_subnet.b": ctest.K("eu-west-1b")}, "aws_subnet.a", "aws_subnet.b"), Want: unk},
		ctest.Case{Name: "subnet elsewhere", Control: "ONUS-LAMBDA-010", Estate: vpcFn(nil, "subnet-1", "subnet-2"), Want: unk},
		ctest.Case{Name: "no vpc", Control: "ONUS-LAMBDA-010", Estate: fn(func(f *lambda.Function) { f.VPC = ctest.K[*lambda.VPCConfig](nil) }), Want: na},
	)
	ctest.Run(t, Controls(), cases)
}

package lambda

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/control/internal/secretscan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/source"
)

// Controls returns the Lambda controls.
func Controls() []*control.Control {
	return []*control.Control{
		envSecrets(), runtime(), urlAuth(), vpcForPrivateStores(), tracing(), deadLetter(), notPublic(), envCMK(), executionRole(),
		multiAZ(),
	}
}

// EnvVerdict judges environment variables for secret-like values: FAIL
// naming each key and its redaction, UNKNOWN for secret-named keys whose
// value could not be read, else PASS.
func EnvVerdict(v *lambda.Function) control.Verdict {
	env, ok := v.Environment.Get()
	if !ok {
		return ck.Unknown(v.Environment, "environment variables")
	}
	var fails, unknowns []control.Verdict
	for _, ev := range env {
		val, known := ev.Value.Get()
		if !known {
			if secretscan.SecretKey(ev.Name) {
				unknowns = append(unknowns, ck.VAt(control.Unknown, fmt.Sprintf(
					"value of %s is unknown (%s); a credential under this name would sit in plaintext in the function configuration",
					ev.Name, ev.Value.Reason()), ev.Prov))
			}
			continue
		}
		if f, bad := secretscan.Check(ev.Name, val); bad {
			fails = append(fails, ck.VAt(control.Fail, f.String(), ev.Prov))
		}
	}
	switch {
	case len(fails) > 0:
		return control.Combine(fails...)
	case len(unknowns) > 0:
		return control.Combine(unknowns...)
	}
	return ck.PassAt(fmt.Sprintf("%d environment variables, none secret-like", len(env)), v.Environment.PackedProv())
}

func envSecrets() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-001", Title: "Lambda environment variables hold no secrets", Severity: control.High,
		Service: "lambda", Layer: "secrets",
		Frameworks: fw.Of(fw.Secrets()),
		Rationale: "Environment variables are returned in clear by GetFunctionConfiguration to anyone with read " +
			"access, and are written into code, state and console views; credentials belong in Secrets " +
			"Manager or Parameter Store, fetched at run time.",
		Checked: "Every environment variable of every function: a value with a known credential format (AWS " +
			"key, private key, token, password in a URL), a literal under a credential-like name (password, " +
			"secret, token, api_key, ...), or a high-entropy token fails, reported by key with the value " +
			"redacted to its first two characters and length. References (ARNs, {{resolve:...}}) pass.",
		Remediation: control.Remediation{
			Summary:        "Move the secret to Secrets Manager and pass only its ARN in the environment.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  environment {\n    variables = {\n      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn\n    }\n  }\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    Environment:\n      Variables:\n        DB_SECRET_ARN: !Ref DbSecret",
			CLI:            "aws secretsmanager create-secret --name app/db --secret-string file://secret.json\naws lambda update-function-configuration --function-name fn --environment 'Variables={DB_SECRET_ARN=arn:aws:secretsmanager:REGION:ACCOUNT:secret:app/db}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LambdaFunctions, func(f *lambda.Function) control.Verdict {
				return EnvVerdict(f)
			})
		},
	}
}

func runtime() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-002", Title: "Lambda functions use a supported runtime", Severity: control.Medium,
		Service: "lambda", Layer: "platform",
		Frameworks: fw.Of(fw.FSBP("Lambda.2"), fw.Patching()),
		Rationale: "AWS patches managed runtimes only until their deprecation date; after it the function runs " +
			"on an unpatched language runtime and OS, and choosing a supported runtime is the customer's part.",
		Checked: "The runtime of every zip-packaged function against onus's deprecation table (checked " +
			runtimeTableDate + "): a runtime whose deprecation date has passed fails; container images are " +
			"not applicable; a runtime missing from the table is unknown.",
		Remediation: control.Remediation{
			Summary:        "Upgrade the function to a supported runtime.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  runtime = \"python3.13\"\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: python3.13",
			CLI:            "aws lambda update-function-configuration --function-name fn --runtime python3.13",
		},
		Check: func(e *model.Estate) []control.Result {
			now := scope.Now(e)
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				if pt, ok := f.PackageType.Get(); ok && strings.EqualFold(pt, "Image") {
					return b.NA("container image functions bring their own runtime")
				}
				rt, ok := f.Runtime.Get()
				if !ok {
					return b.Result(ck.Unknown(f.Runtime, "runtime"))
				}
				return b.Result(runtimeVerdict(rt, now, f.Runtime.PackedProv()))
			})
		},
	}
}

func runtimeVerdict(rt string, now time.Time, p source.PackedProv) control.Verdict {
	d, ok := deprecation[rt]
	if !ok {
		return ck.VAt(control.Unknown, fmt.Sprintf("runtime %q is not in onus's runtime table (checked %s)", rt, runtimeTableDate), p)
	}
	if d == "" {
		return ck.PassAt("runtime "+rt+" is supported (no deprecation date announced)", p)
	}
	day, _ := time.Parse("2006-01-02", d)
	if !now.Before(day) {
		return ck.FailAt(fmt.Sprintf("runtime %s was deprecated on %s", rt, d), p)
	}
	return ck.PassAt(fmt.Sprintf("runtime %s is supported until %s", rt, d), p)
}

func urlAuth() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-003", Title: "Lambda function URLs require IAM authentication", Severity: control.High,
		Service: "lambda", Layer: "identity-access",
		Frameworks: fw.Of(fw.PublicAccess()),
		Rationale: "A function URL with auth type NONE lets anyone on the internet invoke the function; unless " +
			"the function authenticates callers itself, that is an open, billable endpoint.",
		Checked: "The function URL auth type of every function: no URL or AWS_IAM passes; NONE fails.",
		Remediation: control.Remediation{
			Summary:        "Set the function URL auth type to AWS_IAM (or remove the URL and use API Gateway with an authorizer).",
			Terraform:      "resource \"aws_lambda_function_url\" \"fn\" {\n  function_name      = aws_lambda_function.fn.function_name\n  authorization_type = \"AWS_IAM\"\n}",
			CloudFormation: "FnUrl:\n  Type: AWS::Lambda::Url\n  Properties:\n    TargetFunctionArn: !GetAtt Fn.Arn\n    AuthType: AWS_IAM",
			CLI:            "aws lambda update-function-url-config --function-name fn --auth-type AWS_IAM",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LambdaFunctions, func(f *lambda.Function) control.Verdict {
				return ck.Judge(f.URLAuthType, "function URL auth type", func(a string) (bool, string) {
					switch strings.ToUpper(a) {
					case "":
						return true, "the function has no URL"
					case "NONE":
						return false, "the function URL accepts unauthenticated calls (auth type NONE)"
					}
					return true, "the function URL requires " + a
				})
			})
		},
	}
}

// storeWords in an environment key name mean the function talks to a data
// store that normally lives inside a VPC.
var storeWords = []string{"db", "database", "rds", "postgres", "postgresql", "pg", "pghost", "mysql",
	"mariadb", "aurora", "redis", "elasticache", "memcached", "memcache", "mongo", "mongodb", "docdb",
	"opensearch", "elasticsearch", "jdbc", "sql", "efs", "neptune", "cassandra", "keyspaces"}

var storeValues = []string{".rds.amazonaws.com", ".cache.amazonaws.com", ".docdb.amazonaws.com",
	".es.amazonaws.com", ".neptune.amazonaws.com", "jdbc:", "postgres://", "postgresql://", "mysql://",
	"redis://", "rediss://", "mongodb://", "mongodb+srv://"}

// privateStores lists the environment keys that point at private data stores.
func privateStores(env []lambda.EnvVar) []string {
	var out []string
	for _, ev := range env {
		hit := false
		for _, t := range strings.FieldsFunc(strings.ToLower(ev.Name), func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
			for _, w := range storeWords {
				if t == w {
					hit = true
				}
			}
		}
		if v, ok := ev.Value.Get(); ok && !hit {
			lv := strings.ToLower(v)
			for _, w := range storeValues {
				if strings.Contains(lv, w) {
					hit = true
				}
			}
		}
		if hit {
			out = append(out, ev.Name)
		}
	}
	sort.Strings(out)
	return out
}

func vpcForPrivateStores() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-004", Title: "Lambda functions that reach private data stores run in a VPC", Severity: control.Medium,
		Service: "lambda", Layer: "network-config",
		Frameworks: fw.Of(fw.Network()),
		Rationale: "A function outside a VPC can only reach a database or cache over the internet, which forces " +
			"the store to be public; attaching the function to the VPC keeps the data path private and " +
			"under security groups.",
		Checked: "For every function whose environment names a database, cache or search store (keys such as " +
			"DB_HOST or REDIS_URL, or values such as *.rds.amazonaws.com or postgres://): a VPC configuration " +
			"passes, none fails. Functions with no sign of such a store are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Attach the function to private subnets with a security group the data store admits.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  vpc_config {\n    subnet_ids         = aws_subnet.private[*].id\n    security_group_ids = [aws_security_group.fn.id]\n  }\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    VpcConfig:\n      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\n      SecurityGroupIds: [!Ref FnSecurityGroup]",
			CLI:            "aws lambda update-function-configuration --function-name fn --vpc-config SubnetIds=subnet-a,subnet-b,SecurityGroupIds=sg-fn",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				vpc, vok := f.VPC.Get()
				if vok && vpc != nil {
					return b.Pass(fmt.Sprintf("the function runs in a VPC (%d subnets)", len(vpc.SubnetIDs)), ck.Ev("VPC configuration", f.VPC))
				}
				env, eok := f.Environment.Get()
				if !vok {
					return b.Result(ck.Unknown(f.VPC, "VPC configuration"))
				}
				if !eok {
					return b.Result(control.Verdict{Outcome: control.Unknown, Reason: "the function is outside any VPC and its environment is unknown (" + f.Environment.Reason() + "), so whether it reaches a private data store is unknown"})
				}
				stores := privateStores(env)
				if len(stores) == 0 {
					return b.NA("the function is outside any VPC but shows no sign of reaching a private data store")
				}
				return b.Fail("the function is outside any VPC but its environment points at a data store: "+strings.Join(stores, ", "),
					ck.Ev("VPC configuration", f.VPC))
			})
		},
	}
}

func tracing() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-005", Title: "Lambda active tracing is enabled", Severity: control.Info,
		Service: "lambda", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.Monitoring()),
		Rationale: "X-Ray tracing records each invocation's calls to downstream services, which helps trace " +
			"abuse and failures through a serverless application.",
		Checked: "The tracing mode of every function: Active passes; PassThrough or unset fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Turn on active tracing.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  tracing_config {\n    mode = \"Active\"\n  }\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    TracingConfig:\n      Mode: Active",
			CLI:            "aws lambda update-function-configuration --function-name fn --tracing-config Mode=Active",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.LambdaFunctions, func(f *lambda.Function) control.Verdict {
				return ck.Judge(f.TracingMode, "tracing mode", func(m string) (bool, string) {
					if strings.EqualFold(m, "Active") {
						return true, "active tracing is on"
					}
					if m == "" {
						m = "PassThrough"
					}
					return false, "tracing mode is " + m
				})
			})
		},
	}
}

func deadLetter() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-006", Title: "Lambda functions have a dead-letter queue", Severity: control.Info,
		Service: "lambda", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.M{fw.NIST: {"SI-11"}}),
		Rationale: "Failed asynchronous invocations are dropped after retries unless a dead-letter queue (or an " +
			"on-failure destination) keeps them for inspection and replay.",
		Checked: "The dead-letter configuration of every function: a target passes; none fails (informational).",
		Remediation: control.Remediation{
			Summary:        "Configure a dead-letter SQS queue or SNS topic.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  dead_letter_config {\n    target_arn = aws_sqs_queue.dlq.arn\n  }\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    DeadLetterConfig:\n      TargetArn: !GetAtt Dlq.Arn",
			CLI:            "aws lambda update-function-configuration --function-name fn --dead-letter-config TargetArn=arn:aws:sqs:REGION:ACCOUNT:dlq",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.FlagOf(true, "dead-letter queue", "a dead-letter queue is configured", "no dead-letter queue is configured")
			return ck.Per(e.LambdaFunctions, func(f *lambda.Function) control.Verdict {
				return is.Judge(f.DeadLetter)
			})
		},
	}
}

func envCMK() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-008", Title: "Lambda environment variables are encrypted with a customer managed key", Severity: control.Low,
		Service: "lambda", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale: "With the default aws/lambda key anyone allowed to read the function configuration sees the " +
			"environment in clear; a customer managed key adds a key policy check and a CloudTrail record.",
		Checked: "The KMS key of every function that has environment variables: a customer managed key passes; " +
			"none (aws/lambda) fails. Functions without environment variables are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Set a customer managed KMS key for the function's environment.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  kms_key_arn = aws_kms_key.lambda.arn\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    KmsKeyArn: !GetAtt LambdaKey.Arn",
			CLI:            "aws lambda update-function-configuration --function-name fn --kms-key-arn arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				if env, ok := f.Environment.Get(); ok && len(env) == 0 {
					return b.NA("the function has no environment variables")
				}
				return b.Result(ck.CMK(f.KMSKeyARN, "the environment's KMS key"))
			})
		},
	}
}

// subnetZone finds a subnet the function names (ID, ARN or code reference)
// in the estate and returns its Availability Zone value.
func subnetZone(e *model.Estate, ref string) (source.Value[string], bool) {
	for _, s := range e.Subnets {
		id, _ := s.SubnetID.Get()
		if scope.SameRef(ref, &s.Meta, id) {
			return s.AvailabilityZone, true
		}
	}
	return source.Value[string]{}, false
}

func multiAZ() *control.Control {
	return &control.Control{
		ID: "ONUS-LAMBDA-010", Title: "VPC Lambda functions run in at least two Availability Zones", Severity: control.Medium,
		Service: "lambda", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("Lambda.5"), fw.M{fw.NIST: {"CP-10", "SC-36"}, fw.SOC2: {"A1.2"}}),
		Rationale: "Lambda spreads a function across zones only among the subnets the customer gives it; with " +
			"subnets in a single zone, an outage of that zone stops the function.",
		Checked: "The subnets of every function attached to a VPC: subnets in two or more distinct Availability " +
			"Zones pass (zones looked up on the subnets in the scanned estate); a single subnet, or subnets all in " +
			"one zone, fails; subnets whose zone cannot be read are unknown. Functions outside a VPC are not " +
			"applicable.",
		Remediation: control.Remediation{
			Summary:        "Give the function subnets in at least two Availability Zones.",
			Terraform:      "resource \"aws_lambda_function\" \"fn\" {\n  vpc_config {\n    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n    security_group_ids = [aws_security_group.fn.id]\n  }\n}",
			CloudFormation: "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    VpcConfig:\n      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\n      SecurityGroupIds: [!Ref FnSecurityGroup]",
			CLI:            "aws lambda update-function-configuration --function-name fn --vpc-config SubnetIds=subnet-aaaa,subnet-bbbb,SecurityGroupIds=sg-1234",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.LambdaFunctions, func(f *lambda.Function, b control.Builder) control.Result {
				vpc, ok := f.VPC.Get()
				switch {
				case !ok:
					return b.Result(ck.Unknown(f.VPC, "VPC configuration"))
				case vpc == nil || len(vpc.SubnetIDs) == 0:
					return b.NA("the function is not attached to a VPC")
				case len(distinctStrings(vpc.SubnetIDs)) == 1:
					return b.Result(ck.FailAt("the function has a single subnet, so it runs in one Availability Zone", f.VPC.PackedProv()))
				}
				zones := map[string]bool{}
				var unknown []string
				for _, ref := range distinctStrings(vpc.SubnetIDs) {
					z, found := subnetZone(e, ref)
					name, known := z.Get()
					switch {
					case !found:
						unknown = append(unknown, ref+" is not in the scanned estate")
					case !known || name == "":
						unknown = append(unknown, "the zone of "+ref+" is unknown: "+z.Reason())
					default:
						zones[name] = true
					}
				}
				switch {
				case len(zones) >= 2:
					return b.Result(ck.PassAt(fmt.Sprintf("the function's subnets span %d Availability Zones", len(zones)), f.VPC.PackedProv()))
				case len(unknown) > 0:
					return b.Unknown("the Availability Zones of the function's subnets are not all known: " + strings.Join(unknown, "; "))
				}
				return b.Result(ck.FailAt("all the function's subnets are in one Availability Zone", f.VPC.PackedProv()))
			})
		},
	}
}

func distinctStrings(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

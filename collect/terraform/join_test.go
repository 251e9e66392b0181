package terraform

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/model"
)

const bucketTF = `resource "aws_s3_bucket" "b" { bucket = "data-bucket" }` + "\n"

// Each split resource is joined to the resource it configures, by
// reference and by literal name, with provenance at the split resource.
func TestSplitResourceJoins(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		check func(t *testing.T, e *model.Estate)
	}{
		{"s3 encryption by reference", bucketTF + `
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
    bucket_key_enabled = true
  }
}`, func(t *testing.T, e *model.Estate) {
			enc := known(t, "encryption", e.S3Buckets[0].Encryption)
			if enc == nil || enc.Algorithm != "aws:kms" || enc.KMSKeyID != "aws_kms_key.k" || !enc.BucketKey {
				t.Fatalf("encryption %+v", enc)
			}
			if l := e.S3Buckets[0].Encryption.Prov().Loc; l.Start.Line != 4 {
				t.Fatalf("provenance %v, want the configuration resource at line 4", l)
			}
		}},
		{"s3 encryption by literal name", bucketTF + `
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = "data-bucket"
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}`, func(t *testing.T, e *model.Estate) {
			if enc := known(t, "encryption", e.S3Buckets[0].Encryption); enc == nil || enc.Algorithm != "AES256" {
				t.Fatalf("encryption %+v", enc)
			}
		}},
		{"s3 encryption absent is known nil", bucketTF, func(t *testing.T, e *model.Estate) {
			if enc := known(t, "encryption", e.S3Buckets[0].Encryption); enc != nil {
				t.Fatalf("want nil, got %+v", enc)
			}
		}},
		{"s3 v3 inline blocks", `
resource "aws_s3_bucket" "b" {
  bucket = "v3"
  acl    = "public-read"
  versioning { enabled = true }
  logging { target_bucket = "logs" }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
    }
  }
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::v3/*" }] })
}`, func(t *testing.T, e *model.Estate) {
			b := e.S3Buckets[0]
			if known(t, "acl", b.ACL) != "public-read" || known(t, "versioning", b.Versioning).Status != "Enabled" ||
				known(t, "logging", b.Logging).TargetBucket != "logs" || known(t, "enc", b.Encryption).Algorithm != "AES256" {
				t.Fatal("inline blocks not read")
			}
			if p := known(t, "policy", b.Policy); p == nil || !p.Statements[0].Principal.All {
				t.Fatalf("policy %+v", p)
			}
		}},
		{"s3 public access block, versioning, logging, policy, acl, ownership", bucketTF + `
resource "aws_s3_bucket_public_access_block" "b" {
  bucket              = aws_s3_bucket.b.id
  block_public_acls   = true
  block_public_policy = true
}
resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.bucket
  versioning_configuration {
    status = "Enabled"
    mfa_delete = "Enabled"
  }
}
resource "aws_s3_bucket_logging" "b" {
  bucket        = aws_s3_bucket.b.id
  target_bucket = "log-sink"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["${aws_s3_bucket.b.arn}/*"],
      Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = "private"
}
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule { object_ownership = "ObjectWriter" }
}`, func(t *testing.T, e *model.Estate) {
			b := e.S3Buckets[0]
			pab := known(t, "pab", b.PublicAccessBlock)
			if !known(t, "bpa", pab.BlockPublicACLs) || known(t, "ipa", pab.IgnorePublicACLs) {
				t.Fatal("pab switches")
			}
			if v := known(t, "versioning", b.Versioning); v.Status != "Enabled" || !v.MFADelete {
				t.Fatalf("versioning %+v", v)
			}
			if known(t, "logging", b.Logging).TargetBucket != "log-sink" {
				t.Fatal("logging")
			}
			p := known(t, "policy", b.Policy)
			if p == nil || p.Statements[0].Resource[0] != "arn:aws:s3:::data-bucket/*" {
				t.Fatalf("policy %+v", p)
			}
			if known(t, "acl", b.ACL) != "private" || known(t, "ownership", b.Ownership) != "ObjectWriter" {
				t.Fatal("acl/ownership")
			}
		}},
		{"security group rule resources and inline rules", `
resource "aws_security_group" "g" {
  name = "g"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.g.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
}
resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}
resource "aws_vpc_security_group_egress_rule" "out" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}`, func(t *testing.T, e *model.Estate) {
			g := e.SecurityGroups[0]
			in := known(t, "ingress", g.Ingress)
			if len(in) != 3 {
				t.Fatalf("ingress %d rules", len(in))
			}
			if p := known(t, "ports", in[1].Ports); p.From != 22 || p.To != 22 {
				t.Fatalf("ssh ports %+v", p)
			}
			if p := known(t, "ports", in[2].Ports); p.From != 0 || p.To != 65535 || known(t, "proto", in[2].Protocol) != "-1" {
				t.Fatalf("all-traffic rule %+v", p)
			}
			if v6 := known(t, "v6", in[2].IPv6CIDRs); len(v6) != 1 || v6[0] != "::/0" {
				t.Fatalf("ipv6 %v", v6)
			}
			if out := known(t, "egress", g.Egress); len(out) != 1 {
				t.Fatalf("egress %d", len(out))
			}
		}},
		{"instance, volume and attachment", `
resource "aws_instance" "i" { ami = "ami-1" }
resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  encrypted         = true
}
resource "aws_volume_attachment" "a" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.v.id
  instance_id = aws_instance.i.id
}`, func(t *testing.T, e *model.Estate) {
			if vs := known(t, "volumes", e.EC2Instances[0].Volumes); len(vs) != 1 || vs[0] != "aws_ebs_volume.v" {
				t.Fatalf("instance volumes %v", vs)
			}
			if at := known(t, "attached", e.EBSVolumes[0].AttachedTo); len(at) != 1 || at[0] != "aws_instance.i" {
				t.Fatalf("attached to %v", at)
			}
		}},
		{"lambda permission and function url", `
resource "aws_lambda_function" "f" {
  function_name = "fn"
  runtime       = "python3.12"
  role          = "arn:aws:iam::111122223333:role/r"
}
resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  principal     = "*"
}
resource "aws_lambda_function_url" "u" {
  function_name      = "fn"
  authorization_type = "NONE"
}`, func(t *testing.T, e *model.Estate) {
			f := e.LambdaFunctions[0]
			p := known(t, "policy", f.Policy)
			if p == nil || len(p.Statements) != 1 || !p.Statements[0].Principal.All || p.Statements[0].Action[0] != "lambda:InvokeFunction" {
				t.Fatalf("policy %+v", p)
			}
			if known(t, "url", f.URLAuthType) != "NONE" {
				t.Fatal("url auth type")
			}
		}},
		{"iam role policies and attachments", `
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_role_policy_attachment" "managed" {
  role       = "r"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_role_policy" "inline" {
  role   = aws_iam_role.r.id
  name   = "inline"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}`, func(t *testing.T, e *model.Estate) {
			r := e.IAMRoles[0]
			if tp := known(t, "trust", r.TrustPolicy); tp == nil || tp.Statements[0].Principal.Service[0] != "ec2.amazonaws.com" {
				t.Fatalf("trust %+v", tp)
			}
			att := known(t, "attached", r.Attached)
			if len(att) != 2 || att[0].Name != "p" || att[1].Ref != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
				t.Fatalf("attached %+v", att)
			}
			if d := known(t, "doc", att[0].Document); d.Statements[0].Action[0] != "*" {
				t.Fatal("attached document")
			}
			unknown(t, "aws managed doc", att[1].Document, "AWS managed policy")
			if in := known(t, "inline", r.Inline); len(in) != 1 || in[0].Name != "inline" {
				t.Fatalf("inline %+v", in)
			}
			if to := known(t, "attached to", e.IAMPolicies[0].AttachedTo); len(to) != 1 || to[0] != "aws_iam_role.r" {
				t.Fatalf("policy attached to %v", to)
			}
		}},
		{"config recorder and status", `
resource "aws_config_configuration_recorder" "r" { name = "rec" }
resource "aws_config_configuration_recorder_status" "s" {
  name       = aws_config_configuration_recorder.r.name
  is_enabled = true
}`, func(t *testing.T, e *model.Estate) {
			rc := e.ConfigRecorders[0]
			if !known(t, "recording", rc.Recording) || !known(t, "all", rc.AllSupported) || known(t, "global", rc.IncludeGlobalResourceTypes) {
				t.Fatal("recorder")
			}
		}},
		{"sns topic subscriptions and policy, sqs queue policy", `
resource "aws_sns_topic" "t" { name = "t" }
resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "email"
  endpoint  = "a@example.com"
}
resource "aws_sns_topic_policy" "p" {
  arn    = aws_sns_topic.t.arn
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sns:Publish", Resource = aws_sns_topic.t.arn }] })
}
resource "aws_sqs_queue" "q" { name = "q" }
resource "aws_sqs_queue_policy" "p" {
  queue_url = aws_sqs_queue.q.id
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }] })
}`, func(t *testing.T, e *model.Estate) {
			tp := e.SNSTopics[0]
			if subs := known(t, "subs", tp.Subscriptions); len(subs) != 1 || subs[0].Protocol != "email" {
				t.Fatalf("subs %+v", subs)
			}
			p := known(t, "topic policy", tp.Policy)
			if p == nil || p.Statements[0].Resource[0] != "${aws_sns_topic.t.arn}" {
				t.Fatalf("topic policy %+v", p)
			}
			if known(t, "queue policy", e.SQSQueues[0].Policy) == nil {
				t.Fatal("queue policy")
			}
			if !known(t, "sse", e.SQSQueues[0].SQSManagedSSE) {
				t.Fatal("SQS-managed SSE is on by default")
			}
		}},
		{"secret rotation", `
resource "aws_secretsmanager_secret" "s" { name = "s" }
resource "aws_secretsmanager_secret_rotation" "r" {
  secret_id = aws_secretsmanager_secret.s.id
  rotation_rules { automatically_after_days = 30 }
}`, func(t *testing.T, e *model.Estate) {
			s := e.Secrets[0]
			if !known(t, "rotation", s.RotationEnabled) || known(t, "days", s.RotationDays) != 30 {
				t.Fatal("rotation")
			}
		}},
		{"load balancer listeners and WAF", `
resource "aws_lb" "l" { name = "l" }
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.l.arn
  port              = 80
  default_action {
    type = "redirect"
    redirect { protocol = "HTTPS" }
  }
}
resource "aws_wafv2_web_acl_association" "w" {
  resource_arn = aws_lb.l.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1"
}`, func(t *testing.T, e *model.Estate) {
			lb := e.LoadBalancers[0]
			ls := known(t, "listeners", lb.Listeners)
			if len(ls) != 1 || ls[0].Protocol != "HTTP" || !ls[0].RedirectsToHTTPS {
				t.Fatalf("listeners %+v", ls)
			}
			if !strings.HasPrefix(known(t, "waf", lb.WebACL), "arn:aws:wafv2") {
				t.Fatal("waf")
			}
			if known(t, "scheme", lb.Scheme) != "internet-facing" {
				t.Fatal("scheme")
			}
		}},
		{"flow log to vpc, nacl rule", `
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_flow_log" "f" {
  vpc_id       = aws_vpc.v.id
  traffic_type = "REJECT"
}
resource "aws_network_acl" "n" { vpc_id = aws_vpc.v.id }
resource "aws_network_acl_rule" "r" {
  network_acl_id = aws_network_acl.n.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}`, func(t *testing.T, e *model.Estate) {
			if fl := known(t, "flow logs", e.VPCs[0].FlowLogs); len(fl) != 1 || fl[0].TrafficType != "REJECT" {
				t.Fatalf("flow logs %+v", fl)
			}
			en := known(t, "entries", e.NetworkACLs[0].Entries)
			if len(en) != 1 || en[0].RuleNumber != 100 || known(t, "action", en[0].Action) != "allow" {
				t.Fatalf("entries %+v", en)
			}
		}},
		{"rds cluster members", `
resource "aws_rds_cluster" "c" {
  cluster_identifier = "c"
  storage_encrypted  = true
  backup_retention_period = 7
}
resource "aws_rds_cluster_instance" "m" {
  count              = 2
  cluster_identifier = aws_rds_cluster.c.id
}`, func(t *testing.T, e *model.Estate) {
			if !known(t, "cluster multi-az", e.RDSClusters[0].MultiAZ) {
				t.Fatal("two members in a cluster are multi-AZ")
			}
			for _, m := range e.RDSInstances {
				if !known(t, "member encryption", m.StorageEncrypted) || known(t, "member cluster", m.ClusterID) != "aws_rds_cluster.c" {
					t.Fatal("member settings come from the cluster")
				}
			}
		}},
		{"password policy and region settings", `
provider "aws" { region = "eu-central-1" }
resource "aws_iam_account_password_policy" "p" { minimum_password_length = 14 }
resource "aws_guardduty_detector" "g" {}
resource "aws_accessanalyzer_analyzer" "a" { analyzer_name = "acct" }`, func(t *testing.T, e *model.Estate) {
			pp := known(t, "password policy", e.Accounts[0].PasswordPolicy)
			if known(t, "min", pp.MinimumLength) != 14 || known(t, "symbols", pp.RequireSymbols) {
				t.Fatal("password policy")
			}
			r := e.Regions[0]
			if r.Name != "eu-central-1" || !known(t, "guardduty", r.GuardDuty) || known(t, "aa", r.AccessAnalyzers)[0] != "acct" {
				t.Fatalf("region %+v", r)
			}
			unknown(t, "security hub", r.SecurityHub, "not declared")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, d := load(t, tf(c.src), Options{})
			noErrors(t, d)
			c.check(t, e)
		})
	}
}

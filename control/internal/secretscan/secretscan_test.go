package secretscan

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"AKIAIOSFODNN7EXAMPLE": "AK…(20 chars)",
		"abc":                  "…(3 chars)",
		"":                     "…(0 chars)",
		"pässwörter":           "pä…(10 chars)",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		"DB_PASSWORD": true, "dbPassword": true, "api-key": true, "API_KEY": true, "GITHUB_TOKEN": true,
		"client_secret": true, "AWS_SECRET_ACCESS_KEY": true, "PGPASS": false, "db_pwd": true,
		"DB_PASSWORD_SECRET_ARN": false, "TOKEN_TTL": false, "PASSWORD_MIN_LENGTH": false,
		"LOG_LEVEL": false, "TABLE_NAME": false, "KMS_KEY_ID": false, "passport_number": false,
		"SECRET_KEY_BASE": true, "private_key": true, "db_password_default": true, "password_policy_default": false,
	} {
		if got := SecretKey(key); got != want {
			t.Errorf("SecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		key, val string
		want     bool
	}{
		{"anything", "AKIAIOSFODNN7EXAMPLE", true},
		{"KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", true},
		{"URL", "postgres://app:s3cr3t@db.internal:5432/app", true},
		{"URL", "https://example.com/path", false},
		{"URL", "postgres://app:${DB_PASSWORD}@db:5432/app", false},
		{"DB_PASSWORD", "hunter2", true},
		{"DB_PASSWORD", "", false},
		{"DB_PASSWORD", "{{resolve:secretsmanager:db:SecretString:password}}", false},
		{"DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:1:secret:x", false},
		{"DB_PASSWORD", "********", false},
		{"ENABLE_TOKEN", "true", false},
		{"SIGNING", "q8Zx3Lm0Pw7Rt5Yv2Nb9Kc4Hd6Jf1Gs", true},
		{"AMI", "ami-0123456789abcdef0", false},
		{"REQUEST_ID", "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", false},
		{"COMMIT", "4f1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5", false},
		{"GREETING", "hello world this is a long sentence", false},
		{"SLACK", "xoxb-1234567890-abcdefghij", true},
		// The default of a setting is that setting (terraform-aws-alb's
		// listener_ssl_policy_default = "ELBSecurityPolicy-2016-08").
		{"listener_ssl_policy_default", "ELBSecurityPolicy-2016-08", false},
		{"signing_default", "q8Zx3Lm0Pw7Rt5Yv2Nb9Kc4Hd6Jf1Gs", true},
	}
	for _, c := range cases {
		f, got := Check(c.key, c.val)
		if got != c.want {
			t.Errorf("Check(%q, %q) = %v (%s), want %v", c.key, c.val, got, f.Why, c.want)
		}
		if got && len(c.val) > 4 && strings.Contains(f.String(), c.val) {
			t.Errorf("finding leaks the value: %s", f)
		}
	}
}

func TestScanText(t *testing.T) {
	text := "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport DB_PASSWORD='hunter2hunter2'\necho hello\nyum install -y nginx\n"
	fs := ScanText(text)
	if len(fs) != 2 || fs[0].Line != 2 || fs[1].Line != 3 {
		t.Fatalf("got %v", fs)
	}
	for _, f := range fs {
		if strings.Contains(f.String(), "hunter2hunter2") || strings.Contains(f.String(), "AKIAIOSFODNN7EXAMPLE") {
			t.Errorf("leak: %s", f)
		}
	}
	if fs := ScanText("#!/bin/bash\nyum update -y\nsystemctl start nginx\n"); len(fs) != 0 {
		t.Errorf("clean script flagged: %v", fs)
	}
}

func FuzzScanText(f *testing.F) {
	f.Add("export TOKEN=abc123\n")
	f.Add("password: \"x\"\nAKIAIOSFODNN7EXAMPLE")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		for _, fd := range ScanText(s) {
			if fd.Line < 1 || fd.Redacted == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

package catalog_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/onus-sec/onus/collect/terraform"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/source"
)

// TestParamsDeclaredWell: every parameter belongs to the control listing
// it, has a unique snake_case name there, a unit and summary, and a
// default inside its own bounds (else the default itself would be
// rejected if a user wrote it down).
func TestParamsDeclaredWell(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	n := 0
	for _, c := range catalog.All() {
		seen := map[string]bool{}
		for _, p := range c.Params {
			n++
			switch {
			case p.Control != c.ID:
				t.Errorf("%s lists parameter %s of %s", c.ID, p.Name, p.Control)
			case !snake.MatchString(p.Name):
				t.Errorf("%s: parameter name %q is not snake_case", c.ID, p.Name)
			case seen[p.Name]:
				t.Errorf("%s: parameter %s listed twice", c.ID, p.Name)
			case p.Unit == "" || p.Summary == "":
				t.Errorf("%s: parameter %s needs a unit and a summary", c.ID, p.Name)
			case p.Check(p.Defaults()) != nil || p.Min > p.Max:
				t.Errorf("%s: parameter %s default %v outside [%d, %d]", c.ID, p.Name, p.Defaults(), p.Min, p.Max)
			case p.List != (p.Default == 0 && p.DefaultList != nil):
				t.Errorf("%s: parameter %s sets the default of the other kind (List %v)", c.ID, p.Name, p.List)
			case !strings.Contains(c.Checked, p.Name):
				t.Errorf("%s: Checked does not name parameter %s, so `controls explain` hides what it changes", c.ID, p.Name)
			}
			seen[p.Name] = true
		}
	}
	if n < 9 {
		t.Fatalf("only %d parameters in the catalogue", n)
	}
}

// TestParamsChangeOutcomes: for every parameter, one resource whose
// outcome under the default is flipped by the user's value, and the
// flipped result cites the setting (file and line) as evidence.
func TestParamsChangeOutcomes(t *testing.T) {
	live := func(e *model.Estate) *model.Estate { e.AccountWide, e.ScanTime = true, scanAt; return e }
	tf := func(src string) *model.Estate {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		e, d := terraform.Load(context.Background(), dir, terraform.Options{})
		if d.HasErrors() {
			t.Fatal(d)
		}
		e.ScanTime = scanAt
		return e
	}
	user := func(f func(u *iam.User)) *model.Estate {
		u := &iam.User{Meta: liveMeta("AWS::IAM::User", "arn:aws:iam::111122223333:user/a"), Name: kv("a"),
			Inline: kv([]iam.NamedPolicy(nil)), Attached: kv([]iam.NamedPolicy(nil)), Groups: kv([]string(nil)),
			AccessKeys: kv([]iam.AccessKey(nil)), PasswordEnabled: kv(false), MFAActive: kv(true), Created: kv(before(400))}
		f(u)
		return live(&model.Estate{IAMUsers: []*iam.User{u}})
	}
	secret := func(f func(s *secretsmanager.Secret)) *model.Estate {
		s := &secretsmanager.Secret{Meta: liveMeta("AWS::SecretsManager::Secret", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"), Name: kv("db")}
		f(s)
		return live(&model.Estate{Secrets: []*secretsmanager.Secret{s}})
	}
	const policy = `resource "aws_iam_account_password_policy" "p" {
  minimum_password_length   = 10
  password_reuse_prevention = 5
}
`
	sg := func(proto string, port int) *model.Estate {
		return tf(fmt.Sprintf(`resource "aws_security_group" "web" {
  name = "web"
  ingress {
    protocol    = %q
    from_port   = %d
    to_port     = %d
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`, proto, port, port))
	}
	one := func(n int) []int { return []int{n} }
	cases := []struct {
		id, name  string
		value     []int
		estate    *model.Estate
		def, want control.Outcome
	}{
		{"ONUS-VPC-003", "authorized_tcp_ports", []int{80, 443, 8443}, sg("tcp", 8443), control.Fail, control.Pass},
		{"ONUS-VPC-003", "authorized_udp_ports", []int{53}, sg("udp", 53), control.Fail, control.Pass},
		{"ONUS-EC2-014", "max_stopped_days", one(10), live(&model.Estate{EC2Instances: []*ec2.Instance{{
			Meta: liveMeta("AWS::EC2::Instance", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"), State: kv("stopped"),
			StateTransitionTime: kv(before(20).Format("2006-01-02T15:04:05Z"))}}}), control.Pass, control.Fail},
		{"ONUS-SECRETSMANAGER-002", "max_days_since_rotation", one(30), secret(func(s *secretsmanager.Secret) {
			s.RotationEnabled, s.LastRotated = kv(true), kv(tp(before(60)))
		}), control.Pass, control.Fail},
		{"ONUS-SECRETSMANAGER-003", "unused_for_days", one(30), secret(func(s *secretsmanager.Secret) {
			s.LastAccessed = kv(tp(before(60)))
		}), control.Pass, control.Fail},
		{"ONUS-RDS-002", "min_backup_retention_days", one(14), tf(`resource "aws_db_instance" "db" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 7
}
`), control.Pass, control.Fail},
		{"ONUS-CW-017", "min_retention_days", one(90), tf(`resource "aws_cloudwatch_log_group" "g" {
  name              = "app"
  retention_in_days = 180
}
`), control.Fail, control.Pass},
		{"ONUS-IAM-005", "min_password_length", one(8), tf(policy), control.Fail, control.Pass},
		{"ONUS-IAM-006", "password_reuse_prevention", one(5), tf(policy), control.Fail, control.Pass},
		{"ONUS-IAM-009", "max_unused_days", one(20), user(func(u *iam.User) {
			u.PasswordEnabled, u.PasswordLastUsed = kv(true), kv(tp(before(30)))
		}), control.Pass, control.Fail},
		{"ONUS-IAM-011", "max_key_age_days", one(20), user(func(u *iam.User) {
			u.AccessKeys = kv([]iam.AccessKey{{ID: "AKIA1", Active: true, Created: tp(before(30)), LastUsed: tp(before(1))}})
		}), control.Pass, control.Fail},
	}
	byID := map[string]*control.Control{}
	declared := map[string]bool{}
	for _, c := range catalog.All() {
		byID[c.ID] = c
		for _, p := range c.Params {
			declared[c.ID+"/"+p.Name] = true
		}
	}
	run := func(c *control.Control, e *model.Estate) control.Result {
		t.Helper()
		var mine []control.Result
		for _, r := range control.Run(context.Background(), e, []*control.Control{c}).Slice() {
			if r.Outcome != control.NotApplicable {
				mine = append(mine, r)
			}
		}
		if len(mine) != 1 {
			t.Fatalf("%s: want 1 applicable result, got %d: %+v", c.ID, len(mine), mine)
		}
		return mine[0]
	}
	at := source.At(source.Loc{File: ".onus.yaml", Start: source.Pos{Line: 7, Column: 5}, End: source.Pos{Line: 7, Column: 7}})
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			delete(declared, tc.id+"/"+tc.name)
			c := byID[tc.id]
			if c == nil {
				t.Fatalf("no control %s", tc.id)
			}
			if r := run(c, tc.estate); r.Outcome != tc.def {
				t.Fatalf("default: got %s (%s), want %s", r.Outcome, r.Reason, tc.def)
			}
			tc.estate.Settings.Params = map[string]map[string]source.Value[[]int]{tc.id: {tc.name: source.Known(tc.value, at)}}
			r := run(c, tc.estate)
			if r.Outcome != tc.want {
				t.Fatalf("with %s = %v: got %s (%s), want %s", tc.name, tc.value, r.Outcome, r.Reason, tc.want)
			}
			cited := false
			for _, ev := range r.Evidence {
				if strings.Contains(ev.Summary, tc.name) && ev.Prov().Loc.File == ".onus.yaml" && ev.Prov().Loc.Start.Line == 7 {
					cited = true
				}
			}
			if !cited {
				t.Fatalf("the result does not cite the setting: %+v", r.Evidence)
			}
		})
	}
	for k := range declared {
		t.Errorf("parameter %s has no case here: add one that its value flips", k)
	}
}

// TestNoPlaceholderReachesUsers: the catalogue renders every parameter
// placeholder, so a misspelt one ({{min_retention_day}}) fails here
// instead of reaching a report title; and every parameter's placeholder,
// where a text uses one, renders both with the default and a custom value.
func TestNoPlaceholderReachesUsers(t *testing.T) {
	for _, c := range catalog.All() {
		if left := control.Placeholders(c); len(left) != 0 {
			t.Errorf("%s: placeholders left after rendering: %v", c.ID, left)
		}
		if len(c.Params) == 0 {
			continue
		}
		before := c.Title + c.Checked + c.Remediation.Summary
		c.Render(func(p control.Param) []int {
			if !p.List && p.Default == p.Max {
				return []int{p.Min}
			}
			return []int{p.Max}
		})
		if left := control.Placeholders(c); len(left) != 0 {
			t.Errorf("%s: placeholders left after rendering custom values: %v", c.ID, left)
		}
		if after := c.Title + c.Checked + c.Remediation.Summary; after == before {
			t.Errorf("%s: its texts do not change with its parameters: %q", c.ID, after)
		}
	}
}

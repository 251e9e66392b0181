package secretsmanager

import (
	"testing"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/source"
)

func sec(f func(*secretsmanager.Secret)) *model.Estate {
	s := &secretsmanager.Secret{Meta: ctest.TF("aws_secretsmanager_secret", "db"), Name: ctest.K("app/db")}
	f(s)
	return &model.Estate{Secrets: []*secretsmanager.Secret{s}}
}

func live(f func(*secretsmanager.Secret)) *model.Estate {
	e := sec(f)
	e.Secrets[0].Meta = ctest.Live("AWS::SecretsManager::Secret", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db")
	return e
}

func ago(days int) *time.Time {
	t := time.Now().UTC().Add(-time.Duration(days) * 24 * time.Hour)
	return &t
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
		na   = control.NotApplicable
	)
	pub, err := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []ctest.Case{
		{Name: "on", Control: "ONUS-SECRETSMANAGER-001", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-SECRETSMANAGER-001", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-SECRETSMANAGER-001", Estate: sec(func(*secretsmanager.Secret) {}), Want: unk},

		{Name: "live recent", Control: "ONUS-SECRETSMANAGER-002", Estate: live(func(s *secretsmanager.Secret) { s.LastRotated = ctest.K(ago(10)) }), Want: pass},
		{Name: "live old", Control: "ONUS-SECRETSMANAGER-002", Estate: live(func(s *secretsmanager.Secret) { s.LastRotated = ctest.K(ago(200)) }), Want: fail},
		{Name: "live never", Control: "ONUS-SECRETSMANAGER-002", Estate: live(func(s *secretsmanager.Secret) { s.LastRotated = ctest.K[*time.Time](nil) }), Want: fail},
		{Name: "live unknown", Control: "ONUS-SECRETSMANAGER-002", Estate: live(func(*secretsmanager.Secret) {}), Want: unk},
		{Name: "code 30 days", Control: "ONUS-SECRETSMANAGER-002", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled, s.RotationDays = ctest.K(true), ctest.K(30) }), Want: pass},
		{Name: "code 365 days", Control: "ONUS-SECRETSMANAGER-002", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled, s.RotationDays = ctest.K(true), ctest.K(365) }), Want: fail},
		{Name: "code no rotation", Control: "ONUS-SECRETSMANAGER-002", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled = ctest.K(false) }), Want: fail},
		{Name: "code days unknown", Control: "ONUS-SECRETSMANAGER-002", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled = ctest.K(true) }), Want: unk},

		{Name: "used", Control: "ONUS-SECRETSMANAGER-003", Estate: live(func(s *secretsmanager.Secret) { s.LastAccessed = ctest.K(ago(1)) }), Want: pass},
		{Name: "stale", Control: "ONUS-SECRETSMANAGER-003", Estate: live(func(s *secretsmanager.Secret) { s.LastAccessed = ctest.K(ago(120)) }), Want: fail},
		{Name: "denied", Control: "ONUS-SECRETSMANAGER-003", Estate: live(func(s *secretsmanager.Secret) { s.LastAccessed = ctest.U[*time.Time]("AccessDenied") }), Want: unk},
		{Name: "code", Control: "ONUS-SECRETSMANAGER-003", Estate: sec(func(*secretsmanager.Secret) {}), Want: na},

		{Name: "none", Control: "ONUS-SECRETSMANAGER-004", Estate: sec(func(s *secretsmanager.Secret) { s.Policy = ctest.K[*iampolicy.Policy](nil) }), Want: pass},
		{Name: "public", Control: "ONUS-SECRETSMANAGER-004", Estate: sec(func(s *secretsmanager.Secret) { s.Policy = ctest.K(pub) }), Want: fail},
		{Name: "unknown", Control: "ONUS-SECRETSMANAGER-004", Estate: sec(func(*secretsmanager.Secret) {}), Want: unk},

		{Name: "cmk", Control: "ONUS-SECRETSMANAGER-005", Estate: sec(func(s *secretsmanager.Secret) { s.KMSKeyID = ctest.K("arn:aws:kms:x:1:key/k") }), Want: pass},
		{Name: "aws key", Control: "ONUS-SECRETSMANAGER-005", Estate: sec(func(s *secretsmanager.Secret) { s.KMSKeyID = ctest.K("alias/aws/secretsmanager") }), Want: fail},
		{Name: "unknown", Control: "ONUS-SECRETSMANAGER-005", Estate: sec(func(*secretsmanager.Secret) {}), Want: unk},
	}
	sched := func(days int, last source.Value[*time.Time]) *model.Estate {
		return live(func(s *secretsmanager.Secret) {
			s.RotationEnabled, s.RotationDays, s.LastRotated = ctest.K(true), ctest.K(days), last
		})
	}
	cases = append(cases,
		ctest.Case{Name: "on schedule", Control: "ONUS-SECRETSMANAGER-006", Estate: sched(30, ctest.K(ago(20))), Want: pass},
		ctest.Case{Name: "overdue", Control: "ONUS-SECRETSMANAGER-006", Estate: sched(30, ctest.K(ago(45))), Want: fail, Reason: "failing"},
		ctest.Case{Name: "never", Control: "ONUS-SECRETSMANAGER-006", Estate: sched(30, ctest.K[*time.Time](nil)), Want: fail},
		ctest.Case{Name: "denied", Control: "ONUS-SECRETSMANAGER-006", Estate: sched(30, ctest.U[*time.Time]("DescribeSecret: AccessDenied")), Want: unk},
		ctest.Case{Name: "no rotation", Control: "ONUS-SECRETSMANAGER-006", Estate: live(func(s *secretsmanager.Secret) { s.RotationEnabled = ctest.K(false) }), Want: na},
		ctest.Case{Name: "code", Control: "ONUS-SECRETSMANAGER-006", Estate: sec(func(s *secretsmanager.Secret) { s.RotationEnabled, s.RotationDays = ctest.K(true), ctest.K(30) }), Want: na},
	)
	ctest.Run(t, Controls(), cases)
}

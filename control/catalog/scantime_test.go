package catalog_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/onus-sec/onus/collect/snapshot"
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/source"
)

// scanAt is a fixed scan time years before any test run, so every age
// below is judged "fresh" against it and "stale" against the wall clock:
// a control that still read the wall clock would flip the outcome.
var scanAt = time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC)

func before(days int) time.Time { return scanAt.Add(-time.Duration(days) * 24 * time.Hour) }

func tp(t time.Time) *time.Time { return &t }

func kv[T any](v T) source.Value[T] { return source.Known(v, source.Prov{}) }

func liveMeta(typ, addr string) base.Meta {
	return base.Meta{Type: typ, Address: addr, ARN: addr, Account: "111122223333", Region: "us-east-1", Source: source.AWS}
}

// TestAgeChecksUseScanTime: every age-based control judges against
// Estate.ScanTime, and a snapshot keeps it, so rescanning the snapshot
// later gives the same outcome.
func TestAgeChecksUseScanTime(t *testing.T) {
	user := func(f func(u *iam.User)) *model.Estate {
		u := &iam.User{Meta: liveMeta("AWS::IAM::User", "arn:aws:iam::111122223333:user/a"), Name: kv("a"),
			Inline: kv([]iam.NamedPolicy(nil)), Attached: kv([]iam.NamedPolicy(nil)), Groups: kv([]string(nil)),
			AccessKeys: kv([]iam.AccessKey(nil)), PasswordEnabled: kv(false), MFAActive: kv(true), Created: kv(before(400))}
		f(u)
		return &model.Estate{AccountWide: true, IAMUsers: []*iam.User{u}}
	}
	cases := []struct {
		name, id string
		estate   *model.Estate
		want     control.Outcome // as of scanAt
	}{
		{"root used 3 days before the scan", "ONUS-IAM-004", &model.Estate{AccountWide: true, Accounts: []*account.Account{{
			Meta: liveMeta("AWS::::Account", "111122223333"), RootLastUsed: kv(tp(before(3)))}}}, control.Fail},
		{"password used 10 days before the scan", "ONUS-IAM-009", user(func(u *iam.User) {
			u.PasswordEnabled, u.PasswordLastUsed = kv(true), kv(tp(before(10)))
		}), control.Pass},
		{"key created 30 days before the scan", "ONUS-IAM-011", user(func(u *iam.User) {
			u.AccessKeys = kv([]iam.AccessKey{{ID: "AKIA1", Active: true, Created: tp(before(30)), LastUsed: tp(before(1))}})
		}), control.Pass},
		{"certificate valid at the scan", "ONUS-IAM-018", &model.Estate{AccountWide: true, IAMServerCerts: []*iam.ServerCertificate{{
			Meta: liveMeta("AWS::IAM::ServerCertificate", "arn:aws:iam::111122223333:server-certificate/web"),
			Name: kv("web"), Expiration: kv(scanAt.Add(30 * 24 * time.Hour))}}}, control.Pass},
		{"secret rotated 10 days before the scan", "ONUS-SECRETSMANAGER-002", &model.Estate{AccountWide: true, Secrets: []*secretsmanager.Secret{{
			Meta: liveMeta("AWS::SecretsManager::Secret", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"),
			Name: kv("db"), RotationEnabled: kv(true), LastRotated: kv(tp(before(10)))}}}, control.Pass},
		{"secret read 5 days before the scan", "ONUS-SECRETSMANAGER-003", &model.Estate{AccountWide: true, Secrets: []*secretsmanager.Secret{{
			Meta: liveMeta("AWS::SecretsManager::Secret", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"),
			Name: kv("db"), LastAccessed: kv(tp(before(5)))}}}, control.Pass},
		{"scheduled rotation ran 10 days before the scan", "ONUS-SECRETSMANAGER-006", &model.Estate{AccountWide: true, Secrets: []*secretsmanager.Secret{{
			Meta: liveMeta("AWS::SecretsManager::Secret", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"),
			Name: kv("db"), RotationEnabled: kv(true), RotationDays: kv(30), LastRotated: kv(tp(before(10)))}}}, control.Pass},
		{"runtime deprecated after the scan", "ONUS-LAMBDA-002", &model.Estate{AccountWide: true, LambdaFunctions: []*lambda.Function{{
			Meta: liveMeta("AWS::Lambda::Function", "arn:aws:lambda:us-east-1:111122223333:function:fn"),
			Name: kv("fn"), PackageType: kv("Zip"), Runtime: kv("python3.8")}}}, control.Pass},
	}
	byID := map[string]*control.Control{}
	for _, c := range catalog.All() {
		byID[c.ID] = c
	}
	outcome := func(c *control.Control, e *model.Estate) control.Outcome {
		rs := c.Check(e)
		if len(rs) != 1 {
			t.Fatalf("%s: want 1 result, got %d", c.ID, len(rs))
		}
		return rs[0].Outcome
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := byID[tc.id]
			if c == nil {
				t.Fatalf("no control %s", tc.id)
			}
			// Without a recorded scan time the wall clock applies: years
			// later, every one of these judgements flips.
			if got := outcome(c, tc.estate); got == tc.want {
				t.Fatalf("without ScanTime got %s; the case does not distinguish scan time from wall clock", got)
			}
			tc.estate.ScanTime = scanAt
			if got := outcome(c, tc.estate); got != tc.want {
				t.Fatalf("at scan time: got %s, want %s", got, tc.want)
			}
			var buf bytes.Buffer
			if err := snapshot.Write(&buf, tc.estate, nil); err != nil {
				t.Fatal(err)
			}
			back, _, err := snapshot.Read(&buf, "snap.json")
			if err != nil {
				t.Fatal(err)
			}
			if !back.ScanTime.Equal(scanAt) {
				t.Fatalf("snapshot scan time %v, want %v", back.ScanTime, scanAt)
			}
			if got := outcome(c, back); got != tc.want {
				t.Fatalf("rescanned snapshot: got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestEstateNowAndMerge(t *testing.T) {
	later := scanAt.Add(time.Hour)
	e := &model.Estate{}
	if d := time.Since(e.Now()); d < 0 || d > time.Minute {
		t.Fatalf("no scan time: Now should be the wall clock, got %v", e.Now())
	}
	e.Merge(&model.Estate{ScanTime: later})
	e.Merge(&model.Estate{ScanTime: scanAt})
	e.Merge(&model.Estate{})
	if !e.Now().Equal(scanAt) {
		t.Fatalf("merged scan time %v, want the earliest %v", e.Now(), scanAt)
	}
}

package ctltest

import (
	"strings"
	"testing"
	"time"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// Case is one row: the estate, the resource address to look at ("" when
// the control yields a single result), the outcome wanted, and optionally a
// fragment the reason must contain.
type Case struct {
	Name    string
	Estate  *model.Estate
	Address string
	Want    control.Outcome
	Reason  string
}

// Run checks every case against the control, and that the table exercises
// every outcome in need (PASS, FAIL, UNKNOWN and NOT_APPLICABLE unless the
// control cannot produce it).
func Run(t *testing.T, c *control.Control, cases []Case, need ...control.Outcome) {
	t.Helper()
	if len(need) == 0 {
		need = []control.Outcome{control.Pass, control.Fail, control.Unknown, control.NotApplicable}
	}
	seen := map[control.Outcome]bool{}
	for _, tc := range cases {
		t.Run(c.ID+"/"+tc.Name, func(t *testing.T) {
			t.Helper()
			rs := c.Check(tc.Estate)
			var got []control.Result
			for _, r := range rs {
				if tc.Address == "" || r.Resource.Address == tc.Address {
					got = append(got, r)
				}
			}
			if len(got) == 0 {
				t.Fatalf("no result for %q; results: %s", tc.Address, dump(rs))
			}
			if tc.Address == "" && len(got) > 1 {
				t.Fatalf("want one result, got %s", dump(got))
			}
			for _, r := range got {
				if r.Outcome != tc.Want {
					t.Fatalf("got %s (%s), want %s", r.Outcome, r.Reason, tc.Want)
				}
				if r.Reason == "" {
					t.Fatalf("%s without reason", r.Outcome)
				}
				if tc.Reason != "" && !strings.Contains(r.Reason, tc.Reason) {
					t.Fatalf("reason %q does not mention %q", r.Reason, tc.Reason)
				}
			}
			seen[tc.Want] = true
		})
	}
	for _, o := range need {
		if !seen[o] {
			t.Errorf("%s: table has no %s row", c.ID, o)
		}
	}
}

func dump(rs []control.Result) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("\n  " + r.Resource.Address + ": " + r.Outcome.String() + " " + r.Reason)
	}
	return b.String()
}

// Find returns the control with the given ID from a list, failing the test
// when it is missing.
func Find(t *testing.T, cs []*control.Control, id string) *control.Control {
	t.Helper()
	for _, c := range cs {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no control %s", id)
	return nil
}

// K makes a known value with no provenance.
func K[T any](v T) source.Value[T] { return source.Known(v, source.Prov{}) }

// U makes an unknown value.
func U[T any](reason string) source.Value[T] { return source.Unknown[T](reason, source.Prov{}) }

// Live makes a header for a resource read from a live account.
func Live(typ, addr string) base.Meta {
	return base.Meta{Type: typ, Address: addr, ARN: addr, Account: "111122223333", Region: "us-east-1", Source: source.AWS}
}

// TF makes a header for a resource declared in Terraform.
func TF(typ, addr string) base.Meta {
	return base.Meta{Type: typ, Address: addr, Source: source.Terraform,
		Loc: source.Loc{File: "main.tf", Start: source.Pos{Line: 1, Column: 1}}}
}

// DaysAgo is a point in time n days before now.
func DaysAgo(n int) time.Time { return time.Now().UTC().Add(-time.Duration(n) * 24 * time.Hour) }

// TimePtr returns a pointer to t.
func TimePtr(t time.Time) *time.Time { return &t }

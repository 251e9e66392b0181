package responsibility

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/control/manual"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/model/s3"
)

func TestCatalogueComplete(t *testing.T) {
	required := []string{"ec2", "ebs", "vpc", "s3", "rds", "lambda", "iam", "kms", "cloudtrail",
		"config", "cloudwatch", "secretsmanager", "dynamodb", "ecs", "ssm",
		"elb", "efs", "sns", "sqs", "guardduty", "securityhub"}
	for _, k := range required {
		if _, ok := Lookup(k); !ok {
			t.Errorf("catalogue lacks %s", k)
		}
	}
	cat := Catalogue()
	for i, s := range cat {
		if i > 0 && cat[i-1].Key >= s.Key {
			t.Errorf("catalogue not sorted/unique at %s", s.Key)
		}
		if s.Model != Infrastructure && s.Model != Container && s.Model != Abstract {
			t.Errorf("%s: model %q", s.Key, s.Model)
		}
		if len(s.Owners) != len(control.Layers) {
			t.Errorf("%s: %d owners for %d layers", s.Key, len(s.Owners), len(control.Layers))
		}
		for _, l := range control.Layers {
			switch s.Owners[l] {
			case AWS, Customer, Shared:
			default:
				t.Errorf("%s/%s: owner %q", s.Key, l, s.Owners[l])
			}
		}
		// AWS always owns the facilities; the customer always owns identity.
		if s.Owners["physical"] != AWS || s.Owners["identity-access"] != Customer {
			t.Errorf("%s: physical=%s identity-access=%s", s.Key, s.Owners["physical"], s.Owners["identity-access"])
		}
		if len(s.Attestations) == 0 {
			t.Errorf("%s: no attestation programs", s.Key)
		}
	}
	if ec2, _ := Lookup("ec2"); ec2.Owners["guest-os"] != Customer {
		t.Error("EC2 guest OS must be the customer's")
	}
	if r, _ := Lookup("rds"); r.Owners["guest-os"] != AWS || r.Model != Container {
		t.Error("RDS is a container service whose OS AWS patches")
	}
}

// Every control must land in a matrix cell: its service must be in the
// catalogue and its layer in the fixed vocabulary.
func TestControlsMapToCatalogue(t *testing.T) {
	for _, c := range catalog.All() {
		if _, ok := Lookup(c.Service); !ok {
			t.Errorf("%s: service %q not in the responsibility catalogue", c.ID, c.Service)
		}
		if !slices.Contains(control.Layers, c.Layer) {
			t.Errorf("%s: layer %q not in control.Layers", c.ID, c.Layer)
		}
	}
}

// onus audits customer duties, so every live control must sit in a cell
// the catalogue gives to the customer (or shares): a control counted in an
// AWS cell is either on the wrong layer or the catalogue's owner is wrong,
// and the matrix would show PASS/FAIL under "AWS". Service-specific manual
// duties likewise: Build drops them silently in an AWS cell.
func TestControlsOnCustomerLayers(t *testing.T) {
	for _, p := range misplaced(catalog.All()) {
		t.Error(p)
	}
	for _, it := range manual.Items() {
		if it.Service == manual.AllServices {
			continue
		}
		if p := cellProblem(it.Service, it.Layer); p != "" {
			t.Errorf("manual duty %q: %s", it.Item, p)
		}
	}
}

// The check itself must catch each kind of misplacement.
func TestMisplaced(t *testing.T) {
	cases := []struct {
		c    control.Control
		want bool
	}{
		{control.Control{ID: "T-1", Service: "s3", Layer: "data-protection"}, false},
		{control.Control{ID: "T-2", Service: "rds", Layer: "platform"}, false}, // shared
		{control.Control{ID: "T-3", Service: "s3", Layer: "guest-os"}, true},   // AWS
		{control.Control{ID: "T-4", Service: "nosuch", Layer: "network-config"}, true},
		{control.Control{ID: "T-5", Service: "s3", Layer: "nosuch"}, true},
		{control.Control{ID: "T-6", Service: "s3", Layer: "guest-os", Deprecated: "retired"}, false},
		{control.Control{ID: "T-7", Service: "nosuch", Layer: "guest-os", Deprecated: "retired"}, true},
	}
	for _, c := range cases {
		if got := len(misplaced([]*control.Control{&c.c})) > 0; got != c.want {
			t.Errorf("%s (%s/%s): misplaced %v, want %v", c.c.ID, c.c.Service, c.c.Layer, got, c.want)
		}
	}
}

func misplaced(cs []*control.Control) []string {
	var out []string
	for _, c := range cs {
		p := cellProblem(c.Service, c.Layer)
		// A retired control yields no results, so it fills no cell; it
		// must still name a cell that exists.
		if p != "" && (c.Deprecated == "" || !strings.HasSuffix(p, ownedByAWS)) {
			out = append(out, fmt.Sprintf("%s (%s): %s", c.ID, c.Title, p))
		}
	}
	return out
}

const ownedByAWS = "is owned by AWS, not by the customer"

// cellProblem says what is wrong with counting a customer duty in the
// matrix cell service/layer, or "" if nothing is.
func cellProblem(service, layer string) string {
	s, ok := Lookup(service)
	if !ok {
		return fmt.Sprintf("service %q is not in the responsibility catalogue", service)
	}
	switch owner, ok := s.Owners[layer]; {
	case !ok:
		return fmt.Sprintf("layer %q is not in the catalogue entry of %s", layer, service)
	case owner != Customer && owner != Shared:
		return fmt.Sprintf("cell %s/%s %s", service, layer, ownedByAWS)
	}
	return ""
}

func TestCatalogueIsFresh(t *testing.T) {
	a, _ := Lookup("s3")
	a.Owners["physical"] = Customer
	a.Attestations[0] = "x"
	b, _ := Lookup("s3")
	if b.Owners["physical"] != AWS || b.Attestations[0] == "x" {
		t.Error("Lookup shares mutable state")
	}
}

func cell(t *testing.T, m Matrix, svc, layer string) Cell {
	t.Helper()
	for _, r := range m.Rows {
		if r.Service != svc {
			continue
		}
		for _, c := range r.Cells {
			if c.Layer == layer {
				return c
			}
		}
	}
	t.Fatalf("no cell %s/%s", svc, layer)
	return Cell{}
}

func TestBuild(t *testing.T) {
	rdsDP := &control.Control{ID: "T-RDS-1", Service: "rds", Layer: "data-protection"}
	rdsBk := &control.Control{ID: "T-RDS-2", Service: "rds", Layer: "backup-resilience"}
	s3DP := &control.Control{ID: "T-S3-1", Service: "s3", Layer: "data-protection"}
	db := &rds.Instance{Meta: base.Meta{Type: "aws_db_instance", Address: "aws_db_instance.a"}}
	b := &s3.Bucket{Meta: base.Meta{Type: "aws_s3_bucket", Address: "aws_s3_bucket.a"}}
	e := &model.Estate{RDSInstances: []*rds.Instance{db}, S3Buckets: []*s3.Bucket{b}}
	res := func(c *control.Control, m *base.Meta, o control.Outcome) control.Result {
		r := control.On(m).Pass("x")
		r.Control, r.Outcome = c, o
		return r
	}
	results := []control.Result{
		res(rdsDP, &db.Meta, control.Fail),
		res(rdsDP, &db.Meta, control.Pass),
		res(rdsBk, &db.Meta, control.Unknown),
		res(s3DP, &b.Meta, control.Pass),
		res(s3DP, &b.Meta, control.Fail), // suppressed below
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	m := Build(Input{
		Estate: e, Results: control.ResultsOf(results...), Skip: func(i int) bool { return i == 4 },
		Controls: []*control.Control{rdsDP, rdsBk, s3DP},
		Duties:   []Duty{{Service: "rds", Layer: "application", Item: "review stored procedures"}},
		Attestations: []Attestation{
			{Item: "rds/application", Owner: "dba@example.com", Expires: "2026-11-26"},
			{Item: "secure development: code review, SAST/DAST, dependency updates", Owner: "old", Expires: "2025-01-01"},
			{Item: "network-config", Owner: "net@example.com"},
		},
		Now: now,
	})
	if m.CatalogueDate == "" || len(m.Layers) != len(control.Layers) {
		t.Fatal("matrix header incomplete")
	}
	var svcs []string
	for _, r := range m.Rows {
		svcs = append(svcs, r.Service)
		if len(r.Cells) != len(control.Layers) {
			t.Errorf("%s: %d cells", r.Service, len(r.Cells))
		}
	}
	if diff := cmp.Diff([]string{"rds", "s3"}, svcs); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
	if c := cell(t, m, "rds", "data-protection"); c.Owner != Customer || c.Pass != 1 || c.Fail != 1 || len(c.Manual) != 0 {
		t.Errorf("rds/data-protection: %+v", c)
	}
	if c := cell(t, m, "rds", "backup-resilience"); c.Owner != Shared || c.Unknown != 1 || len(c.Attestations) == 0 {
		t.Errorf("rds/backup-resilience: %+v", c)
	}
	if c := cell(t, m, "s3", "data-protection"); c.Pass != 1 || c.Fail != 0 {
		t.Errorf("suppressed result counted: %+v", c)
	}
	if c := cell(t, m, "rds", "physical"); c.Owner != AWS || !slices.Contains(c.Attestations, SOC2) || len(c.Manual) != 0 {
		t.Errorf("rds/physical: %+v", c)
	}
	// Listed duty, attested through the last day of its expiry date.
	want := []ManualItem{{Item: "review stored procedures", Status: StatusAttested, Owner: "dba@example.com", Expires: "2026-11-26"}}
	if diff := cmp.Diff(want, cell(t, m, "rds", "application").Manual); diff != "" {
		t.Errorf("rds/application (-want +got):\n%s", diff)
	}
	// Layer-wide attestation without expiry.
	if c := cell(t, m, "s3", "network-config"); len(c.Manual) != 1 || c.Manual[0].Status != StatusAttested {
		t.Errorf("s3/network-config: %+v", c.Manual)
	}
	// AWS-owned cells carry no manual duties; customer cells without controls do.
	if c := cell(t, m, "rds", "guest-os"); c.Owner != AWS || len(c.Manual) != 0 {
		t.Errorf("rds/guest-os: %+v", c)
	}
	if c := cell(t, m, "s3", "logging-monitoring"); len(c.Manual) != 1 || c.Manual[0].Status != StatusManual || c.Pass != 0 {
		t.Errorf("s3/logging-monitoring: %+v", c)
	}
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		date string
		want bool
	}{
		{"", false},
		{"2026-11-26", false},
		{"2026-11-25", true},
		{"2027-01-01", false},
		{"26/11/2027", true}, // unparseable never extends an attestation
	}
	for _, c := range cases {
		if got := expired(c.date, now); got != c.want {
			t.Errorf("expired(%q) = %v, want %v", c.date, got, c.want)
		}
	}
	a := []Attestation{{Item: "x", Owner: "o", Expires: "2020-01-01"}}
	mi := attest("s3", "secrets", "x", a, now)
	if mi.Status != StatusManual || mi.Owner != "o" {
		t.Errorf("expired attestation: %+v", mi)
	}
}

func TestRowsForJudgedServicesOnly(t *testing.T) {
	gd := &control.Control{ID: "T-GD-1", Service: "guardduty", Layer: "logging-monitoring"}
	cw := &control.Control{ID: "T-CW-1", Service: "cloudwatch", Layer: "logging-monitoring"}
	acct := &base.Meta{Type: "AWS::::Account", Address: "account"}
	na := control.On(acct).NA("account-wide")
	na.Control = gd
	fail := control.On(acct).Fail("no alarm")
	fail.Control = cw
	m := Build(Input{Estate: &model.Estate{}, Results: control.ResultsOf(na, fail), Controls: []*control.Control{gd, cw}})
	if len(m.Rows) != 1 || m.Rows[0].Service != "cloudwatch" || m.Rows[0].Resources != 0 {
		t.Errorf("rows: %+v", m.Rows)
	}
}

// Guest-OS patching cannot be judged from code: the only control answers
// NOT_APPLICABLE there, so the duty is listed as manual, not hidden.
func TestAllNotApplicableStaysManual(t *testing.T) {
	ssm := &control.Control{ID: "T-EC2-1", Service: "ec2", Layer: "guest-os"}
	vm := &ec2.Instance{Meta: base.Meta{Type: "aws_instance", Address: "aws_instance.a"}}
	r := control.On(&vm.Meta).NA("SSM management is only known on live scans")
	r.Control = ssm
	m := Build(Input{Estate: &model.Estate{EC2Instances: []*ec2.Instance{vm}}, Results: control.ResultsOf(r), Controls: []*control.Control{ssm}})
	c := cell(t, m, "ec2", "guest-os")
	if c.NotApplicable != 1 || len(c.Manual) != 1 || c.Manual[0].Status != StatusManual {
		t.Errorf("ec2/guest-os: %+v", c)
	}
}

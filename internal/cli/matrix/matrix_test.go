package matrix

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/internal/cli/iostreams"
	"github.com/onus-sec/onus/internal/cli/load"
	"github.com/onus-sec/onus/internal/cli/scan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/responsibility"
)

func deps() scan.Deps {
	db := &rds.Instance{Meta: base.Meta{Type: "aws_db_instance", Address: "aws_db_instance.db"}}
	vm := &ec2.Instance{Meta: base.Meta{Type: "aws_instance", Address: "aws_instance.web"}}
	tf := func(context.Context, string, load.Vars) (*model.Estate, diag.List) {
		return &model.Estate{RDSInstances: []*rds.Instance{db}, EC2Instances: []*ec2.Instance{vm}}, nil
	}
	cs := func() []*control.Control {
		return []*control.Control{{ID: "T-RDS-1", Severity: control.High, Service: "rds", Layer: "data-protection",
			Check: func(e *model.Estate) []control.Result {
				var rs []control.Result
				for _, i := range e.RDSInstances {
					rs = append(rs, control.On(&i.Meta).Fail("storage_encrypted is false"))
				}
				return rs
			}}}
	}
	return scan.Deps{Version: "test", Catalog: cs, Loaders: load.Loaders{Terraform: tf}}
}

func run(t *testing.T, args ...string) string {
	t.Helper()
	streams, _, out, _ := iostreams.Test()
	cmd := NewCmd(streams, deps(), nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("matrix %v: %v", args, err)
	}
	return out.String()
}

func TestTable(t *testing.T) {
	d := t.TempDir()
	out := run(t, d)
	lines := strings.Split(out, "\n")
	var ec2Line, rdsLine string
	for _, l := range lines {
		if strings.HasPrefix(l, "ec2 ") {
			ec2Line = l
		}
		if strings.HasPrefix(l, "rds ") {
			rdsLine = l
		}
	}
	// rds: container model, AWS owns the guest OS, one failing result in
	// data-protection, manual customer cells elsewhere.
	for _, want := range []string{"container", "AWS(A)", "C 0/1/0", "C manual"} {
		if !strings.Contains(rdsLine, want) {
			t.Errorf("rds row lacks %q: %q", want, rdsLine)
		}
	}
	if !strings.Contains(ec2Line, "infrastructure") {
		t.Errorf("ec2 row: %q", ec2Line)
	}
	for _, want := range []string{"(A) SOC 1, SOC 2, SOC 3, ISO 27001", "checked 2026-11",
		"MANUAL   guest-os: OS patching", "[ec2]", "os=guest-os"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// The grid is aligned: every column starts at the same offset in
	// every row.
	starts := func(l string) []int {
		var at []int
		for _, m := range regexp.MustCompile(`(^|  )\S`).FindAllStringIndex(l, -1) {
			at = append(at, m[1]-1)
		}
		return at
	}
	var header []int
	for _, l := range lines {
		if strings.HasPrefix(l, "SERVICE") {
			header = starts(l)
		}
	}
	if len(header) != 3+len(control.Layers) {
		t.Fatalf("header columns %v", header)
	}
	for _, l := range []string{ec2Line, rdsLine} {
		if got := starts(l); fmt.Sprint(got) != fmt.Sprint(header) {
			t.Errorf("row %q columns %v, header %v", l, got, header)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour on a non-terminal")
	}
}

func TestJSON(t *testing.T) {
	out := run(t, t.TempDir(), "--format", "json")
	var d struct {
		SchemaVersion string                `json:"schema_version"`
		Matrix        responsibility.Matrix `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.SchemaVersion != SchemaVersion || len(d.Matrix.Rows) != 2 || len(d.Matrix.Rows[1].Cells) != len(control.Layers) {
		t.Fatalf("doc: %+v", d)
	}
	for _, c := range d.Matrix.Rows[1].Cells {
		if c.Layer == "data-protection" && (c.Owner != "customer" || c.Fail != 1) {
			t.Errorf("rds data-protection: %+v", c)
		}
	}
}

func TestColourKeepsAlignment(t *testing.T) {
	r := &report.Report{Target: "x"}
	m := responsibility.Build(responsibility.Input{Estate: &model.Estate{
		RDSInstances: []*rds.Instance{{}}, EC2Instances: []*ec2.Instance{{}}}})
	var plain, col strings.Builder
	if err := WriteTable(&plain, r, &m, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&col, r, &m, true); err != nil {
		t.Fatal(err)
	}
	stripped := col.String()
	for _, code := range []string{red, green, yellow, dim, bold, reset} {
		stripped = strings.ReplaceAll(stripped, code, "")
	}
	if stripped != plain.String() {
		t.Error("colour changes the layout")
	}
}

func TestNoArgs(t *testing.T) {
	streams, _, _, _ := iostreams.Test()
	cmd := NewCmd(streams, deps(), nil)
	cmd.SetArgs(nil)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err == nil {
		t.Error("matrix without PATH must fail")
	}
}

func TestCellText(t *testing.T) {
	att := responsibility.ManualItem{Status: responsibility.StatusAttested}
	man := responsibility.ManualItem{Status: responsibility.StatusManual}
	cases := []struct {
		c    responsibility.Cell
		want string
	}{
		{responsibility.Cell{Owner: "AWS"}, "AWS(A)"},
		{responsibility.Cell{Owner: "customer", Pass: 2, Fail: 1}, "C 2/1/0"},
		{responsibility.Cell{Owner: "shared", Unknown: 3, NotApplicable: 1}, "S 0/0/3"},
		{responsibility.Cell{Owner: "customer", NotApplicable: 2}, "C n/a"},
		{responsibility.Cell{Owner: "customer", NotApplicable: 2, Manual: []responsibility.ManualItem{man}}, "C manual"},
		{responsibility.Cell{Owner: "customer"}, "C 0/0/0"},
		{responsibility.Cell{Owner: "customer", Manual: []responsibility.ManualItem{man}}, "C manual"},
		{responsibility.Cell{Owner: "customer", Manual: []responsibility.ManualItem{att, man}}, "C manual"},
		{responsibility.Cell{Owner: "shared", Manual: []responsibility.ManualItem{att}}, "S attested"},
	}
	for _, c := range cases {
		if got := cellText(c.c, "A").text; got != c.want {
			t.Errorf("%+v: got %q want %q", c.c, got, c.want)
		}
	}
}

package table

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/report"
	"github.com/onus-sec/onus/source"
)

// defaultsReport has one control judged on three unused default security
// groups in two regions, one default group a suppression covers, and one
// group of the user's own.
func defaultsReport() *report.Report {
	c := &control.Control{ID: "ONUS-VPC-004", Title: "Default security groups restrict all traffic", Severity: control.High,
		Service: "vpc", Layer: "network-config", Remediation: control.Remediation{Summary: "Remove all rules from default security groups."}}
	sg := func(id, region string) *base.Meta {
		arn := "arn:aws:ec2:" + region + ":123456789012:security-group/" + id
		return &base.Meta{Type: "AWS::EC2::SecurityGroup", Address: arn, ARN: arn, Region: region, Account: "123456789012", Source: source.AWS,
			Origin: base.LiveOrigin(source.Origin{APICall: "ec2:DescribeSecurityGroups", Region: region, ARN: arn})}
	}
	res := func(def bool, r control.Result) control.Result {
		r.Control = c
		r.Resource.DefaultResource = def
		return r
	}
	rs := []control.Result{
		res(true, control.On(sg("sg-1", "eu-west-1")).Fail("ingress allows all traffic from the group itself")),
		res(true, control.On(sg("sg-2", "us-east-1")).Fail("ingress allows all traffic from the group itself")),
		res(true, control.On(sg("sg-3", "us-east-1")).Pass("no rules")),
		res(true, control.On(sg("sg-4", "us-west-2")).Fail("ingress allows all traffic")),
		res(false, control.On(sg("sg-mine", "us-east-1")).Fail("ingress allows all traffic")),
	}
	control.Sort(rs)
	r := &report.Report{Tool: report.Tool{Name: "onus", Version: "test"}, Target: "aws", Results: control.ResultsOf(rs...), Suppressed: map[int]report.Suppression{}}
	for i := range rs {
		if strings.HasSuffix(rs[i].Resource.Address, "sg-4") {
			r.Suppressed[i] = report.Suppression{Reason: "sandbox region", Source: "config"}
		}
	}
	return r
}

func TestDefaultResourcesGrouped(t *testing.T) {
	cases := []struct {
		name      string
		opts      Options
		want, not []string
	}{
		{"plain", Options{},
			[]string{"3 unused default resources in 2 regions: FAIL 2, PASS 1", "sg-mine", "marked default_resource",
				"5 results: 3 FAIL (3 high), 1 PASS"},
			[]string{"sg-1", "sg-2", "sg-3", "sg-4"}},
		{"quiet shows only the failing defaults", Options{Quiet: true},
			[]string{"2 unused default resources in 2 regions: FAIL 2", "sg-mine"},
			[]string{"PASS 1", "sg-1"}},
		{"suppressed default listed on its own", Options{ShowSuppressed: true},
			[]string{"3 unused default resources in 2 regions", "sg-4", "suppressed (config):"},
			[]string{"sg-1  "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, defaultsReport(), c.opts); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
			if n := strings.Count(out, "ONUS-VPC-004"); n != map[bool]int{true: 3, false: 2}[c.opts.ShowSuppressed] {
				t.Errorf("ONUS-VPC-004 printed %d times:\n%s", n, out)
			}
		})
	}
}

// TestOneLineFastPath: the no-allocation path gives what Fields+Join gives.
func TestOneLineFastPath(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\nb", "a\tb", "a\u00a0b", "é b", "a \n b", "x\r", "one two three"} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
	if got := pad("PASS", 7); got != "PASS   " {
		t.Errorf("pad = %q", got)
	}
}

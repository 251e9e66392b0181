package nofalsepass_test

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// TestWithinOracle: evidence that spans the mutated value is a finding;
// evidence that is the whole resource is one only when its summary names
// the mutated property (the reader took the unknown for absent and passed
// on the default).
func TestWithinOracle(t *testing.T) {
	ctl := &control.Control{ID: "ONUS-X-001"}
	res := func(summary string, start, end int) []control.Result {
		ev := control.Ev(summary, source.At(source.Loc{File: "m.tf", Start: source.Pos{Line: start}, End: source.Pos{Line: end}}))
		return []control.Result{{Control: ctl, Resource: &base.Ref{Address: "aws_db_instance.main"}, Outcome: control.Pass, Evidence: []control.Evidence{ev}}}
	}
	blocks := map[int]bool{10: true}
	cases := []struct {
		name, path, summary string
		start, end          int
		want                bool
	}{
		{"structure spanning the value", "m.tf:resource.aws_db_instance.main.publicly_accessible", "settings", 11, 14, true},
		{"resource block naming the property", "m.tf:resource.aws_db_instance.main.publicly_accessible", "publicly accessible", 10, 20, true},
		{"resource block naming the CloudFormation property", "Resources.Db.Properties.PubliclyAccessible", "not publicly accessible (default)", 10, 20, true},
		{"resource block, stem of the property", "Resources.Db.Properties.StorageEncrypted", "storage encryption", 10, 20, true},
		{"resource block about another property", "m.tf:resource.aws_db_instance.main.publicly_accessible", "storage encrypted", 10, 20, false},
		{"resource block, list element", "m.tf:resource.aws_instance.app.root_block_device[0].encrypted", "root volume encrypted", 10, 20, true},
		{"value outside the range", "m.tf:resource.aws_db_instance.main.publicly_accessible", "publicly accessible", 1, 5, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := judge(c.path, passes(res(c.summary, c.start, c.end)), res(c.summary, c.start, c.end), "m.tf", 12, blocks)
			got := false
			for _, f := range fs {
				if f.oracle == "within" {
					got = true
				}
			}
			if got != c.want {
				t.Errorf("within finding %v, want %v (%v)", got, c.want, fs)
			}
		})
	}
}

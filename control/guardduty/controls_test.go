package guardduty

import (
	"testing"

	"github.com/onus-sec/onus/control"
	. "github.com/onus-sec/onus/control/internal/ctltest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/source"
)

func TestEnabled(t *testing.T) {
	region := func(name string, v source.Value[bool]) *account.Region {
		r := &account.Region{Meta: Live("AWS::::Region", name), Name: name}
		r.GuardDuty = v
		return r
	}
	live := func(rs ...*account.Region) *model.Estate {
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1", "eu-west-1"}, Regions: rs}
	}
	tfRegion := &account.Region{Meta: TF("aws_region", "us-east-1"), Name: "us-east-1"}
	tfOn := &account.Region{Meta: TF("aws_region", "us-east-1"), Name: "us-east-1"}
	tfOn.GuardDuty = source.Known(true, source.At(source.Loc{File: "main.tf", Start: source.Pos{Line: 4}}))
	Run(t, Find(t, Controls(), "ONUS-GD-001"), []Case{
		{Name: "on", Estate: live(region("us-east-1", K(true)), region("eu-west-1", K(true))), Address: "eu-west-1", Want: control.Pass},
		{Name: "declared in code", Estate: &model.Estate{Regions: []*account.Region{tfOn}}, Want: control.Pass},
		{Name: "off", Estate: live(region("us-east-1", K(true)), region("eu-west-1", K(false))), Address: "eu-west-1", Want: control.Fail},
		{Name: "denied", Estate: live(region("us-east-1", K(true)), region("eu-west-1", U[bool]("AccessDenied"))), Address: "eu-west-1", Want: control.Unknown, Reason: "AccessDenied"},
		{Name: "region not read", Estate: live(region("us-east-1", K(true))), Address: "eu-west-1", Want: control.Unknown},
		{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
		{Name: "code region undeclared", Estate: &model.Estate{Regions: []*account.Region{tfRegion}}, Want: control.NotApplicable},
	})
}

func TestFeatures(t *testing.T) {
	region := func(gd source.Value[bool], fs source.Value[map[string]bool]) *model.Estate {
		r := &account.Region{Meta: Live("AWS::::Region", "us-east-1"), Name: "us-east-1", GuardDuty: gd, GuardDutyFeatures: fs}
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1"}, Regions: []*account.Region{r}}
	}
	all := map[string]bool{}
	for _, f := range features() {
		for _, n := range f.all {
			all[n] = true
		}
	}
	for _, f := range features() {
		missing := map[string]bool{}
		for n := range all {
			missing[n] = true
		}
		missing[f.all[len(f.all)-1]] = false
		Run(t, Find(t, Controls(), f.id), []Case{
			{Name: "on", Estate: region(K(true), K(all)), Want: control.Pass},
			{Name: "feature off", Estate: region(K(true), K(missing)), Want: control.Fail, Reason: f.all[len(f.all)-1]},
			{Name: "features unknown", Estate: region(K(true), U[map[string]bool]("GetDetector: AccessDenied")), Want: control.Unknown},
			{Name: "guardduty off", Estate: region(K(false), K(map[string]bool{})), Want: control.NotApplicable},
			{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
		})
	}
}

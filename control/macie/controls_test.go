package macie

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
		r.Macie = v
		return r
	}
	live := func(rs ...*account.Region) *model.Estate {
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"us-east-1", "eu-west-1"}, Regions: rs}
	}
	tfRegion := &account.Region{Meta: TF("aws_region", "us-east-1"), Name: "us-east-1"}
	tfOn := &account.Region{Meta: TF("aws_region", "us-east-1"), Name: "us-east-1"}
	tfOn.Macie = source.Known(true, source.At(source.Loc{File: "main.tf", Start: source.Pos{Line: 4}}))
	Run(t, Find(t, Controls(), "ONUS-MACIE-001"), []Case{
		{Name: "on", Estate: live(region("us-east-1", K(true)), region("eu-west-1", K(true))), Address: "eu-west-1", Want: control.Pass},
		{Name: "declared in code", Estate: &model.Estate{Regions: []*account.Region{tfOn}}, Want: control.Pass},
		{Name: "off", Estate: live(region("us-east-1", K(true)), region("eu-west-1", K(false))), Address: "eu-west-1", Want: control.Fail},
		{Name: "denied", Estate: live(region("us-east-1", K(true)), region("eu-west-1", U[bool]("AccessDenied"))), Address: "eu-west-1", Want: control.Unknown, Reason: "AccessDenied"},
		{Name: "region not read", Estate: live(region("us-east-1", K(true))), Address: "eu-west-1", Want: control.Unknown},
		{Name: "code without", Estate: &model.Estate{}, Want: control.NotApplicable},
		{Name: "code region undeclared", Estate: &model.Estate{Regions: []*account.Region{tfRegion}}, Want: control.NotApplicable},
	})
}

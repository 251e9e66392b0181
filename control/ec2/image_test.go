package ec2

import (
	"testing"

	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func image(public source.Value[bool]) *model.Estate {
	im := &ec2.Image{Meta: ctest.Live("AWS::EC2::Image", "arn:aws:ec2:eu-west-1:111122223333:image/ami-0123"), Public: public}
	return &model.Estate{Images: []*ec2.Image{im}, AccountWide: true}
}

func TestImageControls(t *testing.T) {
	ctest.Validate(t, imageControls())
	cases := []ctest.Case{
		{Name: "private", Control: "ONUS-EC2-013", Estate: image(ctest.K(false)), Want: pass},
		{Name: "public", Control: "ONUS-EC2-013", Estate: image(ctest.K(true)), Want: fail, Reason: "all AWS accounts"},
		{Name: "denied", Control: "ONUS-EC2-013", Estate: image(ctest.U[bool]("ec2:DescribeImageAttribute: UnauthorizedOperation")), Want: unk, Reason: "UnauthorizedOperation"},
	}
	ctest.Run(t, imageControls(), cases)
}

package efs

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/efs"
)

func fs(f func(*efs.FileSystem)) *model.Estate {
	x := &efs.FileSystem{Meta: ctest.TF("aws_efs_file_system", "fs")}
	f(x)
	return &model.Estate{EFSFileSystems: []*efs.FileSystem{x}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	cases := []ctest.Case{
		{Name: "on", Control: "ONUS-EFS-001", Estate: fs(func(x *efs.FileSystem) { x.Encrypted = ctest.K(true) }), Want: control.Pass},
		{Name: "off", Control: "ONUS-EFS-001", Estate: fs(func(x *efs.FileSystem) { x.Encrypted = ctest.K(false) }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-EFS-001", Estate: fs(func(*efs.FileSystem) {}), Want: control.Unknown},
		{Name: "on", Control: "ONUS-EFS-002", Estate: fs(func(x *efs.FileSystem) { x.Backup = ctest.K(true) }), Want: control.Pass},
		{Name: "off", Control: "ONUS-EFS-002", Estate: fs(func(x *efs.FileSystem) { x.Backup = ctest.K(false) }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-EFS-002", Estate: fs(func(*efs.FileSystem) {}), Want: control.Unknown},
		{Name: "cmk", Control: "ONUS-EFS-003", Estate: fs(func(x *efs.FileSystem) { x.Encrypted, x.KMSKeyID = ctest.K(true), ctest.K("arn:aws:kms:x:1:key/k") }), Want: control.Pass},
		{Name: "aws key", Control: "ONUS-EFS-003", Estate: fs(func(x *efs.FileSystem) { x.Encrypted, x.KMSKeyID = ctest.K(true), ctest.K("") }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-EFS-003", Estate: fs(func(x *efs.FileSystem) { x.Encrypted = ctest.K(true) }), Want: control.Unknown},
		{Name: "unencrypted", Control: "ONUS-EFS-003", Estate: fs(func(x *efs.FileSystem) { x.Encrypted = ctest.K(false) }), Want: control.NotApplicable},
	}
	ctest.Run(t, Controls(), cases)
}

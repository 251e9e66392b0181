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

func ap(f func(*efs.AccessPoint)) *model.Estate {
	x := &efs.AccessPoint{Meta: ctest.TF("aws_efs_access_point", "app")}
	f(x)
	return &model.Estate{EFSAccessPoints: []*efs.AccessPoint{x}}
}

func apCFN(f func(*efs.AccessPoint)) *model.Estate {
	e := ap(f)
	e.EFSAccessPoints[0].Meta = ctest.CFN("AWS::EFS::AccessPoint", "AppAccessPoint")
	return e
}

func apLive(f func(*efs.AccessPoint)) *model.Estate {
	e := ap(f)
	e.EFSAccessPoints[0].Meta = ctest.Live("AWS::EFS::AccessPoint", "arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-1")
	return e
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

		{Name: "confined", Control: "ONUS-EFS-004", Estate: ap(func(a *efs.AccessPoint) { a.RootDirectory = ctest.K("/app") }), Want: control.Pass},
		{Name: "root", Control: "ONUS-EFS-004", Estate: ap(func(a *efs.AccessPoint) { a.RootDirectory = ctest.K("/") }), Want: control.Fail},
		{Name: "cfn default", Control: "ONUS-EFS-004", Estate: apCFN(func(a *efs.AccessPoint) { a.RootDirectory = ctest.K("/") }), Want: control.Fail},
		{Name: "live", Control: "ONUS-EFS-004", Estate: apLive(func(a *efs.AccessPoint) { a.RootDirectory = ctest.K("/data") }), Want: control.Pass},
		{Name: "var", Control: "ONUS-EFS-004", Estate: ap(func(a *efs.AccessPoint) { a.RootDirectory = ctest.U[string]("var.path has no value") }), Want: control.Unknown},
		{Name: "user", Control: "ONUS-EFS-005", Estate: ap(func(a *efs.AccessPoint) { a.PosixUser = ctest.K(true) }), Want: control.Pass},
		{Name: "none", Control: "ONUS-EFS-005", Estate: apCFN(func(a *efs.AccessPoint) { a.PosixUser = ctest.K(false) }), Want: control.Fail},
		{Name: "live none", Control: "ONUS-EFS-005", Estate: apLive(func(a *efs.AccessPoint) { a.PosixUser = ctest.K(false) }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-EFS-005", Estate: ap(func(a *efs.AccessPoint) { a.PosixUser = ctest.U[bool]("dynamic block") }), Want: control.Unknown},
	}
	ctest.Run(t, Controls(), append(cases, planCases()...))
}

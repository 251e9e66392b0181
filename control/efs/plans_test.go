package efs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/backup"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/efs"
)

// planCases cover ONUS-EFS-006 (backup plans) and ONUS-EFS-007 (mount
// target subnets).
func planCases() []ctest.Case {
	L := ctest.K[[]string]
	sel := func(f func(*backup.Selection)) *backup.Selection {
		s := &backup.Selection{Meta: ctest.TF("aws_backup_selection", "efs"), Name: ctest.K("efs"),
			Resources: L(nil), NotResources: L(nil), Tags: ctest.K([]backup.TagCondition(nil))}
		f(s)
		return s
	}
	planned := func(backupOn any, sels ...*backup.Selection) *model.Estate {
		e := fs(func(x *efs.FileSystem) {
			if on, ok := backupOn.(bool); ok {
				x.Backup = ctest.K(on)
			}
			x.Tags = ctest.K(map[string]string{"backup": "daily"})
		})
		e.EFSFileSystems[0].ARN = ""
		e.BackupSelections = sels
		return e
	}
	live := func(sels ...*backup.Selection) *model.Estate {
		x := &efs.FileSystem{Meta: ctest.Live("AWS::EFS::FileSystem", "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1"), ID: ctest.K("fs-1"), Backup: ctest.K(false)}
		return &model.Estate{AccountWide: true, EFSFileSystems: []*efs.FileSystem{x}, BackupSelections: sels}
	}
	mounted := func(subs []string, pub any) *model.Estate {
		e := fs(func(x *efs.FileSystem) {
			if subs != nil {
				x.MountTargetSubnets = L(subs)
			}
		})
		s := &ec2.Subnet{Meta: ctest.TF("aws_subnet", "a")}
		if p, ok := pub.(bool); ok {
			s.MapPublicIPOnLaunch = ctest.K(p)
		}
		e.Subnets = []*ec2.Subnet{s}
		return e
	}
	return []ctest.Case{
		{Name: "automatic backups", Control: "ONUS-EFS-006", Estate: planned(true), Want: control.Pass},
		{Name: "selected by reference", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) { s.Resources = L([]string{"aws_efs_file_system.fs"}) })), Want: control.Pass},
		{Name: "selected by pattern", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) {
			s.Resources = L([]string{"arn:aws:elasticfilesystem:*:*:file-system/*"})
		})), Want: control.Pass},
		{Name: "selected by tag", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) { s.Tags = ctest.K([]backup.TagCondition{{Key: "backup", Value: "daily"}}) })), Want: control.Pass},
		{Name: "excluded", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) {
			s.Resources, s.NotResources = L([]string{"*"}), L([]string{"aws_efs_file_system.fs"})
		})), Want: control.Fail},
		{Name: "other resources only", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) { s.Resources = L([]string{"aws_db_instance.db"}) })), Want: control.Fail},
		{Name: "code without selections", Control: "ONUS-EFS-006", Estate: planned(false), Want: control.NotApplicable},
		{Name: "resources unknown", Control: "ONUS-EFS-006", Estate: planned(false, sel(func(s *backup.Selection) { s.Resources = ctest.U[[]string]("var.res") })), Want: control.Unknown},
		{Name: "backup policy unknown", Control: "ONUS-EFS-006", Estate: planned(nil), Want: control.Unknown},
		{Name: "live arn pattern", Control: "ONUS-EFS-006", Estate: live(sel(func(s *backup.Selection) {
			s.Resources = L([]string{"arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/*"})
		})), Want: control.Pass},
		{Name: "live none", Control: "ONUS-EFS-006", Estate: live(), Want: control.Fail},
		{Name: "live selections denied", Control: "ONUS-EFS-006", Estate: func() *model.Estate {
			e := live()
			e.Gaps = []model.Gap{{Type: "AWS::Backup::BackupSelection", Region: "eu-west-1", Reason: "AccessDenied"}}
			return e
		}(), Want: control.Unknown, Reason: "AccessDenied"},

		{Name: "private subnet", Control: "ONUS-EFS-007", Estate: mounted([]string{"aws_subnet.a"}, false), Want: control.Pass},
		{Name: "public subnet", Control: "ONUS-EFS-007", Estate: mounted([]string{"aws_subnet.a"}, true), Want: control.Fail},
		{Name: "subnet elsewhere", Control: "ONUS-EFS-007", Estate: mounted([]string{"subnet-123"}, false), Want: control.Unknown},
		{Name: "subnet setting unknown", Control: "ONUS-EFS-007", Estate: mounted([]string{"aws_subnet.a"}, nil), Want: control.Unknown},
		{Name: "no mount targets", Control: "ONUS-EFS-007", Estate: mounted([]string{}, false), Want: control.NotApplicable},
		{Name: "mount targets unknown", Control: "ONUS-EFS-007", Estate: mounted(nil, false), Want: control.Unknown},
	}
}

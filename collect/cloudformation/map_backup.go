package cloudformation

import (
	"strings"

	"github.com/onus-sec/onus/model/backup"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/source"
)

// AWS Backup selections and EFS mount targets.

func (b *builder) backupSelection(c *rctx) {
	s := &backup.Selection{Meta: c.meta}
	s.Name = c.strOrUnknown("SelectionName not set", "BackupSelection", "SelectionName")
	s.Plan = c.strOr("", "BackupPlanId")
	s.Resources = c.strsOr([]string{}, "BackupSelection", "Resources")
	s.NotResources = c.strsOr([]string{}, "BackupSelection", "NotResources")
	s.Tags = source.KnownAt([]backup.TagCondition{}, c.site())
	tags, unk := c.items("BackupSelection", "ListOfTags")
	if unk != nil {
		s.Tags = unknownAt[[]backup.TagCondition](c, unk.s, unk.loc)
	} else {
		conds := []backup.TagCondition{}
		for _, t := range tags {
			ty, k, v := c.str(walk(t, "ConditionType")), c.str(walk(t, "ConditionKey")), c.str(walk(t, "ConditionValue"))
			typ, ok1 := ty.Get()
			key, ok2 := k.Get()
			val, ok3 := v.Get()
			if !ok1 || !ok2 || !ok3 {
				conds = nil
				s.Tags = unknownAt[[]backup.TagCondition](c, "a ListOfTags condition is not fully known", t.loc)
				break
			}
			if strings.EqualFold(typ, "STRINGEQUALS") {
				conds = append(conds, backup.TagCondition{Key: key, Value: val})
			}
		}
		if conds != nil {
			s.Tags = source.KnownAt(conds, c.site())
		}
	}
	if cv := c.get("BackupSelection", "Conditions"); cv != nil {
		why := "the selection has Conditions that narrow it, which onus does not evaluate"
		s.Resources = unknownAt[[]string](c, why, cv.loc)
		s.Tags = unknownAt[[]backup.TagCondition](c, why, cv.loc)
	}
	b.est.BackupSelections = append(b.est.BackupSelections, s)
	b.byID[c.r.id] = s
}

// mountTarget adds a mount target's subnet to its file system.
func (b *builder) mountTarget(c *rctx) {
	fv := c.get("FileSystemId")
	if fv != nil && fv.k == kUnknown {
		for _, f := range b.est.EFSFileSystems {
			f.MountTargetSubnets = unknownAt[[]string](c, "a mount target names an unknown file system: "+fv.s, fv.loc)
		}
		return
	}
	f, ok := target(b, fv, b.est.EFSFileSystems, func(x *efs.FileSystem) source.Value[string] { return x.ID })
	if !ok {
		return
	}
	sub := c.str(c.get("SubnetId"))
	id, known := sub.Get()
	if !known {
		f.MountTargetSubnets = source.Unknown[[]string]("mount target subnet: "+sub.Reason(), sub.Prov())
		return
	}
	if l, ok := f.MountTargetSubnets.Get(); ok {
		f.MountTargetSubnets = source.Known(append(append([]string{}, l...), id), f.MountTargetSubnets.Prov())
	}
}

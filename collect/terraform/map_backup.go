package terraform

import (
	"strings"

	"github.com/onus-sec/onus/model/backup"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/source"
)

// AWS Backup selections and EFS mount targets.

func mapBackupSelection(bd *builder, r *resInst) {
	b := r.body
	at := r.at()
	s := &backup.Selection{Meta: r.meta()}
	s.Name = b.strComputed("name", "name not set")
	s.Plan = b.ident("plan_id", "")
	s.Resources = b.idents("resources")
	s.NotResources = b.idents("not_resources")
	s.Tags = source.Known([]backup.TagCondition{}, at)
	tags, reason := b.nested("selection_tag")
	if reason != "" {
		s.Tags = source.Unknown[[]backup.TagCondition](reason, at)
	}
	var conds []backup.TagCondition
	for _, t := range tags {
		typ, k, v := t.str("type", ""), t.str("key", ""), t.str("value", "")
		ty, ok1 := typ.Get()
		key, ok2 := k.Get()
		val, ok3 := v.Get()
		if !ok1 || !ok2 || !ok3 {
			s.Tags = source.Unknown[[]backup.TagCondition]("a selection_tag is not fully known", source.At(t.loc()))
			conds = nil
			break
		}
		if strings.EqualFold(ty, "STRINGEQUALS") {
			conds = append(conds, backup.TagCondition{Key: key, Value: val})
		}
	}
	if conds != nil {
		s.Tags = source.Known(conds, at)
	}
	if cs, _ := b.nested("condition"); len(cs) > 0 {
		// Conditions narrow the whole selection; onus does not evaluate
		// them, so what the selection covers is unknown.
		why := "the selection has condition blocks that narrow it, which onus does not evaluate"
		s.Resources = source.Unknown[[]string](why, source.At(cs[0].loc()))
		s.Tags = source.Unknown[[]backup.TagCondition](why, source.At(cs[0].loc()))
	}
	bd.est.BackupSelections = append(bd.est.BackupSelections, s)
	bd.add(r, s)
}

func efsMountTarget(bd *builder, r *resInst) {
	o, found, reason := bd.target(r, "file_system_id", "aws_efs_file_system")
	if !found {
		if reason != "" {
			bd.unresolvedJoinAt("efs-mount", r.addr+": "+reason, r.at(), func(f func(any)) {
				for _, x := range bd.est.EFSFileSystems {
					f(x)
				}
			}, func(o any, why string, at source.Prov) {
				fs := o.(*efs.FileSystem)
				fs.MountTargetSubnets = source.Unknown[[]string](why, at)
			})
		}
		return
	}
	fs := o.(*efs.FileSystem)
	bd.join("efs-mount", fs)
	sub := r.body.ident("subnet_id", "")
	id, ok := sub.Get()
	if !ok {
		fs.MountTargetSubnets = source.Unknown[[]string]("mount target subnet: "+sub.Reason(), sub.Prov())
		return
	}
	if l, ok := fs.MountTargetSubnets.Get(); ok {
		fs.MountTargetSubnets = source.Known(append(append([]string{}, l...), id), fs.MountTargetSubnets.Prov())
	}
}

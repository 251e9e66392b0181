package efs

import (
	"path"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/efs"
)

// selects reports whether one resource reference or ARN pattern of a
// backup selection names the file system.
func selects(ref string, f *efs.FileSystem) bool {
	id, _ := f.ID.Get()
	if ref == "*" || scope.SameRef(ref, &f.Meta, id) {
		return true
	}
	if !strings.Contains(ref, "*") || !strings.HasPrefix(ref, "arn:") {
		return false
	}
	if f.ARN != "" {
		ok, _ := path.Match(ref, f.ARN)
		return ok
	}
	// A file system declared in code has no ARN yet: a pattern over every
	// EFS file system of any account and region still covers it.
	p := strings.SplitN(ref, ":", 6)
	return len(p) == 6 && (p[2] == "elasticfilesystem" || p[2] == "*") && (p[5] == "*" || p[5] == "file-system/*")
}

// inPlan judges whether backup selections cover the file system: known
// true with the selection, false, or unknown with why.
func inPlan(e *model.Estate, f *efs.FileSystem) control.Verdict {
	var unknown []string
	for _, s := range e.BackupSelections {
		name := s.Address
		if n, ok := s.Name.Get(); ok && n != "" {
			name = n
		}
		if nr, ok := s.NotResources.Get(); ok {
			excluded := false
			for _, r := range nr {
				if selects(r, f) {
					excluded = true
				}
			}
			if excluded {
				continue
			}
		} else {
			unknown = append(unknown, name+": excluded resources unknown: "+s.NotResources.Reason())
			continue
		}
		res, ok := s.Resources.Get()
		if !ok {
			unknown = append(unknown, name+": resources unknown: "+s.Resources.Reason())
		}
		for _, r := range res {
			if selects(r, f) {
				return ck.PassAt("backup selection "+name+" assigns the file system to a backup plan", s.Resources.PackedProv())
			}
		}
		tags, ok := s.Tags.Get()
		if !ok {
			unknown = append(unknown, name+": tag conditions unknown: "+s.Tags.Reason())
			continue
		}
		if len(tags) == 0 {
			continue
		}
		ft, ok := f.Tags.Get()
		if !ok {
			unknown = append(unknown, name+" selects by tag and the file system's tags are unknown: "+f.Tags.Reason())
			continue
		}
		for _, c := range tags {
			if v, has := ft[c.Key]; has && v == c.Value {
				return ck.PassAt("backup selection "+name+" assigns the file system by tag "+c.Key+"="+c.Value, s.Tags.PackedProv())
			}
		}
	}
	if len(unknown) > 0 {
		return control.Verdict{Outcome: control.Unknown, Reason: "no backup selection is known to cover the file system; " + strings.Join(unknown, "; ")}
	}
	return control.Verdict{Outcome: control.Fail, Reason: "no backup selection assigns the file system to a backup plan"}
}

func backupPlan() *control.Control {
	return &control.Control{
		ID: "ONUS-EFS-006", Title: "EFS file systems are in a backup plan", Severity: control.Medium,
		Service: "efs", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("EFS.2"), fw.Backup()),
		Rationale: "AWS keeps EFS durable against hardware loss, not against deletion, corruption or ransomware; " +
			"a backup plan that covers the file system is the customer's recovery point.",
		Checked: "Every file system: automatic backups on (AWS Backup's default plan) or an AWS Backup selection " +
			"that names it (ARN, ARN pattern, code reference) or matches one of its tags passes; none fails. A " +
			"selection whose resources or tags cannot be read makes the result unknown. On code, a file system " +
			"without automatic backups and without a selection in the code is not applicable (a plan elsewhere " +
			"in the account may select it).",
		Remediation: control.Remediation{
			Summary:        "Assign the file system to an AWS Backup plan (or enable its automatic backups).",
			Terraform:      "resource \"aws_backup_selection\" \"efs\" {\n  name         = \"efs\"\n  plan_id      = aws_backup_plan.daily.id\n  iam_role_arn = aws_iam_role.backup.arn\n  resources    = [aws_efs_file_system.fs.arn]\n}",
			CloudFormation: "EfsSelection:\n  Type: AWS::Backup::BackupSelection\n  Properties:\n    BackupPlanId: !Ref DailyPlan\n    BackupSelection:\n      SelectionName: efs\n      IamRoleArn: !GetAtt BackupRole.Arn\n      Resources: [!GetAtt FileSystem.Arn]",
			CLI:            "aws backup create-backup-selection --backup-plan-id PLAN_ID --backup-selection '{\"SelectionName\":\"efs\",\"IamRoleArn\":\"arn:aws:iam::ACCOUNT:role/backup\",\"Resources\":[\"arn:aws:elasticfilesystem:REGION:ACCOUNT:file-system/fs-0123\"]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.EFSFileSystems, func(f *efs.FileSystem, b control.Builder) control.Result {
				if on, ok := f.Backup.Get(); ok && on {
					return b.Result(ck.PassAt("automatic backups put the file system in AWS Backup's default plan", f.Backup.PackedProv()))
				}
				v := inPlan(e, f)
				if v.Outcome == control.Pass {
					return b.Result(v)
				}
				if _, ok := f.Backup.Get(); !ok {
					return b.Unknown("whether automatic backups are on is unknown (" + f.Backup.Reason() + ") and " + v.Reason)
				}
				if v.Outcome == control.Fail {
					switch {
					case ck.IsCode(&f.Meta) && len(e.BackupSelections) == 0:
						return b.NA("automatic backups are off and the code declares no AWS Backup selection; a backup plan elsewhere in the account may select the file system (see ONUS-EFS-002)")
					case !ck.IsCode(&f.Meta):
						if why, gap := e.ListingGap("AWS::Backup::BackupSelection", f.Region); gap {
							return b.Unknown("automatic backups are off and backup selections could not be read: " + why)
						}
					}
					v.Reason = "automatic backups are off and " + v.Reason
					v.Evidence = append([]control.Evidence{control.EvAt("automatic backups off", f.Backup.PackedProv())}, v.Evidence...)
				}
				return b.Result(v)
			})
		},
	}
}

func mountTargets() *control.Control {
	return &control.Control{
		ID: "ONUS-EFS-007", Title: "EFS mount targets are not in subnets that assign public IPs", Severity: control.Medium,
		Service: "efs", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("EFS.6"), fw.Network()),
		Rationale: "A mount target in a subnet that gives instances public addresses sits in the part of the " +
			"network meant for internet-facing hosts; file systems belong in private subnets.",
		Checked: "The subnet of every mount target of every file system: MapPublicIpOnLaunch false passes; true " +
			"fails; a subnet outside the scanned estate is unknown. File systems without mount targets are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Recreate the mount targets in private subnets (MapPublicIpOnLaunch false).",
			Terraform:      "resource \"aws_efs_mount_target\" \"a\" {\n  file_system_id = aws_efs_file_system.fs.id\n  subnet_id      = aws_subnet.private_a.id\n}",
			CloudFormation: "MountA:\n  Type: AWS::EFS::MountTarget\n  Properties:\n    FileSystemId: !Ref FileSystem\n    SubnetId: !Ref PrivateSubnetA\n    SecurityGroups: [!Ref EfsSg]",
			CLI:            "aws efs delete-mount-target --mount-target-id fsmt-0123 && aws efs create-mount-target --file-system-id fs-0123 --subnet-id subnet-private-a",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.EFSFileSystems, func(f *efs.FileSystem, b control.Builder) control.Result {
				subs, ok := f.MountTargetSubnets.Get()
				if !ok {
					return b.Result(ck.Unknown(f.MountTargetSubnets, "mount targets"))
				}
				if len(subs) == 0 {
					return b.NA("the file system has no mount targets")
				}
				var verdicts []control.Verdict
				for _, ref := range subs {
					var sub *ec2.Subnet
					for _, s := range e.Subnets {
						id, _ := s.SubnetID.Get()
						if (f.Region == "" || s.Region == "" || s.Region == f.Region) && scope.SameRef(ref, &s.Meta, id) {
							sub = s
							break
						}
					}
					if sub == nil {
						verdicts = append(verdicts, control.Verdict{Outcome: control.Unknown, Reason: "subnet " + ref + " of a mount target is not in the scanned estate"})
						continue
					}
					verdicts = append(verdicts, ck.Judge(sub.MapPublicIPOnLaunch, "MapPublicIpOnLaunch of "+ref, func(pub bool) (bool, string) {
						if pub {
							return false, "mount target subnet " + ref + " assigns public IPs on launch"
						}
						return true, "mount target subnet " + ref + " does not assign public IPs"
					}))
				}
				return b.Result(control.Combine(verdicts...))
			})
		},
	}
}

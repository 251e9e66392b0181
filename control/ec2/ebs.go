package ec2

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/source"
)

func ebsControls() []*control.Control {
	return []*control.Control{volumeEncrypted(), snapshotNotPublic(), snapshotEncrypted(), defaultEncryption(), volumeCMK()}
}

// regionDefault finds a known-on EBS encryption-by-default setting for the
// resource's account and region.
func regionDefault(e *model.Estate, m *base.Meta) (*ec2.EBSDefaults, bool) {
	for _, d := range e.EBSDefaults {
		if d.Region != m.Region || (d.Account != "" && m.Account != "" && d.Account != m.Account) {
			continue
		}
		if on, ok := d.EncryptionByDefault.Get(); ok && on {
			return d, true
		}
	}
	return nil, false
}

func encVerdict(e *model.Estate, m *base.Meta, v control.Verdict) control.Verdict {
	if v.Outcome == control.Pass {
		return v
	}
	// Encryption by default applies only to volumes created after it was
	// turned on: a live volume reports its real state, so the region default
	// may only vouch for volumes that code is about to create.
	if m.Source == source.AWS || m.Source == source.Snapshot {
		return v
	}
	if d, ok := regionDefault(e, m); ok {
		return control.Verdict{Outcome: control.Pass, Reason: "EBS encryption by default is on for the region",
			Evidence: []control.Evidence{ck.Ev("encryption by default", d.EncryptionByDefault)}}
	}
	return v
}

func volumeEncrypted() *control.Control {
	return &control.Control{
		ID: "ONUS-EBS-001", Title: "EBS volumes are encrypted", Severity: control.Medium,
		Service: "ebs", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("EC2.3"), fw.AtRest()),
		Rationale: "EBS encrypts a volume, its snapshots and the data moving to the instance only when the " +
			"customer asks for it (per volume or by region default).",
		Checked: "Encrypted of every EBS volume and the root volume of every instance: true passes; for volumes " +
			"declared in code, EBS encryption by default known on in the same region also passes (it applies at " +
			"creation); a live volume is judged by its own state; false fails.",
		Remediation: control.Remediation{
			Summary:        "Encrypt the volume (new volumes; migrate existing ones via an encrypted snapshot copy).",
			Terraform:      "resource \"aws_ebs_volume\" \"data\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.ebs.arn\n}\nresource \"aws_instance\" \"web\" {\n  root_block_device {\n    encrypted = true\n  }\n}",
			CloudFormation: "Volume:\n  Type: AWS::EC2::Volume\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref EbsKey",
			CLI:            "aws ec2 create-snapshot --volume-id vol-0123\naws ec2 copy-snapshot --source-snapshot-id snap-0123 --source-region eu-west-1 --encrypted --kms-key-id alias/ebs\naws ec2 create-volume --snapshot-id snap-enc --availability-zone eu-west-1a",
		},
		Check: func(e *model.Estate) []control.Result {
			out := ck.Each(e.EBSVolumes, func(v *ec2.Volume, b control.Builder) control.Result {
				return b.Result(encVerdict(e, &v.Meta, ck.Bool(v.Encrypted, true, "volume encryption")))
			})
			return append(out, ck.Each(e.EC2Instances, func(i *ec2.Instance, b control.Builder) control.Result {
				return b.Result(encVerdict(e, &i.Meta, ck.Bool(i.RootVolumeEncrypted, true, "root volume encryption")))
			})...)
		},
	}
}

func snapshotNotPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-EBS-002", Title: "EBS snapshots are not public", Severity: control.Critical,
		Service: "ebs", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("EC2.1"), fw.PublicAccess()),
		Rationale: "A snapshot with the 'all' create-volume permission can be restored by any AWS account, " +
			"handing over the disk's data.",
		Checked: "The create-volume permission of every snapshot the account owns (live scans): not shared " +
			"with 'all' passes. Terraform and CloudFormation cannot share snapshots publicly, so code sources " +
			"are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Remove the 'all' create-volume permission from the snapshot.",
			Terraform:      "# Public sharing is not expressible in Terraform; share with named accounts only:\nresource \"aws_snapshot_create_volume_permission\" \"partner\" {\n  snapshot_id = aws_ebs_snapshot.s.id\n  account_id  = \"111122223333\"\n}",
			CloudFormation: "# CloudFormation cannot share snapshots; remove public sharing with the CLI.",
			CLI:            "aws ec2 modify-snapshot-attribute --snapshot-id snap-0123 --attribute createVolumePermission --operation-type remove --group-names all",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.EBSSnapshots, func(s *ec2.Snapshot) control.Verdict {
				return ck.LiveOnly(&s.Meta, s.Public, "public sharing", func(p bool) (bool, string) {
					if p {
						return false, "the snapshot can be restored by any AWS account"
					}
					return true, "the snapshot is not shared publicly"
				})
			})
		},
	}
}

func snapshotEncrypted() *control.Control {
	return &control.Control{
		ID: "ONUS-EBS-003", Title: "EBS snapshots are encrypted", Severity: control.Medium,
		Service: "ebs", Layer: "data-protection",
		Frameworks: fw.Of(fw.AtRest()),
		Rationale: "Snapshots are copies of the data that travel between regions and accounts; unencrypted " +
			"ones carry the data in clear.",
		Checked: "Encrypted of every EBS snapshot: true passes; false fails.",
		Remediation: control.Remediation{
			Summary:        "Copy the snapshot with encryption and delete the unencrypted one.",
			Terraform:      "resource \"aws_ebs_snapshot_copy\" \"enc\" {\n  source_snapshot_id = aws_ebs_snapshot.s.id\n  source_region      = \"eu-west-1\"\n  encrypted          = true\n  kms_key_id         = aws_kms_key.ebs.arn\n}",
			CloudFormation: "# Snapshots are not CloudFormation resources; encrypt the source volume so its snapshots are encrypted.",
			CLI:            "aws ec2 copy-snapshot --source-snapshot-id snap-0123 --source-region eu-west-1 --encrypted --kms-key-id alias/ebs",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.EBSSnapshots, func(s *ec2.Snapshot) control.Verdict {
				return ck.Bool(s.Encrypted, true, "snapshot encryption")
			})
		},
	}
}

func defaultEncryption() *control.Control {
	return &control.Control{
		ID: "ONUS-EBS-004", Title: "EBS encryption by default is on in every region", Severity: control.Medium,
		Service: "ebs", Layer: "data-protection",
		Frameworks: fw.Of(fw.CIS("6.1.1"), fw.FSBP("EC2.7"), fw.AtRest()),
		Rationale: "Encryption by default is a per-region account setting that makes every new volume and " +
			"snapshot copy encrypted, whatever template or console launched it.",
		Checked: "The EBS encryption-by-default setting of every region a live scan covered (and every region " +
			"code declares it for): on passes; off fails; a region whose setting was not read is unknown. " +
			"Code that does not declare the setting is not applicable.",
		Remediation: control.Remediation{
			Summary:        "Turn on EBS encryption by default in every region.",
			Terraform:      "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}",
			CloudFormation: "# No CloudFormation resource exists for this setting; use the CLI (per region) or a StackSet with a custom resource.",
			CLI:            "for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do aws ec2 enable-ebs-encryption-by-default --region $r; done",
		},
		Check: func(e *model.Estate) []control.Result {
			out := ck.Each(e.EBSDefaults, func(d *ec2.EBSDefaults, b control.Builder) control.Result {
				return b.Result(ck.Bool(d.EncryptionByDefault, true, "EBS encryption by default"))
			})
			if e.AccountWide {
				have := make([]string, 0, len(e.EBSDefaults))
				for _, d := range e.EBSDefaults {
					have = append(have, d.Region)
				}
				return append(out, scope.UnreadRegions(e, have, "AWS::EC2::EBSEncryptionByDefault", "the EBS encryption-by-default setting")...)
			}
			if len(out) == 0 && (len(e.EC2Instances) > 0 || len(e.EBSVolumes) > 0) {
				out = append(out, control.On(scope.Account(e)).NA(scope.CodeNA("EBS encryption by default")))
			}
			return out
		},
	}
}

func volumeCMK() *control.Control {
	return &control.Control{
		ID: "ONUS-EBS-005", Title: "EBS volumes are encrypted with a customer managed key", Severity: control.Low,
		Service: "ebs", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale: "Snapshots encrypted with aws/ebs cannot be shared with other accounts, and the customer " +
			"cannot restrict or revoke use of the AWS managed key.",
		Checked: "The KMS key of every encrypted EBS volume: a customer managed key passes; none (aws/ebs) " +
			"fails; unencrypted volumes are not applicable (ONUS-EBS-001).",
		Remediation: control.Remediation{
			Summary:        "Encrypt volumes with a customer managed KMS key (or set it as the region's EBS default key).",
			Terraform:      "resource \"aws_ebs_volume\" \"data\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.ebs.arn\n}\nresource \"aws_ebs_default_kms_key\" \"this\" {\n  key_arn = aws_kms_key.ebs.arn\n}",
			CloudFormation: "Volume:\n  Type: AWS::EC2::Volume\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref EbsKey",
			CLI:            "aws ec2 modify-ebs-default-kms-key-id --kms-key-id alias/ebs",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.EBSVolumes, func(v *ec2.Volume, b control.Builder) control.Result {
				if on, ok := v.Encrypted.Get(); ok && !on {
					return b.NA("the volume is not encrypted at all (see ONUS-EBS-001)")
				}
				return b.Result(ck.CMK(v.KMSKeyID, "the KMS key"))
			})
		},
	}
}

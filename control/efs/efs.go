package efs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/source"
)

// Controls returns the EFS controls.
func Controls() []*control.Control {
	return []*control.Control{cmk(), apRoot(), apUser(),
		{
			ID: "ONUS-EFS-001", Title: "EFS file systems are encrypted at rest", Severity: control.Medium,
			Service: "efs", Layer: "data-protection",
			Frameworks: fw.Of(fw.CIS("3.3.1"), fw.FSBP("EFS.1", "EFS.8"), fw.AtRest()),
			Rationale: "EFS encrypts data at rest only when the customer chooses it at creation; it cannot be " +
				"turned on later without copying the data.",
			Checked: "Encrypted of every file system: true passes; false fails.",
			Remediation: control.Remediation{
				Summary:        "Create an encrypted file system and move the data (encryption cannot be enabled in place).",
				Terraform:      "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}",
				CloudFormation: "FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref EfsKey",
				CLI:            "aws efs create-file-system --encrypted --kms-key-id alias/efs --creation-token fs-encrypted",
			},
			Check: ck.BoolCheck(fileSystems, func(f *efs.FileSystem) source.Value[bool] { return f.Encrypted }, true, "encryption at rest"),
		},
		{
			ID: "ONUS-EFS-002", Title: "EFS automatic backups are enabled", Severity: control.Medium,
			Service: "efs", Layer: "backup-resilience",
			Frameworks: fw.Of(fw.FSBP("EFS.7"), fw.Backup()),
			Rationale: "AWS keeps EFS durable, but recovery from deletion or corruption needs backups, which " +
				"the customer must enable.",
			Checked: "The backup policy of every file system: ENABLED passes; disabled fails.",
			Remediation: control.Remediation{
				Summary:        "Enable the automatic backup policy.",
				Terraform:      "resource \"aws_efs_backup_policy\" \"fs\" {\n  file_system_id = aws_efs_file_system.fs.id\n  backup_policy {\n    status = \"ENABLED\"\n  }\n}",
				CloudFormation: "FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    BackupPolicy:\n      Status: ENABLED",
				CLI:            "aws efs put-backup-policy --file-system-id fs-0123 --backup-policy Status=ENABLED",
			},
			Check: ck.BoolCheck(fileSystems, func(f *efs.FileSystem) source.Value[bool] { return f.Backup }, true, "automatic backups"),
		},
	}
}

func fileSystems(e *model.Estate) []*efs.FileSystem { return e.EFSFileSystems }

func cmk() *control.Control {
	return &control.Control{
		ID: "ONUS-EFS-003", Title: "EFS file systems are encrypted with a customer managed key", Severity: control.Low,
		Service: "efs", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale:  "With a customer managed key the data owner controls, audits and can revoke access to the file system's data.",
		Checked: "The KMS key of every encrypted file system: a customer managed key passes; aws/elasticfilesystem " +
			"fails; unencrypted file systems are not applicable (ONUS-EFS-001).",
		Remediation: control.Remediation{
			Summary:        "Create the file system with a customer managed KMS key and move the data.",
			Terraform:      "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}",
			CloudFormation: "FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !GetAtt EfsKey.Arn",
			CLI:            "aws efs create-file-system --encrypted --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.EFSFileSystems, func(f *efs.FileSystem) control.Verdict {
				if on, ok := f.Encrypted.Get(); ok && !on {
					return ck.NA("the file system is not encrypted at all (see ONUS-EFS-001)")
				}
				return ck.CMK(f.KMSKeyID, "the KMS key")
			})
		},
	}
}

func apRoot() *control.Control {
	return &control.Control{
		ID: "ONUS-EFS-004", Title: "EFS access points enforce a root directory", Severity: control.Medium,
		Service: "efs", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("EFS.3"), fw.M{fw.NIST: {"AC-6", "AC-3"}}),
		Rationale: "An access point exists to confine an application to its part of a shared file system; " +
			"one whose root is the file system root gives every client the whole file system.",
		Checked: "The root directory path of every EFS access point: a path other than \"/\" passes; \"/\" or no " +
			"root directory fails.",
		Remediation: control.Remediation{
			Summary:        "Give the access point a root directory for its application (with creation info).",
			Terraform:      "resource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.fs.id\n  root_directory {\n    path = \"/app\"\n    creation_info {\n      owner_uid   = 1000\n      owner_gid   = 1000\n      permissions = \"750\"\n    }\n  }\n}",
			CloudFormation: "AppAccessPoint:\n  Type: AWS::EFS::AccessPoint\n  Properties:\n    FileSystemId: !Ref FileSystem\n    RootDirectory:\n      Path: /app\n      CreationInfo: {OwnerUid: \"1000\", OwnerGid: \"1000\", Permissions: \"750\"}",
			CLI:            "aws efs create-access-point --file-system-id fs-0123 --root-directory 'Path=/app,CreationInfo={OwnerUid=1000,OwnerGid=1000,Permissions=750}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.EFSAccessPoints, func(a *efs.AccessPoint) control.Verdict {
				return ck.Judge(a.RootDirectory, "root directory", func(p string) (bool, string) {
					if p == "" || p == "/" {
						return false, "the access point's root is the file system root"
					}
					return true, "the access point is confined to " + p
				})
			})
		},
	}
}

func apUser() *control.Control {
	return &control.Control{
		ID: "ONUS-EFS-005", Title: "EFS access points enforce a user identity", Severity: control.Medium,
		Service: "efs", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("EFS.4"), fw.M{fw.NIST: {"AC-6", "AC-3"}}),
		Rationale: "Without an enforced POSIX user, NFS clients act as whatever user and group they claim, " +
			"including root, and file permissions stop separating applications.",
		Checked: "The POSIX user of every EFS access point: one set passes; none fails.",
		Remediation: control.Remediation{
			Summary:        "Set a POSIX user (uid/gid) on the access point.",
			Terraform:      "resource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.fs.id\n  posix_user {\n    uid = 1000\n    gid = 1000\n  }\n}",
			CloudFormation: "AppAccessPoint:\n  Type: AWS::EFS::AccessPoint\n  Properties:\n    FileSystemId: !Ref FileSystem\n    PosixUser: {Uid: \"1000\", Gid: \"1000\"}",
			CLI:            "aws efs create-access-point --file-system-id fs-0123 --posix-user Uid=1000,Gid=1000",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.EFSAccessPoints, func(a *efs.AccessPoint) control.Verdict {
				return ck.Flag(a.PosixUser, true, "POSIX user", "the access point enforces a POSIX user identity", "the access point enforces no user identity")
			})
		},
	}
}

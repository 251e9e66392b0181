package rds

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/secretscan"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// Controls returns the RDS controls.
func Controls() []*control.Control {
	cs := []*control.Control{
		storageEncrypted(), backupRetention(), notPublic(), customerKey(), deletionProtection(),
		autoMinorUpgrade(), iamAuth(), multiAZ(), copyTags(), enhancedMonitoring(), logExports(),
		snapshotNotPublic(), snapshotEncrypted(), noLiteralPassword(), nonDefaultPort(),
		customAdmin(), engineLogs(), backtracking(),
	}
	cs = append(cs, eventControls()...)
	cs = append(cs, paramControls()...)
	return append(cs, proxyTLS(), notPublicSubnet())
}

// member says whether a DB instance's storage, backup and auth settings live
// on its Aurora cluster, which the control judges instead.
func member(i *rds.Instance, what string) (control.Verdict, bool) {
	id, ok := i.ClusterID.Get()
	if ok && id != "" {
		return ck.NA(fmt.Sprintf("Aurora cluster member: %s is set on cluster %s and judged there", what, id)), true
	}
	return control.Verdict{}, false
}

func instances(e *model.Estate) []*rds.Instance { return e.RDSInstances }

func snapshots(e *model.Estate) []*rds.Snapshot { return e.RDSSnapshots }

// all judges every DB instance, then every DB cluster (cl may be nil for
// instance-only duties): the result order of every RDS control that covers
// both.
func all(e *model.Estate, inst func(*rds.Instance) control.Verdict, cl func(*rds.Cluster) control.Verdict) []control.Result {
	out := ck.Per(e.RDSInstances, inst)
	if cl != nil {
		out = append(out, ck.Per(e.RDSClusters, cl)...)
	}
	return out
}

// both is all for settings that Aurora cluster members inherit: a member is
// NOT_APPLICABLE (judged on its cluster) so the finding is not counted twice.
func both(e *model.Estate, what string, inst func(*rds.Instance) control.Verdict, cl func(*rds.Cluster) control.Verdict) []control.Result {
	return all(e, func(i *rds.Instance) control.Verdict {
		if v, ok := member(i, what); ok {
			return v
		}
		return inst(i)
	}, cl)
}

func storageEncrypted() *control.Control {
	const what = "storage encryption"
	return &control.Control{
		ID: "ONUS-RDS-001", Title: "RDS storage is encrypted at rest", Severity: control.High,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.CIS("3.2.1"), fw.FSBP("RDS.3", "RDS.27"), fw.AtRest()),
		Rationale: "AWS encrypts RDS storage, automated backups, read replicas and snapshots only when the " +
			"customer turns encryption on at creation; an unencrypted database exposes its data on any " +
			"snapshot copy or storage-level access.",
		Checked: "StorageEncrypted of every DB instance (Aurora members are judged on their cluster) and " +
			"every DB cluster: true passes, false fails.",
		Remediation: control.Remediation{
			Summary:        "Enable storage encryption (new instances; existing ones via an encrypted snapshot copy and restore).",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    StorageEncrypted: true\n    KmsKeyId: !Ref RdsKey",
			CLI: "aws rds create-db-snapshot --db-instance-identifier mydb --db-snapshot-identifier mydb-plain\n" +
				"aws rds copy-db-snapshot --source-db-snapshot-identifier mydb-plain --target-db-snapshot-identifier mydb-enc --kms-key-id alias/rds\n" +
				"aws rds restore-db-instance-from-db-snapshot --db-instance-identifier mydb-enc --db-snapshot-identifier mydb-enc",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, what)
			return both(e, what,
				func(i *rds.Instance) control.Verdict { return is.Judge(i.StorageEncrypted) },
				func(c *rds.Cluster) control.Verdict { return is.Judge(c.StorageEncrypted) })
		},
	}
}

// retentionDays is the backup retention RDS.11 asks for (7 days; AWS
// allows 1 to 35). Literal data, never changed.
var retentionDays = control.Param{Control: "ONUS-RDS-002", Name: "min_backup_retention_days", Unit: "days",
	Default: 7, Min: 1, Max: 35,
	Summary: "Fewest days automated backups must be kept (RDS allows 1 to 35)."}

func backupRetention() *control.Control {
	const what = "backup retention period (days)"
	return &control.Control{
		ID: "ONUS-RDS-002", Title: "RDS automated backups are kept for at least {{min_backup_retention_days}} days", Severity: control.Medium,
		Service: "rds", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("RDS.11"), fw.Backup()),
		Rationale: "AWS runs the backup machinery, but the retention period is the customer's choice; 0 " +
			"disables automated backups and point-in-time recovery, and a short window can end before a " +
			"corruption or deletion is noticed.",
		Checked: "BackupRetentionPeriod of every DB instance (Aurora members: on the cluster) and DB cluster: " +
			"{{min_backup_retention_days}} or more (the parameter min_backup_retention_days) passes; less (0 = disabled) fails.",
		Params: []control.Param{retentionDays},
		Remediation: control.Remediation{
			Summary:        "Set the backup retention period to at least {{min_backup_retention_days}} days.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  backup_retention_period = {{min_backup_retention_days}}\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    BackupRetentionPeriod: {{min_backup_retention_days}}",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --backup-retention-period {{min_backup_retention_days}} --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			min, limit := retentionDays.Limit(e)
			return both(e, "backup retention",
				func(i *rds.Instance) control.Verdict { return ck.AtLeastLimit(i.BackupRetention, min, limit, what) },
				func(c *rds.Cluster) control.Verdict { return ck.AtLeastLimit(c.BackupRetention, min, limit, what) })
		},
	}
}

func notPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-003", Title: "RDS DB instances are not publicly accessible", Severity: control.Critical,
		Service: "rds", Layer: "network-config",
		Frameworks: fw.Of(fw.CIS("3.2.3"), fw.FSBP("RDS.2"), fw.PublicAccess()),
		Rationale: "A publicly accessible instance gets a public DNS name and address, so only its security " +
			"groups stand between the database port and the internet; network placement is the customer's duty.",
		Checked: "PubliclyAccessible of every DB instance: false passes, true fails.",
		Remediation: control.Remediation{
			Summary:        "Turn off public accessibility and reach the database from inside the VPC.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = false\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    PubliclyAccessible: false",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --no-publicly-accessible --apply-immediately",
		},
		Check: ck.BoolCheck(instances, func(i *rds.Instance) source.Value[bool] { return i.PubliclyAccessible }, false, "public accessibility"),
	}
}

func cmk(enc source.Value[bool], key source.Value[string]) control.Verdict {
	if on, ok := enc.Get(); ok && !on {
		return ck.NA("storage is not encrypted at all (see ONUS-RDS-001)")
	}
	v := ck.Judge(key, "KMS key", func(k string) (bool, string) {
		if ck.AWSManagedKey(k) {
			return false, "encrypted with the AWS managed key aws/rds, not a customer managed key"
		}
		return true, "encrypted with customer managed key " + k
	})
	if v.Outcome == control.Pass {
		// A key only matters once encryption is known to be on.
		return control.Combine(v, ck.Bool(enc, true, "storage encryption"))
	}
	return v
}

func customerKey() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-004", Title: "RDS storage is encrypted with a customer managed KMS key", Severity: control.Low,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale: "With the AWS managed key aws/rds the customer cannot restrict the key policy, share " +
			"encrypted snapshots with another account, or revoke access by disabling the key; a customer " +
			"managed key puts key control with the data owner.",
		Checked: "KmsKeyId of every encrypted DB instance (Aurora members: on the cluster) and DB cluster: a " +
			"customer key passes; empty or alias/aws/rds fails; unencrypted storage is not applicable here (ONUS-RDS-001).",
		Remediation: control.Remediation{
			Summary:        "Encrypt with a customer managed KMS key (set at creation; migrate via snapshot copy).",
			Terraform:      "resource \"aws_kms_key\" \"rds\" {\n  enable_key_rotation = true\n}\nresource \"aws_db_instance\" \"db\" {\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    StorageEncrypted: true\n    KmsKeyId: !GetAtt RdsKey.Arn",
			CLI:            "aws rds copy-db-snapshot --source-db-snapshot-identifier mydb-snap --target-db-snapshot-identifier mydb-cmk --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "the KMS key",
				func(i *rds.Instance) control.Verdict { return cmk(i.StorageEncrypted, i.KMSKeyID) },
				func(c *rds.Cluster) control.Verdict { return cmk(c.StorageEncrypted, c.KMSKeyID) })
		},
	}
}

func deletionProtection() *control.Control {
	const what = "deletion protection"
	return &control.Control{
		ID: "ONUS-RDS-005", Title: "RDS deletion protection is enabled", Severity: control.Low,
		Service: "rds", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("RDS.7", "RDS.8"), fw.Backup()),
		Rationale: "Deletion protection stops an accidental or malicious DeleteDBInstance/DeleteDBCluster call " +
			"(or a Terraform destroy) from removing the database.",
		Checked: "DeletionProtection of every DB instance (Aurora members: on the cluster) and DB cluster: true passes.",
		Remediation: control.Remediation{
			Summary:        "Enable deletion protection.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  deletion_protection = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    DeletionProtection: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --deletion-protection --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, what)
			return both(e, what,
				func(i *rds.Instance) control.Verdict { return is.Judge(i.DeletionProtection) },
				func(c *rds.Cluster) control.Verdict { return is.Judge(c.DeletionProtection) })
		},
	}
}

func autoMinorUpgrade() *control.Control {
	const what = "auto minor version upgrade"
	return &control.Control{
		ID: "ONUS-RDS-006", Title: "RDS automatic minor version upgrade is enabled", Severity: control.Medium,
		Service: "rds", Layer: "platform",
		Frameworks: fw.Of(fw.CIS("3.2.2"), fw.FSBP("RDS.13", "RDS.35"), fw.Patching()),
		Rationale: "AWS patches the host and publishes engine minor versions with security fixes, but applies " +
			"them only when the customer allows automatic minor upgrades (or upgrades by hand).",
		Checked: "AutoMinorVersionUpgrade of every DB instance and DB cluster: true passes.",
		Remediation: control.Remediation{
			Summary:        "Enable automatic minor version upgrades.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  auto_minor_version_upgrade = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    AutoMinorVersionUpgrade: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --auto-minor-version-upgrade --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, what)
			return all(e,
				func(i *rds.Instance) control.Verdict { return is.Judge(i.AutoMinorUpgrade) },
				func(c *rds.Cluster) control.Verdict { return is.Judge(c.AutoMinorUpgrade) })
		},
	}
}

// iamAuthEngine says whether the engine supports IAM database authentication.
func iamAuthEngine(engine source.Value[string]) (supported, known bool) {
	eng, ok := ck.Str(engine)
	if !ok {
		return false, false
	}
	for _, p := range []string{"mysql", "postgres", "mariadb", "aurora"} {
		if strings.HasPrefix(eng, p) {
			return true, true
		}
	}
	return false, true
}

// serverlessV1 makes v, the verdict on a feature Aurora Serverless v1
// does not have (IAM database authentication, backtracking: "Aurora
// Serverless v1 doesn't support the following features", Limitations of
// Aurora Serverless v1, Aurora User Guide), not applicable to such a
// cluster; a failure is unknown while the engine mode is.
func serverlessV1(c *rds.Cluster, feature string, v control.Verdict) control.Verdict {
	mode, ok := c.EngineMode.Get()
	switch {
	case ok && strings.EqualFold(mode, "serverless"):
		return control.Verdict{Outcome: control.NotApplicable,
			Reason:   "Aurora Serverless v1 (engine mode serverless) does not support " + feature,
			Evidence: []control.Evidence{ck.Ev("engine mode", c.EngineMode)}}
	case !ok && v.Outcome == control.Fail:
		return control.Verdict{Outcome: control.Unknown, Evidence: append(v.Evidence, ck.Ev("engine mode", c.EngineMode)),
			Reason: v.Reason + ", unless the cluster is Aurora Serverless v1, which does not support " + feature +
				": its engine mode is unknown (" + c.EngineMode.Reason() + ")"}
	}
	return v
}

func iamAuthVerdict(engine source.Value[string], auth source.Value[bool]) control.Verdict {
	sup, known := iamAuthEngine(engine)
	if known && !sup {
		eng, _ := engine.Get()
		return ck.NA("engine " + eng + " does not support IAM database authentication")
	}
	v := ck.Bool(auth, true, "IAM database authentication")
	if v.Outcome == control.Fail && !known {
		return control.Verdict{Outcome: control.Unknown, Evidence: v.Evidence,
			Reason: "IAM database authentication is off, but the engine is unknown (" + engine.Reason() + "), so whether it applies is unknown"}
	}
	return v
}

func iamAuth() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-007", Title: "RDS IAM database authentication is enabled", Severity: control.Medium,
		Service: "rds", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("RDS.10", "RDS.12"), fw.M{fw.NIST: {"IA-2", "AC-2"}, fw.ISO: {"A.5.16"}}),
		Rationale: "IAM authentication replaces long-lived database passwords with short-lived tokens tied to " +
			"IAM identities, so database access follows the customer's IAM policies and is logged in CloudTrail.",
		Checked: "IAMDatabaseAuthenticationEnabled of every MySQL, MariaDB, PostgreSQL and Aurora instance " +
			"(members: on the cluster) and cluster: true passes; other engines, and Aurora Serverless v1 clusters " +
			"(engine mode serverless, which has no IAM authentication), are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Enable IAM database authentication.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  iam_database_authentication_enabled = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    EnableIAMDatabaseAuthentication: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --enable-iam-database-authentication --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "IAM authentication",
				func(i *rds.Instance) control.Verdict { return iamAuthVerdict(i.Engine, i.IAMAuth) },
				func(c *rds.Cluster) control.Verdict {
					return serverlessV1(c, "IAM database authentication", iamAuthVerdict(c.Engine, c.IAMAuth))
				})
		},
	}
}

func multiAZ() *control.Control {
	const what = "Multi-AZ deployment"
	return &control.Control{
		ID: "ONUS-RDS-008", Title: "RDS databases are deployed across multiple Availability Zones", Severity: control.Medium,
		Service: "rds", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.CIS("3.2.4"), fw.FSBP("RDS.5", "RDS.15"), fw.M{fw.NIST: {"CP-10", "SC-36"}, fw.ISO: {"A.8.14"}, fw.SOC2: {"A1.2"}}),
		Rationale: "AWS runs the standby and the failover, but only for deployments the customer configures " +
			"as Multi-AZ; a single-AZ database is down for the length of any zone outage.",
		Checked: "MultiAZ of every DB instance (Aurora members: on the cluster) and DB cluster: true passes.",
		Remediation: control.Remediation{
			Summary:        "Enable Multi-AZ.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  multi_az = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    MultiAZ: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --multi-az --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, what)
			return both(e, what,
				func(i *rds.Instance) control.Verdict { return is.Judge(i.MultiAZ) },
				func(c *rds.Cluster) control.Verdict { return is.Judge(c.MultiAZ) })
		},
	}
}

func copyTags() *control.Control {
	const what = "copy tags to snapshots"
	return &control.Control{
		ID: "ONUS-RDS-009", Title: "RDS copies tags to snapshots", Severity: control.Low,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.16", "RDS.17", "RDS.47", "RDS.48")),
		Rationale: "Tag-based access control, data classification and cost ownership only reach snapshots " +
			"when tags are copied to them; untagged snapshots escape those policies.",
		Checked: "CopyTagsToSnapshot of every DB instance (Aurora members: on the cluster) and DB cluster: true passes.",
		Remediation: control.Remediation{
			Summary:        "Enable copying tags to snapshots.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  copy_tags_to_snapshot = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    CopyTagsToSnapshot: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --copy-tags-to-snapshot --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			is := ck.BoolOf(true, what)
			return both(e, what,
				func(i *rds.Instance) control.Verdict { return is.Judge(i.CopyTagsToSnapshot) },
				func(c *rds.Cluster) control.Verdict { return is.Judge(c.CopyTagsToSnapshot) })
		},
	}
}

func enhancedMonitoring() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-010", Title: "RDS enhanced monitoring is enabled", Severity: control.Low,
		Service: "rds", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("RDS.6"), fw.Monitoring()),
		Rationale: "Enhanced monitoring reports OS-level metrics of the DB host that CloudWatch's hypervisor " +
			"metrics do not show, which the customer needs to detect resource exhaustion and abuse.",
		Checked: "MonitoringInterval of every DB instance: greater than 0 seconds passes; 0 fails.",
		Remediation: control.Remediation{
			Summary:        "Set a monitoring interval (e.g. 60 s) with a monitoring role.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  monitoring_interval = 60\n  monitoring_role_arn = aws_iam_role.rds_monitoring.arn\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    MonitoringInterval: 60\n    MonitoringRoleArn: !GetAtt RdsMonitoringRole.Arn",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --monitoring-interval 60 --monitoring-role-arn arn:aws:iam::ACCOUNT:role/rds-monitoring",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.RDSInstances, func(i *rds.Instance) control.Verdict {
				return ck.Judge(i.MonitoringInterval, "monitoring interval", func(n int) (bool, string) {
					if n > 0 {
						return true, fmt.Sprintf("enhanced monitoring every %d s", n)
					}
					return false, "monitoring interval is 0 (enhanced monitoring off)"
				})
			})
		},
	}
}

func exportsVerdict(v source.Value[[]string]) control.Verdict {
	return ck.Judge(v, "CloudWatch log exports", func(l []string) (bool, string) {
		if len(l) == 0 {
			return false, "no database logs are exported to CloudWatch Logs"
		}
		return true, "exports " + strings.Join(l, ", ") + " logs to CloudWatch Logs"
	})
}

func logExports() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-011", Title: "RDS publishes database logs to CloudWatch Logs", Severity: control.Medium,
		Service: "rds", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("RDS.9"), fw.Logging()),
		Rationale: "Database audit, error and connection logs are the customer's evidence of who touched the " +
			"data; kept only on the instance they rotate away and die with it.",
		Checked: "EnabledCloudwatchLogsExports of every DB instance (Aurora members: on the cluster) and DB " +
			"cluster: at least one log type passes; none fails.",
		Remediation: control.Remediation{
			Summary:        "Export the engine's audit/error/general (or postgresql) logs to CloudWatch Logs.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"]\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    EnableCloudwatchLogsExports: [postgresql, upgrade]",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\",\"upgrade\"]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "log exports",
				func(i *rds.Instance) control.Verdict { return exportsVerdict(i.LogExports) },
				func(c *rds.Cluster) control.Verdict { return exportsVerdict(c.LogExports) })
		},
	}
}

func snapshotNotPublic() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-012", Title: "RDS snapshots are not public", Severity: control.Critical,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.1"), fw.PublicAccess()),
		Rationale:  "A snapshot shared with 'all' can be restored by any AWS account, handing over a full copy of the database.",
		Checked: "The restore attribute of every manual DB and cluster snapshot (live scans): not shared with " +
			"'all' passes. Code cannot share snapshots publicly, so code sources are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Remove the 'all' restore permission from the snapshot.",
			Terraform:      "# Public sharing is not expressible in Terraform; remove it with the CLI and keep snapshots in code private:\nresource \"aws_db_snapshot\" \"s\" {\n  db_instance_identifier = aws_db_instance.db.identifier\n  db_snapshot_identifier = \"mydb-snap\"\n}",
			CloudFormation: "# CloudFormation cannot share snapshots; remove public sharing with the CLI.",
			CLI:            "aws rds modify-db-snapshot-attribute --db-snapshot-identifier mydb-snap --attribute-name restore --values-to-remove all",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.RDSSnapshots, func(s *rds.Snapshot) control.Verdict {
				return ck.LiveOnly(&s.Meta, s.Public, "public sharing", func(pub bool) (bool, string) {
					if pub {
						return false, "snapshot is shared with all AWS accounts"
					}
					return true, "snapshot is not shared publicly"
				})
			})
		},
	}
}

func snapshotEncrypted() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-013", Title: "RDS snapshots are encrypted", Severity: control.Medium,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.4"), fw.AtRest()),
		Rationale: "A snapshot of an unencrypted database is unencrypted too, and copies of it travel between " +
			"accounts and regions.",
		Checked: "Encrypted of every manual DB and cluster snapshot: true passes.",
		Remediation: control.Remediation{
			Summary:        "Copy the snapshot with a KMS key and delete the unencrypted one.",
			Terraform:      "resource \"aws_db_snapshot_copy\" \"enc\" {\n  source_db_snapshot_identifier = aws_db_snapshot.s.db_snapshot_arn\n  target_db_snapshot_identifier = \"mydb-snap-enc\"\n  kms_key_id                    = aws_kms_key.rds.arn\n}",
			CloudFormation: "# Snapshots are not CloudFormation resources; encrypt the source DB (StorageEncrypted: true) so its snapshots are encrypted.",
			CLI:            "aws rds copy-db-snapshot --source-db-snapshot-identifier mydb-snap --target-db-snapshot-identifier mydb-snap-enc --kms-key-id alias/rds",
		},
		Check: ck.BoolCheck(snapshots, func(s *rds.Snapshot) source.Value[bool] { return s.Encrypted }, true, "snapshot encryption"),
	}
}

func passwordOf(src *source.Kind, managed source.Value[bool], pw source.Value[string]) control.Verdict {
	if on, ok := managed.Get(); ok && on {
		return ck.PassAt("master password is managed by Secrets Manager", managed.PackedProv())
	}
	if *src == source.AWS {
		return ck.NA("the RDS API never returns the master password; only code can hold it literally")
	}
	p, ok := pw.Get()
	if !ok {
		return control.Verdict{Outcome: control.Unknown, Evidence: []control.Evidence{ck.Ev("master password", pw)},
			Reason: "master password is not a literal that onus could read (" + pw.Reason() + "); check that it comes from a secret store"}
	}
	if p == "" {
		// Restored from a snapshot or a replica: no password set here.
		return ck.PassAt("no master password is set in the configuration", pw.PackedProv())
	}
	if secretscan.IsReference(p) {
		return ck.PassAt("master password is a reference to a secret store", pw.PackedProv())
	}
	return ck.FailAt("master password is a literal in the configuration: "+secretscan.Redact(p), pw.PackedProv())
}

func noLiteralPassword() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-014", Title: "RDS master password is not a literal in code", Severity: control.High,
		Service: "rds", Layer: "secrets",
		Frameworks: fw.Of(fw.Secrets()),
		Rationale: "A password written in Terraform or CloudFormation lands in version control, state files " +
			"and plan output; AWS can generate and rotate it in Secrets Manager instead.",
		Checked: "ManageMasterUserPassword and the master password of every DB instance and cluster read from " +
			"code: managed by Secrets Manager, a dynamic reference or absent passes; a literal fails (redacted). " +
			"Live scans are not applicable (the API never returns the password).",
		Remediation: control.Remediation{
			Summary:        "Let RDS manage the master password in Secrets Manager.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  manage_master_user_password = true\n  # remove: password = \"...\"\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    ManageMasterUserPassword: true",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --manage-master-user-password --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "the master password",
				func(i *rds.Instance) control.Verdict {
					return passwordOf(&i.Meta.Source, i.ManagedMasterPassword, i.MasterPassword)
				},
				func(c *rds.Cluster) control.Verdict {
					return passwordOf(&c.Meta.Source, c.ManagedMasterPassword, c.MasterPassword)
				})
		},
	}
}

func nonDefaultPort() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-015", Title: "RDS instances do not use the engine's default port", Severity: control.Low,
		Service: "rds", Layer: "network-config",
		Frameworks: fw.Of(fw.FSBP("RDS.23")),
		Rationale: "Scanners and automated attacks probe the well-known database ports first; a non-default " +
			"port is a small layer of defense in depth on top of network controls.",
		Checked: "The port of every DB instance compared with its engine's default (3306, 5432, 1521, 1433, ...): " +
			"another port passes; the default fails.",
		Remediation: control.Remediation{
			Summary:        "Set a non-default port for the instance.",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  port = 15432\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Port: \"15432\"",
			CLI:            "aws rds modify-db-instance --db-instance-identifier mydb --db-port-number 15432 --apply-immediately",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "the port", func(i *rds.Instance) control.Verdict {
				return ck.Flag(i.DefaultPort, false, "default port use", "the instance listens on its engine's default port", "the instance uses a non-default port")
			}, nil)
		},
	}
}

// defaultAdmins are the master user names RDS consoles and guides default
// to, which FSBP RDS.24/RDS.25 ask to change.
var defaultAdmins = map[string]bool{"admin": true, "postgres": true}

func adminVerdict(v source.Value[string]) control.Verdict {
	return ck.Judge(v, "master username", func(u string) (bool, string) {
		if defaultAdmins[strings.ToLower(u)] {
			return false, "the master username is the default \"" + u + "\""
		}
		return true, "the master username is not a default name"
	})
}

func customAdmin() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-016", Title: "RDS databases use a custom administrator username", Severity: control.Medium,
		Service: "rds", Layer: "identity-access",
		Frameworks: fw.Of(fw.FSBP("RDS.24", "RDS.25"), fw.M{fw.NIST: {"IA-5", "AC-2"}}),
		Rationale: "Password-guessing attacks on a reachable database try the default administrator names " +
			"first; a custom name means an attacker must guess both halves of the credential.",
		Checked: "The master username of every DB instance (Aurora members: on the cluster) and DB cluster: " +
			"\"admin\" or \"postgres\" fails; any other name passes. A username inherited from a snapshot or " +
			"replica source is unknown.",
		Remediation: control.Remediation{
			Summary:        "Create the database with a custom master username (it cannot be changed in place).",
			Terraform:      "resource \"aws_db_instance\" \"db\" {\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}",
			CloudFormation: "DB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    MasterUsername: app_owner\n    ManageMasterUserPassword: true",
			CLI:            "aws rds create-db-instance --db-instance-identifier mydb-v2 --engine postgres --db-instance-class db.t4g.medium --allocated-storage 20 --master-username app_owner --manage-master-user-password",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "the master username",
				func(i *rds.Instance) control.Verdict { return adminVerdict(i.MasterUsername) },
				func(c *rds.Cluster) control.Verdict { return adminVerdict(c.MasterUsername) })
		},
	}
}

// requiredLogs are the log types FSBP asks each engine to export to
// CloudWatch Logs (RDS.34, RDS.36, RDS.37, RDS.40, RDS.42).
var requiredLogs = map[string][]string{
	"postgres":          {"postgresql"},
	"aurora-postgresql": {"postgresql"},
	"aurora-mysql":      {"audit"},
	"aurora":            {"audit"},
	"mariadb":           {"audit", "error"},
	"sqlserver-ee":      {"error"},
	"sqlserver-se":      {"error"},
	"sqlserver-ex":      {"error"},
	"sqlserver-web":     {"error"},
}

func engineLogsVerdict(engine source.Value[string], list source.Value[[]string]) control.Verdict {
	eng, ok := engine.Get()
	if !ok {
		return ck.Unknown(engine, "engine")
	}
	need, ok := requiredLogs[strings.ToLower(eng)]
	if !ok {
		return ck.NA("no engine-specific log requirement for " + eng)
	}
	return ck.Judge(list, "CloudWatch log exports", func(l []string) (bool, string) {
		have := map[string]bool{}
		for _, x := range l {
			have[strings.ToLower(x)] = true
		}
		var missing []string
		for _, n := range need {
			if !have[n] {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			return false, eng + " does not export " + strings.Join(missing, ", ") + " logs to CloudWatch Logs"
		}
		return true, eng + " exports " + strings.Join(need, ", ") + " logs"
	})
}

func engineLogs() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-017", Title: "RDS databases export their engine's audit and error logs", Severity: control.Medium,
		Service: "rds", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("RDS.34", "RDS.36", "RDS.37", "RDS.40", "RDS.42"), fw.Logging()),
		Rationale: "Each engine writes its security-relevant records to specific logs (PostgreSQL's server " +
			"log, MySQL/MariaDB audit logs, SQL Server's error log); exporting some other log type leaves the " +
			"access trail on the host, where it rotates away.",
		Checked: "EnabledCloudwatchLogsExports of every DB instance (Aurora members: on the cluster) and DB " +
			"cluster against its engine: PostgreSQL and Aurora PostgreSQL need postgresql; Aurora MySQL needs " +
			"audit; MariaDB needs audit and error; SQL Server needs error. All present passes; any missing fails. " +
			"Other engines are not applicable (ONUS-RDS-011 covers them).",
		Remediation: control.Remediation{
			Summary:        "Export the engine's required log types to CloudWatch Logs.",
			Terraform:      "resource \"aws_rds_cluster\" \"aurora\" {\n  engine                          = \"aurora-mysql\"\n  enabled_cloudwatch_logs_exports = [\"audit\", \"error\", \"slowquery\"]\n}",
			CloudFormation: "Cluster:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    Engine: aurora-mysql\n    EnableCloudwatchLogsExports: [audit, error, slowquery]",
			CLI:            "aws rds modify-db-cluster --db-cluster-identifier aurora --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"audit\",\"error\"]}'",
		},
		Check: func(e *model.Estate) []control.Result {
			return both(e, "log exports",
				func(i *rds.Instance) control.Verdict { return engineLogsVerdict(i.Engine, i.LogExports) },
				func(c *rds.Cluster) control.Verdict { return engineLogsVerdict(c.Engine, c.LogExports) })
		},
	}
}

func backtracking() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-018", Title: "Aurora MySQL clusters have backtracking enabled", Severity: control.Medium,
		Service: "rds", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("RDS.14"), fw.Backup()),
		Rationale: "Backtracking rewinds an Aurora MySQL cluster to a point in time in minutes, without a " +
			"restore to a new cluster, which is the fastest recovery from a bad migration or destructive query.",
		Checked: "BacktrackWindow of every Aurora MySQL cluster: greater than 0 passes; 0 (off, the default) " +
			"fails. Other engines, Aurora Serverless v1 clusters (engine mode serverless, which has no " +
			"backtracking) and DB instances are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Set a backtrack window (e.g. 24 hours) on the Aurora MySQL cluster.",
			Terraform:      "resource \"aws_rds_cluster\" \"aurora\" {\n  engine           = \"aurora-mysql\"\n  backtrack_window = 86400\n}",
			CloudFormation: "Cluster:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    Engine: aurora-mysql\n    BacktrackWindow: 86400",
			CLI:            "aws rds modify-db-cluster --db-cluster-identifier aurora --backtrack-window 86400",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.RDSClusters, func(c *rds.Cluster) control.Verdict {
				eng, ok := c.Engine.Get()
				if !ok {
					return ck.Unknown(c.Engine, "engine")
				}
				if eng = strings.ToLower(eng); eng != "aurora-mysql" && eng != "aurora" {
					return ck.NA("backtracking exists only for Aurora MySQL, not " + eng)
				}
				return serverlessV1(c, "backtracking", ck.Judge(c.BacktrackWindow, "backtrack window", func(n int) (bool, string) {
					if n > 0 {
						return true, fmt.Sprintf("backtrack window is %d seconds", n)
					}
					return false, "backtracking is off"
				}))
			})
		},
	}
}

package rds

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/rds"
)

var (
	K = ctest.K[bool]
	I = ctest.K[int]
	S = ctest.K[string]
)

func inst(f func(*rds.Instance)) *model.Estate {
	i := &rds.Instance{Meta: ctest.TF("aws_db_instance", "db")}
	f(i)
	return &model.Estate{RDSInstances: []*rds.Instance{i}}
}

func cluster(f func(*rds.Cluster)) *model.Estate {
	c := &rds.Cluster{Meta: ctest.TF("aws_rds_cluster", "c")}
	f(c)
	return &model.Estate{RDSClusters: []*rds.Cluster{c}}
}

func snap(f func(*rds.Snapshot)) *model.Estate {
	s := &rds.Snapshot{Meta: ctest.Live("AWS::RDS::DBSnapshot", "arn:aws:rds:eu-west-1:111122223333:snapshot:s")}
	f(s)
	return &model.Estate{RDSSnapshots: []*rds.Snapshot{s}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
		na   = control.NotApplicable
	)
	member := func(i *rds.Instance) { i.ClusterID = S("aurora-1") }
	cases := []ctest.Case{
		{Name: "encrypted", Control: "ONUS-RDS-001", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted = K(true) }), Want: pass},
		{Name: "plain", Control: "ONUS-RDS-001", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted = K(false) }), Want: fail},
		{Name: "unknown var", Control: "ONUS-RDS-001", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted = ctest.U[bool]("var.enc has no value") }), Want: unk, Reason: "var.enc has no value"},
		{Name: "not read", Control: "ONUS-RDS-001", Estate: inst(func(*rds.Instance) {}), Want: unk},
		{Name: "aurora member", Control: "ONUS-RDS-001", Estate: inst(member), Want: na},
		{Name: "cluster plain", Control: "ONUS-RDS-001", Estate: cluster(func(c *rds.Cluster) { c.StorageEncrypted = K(false) }), Want: fail},

		{Name: "7 days", Control: "ONUS-RDS-002", Estate: inst(func(i *rds.Instance) { i.BackupRetention = I(7) }), Want: pass},
		{Name: "1 day", Control: "ONUS-RDS-002", Estate: inst(func(i *rds.Instance) { i.BackupRetention = I(1) }), Want: fail},
		{Name: "disabled", Control: "ONUS-RDS-002", Estate: inst(func(i *rds.Instance) { i.BackupRetention = I(0) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-002", Estate: inst(func(*rds.Instance) {}), Want: unk},
		{Name: "cluster 35", Control: "ONUS-RDS-002", Estate: cluster(func(c *rds.Cluster) { c.BackupRetention = I(35) }), Want: pass},
		{Name: "member", Control: "ONUS-RDS-002", Estate: inst(member), Want: na},

		{Name: "private", Control: "ONUS-RDS-003", Estate: inst(func(i *rds.Instance) { i.PubliclyAccessible = K(false) }), Want: pass},
		{Name: "public", Control: "ONUS-RDS-003", Estate: inst(func(i *rds.Instance) { i.PubliclyAccessible = K(true) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-003", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "cmk", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) {
			i.StorageEncrypted, i.KMSKeyID = K(true), S("arn:aws:kms:eu-west-1:111122223333:key/abc")
		}), Want: pass},
		{Name: "aws managed", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted, i.KMSKeyID = K(true), S("") }), Want: fail},
		{Name: "aws alias", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted, i.KMSKeyID = K(true), S("alias/aws/rds") }), Want: fail},
		{Name: "key unknown", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted = K(true) }), Want: unk},
		{Name: "cmk but encryption unknown", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) { i.KMSKeyID = S("arn:aws:kms:x:1:key/k") }), Want: unk},
		{Name: "unencrypted", Control: "ONUS-RDS-004", Estate: inst(func(i *rds.Instance) { i.StorageEncrypted = K(false) }), Want: na},

		{Name: "on", Control: "ONUS-RDS-005", Estate: inst(func(i *rds.Instance) { i.DeletionProtection = K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-005", Estate: cluster(func(c *rds.Cluster) { c.DeletionProtection = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-005", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "on", Control: "ONUS-RDS-006", Estate: inst(func(i *rds.Instance) { i.AutoMinorUpgrade = K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-006", Estate: inst(func(i *rds.Instance) { i.AutoMinorUpgrade = K(false) }), Want: fail},
		{Name: "member judged too", Control: "ONUS-RDS-006", Estate: inst(func(i *rds.Instance) { member(i); i.AutoMinorUpgrade = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-006", Estate: cluster(func(*rds.Cluster) {}), Want: unk},

		{Name: "on", Control: "ONUS-RDS-007", Estate: inst(func(i *rds.Instance) { i.Engine, i.IAMAuth = S("postgres"), K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-007", Estate: inst(func(i *rds.Instance) { i.Engine, i.IAMAuth = S("mysql"), K(false) }), Want: fail},
		{Name: "oracle", Control: "ONUS-RDS-007", Estate: inst(func(i *rds.Instance) { i.Engine, i.IAMAuth = S("oracle-ee"), K(false) }), Want: na},
		{Name: "off engine unknown", Control: "ONUS-RDS-007", Estate: inst(func(i *rds.Instance) { i.IAMAuth = K(false) }), Want: unk},
		{Name: "unknown", Control: "ONUS-RDS-007", Estate: inst(func(i *rds.Instance) { i.Engine = S("mysql") }), Want: unk},

		{Name: "on", Control: "ONUS-RDS-008", Estate: inst(func(i *rds.Instance) { i.MultiAZ = K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-008", Estate: inst(func(i *rds.Instance) { i.MultiAZ = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-008", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "on", Control: "ONUS-RDS-009", Estate: inst(func(i *rds.Instance) { i.CopyTagsToSnapshot = K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-009", Estate: inst(func(i *rds.Instance) { i.CopyTagsToSnapshot = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-009", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "60s", Control: "ONUS-RDS-010", Estate: inst(func(i *rds.Instance) { i.MonitoringInterval = I(60) }), Want: pass},
		{Name: "off", Control: "ONUS-RDS-010", Estate: inst(func(i *rds.Instance) { i.MonitoringInterval = I(0) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-010", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "exports", Control: "ONUS-RDS-011", Estate: inst(func(i *rds.Instance) { i.LogExports = ctest.K([]string{"postgresql"}) }), Want: pass},
		{Name: "none", Control: "ONUS-RDS-011", Estate: inst(func(i *rds.Instance) { i.LogExports = ctest.K([]string{}) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-011", Estate: inst(func(*rds.Instance) {}), Want: unk},

		{Name: "private", Control: "ONUS-RDS-012", Estate: snap(func(s *rds.Snapshot) { s.Public = K(false) }), Want: pass},
		{Name: "public", Control: "ONUS-RDS-012", Estate: snap(func(s *rds.Snapshot) { s.Public = K(true) }), Want: fail},
		{Name: "denied", Control: "ONUS-RDS-012", Estate: snap(func(s *rds.Snapshot) { s.Public = ctest.U[bool]("AccessDenied on DescribeDBSnapshotAttributes") }), Want: unk},
		{Name: "from code", Control: "ONUS-RDS-012", Estate: &model.Estate{RDSSnapshots: []*rds.Snapshot{{Meta: ctest.TF("aws_db_snapshot", "s")}}}, Want: na},

		{Name: "encrypted", Control: "ONUS-RDS-013", Estate: snap(func(s *rds.Snapshot) { s.Encrypted = K(true) }), Want: pass},
		{Name: "plain", Control: "ONUS-RDS-013", Estate: snap(func(s *rds.Snapshot) { s.Encrypted = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-013", Estate: snap(func(*rds.Snapshot) {}), Want: unk},

		{Name: "managed", Control: "ONUS-RDS-014", Estate: inst(func(i *rds.Instance) { i.ManagedMasterPassword = K(true) }), Want: pass},
		{Name: "resolve", Control: "ONUS-RDS-014", Estate: inst(func(i *rds.Instance) {
			i.ManagedMasterPassword, i.MasterPassword = K(false), S("{{resolve:secretsmanager:db:SecretString:password}}")
		}), Want: pass},
		{Name: "literal", Control: "ONUS-RDS-014", Estate: inst(func(i *rds.Instance) {
			i.ManagedMasterPassword, i.MasterPassword = K(false), S("Sup3rSecretPassw0rd")
		}), Want: fail, Secret: "Sup3rSecretPassw0rd", Reason: "Su…(19 chars)"},
		{Name: "from random_password", Control: "ONUS-RDS-014", Estate: inst(func(i *rds.Instance) {
			i.ManagedMasterPassword, i.MasterPassword = K(false), ctest.U[string]("unresolved expression random_password.db.result")
		}), Want: unk},
		{Name: "live", Control: "ONUS-RDS-014", Estate: &model.Estate{RDSInstances: []*rds.Instance{{Meta: ctest.Live("AWS::RDS::DBInstance", "arn:db")}}}, Want: na},
		{Name: "cluster literal", Control: "ONUS-RDS-014", Estate: cluster(func(c *rds.Cluster) { c.MasterPassword = S("hunter2hunter2") }), Want: fail, Secret: "hunter2hunter2"},

		{Name: "custom port", Control: "ONUS-RDS-015", Estate: inst(func(i *rds.Instance) { i.DefaultPort = K(false) }), Want: pass},
		{Name: "default port", Control: "ONUS-RDS-015", Estate: inst(func(i *rds.Instance) { i.DefaultPort = K(true) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-015", Estate: inst(func(*rds.Instance) {}), Want: unk},
		{Name: "member", Control: "ONUS-RDS-015", Estate: inst(member), Want: na},
	}
	liveInst := func(f func(*rds.Instance)) *model.Estate {
		e := inst(f)
		e.RDSInstances[0].Meta = ctest.Live("AWS::RDS::DBInstance", "arn:aws:rds:eu-west-1:111122223333:db:db")
		return e
	}
	cfnCluster := func(f func(*rds.Cluster)) *model.Estate {
		e := cluster(f)
		e.RDSClusters[0].Meta = ctest.CFN("AWS::RDS::DBCluster", "Cluster")
		return e
	}
	cases = append(cases,
		ctest.Case{Name: "custom", Control: "ONUS-RDS-016", Estate: inst(func(i *rds.Instance) { i.MasterUsername = S("app_owner") }), Want: pass},
		ctest.Case{Name: "admin", Control: "ONUS-RDS-016", Estate: inst(func(i *rds.Instance) { i.MasterUsername = S("admin") }), Want: fail},
		ctest.Case{Name: "live postgres", Control: "ONUS-RDS-016", Estate: liveInst(func(i *rds.Instance) { i.MasterUsername = S("postgres") }), Want: fail},
		ctest.Case{Name: "cluster admin", Control: "ONUS-RDS-016", Estate: cfnCluster(func(c *rds.Cluster) { c.MasterUsername = S("Admin") }), Want: fail},
		ctest.Case{Name: "from snapshot", Control: "ONUS-RDS-016", Estate: inst(func(i *rds.Instance) { i.MasterUsername = ctest.U[string]("master username comes from the snapshot") }), Want: unk},
		ctest.Case{Name: "member", Control: "ONUS-RDS-016", Estate: inst(member), Want: na},

		ctest.Case{Name: "postgres exports", Control: "ONUS-RDS-017", Estate: inst(func(i *rds.Instance) {
			i.Engine, i.LogExports = S("postgres"), ctest.K([]string{"postgresql", "upgrade"})
		}), Want: pass},
		ctest.Case{Name: "postgres upgrade only", Control: "ONUS-RDS-017", Estate: inst(func(i *rds.Instance) { i.Engine, i.LogExports = S("postgres"), ctest.K([]string{"upgrade"}) }), Want: fail, Reason: "postgresql"},
		ctest.Case{Name: "aurora mysql no audit", Control: "ONUS-RDS-017", Estate: cfnCluster(func(c *rds.Cluster) { c.Engine, c.LogExports = S("aurora-mysql"), ctest.K([]string{"error"}) }), Want: fail, Reason: "audit"},
		ctest.Case{Name: "mariadb", Control: "ONUS-RDS-017", Estate: liveInst(func(i *rds.Instance) {
			i.Engine, i.LogExports = S("mariadb"), ctest.K([]string{"audit", "error", "general"})
		}), Want: pass},
		ctest.Case{Name: "sqlserver none", Control: "ONUS-RDS-017", Estate: liveInst(func(i *rds.Instance) { i.Engine, i.LogExports = S("sqlserver-se"), ctest.K([]string{}) }), Want: fail},
		ctest.Case{Name: "exports unknown", Control: "ONUS-RDS-017", Estate: inst(func(i *rds.Instance) { i.Engine, i.LogExports = S("postgres"), ctest.U[[]string]("var.logs") }), Want: unk},
		ctest.Case{Name: "engine unknown", Control: "ONUS-RDS-017", Estate: inst(func(*rds.Instance) {}), Want: unk},
		ctest.Case{Name: "mysql", Control: "ONUS-RDS-017", Estate: inst(func(i *rds.Instance) { i.Engine = S("mysql") }), Want: na},

		ctest.Case{Name: "window", Control: "ONUS-RDS-018", Estate: cluster(func(c *rds.Cluster) { c.Engine, c.BacktrackWindow = S("aurora-mysql"), I(86400) }), Want: pass},
		ctest.Case{Name: "off", Control: "ONUS-RDS-018", Estate: cfnCluster(func(c *rds.Cluster) {
			c.Engine, c.BacktrackWindow, c.EngineMode = S("aurora-mysql"), I(0), S("provisioned")
		}), Want: fail},
		ctest.Case{Name: "serverless v1", Control: "ONUS-RDS-018", Estate: cluster(func(c *rds.Cluster) {
			c.Engine, c.BacktrackWindow, c.EngineMode = S("aurora-mysql"), I(0), S("serverless")
		}), Want: na, Reason: "Aurora Serverless v1 (engine mode serverless) does not support backtracking"},
		ctest.Case{Name: "off, mode unknown", Control: "ONUS-RDS-018", Estate: cluster(func(c *rds.Cluster) {
			c.Engine, c.BacktrackWindow, c.EngineMode = S("aurora-mysql"), I(0), ctest.U[string]("var.mode has no value")
		}), Want: unk, Reason: "unless the cluster is Aurora Serverless v1, which does not support backtracking: its engine mode is unknown (var.mode has no value)"},
		ctest.Case{Name: "cluster off", Control: "ONUS-RDS-007", Estate: cluster(func(c *rds.Cluster) {
			c.Engine, c.IAMAuth, c.EngineMode = S("aurora-postgresql"), K(false), S("provisioned")
		}), Want: fail},
		ctest.Case{Name: "serverless v1", Control: "ONUS-RDS-007", Estate: cluster(func(c *rds.Cluster) {
			c.Engine, c.IAMAuth, c.EngineMode = S("aurora-postgresql"), K(false), S("serverless")
		}), Want: na, Reason: "does not support IAM database authentication"},
		ctest.Case{Name: "unknown", Control: "ONUS-RDS-018", Estate: cluster(func(c *rds.Cluster) { c.Engine = S("aurora-mysql") }), Want: unk},
		ctest.Case{Name: "postgres", Control: "ONUS-RDS-018", Estate: cluster(func(c *rds.Cluster) { c.Engine = S("aurora-postgresql") }), Want: na},
	)
	ctest.Run(t, Controls(), append(cases, newCases()...))
}

package cloudformation

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

func (b *builder) dbInstance(c *rctx) {
	db := &rds.Instance{Meta: c.meta}
	db.Identifier = c.strOrUnknown("DBInstanceIdentifier not set: CloudFormation generates it at deploy time", "DBInstanceIdentifier")
	db.Engine = c.strOrUnknown("Engine not set", "Engine")
	if !c.has("Engine") && c.has("SourceDBInstanceIdentifier") {
		// replicaOf replaces it when the source is in the template.
		db.Engine = source.UnknownIn[string](c.t.batch, "Engine not set: a read replica runs its source instance's engine", c.prov())
	}
	db.EngineVersion = c.strOrUnknown("EngineVersion not set: RDS picks the default version at deploy time", "EngineVersion")
	db.ClusterID = c.strOr("", "DBClusterIdentifier")
	db.StorageEncrypted = c.boolOr(false, "StorageEncrypted")
	if c.get("StorageEncrypted") == nil && c.has("SourceDBInstanceIdentifier") {
		db.StorageEncrypted = source.UnknownIn[bool](c.t.batch, "a read replica inherits the source instance's encryption", c.prov())
	}
	if c.get("StorageEncrypted") == nil && c.has("DBSnapshotIdentifier") {
		db.StorageEncrypted = source.UnknownIn[bool](c.t.batch, "an instance restored from a snapshot inherits the snapshot's encryption", c.prov())
	}
	if c.get("StorageEncrypted") == nil && c.has("KmsKeyId") {
		db.StorageEncrypted = known(c, true, c.get("KmsKeyId").loc)
	}
	db.KMSKeyID = c.strOr("", "KmsKeyId")
	if !c.has("KmsKeyId") && c.has("SourceDBInstanceIdentifier") {
		db.KMSKeyID = source.UnknownIn[string](c.t.batch, "a read replica in the source's region is encrypted with the source instance's key", c.prov())
	}
	if !c.has("KmsKeyId") && c.has("DBSnapshotIdentifier") {
		db.KMSKeyID = source.UnknownIn[string](c.t.batch, "an instance restored from a snapshot keeps the snapshot's key", c.prov())
	}
	db.PubliclyAccessible = b.dbPublic(c)
	db.BackupRetention = c.intOr(1, "BackupRetentionPeriod")
	db.DeletionProtection = c.boolOr(false, "DeletionProtection")
	db.AutoMinorUpgrade = c.boolOr(true, "AutoMinorVersionUpgrade")
	db.IAMAuth = c.boolOr(false, "EnableIAMDatabaseAuthentication")
	db.MultiAZ = c.boolOr(false, "MultiAZ")
	db.CopyTagsToSnapshot = c.boolOr(false, "CopyTagsToSnapshot")
	db.MonitoringInterval = c.intOr(0, "MonitoringInterval")
	db.LogExports = c.strsOr(nil, "EnableCloudwatchLogsExports")
	db.SecurityGroups = c.strsOr(nil, "VPCSecurityGroups")
	db.ManagedMasterPassword = c.boolOr(false, "ManageMasterUserPassword")
	db.MasterPassword = c.password("MasterUserPassword")
	db.MasterUsername = c.strOrUnknown("MasterUsername not set: it comes from the snapshot, replica source or cluster", "MasterUsername")
	db.ParameterGroup = c.strOr("", "DBParameterGroupName")
	db.SubnetIDs = b.dbSubnets(c)
	db.DefaultPort = source.KnownAt(!c.has("Port"), c.site())
	if !c.has("Port") && c.has("SourceDBInstanceIdentifier") {
		// replicaOf replaces it when the source is in the template.
		db.DefaultPort = source.UnknownIn[bool](c.t.batch, "a read replica without Port listens on its source instance's port", c.prov())
	}
	if p := c.get("Port"); p != nil {
		db.DefaultPort = portIsDefault(c.integer(p), db.Engine)
	}
	b.est.RDSInstances = append(b.est.RDSInstances, db)
	b.byID[c.r.id] = db
	b.replicaOf(c, db)
}

// replicaOf fills what a read replica takes from a source instance of the
// same template (SourceDBInstanceIdentifier: !Ref Source, so the same
// region): its engine, its master user name, and, unless the replica sets
// them, its encryption and KMS key (CreateDBInstanceReadReplica: a replica
// in the source's region is encrypted with the source's key).
func (b *builder) replicaOf(c *rctx, db *rds.Instance) {
	src := c.get("SourceDBInstanceIdentifier")
	if src == nil || src.ref == "" {
		return
	}
	if r, ok := b.t.resources[src.ref]; !ok || r.typ != "AWS::RDS::DBInstance" {
		return
	}
	id := src.ref
	ownEngine, ownUser := c.has("Engine"), c.has("MasterUsername")
	var port *source.Value[int]
	if p := c.get("Port"); p != nil {
		v := c.integer(p)
		port = &v
	}
	ownEnc, ownKey := c.get("StorageEncrypted") != nil || c.has("KmsKeyId"), c.has("KmsKeyId")
	b.inherits = append(b.inherits, func() {
		s, ok := b.byID[id].(*rds.Instance)
		if !ok || s == db {
			return
		}
		if !ownEngine {
			db.Engine = s.Engine
		}
		switch {
		case port == nil:
			db.DefaultPort = s.DefaultPort
		case !ownEngine:
			db.DefaultPort = portIsDefault(*port, db.Engine)
		}
		if !ownUser {
			db.MasterUsername = s.MasterUsername
		}
		if !ownEnc {
			db.StorageEncrypted = s.StorageEncrypted
		}
		if !ownKey {
			db.KMSKeyID = s.KMSKeyID
		}
	})
}

// portIsDefault compares a port with its engine's default; an unknown
// engine (a parameter without value, a replica's engine taken from a
// source outside the template) leaves it unknown: 3306 or 5432 may be the
// default of the engine it turns out to be.
func portIsDefault(port source.Value[int], engine source.Value[string]) source.Value[bool] {
	n, ok := port.Get()
	if !ok {
		return source.Map(port, func(int) bool { return false })
	}
	e, ok := engine.Get()
	if !ok {
		return source.Unknown[bool](fmt.Sprintf("port %d may be the engine's default: the engine is unknown (%s)", n, engine.Reason()), port.Prov())
	}
	return source.Map(port, func(n int) bool { return n == defaultPort(e) })
}

func defaultPort(engine string) int {
	switch {
	case strings.Contains(engine, "postgres"):
		return 5432
	case strings.Contains(engine, "mysql"), strings.Contains(engine, "mariadb"), engine == "aurora":
		return 3306
	case strings.HasPrefix(engine, "oracle"):
		return 1521
	case strings.HasPrefix(engine, "sqlserver"):
		return 1433
	case strings.HasPrefix(engine, "db2"):
		return 50000
	}
	return -1
}

// dbPublic applies RDS's default for PubliclyAccessible: public when the
// instance's VPC has an internet gateway, private otherwise.
func (b *builder) dbPublic(c *rctx) source.Value[bool] {
	if v := c.get("PubliclyAccessible"); v != nil {
		return c.boolean(v)
	}
	if c.has("DBClusterIdentifier") {
		return source.KnownAt(false, c.site())
	}
	sgName := c.get("DBSubnetGroupName")
	if sgName == nil {
		return source.KnownAt(true, c.site()) // the default VPC has an internet gateway
	}
	grp := b.subnetGroups[refOf(sgName)]
	if grp == nil {
		return source.UnknownIn[bool](c.t.batch, "PubliclyAccessible not set and the DB subnet group is not in this template: RDS decides by whether its VPC has an internet gateway", c.prov())
	}
	ids, unk := grp.items("SubnetIds")
	if unk != nil {
		return unknownAt[bool](c, unk.s, unk.loc)
	}
	vpc := ""
	for _, id := range ids {
		sub := b.subnets[refOf(id)]
		if sub == nil {
			return source.UnknownIn[bool](c.t.batch, "PubliclyAccessible not set and a subnet of the DB subnet group is not in this template", c.prov())
		}
		vpc = refOf(sub.get("VpcId"))
	}
	if _, ok := b.t.resources[vpc]; !ok || vpc == "" {
		return source.UnknownIn[bool](c.t.batch, "PubliclyAccessible not set and the subnets' VPC is not in this template", c.prov())
	}
	return source.KnownAt(b.igwVPCs[vpc], c.site())
}

// password reads a master password: a literal (or a parameter Default) is
// a secret in code; a dynamic reference or a parameter given at deploy
// time is not, and reads as known "".
func (c *rctx) password(prop string) source.Value[string] {
	v := c.get(prop)
	switch {
	case v == nil:
		return source.KnownAt("", c.site())
	case v.k == kUnknown && v.noDefault:
		return known(c, "", v.loc)
	case v.k == kScalar && strings.HasPrefix(v.s, "{{resolve:"):
		return known(c, "", v.loc)
	}
	return c.str(v)
}

func (b *builder) dbCluster(c *rctx) {
	cl := &rds.Cluster{Meta: c.meta}
	cl.Identifier = c.strOrUnknown("DBClusterIdentifier not set: CloudFormation generates it at deploy time", "DBClusterIdentifier")
	cl.Engine = c.strOrUnknown("Engine not set", "Engine")
	cl.StorageEncrypted = c.boolOr(false, "StorageEncrypted")
	if c.get("StorageEncrypted") == nil {
		switch {
		case c.has("KmsKeyId"):
			cl.StorageEncrypted = known(c, true, c.get("KmsKeyId").loc)
		case c.has("SnapshotIdentifier") || c.has("SourceDBClusterIdentifier"):
			cl.StorageEncrypted = source.UnknownIn[bool](c.t.batch, "a restored or cloned cluster inherits its source's encryption", c.prov())
		case c.text(c.get("EngineMode")) == "serverless":
			cl.StorageEncrypted = source.KnownAt(true, c.site()) // Aurora Serverless v1 is always encrypted
		}
	}
	cl.KMSKeyID = c.strOr("", "KmsKeyId")
	cl.BackupRetention = c.intOr(1, "BackupRetentionPeriod")
	cl.DeletionProtection = c.boolOr(false, "DeletionProtection")
	cl.IAMAuth = c.boolOr(false, "EnableIAMDatabaseAuthentication")
	cl.MultiAZ = source.UnknownIn[bool](c.t.batch, "Multi-AZ depends on the Availability Zones of the cluster's instances", c.prov())
	if az := c.get("AvailabilityZones"); az != nil {
		cl.MultiAZ = source.Map(c.strs(az), func(l []string) bool { return len(l) > 1 })
	}
	cl.CopyTagsToSnapshot = c.boolOr(false, "CopyTagsToSnapshot")
	cl.LogExports = c.strsOr(nil, "EnableCloudwatchLogsExports")
	cl.AutoMinorUpgrade = c.boolOr(true, "AutoMinorVersionUpgrade")
	cl.ManagedMasterPassword = c.boolOr(false, "ManageMasterUserPassword")
	cl.MasterPassword = c.password("MasterUserPassword")
	cl.MasterUsername = c.strOrUnknown("MasterUsername not set: it comes from the snapshot or source cluster", "MasterUsername")
	cl.BacktrackWindow = c.intOr(0, "BacktrackWindow")
	cl.ParameterGroup = c.strOr("", "DBClusterParameterGroupName")
	cl.EngineMode = c.strOr("provisioned", "EngineMode")
	b.est.RDSClusters = append(b.est.RDSClusters, cl)
	b.byID[c.r.id] = cl
}

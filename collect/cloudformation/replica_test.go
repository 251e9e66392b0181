package cloudformation

import "testing"

// A read replica without KmsKeyId or DBSubnetGroupName takes its source's
// key and subnet group: neither is the AWS managed key or the default VPC
// by default (ONUS-RDS-004 and ONUS-RDS-027 used to FAIL it on those
// grounds). When the source is an instance of the same template (so the
// same region) its engine, encryption, key, master user and port are the
// replica's too; from a source outside the template they are unknown, and
// a Port the replica sets cannot be compared with an unknown engine's
// default (ONUS-RDS-015 used to PASS 3306 there).
func TestReadReplicaInherits(t *testing.T) {
	e, d := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  EngineParam: {Type: String, AllowedValues: [mysql, postgres]}
Resources:
  ParamEngine:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: !Ref EngineParam, DBInstanceClass: db.t3.micro, Port: "5432", MasterUsername: app}
  Replica:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: !Ref Primary, DBInstanceClass: db.t3.micro}
  Primary:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, StorageEncrypted: true, MasterUsername: app}
  CMKPrimary:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: mysql, DBInstanceClass: db.t3.micro, KmsKeyId: alias/db, MasterUsername: admin, Port: "3307"}
  CMKReplica:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: !Ref CMKPrimary, DBInstanceClass: db.t3.micro}
  PortReplica:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: !Ref CMKPrimary, DBInstanceClass: db.t3.micro, Port: "3306"}
  External:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: "arn:aws:rds:us-east-1:111122223333:db:src", DBInstanceClass: db.t3.micro, Port: "3306"}
  ExternalNoPort:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: "arn:aws:rds:us-east-1:111122223333:db:src", DBInstanceClass: db.t3.micro}
  Restored:
    Type: AWS::RDS::DBInstance
    Properties: {DBSnapshotIdentifier: snap-1, DBInstanceClass: db.t3.micro}
`, Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	type view struct{ key, subnets, engine, encrypted, user, defaultPort string }
	got := map[string]view{}
	for _, i := range e.RDSInstances {
		got[i.Address] = view{state(i.KMSKeyID), state(i.SubnetIDs), state(i.Engine), state(i.StorageEncrypted), state(i.MasterUsername), state(i.DefaultPort)}
	}
	for k, w := range map[string]view{
		"Primary":        {"", "[]", "postgres", "true", "app", "true"},
		"Replica":        {"", "UNKNOWN", "postgres", "true", "app", "true"},
		"CMKReplica":     {"alias/db", "UNKNOWN", "mysql", "true", "admin", "false"},
		"PortReplica":    {"alias/db", "UNKNOWN", "mysql", "true", "admin", "true"},
		"External":       {"UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN"},
		"ExternalNoPort": {"UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN"},
		"Restored":       {"UNKNOWN", "[]", "UNKNOWN", "UNKNOWN", "UNKNOWN", "true"},
		// 5432 is postgres's default, not mysql's: unknown until the parameter is.
		"ParamEngine": {"", "[]", "UNKNOWN", "false", "app", "UNKNOWN"},
	} {
		if got[k] != w {
			t.Errorf("%s: %+v, want %+v", k, got[k], w)
		}
	}
}

package cloudformation

import "testing"

// A read replica without KmsKeyId or DBSubnetGroupName takes its source's
// key and subnet group: neither is the AWS managed key or the default VPC
// (ONUS-RDS-004 and ONUS-RDS-027 used to FAIL it on those grounds).
func TestReadReplicaInheritsKeyAndSubnets(t *testing.T) {
	e, d := loadString(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Primary:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, StorageEncrypted: true, MasterUsername: app}
  Replica:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: !Ref Primary, DBInstanceClass: db.t3.micro}
  Restored:
    Type: AWS::RDS::DBInstance
    Properties: {DBSnapshotIdentifier: snap-1, DBInstanceClass: db.t3.micro}
`, Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	got := map[string][2]string{}
	for _, i := range e.RDSInstances {
		got[i.Address] = [2]string{state(i.KMSKeyID), state(i.SubnetIDs)}
	}
	want := map[string][2]string{
		"Primary":  {"", "[]"},
		"Replica":  {"UNKNOWN", "UNKNOWN"},
		"Restored": {"UNKNOWN", "[]"},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: key, subnets = %q, want %q", k, got[k], w)
		}
	}
}

package terraform

import "testing"

// A read replica without kms_key_id or db_subnet_group_name takes its
// source's key and subnet group (the same-region case); a snapshot restore
// keeps the snapshot's key.
func TestReadReplicaInheritsKeyAndSubnets(t *testing.T) {
	e, d := load(t, tf(`
resource "aws_db_instance" "primary" {
  engine            = "postgres"
  storage_encrypted = true
}
resource "aws_db_instance" "replica" {
  replicate_source_db  = aws_db_instance.primary.identifier
  db_subnet_group_name = ""
}
resource "aws_db_instance" "restored" {
  snapshot_identifier = "snap-1"
}
`), Options{})
	noErrors(t, d)
	got := map[string][2]bool{}
	for _, i := range e.RDSInstances {
		_, k := i.KMSKeyID.Get()
		_, s := i.SubnetIDs.Get()
		got[i.Address] = [2]bool{k, s}
	}
	want := map[string][2]bool{
		"aws_db_instance.primary":  {true, true},
		"aws_db_instance.replica":  {false, false},
		"aws_db_instance.restored": {false, true},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: key known, subnets known = %v, want %v", k, got[k], w)
		}
	}
}

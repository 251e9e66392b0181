package terraform

import (
	"context"
	"os"
	"testing"
)

func TestLoadPlanExample(t *testing.T) {
	e, d := LoadPlan(context.Background(), "../../examples/terraform/plan/plan.json")
	noErrors(t, d)
	if len(e.S3Buckets) != 1 || len(e.SecurityGroups) != 1 || len(e.RDSInstances) != 1 {
		t.Fatalf("resources: %d buckets, %d groups, %d databases", len(e.S3Buckets), len(e.SecurityGroups), len(e.RDSInstances))
	}
	b := e.S3Buckets[0]
	unknown(t, "bucket name", b.Name, "bucket_prefix")
	// The split resources' bucket is unknown until apply; the plan's
	// configuration references still join them.
	if enc := known(t, "encryption", b.Encryption); enc == nil || enc.Algorithm != "aws:kms" {
		t.Fatalf("encryption %+v", enc)
	}
	if pab := known(t, "pab", b.PublicAccessBlock); pab == nil || !known(t, "block acls", pab.BlockPublicACLs) {
		t.Fatal("public access block not joined")
	}
	if b.Loc.Start.Line == 0 || b.Loc.File != "../../examples/terraform/plan/plan.json" {
		t.Fatalf("location %v", b.Loc)
	}
	in := known(t, "ingress", e.SecurityGroups[0].Ingress)
	if len(in) != 1 || known(t, "cidrs", in[0].CIDRs)[0] != "0.0.0.0/0" || known(t, "ports", in[0].Ports).From != 22 {
		t.Fatalf("ingress %+v", in)
	}
	db := e.RDSInstances[0]
	if db.Address != "module.db.aws_db_instance.main" || db.Module != "module.db" {
		t.Fatalf("db address %q module %q", db.Address, db.Module)
	}
	if !known(t, "public", db.PubliclyAccessible) || known(t, "retention", db.BackupRetention) != 7 {
		t.Fatal("db values")
	}
	// Not set in the configuration: the AWS default applies.
	if known(t, "encrypted", db.StorageEncrypted) {
		t.Fatal("storage_encrypted defaults to false")
	}
	if db.Region != "eu-west-1" {
		t.Fatalf("region %q", db.Region)
	}
}

func TestPlanAfterUnknownStaysUnknown(t *testing.T) {
	// Without a configuration section there is no way to tell a provider
	// default from a computed value: unknown stays unknown.
	src := `{"format_version":"1.2","resource_changes":[{"address":"aws_db_instance.d","mode":"managed","type":"aws_db_instance","name":"d",
"change":{"actions":["create"],"after":{"identifier":"d","engine":"postgres"},"after_unknown":{"storage_encrypted":true}}}]}`
	e, d := loadPlanBytes(context.Background(), "p.json", []byte(src))
	noErrors(t, d)
	unknown(t, "storage_encrypted", e.RDSInstances[0].StorageEncrypted, "known after apply")
}

func TestIsPlanJSON(t *testing.T) {
	plan, err := os.ReadFile("../../examples/terraform/plan/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		want bool
	}{
		{string(plan), true},
		{`{"format_version":"1.0","resource_changes":[]}`, true},
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, false},
		{`{"format_version":"1.0"}`, false},
		{`not json`, false},
		{``, false},
	}
	for _, c := range cases {
		if got := IsPlanJSON([]byte(c.in)); got != c.want {
			t.Errorf("IsPlanJSON(%.40q) = %v", c.in, got)
		}
	}
}

func TestPlanSyntaxErrorHasLine(t *testing.T) {
	_, d := loadPlanBytes(context.Background(), "p.json", []byte("{\n\"format_version\": \"1.2\",\n  x\n}"))
	if !d.HasErrors() || d[0].Subject.Start.Line != 3 {
		t.Fatalf("want an error on line 3, got %v", d)
	}
}

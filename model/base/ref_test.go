package base

import (
	"sync"
	"testing"

	"github.com/onus-sec/onus/source"
)

func TestSharedRef(t *testing.T) {
	tags := map[string]string{"env": "prod"}
	m := &Meta{Type: "AWS::S3::Bucket", Address: "Logs", Region: "eu-west-1", Source: source.CloudFormation,
		Tags: source.Known(tags, source.Prov{}), Ignores: []Ignore{{Control: "ONUS-S3-001"}}}
	a := m.SharedRef()
	if b := m.SharedRef(); a != b {
		t.Fatal("two calls on an unchanged header made two Refs")
	}
	if want := RefOf(m); a.Address != want.Address || a.Type != want.Type || len(a.Tags) != 1 {
		t.Fatalf("shared Ref %+v is not RefOf", a)
	}
	// A check may reuse one header for several resources.
	m.Address = "Data"
	if c := m.SharedRef(); c == a || c.Address != "Data" {
		t.Fatalf("changed header kept the old Ref: %+v", c)
	}
	d := m.SharedRef()
	m.Tags = source.Known(map[string]string{"env": "prod"}, source.Prov{})
	if e := m.SharedRef(); e == d {
		t.Fatal("replaced tag map kept the old Ref")
	}
	m.Ignores = append([]Ignore(nil), m.Ignores...)
	f := m.SharedRef()
	if f.Ignores[0].Control != "ONUS-S3-001" {
		t.Fatal("ignores lost")
	}
	// A copy of the header carries the Ref; it stays valid while equal.
	cp := *m
	if cp.SharedRef() != f {
		t.Fatal("an unchanged copy did not share the Ref")
	}
	cp.Region = "us-east-1"
	if g := cp.SharedRef(); g == f || g.Region != "us-east-1" || m.SharedRef() != f {
		t.Fatal("a changed copy disturbed the original's Ref")
	}
	empty := &Meta{Address: "x"}
	if r := empty.SharedRef(); r.Tags != nil || r.Address != "x" {
		t.Fatalf("empty header: %+v", r)
	}
}

// TestSharedRefConcurrent runs under -race in CI-like runs: controls ask
// for the same resource's Ref from many goroutines.
func TestSharedRefConcurrent(t *testing.T) {
	m := &Meta{Type: "AWS::SQS::Queue", Address: "Q"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if r := m.SharedRef(); r.Address != "Q" {
					t.Error("wrong Ref")
					return
				}
			}
		}()
	}
	wg.Wait()
}

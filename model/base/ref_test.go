package base

import (
	"testing"

	"github.com/onus-sec/onus/source"
)

func TestSharedRefIsTheHeader(t *testing.T) {
	m := &Meta{Type: "AWS::S3::Bucket", Address: "Logs", Region: "eu-west-1", Source: source.CloudFormation}
	if m.SharedRef() != m {
		t.Fatal("SharedRef is not the header itself")
	}
	// RefOf is a copy: a later change to the header does not reach it.
	r := RefOf(m)
	m.Address = "Data"
	if r.Address != "Logs" {
		t.Fatalf("RefOf followed a change to its header: %q", r.Address)
	}
}

func TestTagMap(t *testing.T) {
	tags := map[string]string{"env": "prod"}
	for _, c := range []struct {
		name string
		v    source.Value[map[string]string]
		want int
	}{
		{"known", source.Known(tags, source.Prov{}), 1},
		{"empty", source.Known(map[string]string{}, source.Prov{}), -1},
		{"unknown", source.Unknown[map[string]string]("computed", source.Prov{}), -1},
		{"unset", source.Value[map[string]string]{}, -1},
	} {
		got := (&Meta{Tags: c.v}).TagMap()
		if c.want < 0 && got != nil || c.want >= 0 && len(got) != c.want {
			t.Errorf("%s: TagMap = %v", c.name, got)
		}
	}
}

package snapshot

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onus-sec/onus/diag"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

func sample(t *testing.T) *model.Estate {
	t.Helper()
	o := source.Origin{APICall: "s3:GetBucketPolicy", ARN: "arn:aws:s3:::b", Region: "eu-west-1", Account: "123456789012"}
	pol, err := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return &model.Estate{
		AccountWide: true, ScannedRegions: []string{"eu-west-1"},
		S3Buckets: []*s3.Bucket{{
			Meta:       base.Meta{Type: "AWS::S3::Bucket", Address: "arn:aws:s3:::b", ARN: "arn:aws:s3:::b", Account: "123456789012", Region: "eu-west-1", Source: source.AWS, Origin: base.LiveOrigin(o)},
			Name:       source.Known("b", source.From(o)),
			Policy:     source.Known(pol, source.From(o)),
			Encryption: source.Unknown[*s3.Encryption]("s3:GetBucketEncryption: AccessDenied (permission denied)", source.From(o)),
			Versioning: source.Known[*s3.Versioning](nil, source.From(o)),
		}},
		EBSVolumes: []*ec2.Volume{{Meta: base.Meta{Type: "AWS::EC2::Volume", Address: "vol-1", Source: source.AWS}, Encrypted: source.Known(false, source.Prov{})}},
		Gaps:       []model.Gap{{Type: "AWS::CloudTrail::Trail", Region: "eu-west-1", APICall: "cloudtrail:DescribeTrails", Reason: "cloudtrail:DescribeTrails: AccessDenied"}},
	}
}

func TestRoundTrip(t *testing.T) {
	e := sample(t)
	var buf bytes.Buffer
	ds := diag.List{{Severity: diag.Warning, Summary: "AccessDenied", Origin: source.Origin{APICall: "s3:GetBucketEncryption"}}}
	if err := Write(&buf, e, ds); err != nil {
		t.Fatal(err)
	}
	back, bds, err := Read(bytes.NewReader(buf.Bytes()), "snap.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(bds) != 1 || bds[0].Origin.APICall != "s3:GetBucketEncryption" {
		t.Fatalf("diagnostics lost: %+v", bds)
	}
	b := back.S3Buckets[0]
	if b.Source != source.Snapshot || back.EBSVolumes[0].Source != source.Snapshot {
		t.Fatalf("source = %q, want snapshot", b.Source)
	}
	if b.Origin.APICall != "s3:GetBucketPolicy" || b.ARN != "arn:aws:s3:::b" {
		t.Fatalf("meta lost: %+v", b.Meta)
	}
	if _, ok := b.Encryption.Get(); ok || b.Encryption.Reason() != "s3:GetBucketEncryption: AccessDenied (permission denied)" {
		t.Fatalf("unknown lost: %+v", b.Encryption)
	}
	if v, ok := b.Versioning.Get(); !ok || v != nil {
		t.Fatalf("known nil lost: %+v", b.Versioning)
	}
	p, ok := b.Policy.Get()
	if !ok || p == nil || len(p.Statements) != 1 || p.Statements[0].Principal == nil || !p.Statements[0].Principal.All {
		t.Fatalf("policy lost: %+v", p)
	}
	if b.Policy.Prov().Origin.APICall != "s3:GetBucketPolicy" {
		t.Fatalf("provenance lost: %+v", b.Policy.Prov())
	}
	if !back.AccountWide || len(back.ScannedRegions) != 1 || len(back.Gaps) != 1 {
		t.Fatalf("estate header lost: %+v", back)
	}
	if enc, ok := back.EBSVolumes[0].Encrypted.Get(); !ok || enc {
		t.Fatal("known false lost")
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"syntax", `{"format":`, "not a snapshot"},
		{"format", `{"format":"other","version":1,"schema_version":1,"estate":{}}`, "not an onus snapshot"},
		{"version", `{"format":"onus-snapshot","version":99,"schema_version":1,"estate":{}}`, "version 99 not supported"},
		{"schema", `{"format":"onus-snapshot","version":1,"schema_version":42,"estate":{}}`, "schema 42"},
		{"no estate", `{"format":"onus-snapshot","version":1,"schema_version":1}`, "no estate"},
		{"type", `{"format":"onus-snapshot","version":1,"schema_version":1,"estate":{"s3_buckets":5}}`, "not a valid snapshot"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read(strings.NewReader(c.in), "x.json")
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "x.json") {
				t.Fatalf("err = %v, want %q naming the file", err, c.want)
			}
		})
	}
}

func TestWriteNil(t *testing.T) {
	if err := Write(&bytes.Buffer{}, nil, nil); err == nil {
		t.Fatal("nil estate accepted")
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	e := &model.Estate{S3Buckets: []*s3.Bucket{{Meta: base.Meta{Address: "b"}, Name: source.Known("b", source.Prov{})}}}
	if err := Write(&buf, e, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"onus-snapshot","version":1,"schema_version":1,"estate":{"s3_buckets":[null]}}`))
	f.Add([]byte(`{"format":"onus-snapshot","version":1,"schema_version":1,"estate":{"s3_buckets":[{"policy":{"known":true,"value":{"Statement":7}}}]}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, _, err := Read(bytes.NewReader(b), "fuzz.json")
		if err == nil && e == nil {
			t.Fatal("nil estate without error")
		}
	})
}

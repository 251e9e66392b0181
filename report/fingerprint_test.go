package report

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/source"
)

// fingerprintRef is the fingerprint as first written, which baselines and
// SARIF alerts of earlier runs hold: the fast one must not change it.
func fingerprintRef(res *control.Result) string {
	id := ""
	if res.Control != nil {
		id = res.Control.ID
	}
	who := res.Resource.ARN
	if who == "" {
		who = res.Resource.Address
	}
	dir := ""
	if f := res.Resource.Loc.File; f != "" {
		dir = path.Dir(f)
	} else if f := res.Location().File; f != "" {
		dir = path.Dir(f)
	}
	h := sha256.New()
	for _, part := range []string{"v1", id, string(res.Resource.Source), res.Resource.Account, res.Resource.Region, who, res.Resource.Module, dir} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func TestFingerprintUnchanged(t *testing.T) {
	c := &control.Control{ID: "ONUS-S3-001"}
	long := strings.Repeat("arn:aws:s3:::very-long-bucket-name/", 30) // past the stack buffer
	cases := []struct {
		name string
		meta base.Meta
		ev   []control.Evidence
		ctl  *control.Control
	}{
		{"code", base.Meta{Address: "aws_s3_bucket.b", Source: source.Terraform, Loc: source.Loc{File: "infra/main.tf", Start: source.Pos{Line: 3}}}, nil, c},
		{"live", base.Meta{Address: "b", ARN: "arn:aws:s3:::b", Account: "123456789012", Region: "eu-west-1", Source: source.AWS}, nil, c},
		{"evidence location", base.Meta{Address: "Bucket", Source: source.CloudFormation},
			[]control.Evidence{control.Ev("x", source.Prov{Loc: source.Loc{File: "stacks/a/t.yaml", Start: source.Pos{Line: 9}}})}, c},
		{"module", base.Meta{Address: "module.m.aws_s3_bucket.b", Module: "module.m", Source: source.Terraform}, nil, c},
		{"long", base.Meta{Address: long, ARN: long, Module: long, Source: source.AWS}, nil, c},
		{"no control", base.Meta{Address: "a"}, nil, nil},
	}
	for _, tc := range cases {
		res := control.On(&tc.meta).Fail("r", tc.ev...)
		res.Control = tc.ctl
		want := fingerprintRef(&res)
		if got := Fingerprint(&res); got != want {
			t.Errorf("%s: Fingerprint = %s, want %s", tc.name, got, want)
		}
		if got := string(AppendFingerprint([]byte("x"), &res)); got != "x"+want {
			t.Errorf("%s: AppendFingerprint = %s, want x%s", tc.name, got, want)
		}
	}
}

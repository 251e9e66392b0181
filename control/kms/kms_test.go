package kms

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/kms"
)

func key(f func(*kms.Key)) *model.Estate {
	k := &kms.Key{Meta: ctest.TF("aws_kms_key", "k"), Manager: ctest.K("CUSTOMER"), KeySpec: ctest.K("SYMMETRIC_DEFAULT")}
	f(k)
	return &model.Estate{KMSKeys: []*kms.Key{k}}
}

func liveKey(f func(*kms.Key)) *model.Estate {
	e := key(f)
	e.KMSKeys[0].Meta = ctest.Live("AWS::KMS::Key", "arn:aws:kms:eu-west-1:111122223333:key/k")
	return e
}

func pol(t *testing.T, doc string) *iampolicy.Policy {
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
		na   = control.NotApplicable
	)
	owner := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}`
	cases := []ctest.Case{
		{Name: "on", Control: "ONUS-KMS-001", Estate: key(func(k *kms.Key) { k.RotationEnabled = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-KMS-001", Estate: key(func(k *kms.Key) { k.RotationEnabled = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-KMS-001", Estate: key(func(*kms.Key) {}), Want: unk},
		{Name: "spec unknown", Control: "ONUS-KMS-001", Estate: key(func(k *kms.Key) { k.RotationEnabled, k.KeySpec = ctest.K(false), ctest.U[string]("var.spec") }), Want: unk},
		{Name: "asymmetric", Control: "ONUS-KMS-001", Estate: key(func(k *kms.Key) { k.KeySpec, k.RotationEnabled = ctest.K("RSA_2048"), ctest.K(false) }), Want: na},
		{Name: "aws managed", Control: "ONUS-KMS-001", Estate: key(func(k *kms.Key) { k.Manager = ctest.K("AWS") }), Want: na},

		{Name: "owner only", Control: "ONUS-KMS-002", Estate: liveKey(func(k *kms.Key) { k.Policy = ctest.K(pol(t, owner)) }), Want: pass},
		{Name: "public", Control: "ONUS-KMS-002", Estate: liveKey(func(k *kms.Key) { k.Policy = ctest.K(pol(t, public)) }), Want: fail},
		{Name: "unknown", Control: "ONUS-KMS-002", Estate: key(func(*kms.Key) {}), Want: unk},

		{Name: "enabled", Control: "ONUS-KMS-003", Estate: liveKey(func(k *kms.Key) { k.State = ctest.K("Enabled") }), Want: pass},
		{Name: "pending", Control: "ONUS-KMS-003", Estate: liveKey(func(k *kms.Key) { k.State = ctest.K("PendingDeletion") }), Want: fail},
		{Name: "denied", Control: "ONUS-KMS-003", Estate: liveKey(func(k *kms.Key) { k.State = ctest.U[string]("AccessDenied on kms:DescribeKey") }), Want: unk},
		{Name: "code", Control: "ONUS-KMS-003", Estate: key(func(*kms.Key) {}), Want: na},
	}
	ctest.Run(t, Controls(), cases)
}

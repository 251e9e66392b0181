package sqs

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/sqs"
)

func q(f func(*sqs.Queue)) *model.Estate {
	x := &sqs.Queue{Meta: ctest.TF("aws_sqs_queue", "q"), Name: ctest.K("q")}
	f(x)
	return &model.Estate{SQSQueues: []*sqs.Queue{x}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	pub, err := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []ctest.Case{
		{Name: "kms", Control: "ONUS-SQS-001", Estate: q(func(x *sqs.Queue) { x.KMSKeyID = ctest.K("alias/sqs") }), Want: control.Pass},
		{Name: "managed", Control: "ONUS-SQS-001", Estate: q(func(x *sqs.Queue) { x.SQSManagedSSE, x.KMSKeyID = ctest.K(true), ctest.K("") }), Want: control.Pass},
		{Name: "none", Control: "ONUS-SQS-001", Estate: q(func(x *sqs.Queue) { x.SQSManagedSSE, x.KMSKeyID = ctest.K(false), ctest.K("") }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-SQS-001", Estate: q(func(x *sqs.Queue) { x.KMSKeyID = ctest.K("") }), Want: control.Unknown},
		{Name: "no policy", Control: "ONUS-SQS-002", Estate: q(func(x *sqs.Queue) { x.Policy = ctest.K[*iampolicy.Policy](nil) }), Want: control.Pass},
		{Name: "public", Control: "ONUS-SQS-002", Estate: q(func(x *sqs.Queue) { x.Policy = ctest.K(pub) }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-SQS-002", Estate: q(func(*sqs.Queue) {}), Want: control.Unknown},
	}
	ctest.Run(t, Controls(), cases)
}

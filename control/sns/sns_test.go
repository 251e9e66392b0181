package sns

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/sns"
)

func topic(f func(*sns.Topic)) *model.Estate {
	x := &sns.Topic{Meta: ctest.TF("aws_sns_topic", "t"), Name: ctest.K("t")}
	f(x)
	return &model.Estate{SNSTopics: []*sns.Topic{x}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	pub, err := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Subscribe","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []ctest.Case{
		{Name: "kms", Control: "ONUS-SNS-001", Estate: topic(func(x *sns.Topic) { x.KMSKeyID = ctest.K("alias/aws/sns") }), Want: control.Pass},
		{Name: "none", Control: "ONUS-SNS-001", Estate: topic(func(x *sns.Topic) { x.KMSKeyID = ctest.K("") }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-SNS-001", Estate: topic(func(*sns.Topic) {}), Want: control.Unknown},
		{Name: "no policy", Control: "ONUS-SNS-002", Estate: topic(func(x *sns.Topic) { x.Policy = ctest.K[*iampolicy.Policy](nil) }), Want: control.Pass},
		{Name: "public", Control: "ONUS-SNS-002", Estate: topic(func(x *sns.Topic) { x.Policy = ctest.K(pub) }), Want: control.Fail},
		{Name: "unknown", Control: "ONUS-SNS-002", Estate: topic(func(*sns.Topic) {}), Want: control.Unknown},
	}
	ctest.Run(t, Controls(), cases)
}

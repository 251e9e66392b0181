package dynamodb

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/dynamodb"
)

func tbl(f func(*dynamodb.Table)) *model.Estate {
	t := &dynamodb.Table{Meta: ctest.TF("aws_dynamodb_table", "t")}
	f(t)
	return &model.Estate{DynamoDBTables: []*dynamodb.Table{t}}
}

func TestControls(t *testing.T) {
	ctest.Validate(t, Controls())
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
	)
	none := func(*dynamodb.Table) {}
	cases := []ctest.Case{
		{Name: "on", Control: "ONUS-DYNAMODB-001", Estate: tbl(func(t *dynamodb.Table) { t.PITR = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-DYNAMODB-001", Estate: tbl(func(t *dynamodb.Table) { t.PITR = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-DYNAMODB-001", Estate: tbl(none), Want: unk},

		{Name: "cmk", Control: "ONUS-DYNAMODB-002", Estate: tbl(func(t *dynamodb.Table) { t.SSEType, t.KMSKeyID = ctest.K("KMS"), ctest.K("arn:aws:kms:x:1:key/k") }), Want: pass},
		{Name: "owned", Control: "ONUS-DYNAMODB-002", Estate: tbl(func(t *dynamodb.Table) { t.SSEType = ctest.K("") }), Want: fail},
		{Name: "aws managed", Control: "ONUS-DYNAMODB-002", Estate: tbl(func(t *dynamodb.Table) { t.SSEType, t.KMSKeyID = ctest.K("KMS"), ctest.K("") }), Want: fail},
		{Name: "key unknown", Control: "ONUS-DYNAMODB-002", Estate: tbl(func(t *dynamodb.Table) { t.SSEType = ctest.K("KMS") }), Want: unk},

		{Name: "on", Control: "ONUS-DYNAMODB-003", Estate: tbl(func(t *dynamodb.Table) { t.DeletionProtection = ctest.K(true) }), Want: pass},
		{Name: "off", Control: "ONUS-DYNAMODB-003", Estate: tbl(func(t *dynamodb.Table) { t.DeletionProtection = ctest.K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-DYNAMODB-003", Estate: tbl(none), Want: unk},

		{Name: "on demand", Control: "ONUS-DYNAMODB-004", Estate: tbl(func(t *dynamodb.Table) { t.BillingMode = ctest.K("PAY_PER_REQUEST") }), Want: pass},
		{Name: "provisioned scaled", Control: "ONUS-DYNAMODB-004", Estate: tbl(func(t *dynamodb.Table) { t.BillingMode, t.AutoScaling = ctest.K("PROVISIONED"), ctest.K(true) }), Want: pass},
		{Name: "provisioned fixed", Control: "ONUS-DYNAMODB-004", Estate: tbl(func(t *dynamodb.Table) { t.BillingMode, t.AutoScaling = ctest.K("PROVISIONED"), ctest.K(false) }), Want: fail},
		{Name: "scaling unknown", Control: "ONUS-DYNAMODB-004", Estate: tbl(func(t *dynamodb.Table) { t.BillingMode = ctest.K("PROVISIONED") }), Want: unk},
	}
	dax := func(meta func(string, string) base.Meta, typ string, f func(*dynamodb.DAXCluster)) *model.Estate {
		c := &dynamodb.DAXCluster{Meta: meta(typ, "cache")}
		f(c)
		return &model.Estate{DAXClusters: []*dynamodb.DAXCluster{c}}
	}
	cases = append(cases,
		ctest.Case{Name: "sse", Control: "ONUS-DYNAMODB-005", Estate: dax(ctest.TF, "aws_dax_cluster", func(c *dynamodb.DAXCluster) { c.SSE = ctest.K(true) }), Want: pass},
		ctest.Case{Name: "tf default", Control: "ONUS-DYNAMODB-005", Estate: dax(ctest.TF, "aws_dax_cluster", func(c *dynamodb.DAXCluster) { c.SSE = ctest.K(false) }), Want: fail},
		ctest.Case{Name: "cfn default", Control: "ONUS-DYNAMODB-005", Estate: dax(ctest.CFN, "AWS::DAX::Cluster", func(c *dynamodb.DAXCluster) { c.SSE = ctest.K(false) }), Want: fail},
		ctest.Case{Name: "unknown", Control: "ONUS-DYNAMODB-005", Estate: dax(ctest.TF, "aws_dax_cluster", func(c *dynamodb.DAXCluster) { c.SSE = ctest.U[bool]("var.sse has no value") }), Want: unk},
		ctest.Case{Name: "tls", Control: "ONUS-DYNAMODB-006", Estate: dax(ctest.CFN, "AWS::DAX::Cluster", func(c *dynamodb.DAXCluster) { c.EndpointEncryption = ctest.K("TLS") }), Want: pass},
		ctest.Case{Name: "none", Control: "ONUS-DYNAMODB-006", Estate: dax(ctest.TF, "aws_dax_cluster", func(c *dynamodb.DAXCluster) { c.EndpointEncryption = ctest.K("NONE") }), Want: fail},
		ctest.Case{Name: "unknown", Control: "ONUS-DYNAMODB-006", Estate: dax(ctest.TF, "aws_dax_cluster", func(*dynamodb.DAXCluster) {}), Want: unk},
	)
	ctest.Run(t, Controls(), cases)
}

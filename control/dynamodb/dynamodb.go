package dynamodb

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/dynamodb"
	"github.com/onus-sec/onus/source"
)

// Controls returns the DynamoDB controls.
func Controls() []*control.Control {
	return []*control.Control{pitr(), cmk(), deletionProtection(), autoScaling(), daxAtRest(), daxInTransit()}
}

func tables(e *model.Estate) []*dynamodb.Table { return e.DynamoDBTables }

func daxClusters(e *model.Estate) []*dynamodb.DAXCluster { return e.DAXClusters }

func pitr() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-001", Title: "DynamoDB point-in-time recovery is enabled", Severity: control.Medium,
		Service: "dynamodb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("DynamoDB.2"), fw.Backup()),
		Rationale: "AWS keeps the table durable, but recovering from a bad write or deletion needs the " +
			"continuous backups that only the customer can turn on.",
		Checked: "Point-in-time recovery of every table: enabled passes; disabled fails.",
		Remediation: control.Remediation{
			Summary:        "Enable point-in-time recovery.",
			Terraform:      "resource \"aws_dynamodb_table\" \"t\" {\n  point_in_time_recovery {\n    enabled = true\n  }\n}",
			CloudFormation: "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    PointInTimeRecoverySpecification:\n      PointInTimeRecoveryEnabled: true",
			CLI:            "aws dynamodb update-continuous-backups --table-name t --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
		},
		Check: ck.BoolCheck(tables, func(t *dynamodb.Table) source.Value[bool] { return t.PITR }, true, "point-in-time recovery"),
	}
}

func cmk() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-002", Title: "DynamoDB tables are encrypted with a customer managed KMS key", Severity: control.Low,
		Service: "dynamodb", Layer: "data-protection",
		Frameworks: fw.Of(fw.KeyMgmt()),
		Rationale: "Tables are always encrypted, but with an AWS owned key the customer can neither restrict " +
			"nor audit its use; a customer managed key puts decryption under the customer's key policy and CloudTrail.",
		Checked: "The server-side encryption of every table: KMS with a customer managed key passes; the AWS " +
			"owned key or the AWS managed key aws/dynamodb fails.",
		Remediation: control.Remediation{
			Summary:        "Encrypt the table with a customer managed KMS key.",
			Terraform:      "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.ddb.arn\n  }\n}",
			CloudFormation: "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    SSESpecification:\n      SSEEnabled: true\n      SSEType: KMS\n      KMSMasterKeyId: !Ref DdbKey",
			CLI:            "aws dynamodb update-table --table-name t --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/ddb",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.DynamoDBTables, func(t *dynamodb.Table) control.Verdict {
				typ, ok := t.SSEType.Get()
				if !ok {
					return ck.Unknown(t.SSEType, "encryption type")
				}
				if !strings.EqualFold(typ, "KMS") {
					return ck.FailAt("the table uses the AWS owned key", t.SSEType.PackedProv())
				}
				return ck.Judge(t.KMSKeyID, "KMS key", func(k string) (bool, string) {
					if ck.AWSManagedKey(k) {
						return false, "the table uses the AWS managed key aws/dynamodb"
					}
					return true, "customer managed key " + k
				})
			})
		},
	}
}

func deletionProtection() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-003", Title: "DynamoDB deletion protection is enabled", Severity: control.Medium,
		Service: "dynamodb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("DynamoDB.6")),
		Rationale:  "Deletion protection stops a DeleteTable call or a Terraform destroy from removing the table and its data.",
		Checked:    "Deletion protection of every table: enabled passes; disabled fails.",
		Remediation: control.Remediation{
			Summary:        "Enable deletion protection.",
			Terraform:      "resource \"aws_dynamodb_table\" \"t\" {\n  deletion_protection_enabled = true\n}",
			CloudFormation: "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    DeletionProtectionEnabled: true",
			CLI:            "aws dynamodb update-table --table-name t --deletion-protection-enabled",
		},
		Check: ck.BoolCheck(tables, func(t *dynamodb.Table) source.Value[bool] { return t.DeletionProtection }, true, "deletion protection"),
	}
}

func autoScaling() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-004", Title: "DynamoDB capacity scales with demand", Severity: control.Low,
		Service: "dynamodb", Layer: "backup-resilience",
		Frameworks: fw.Of(fw.FSBP("DynamoDB.1")),
		Rationale: "Fixed provisioned capacity throttles requests under load, an availability failure the " +
			"customer controls through the capacity mode.",
		Checked: "The billing mode of every table: on-demand (PAY_PER_REQUEST) passes, or provisioned with " +
			"application auto scaling; provisioned without auto scaling fails.",
		Remediation: control.Remediation{
			Summary:        "Use on-demand capacity, or register auto scaling for provisioned capacity.",
			Terraform:      "resource \"aws_dynamodb_table\" \"t\" {\n  billing_mode = \"PAY_PER_REQUEST\"\n}",
			CloudFormation: "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST",
			CLI:            "aws dynamodb update-table --table-name t --billing-mode PAY_PER_REQUEST",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.DynamoDBTables, func(t *dynamodb.Table) control.Verdict {
				m, ok := t.BillingMode.Get()
				if !ok {
					return ck.Unknown(t.BillingMode, "billing mode")
				}
				if strings.EqualFold(m, "PAY_PER_REQUEST") {
					return ck.PassAt("on-demand capacity", t.BillingMode.PackedProv())
				}
				return ck.Flag(t.AutoScaling, true, "auto scaling", "provisioned capacity with auto scaling", "provisioned capacity without auto scaling")
			})
		},
	}
}

func daxAtRest() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-005", Title: "DAX clusters are encrypted at rest", Severity: control.Medium,
		Service: "dynamodb", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("DynamoDB.3"), fw.AtRest()),
		Rationale: "A DAX cluster caches table items on its nodes' disks; the table's encryption does not " +
			"cover the cache, and encryption can only be chosen when the cluster is created.",
		Checked: "Server-side encryption of every DAX cluster: enabled passes; disabled (the default) fails.",
		Remediation: control.Remediation{
			Summary:        "Create the cluster with server-side encryption (it cannot be enabled in place).",
			Terraform:      "resource \"aws_dax_cluster\" \"cache\" {\n  server_side_encryption {\n    enabled = true\n  }\n}",
			CloudFormation: "Cache:\n  Type: AWS::DAX::Cluster\n  Properties:\n    SSESpecification:\n      SSEEnabled: true",
			CLI:            "aws dax create-cluster --cluster-name cache --node-type dax.r5.large --replication-factor 3 --iam-role-arn ROLE_ARN --sse-specification Enabled=true",
		},
		Check: ck.BoolCheck(daxClusters, func(c *dynamodb.DAXCluster) source.Value[bool] { return c.SSE }, true, "DAX encryption at rest"),
	}
}

func daxInTransit() *control.Control {
	return &control.Control{
		ID: "ONUS-DYNAMODB-006", Title: "DAX clusters encrypt connections in transit", Severity: control.Medium,
		Service: "dynamodb", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("DynamoDB.7"), fw.InTransit()),
		Rationale: "Without TLS on the cluster endpoint, cached items and requests cross the VPC in clear; " +
			"the endpoint encryption type is fixed when the cluster is created.",
		Checked: "ClusterEndpointEncryptionType of every DAX cluster: TLS passes; NONE (the default) fails.",
		Remediation: control.Remediation{
			Summary:        "Create the cluster with TLS endpoint encryption (it cannot be changed in place).",
			Terraform:      "resource \"aws_dax_cluster\" \"cache\" {\n  cluster_endpoint_encryption_type = \"TLS\"\n}",
			CloudFormation: "Cache:\n  Type: AWS::DAX::Cluster\n  Properties:\n    ClusterEndpointEncryptionType: TLS",
			CLI:            "aws dax create-cluster --cluster-name cache --node-type dax.r5.large --replication-factor 3 --iam-role-arn ROLE_ARN --cluster-endpoint-encryption-type TLS",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Per(e.DAXClusters, func(c *dynamodb.DAXCluster) control.Verdict {
				return ck.Judge(c.EndpointEncryption, "endpoint encryption", func(t string) (bool, string) {
					if strings.EqualFold(t, "TLS") {
						return true, "the cluster endpoint requires TLS"
					}
					return false, "the cluster endpoint encryption is " + t + ", so traffic is not encrypted"
				})
			})
		},
	}
}

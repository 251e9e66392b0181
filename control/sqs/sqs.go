package sqs

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/sqs"
)

// Controls returns the SQS controls.
func Controls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-SQS-001", Title: "SQS queues are encrypted at rest", Severity: control.Medium,
			Service: "sqs", Layer: "data-protection",
			Frameworks: fw.Of(fw.AtRest()),
			Rationale: "Messages often carry personal or business data; server-side encryption (SQS managed or " +
				"a KMS key) is the customer's setting.",
			Checked: "The encryption of every queue: SQS-managed SSE or a KMS key passes; neither fails.",
			Remediation: control.Remediation{
				Summary:        "Enable SSE with a KMS key (or SQS-managed SSE).",
				Terraform:      "resource \"aws_sqs_queue\" \"q\" {\n  kms_master_key_id = aws_kms_key.sqs.arn\n}",
				CloudFormation: "Queue:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref SqsKey",
				CLI:            "aws sqs set-queue-attributes --queue-url https://sqs.REGION.amazonaws.com/ACCOUNT/q --attributes KmsMasterKeyId=alias/sqs",
			},
			Check: func(e *model.Estate) []control.Result {
				return ck.Each(e.SQSQueues, func(q *sqs.Queue, b control.Builder) control.Result {
					k, kok := q.KMSKeyID.Get()
					if kok && k != "" {
						return b.Pass("encrypted with KMS key "+k, ck.Ev("KMS key", q.KMSKeyID))
					}
					m, mok := q.SQSManagedSSE.Get()
					if mok && m {
						return b.Pass("SQS-managed server-side encryption is on", ck.Ev("SQS-managed SSE", q.SQSManagedSSE))
					}
					if kok && mok {
						return b.Fail("the queue is not encrypted at rest", ck.Ev("SQS-managed SSE", q.SQSManagedSSE), ck.Ev("KMS key", q.KMSKeyID))
					}
					if !kok {
						return b.Result(ck.Unknown(q.KMSKeyID, "KMS key"))
					}
					return b.Result(ck.Unknown(q.SQSManagedSSE, "SQS-managed SSE"))
				})
			},
		},
		{
			ID: "ONUS-SQS-002", Title: "SQS queue policies do not grant public access", Severity: control.Critical,
			Service: "sqs", Layer: "identity-access",
			Frameworks: fw.Of(fw.CIS("2.21"), fw.PublicAccess()),
			Rationale:  "A queue policy open to anyone lets outsiders inject, read or purge messages.",
			Checked: "The queue policy of every queue, analysed by onus's IAM engine with anonymous and " +
				"foreign-account callers: any allowed send, receive or change fails; no policy passes.",
			Remediation: control.Remediation{
				Summary:        "Restrict the queue policy to named principals or add aws:SourceArn/aws:SourceAccount conditions.",
				Terraform:      "resource \"aws_sqs_queue_policy\" \"q\" {\n  queue_url = aws_sqs_queue.q.id\n  policy    = data.aws_iam_policy_document.q.json # principals = SNS topic with aws:SourceArn condition\n}",
				CloudFormation: "QueuePolicy:\n  Type: AWS::SQS::QueuePolicy\n  Properties:\n    Queues: [!Ref Queue]\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: {Service: sns.amazonaws.com}\n          Action: sqs:SendMessage\n          Resource: !GetAtt Queue.Arn\n          Condition: {ArnEquals: {aws:SourceArn: !Ref Topic}}",
				CLI:            "aws sqs set-queue-attributes --queue-url https://sqs.REGION.amazonaws.com/ACCOUNT/q --attributes file://restricted-policy.json",
			},
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return ck.Each(e.SQSQueues, func(q *sqs.Queue, b control.Builder) control.Result {
					name, _ := q.Name.Get()
					return b.Result(policyck.NotPublicIn(memo, &q.Meta, q.Policy, policyck.ARN(&q.Meta, "sqs", name), "queue policy"))
				})
			},
		},
	}
}

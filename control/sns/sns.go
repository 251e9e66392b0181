package sns

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/policyck"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/sns"
)

// Controls returns the SNS controls.
func Controls() []*control.Control {
	return []*control.Control{
		{
			ID: "ONUS-SNS-001", Title: "SNS topics are encrypted with KMS", Severity: control.Medium,
			Service: "sns", Layer: "data-protection",
			Frameworks: fw.Of(fw.AtRest()),
			Rationale: "SNS stores messages until delivery; without a KMS key they are stored unencrypted under " +
				"the customer's control.",
			Checked: "The KMS key of every topic: any key (including alias/aws/sns) passes; none fails.",
			Remediation: control.Remediation{
				Summary:        "Set a KMS key on the topic.",
				Terraform:      "resource \"aws_sns_topic\" \"t\" {\n  kms_master_key_id = aws_kms_key.sns.arn\n}",
				CloudFormation: "Topic:\n  Type: AWS::SNS::Topic\n  Properties:\n    KmsMasterKeyId: !Ref SnsKey",
				CLI:            "aws sns set-topic-attributes --topic-arn arn:aws:sns:REGION:ACCOUNT:t --attribute-name KmsMasterKeyId --attribute-value alias/sns",
			},
			Check: func(e *model.Estate) []control.Result {
				return ck.Per(e.SNSTopics, func(t *sns.Topic) control.Verdict {
					return ck.Judge(t.KMSKeyID, "KMS key", func(k string) (bool, string) {
						if k == "" {
							return false, "the topic is not encrypted with KMS"
						}
						return true, "encrypted with " + k
					})
				})
			},
		},
		{
			ID: "ONUS-SNS-002", Title: "SNS topic policies do not grant public access", Severity: control.Critical,
			Service: "sns", Layer: "identity-access",
			Frameworks: fw.Of(fw.CIS("2.21"), fw.PublicAccess()),
			Rationale: "A topic policy open to anyone lets outsiders publish to subscribers (phishing, alarm " +
				"noise) or subscribe and receive every message.",
			Checked: "The access policy of every topic, analysed by onus's IAM engine with anonymous and " +
				"foreign-account callers: any allowed publish, subscribe or change fails; no policy passes.",
			Remediation: control.Remediation{
				Summary:        "Restrict the topic policy to the account and named services with source conditions.",
				Terraform:      "resource \"aws_sns_topic_policy\" \"t\" {\n  arn    = aws_sns_topic.t.arn\n  policy = data.aws_iam_policy_document.t.json # principals limited, aws:SourceAccount condition\n}",
				CloudFormation: "TopicPolicy:\n  Type: AWS::SNS::TopicPolicy\n  Properties:\n    Topics: [!Ref Topic]\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: {Service: cloudwatch.amazonaws.com}\n          Action: sns:Publish\n          Resource: !Ref Topic\n          Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}",
				CLI:            "aws sns set-topic-attributes --topic-arn arn:aws:sns:REGION:ACCOUNT:t --attribute-name Policy --attribute-value file://restricted-policy.json",
			},
			Check: func(e *model.Estate) []control.Result {
				memo := policyck.NewMemo(e)
				return ck.Each(e.SNSTopics, func(t *sns.Topic, b control.Builder) control.Result {
					name, _ := t.Name.Get()
					return b.Result(policyck.NotPublicIn(memo, &t.Meta, t.Policy, policyck.ARN(&t.Meta, "sns", name), "topic policy"))
				})
			},
		},
	}
}

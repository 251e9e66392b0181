package responsibility

// CatalogueDate says when the attestation table below was last checked
// against AWS's published scope lists; the matrix prints it so a reader
// knows how old the claim is.
const CatalogueDate = "as published in AWS Services in Scope by Compliance Program, checked 2026-11"

// Owners of a layer.
const (
	AWS      = "AWS"
	Customer = "customer"
	Shared   = "shared"
)

// Service models of the shared responsibility model.
const (
	Infrastructure = "infrastructure"
	Container      = "container"
	Abstract       = "abstract"
)

// Attestation program names as AWS Artifact lists them.
const (
	SOC1     = "SOC 1"
	SOC2     = "SOC 2"
	SOC3     = "SOC 3"
	ISO27001 = "ISO 27001"
	ISO27017 = "ISO 27017"
	ISO27018 = "ISO 27018"
	PCIDSS   = "PCI DSS"
	HIPAA    = "HIPAA eligible"
	FedRAMP  = "FedRAMP"
)

// Service is one entry of the responsibility catalogue.
type Service struct {
	// Key is the catalogue key that controls use in control.Control.Service.
	Key  string
	Name string
	// Model is Infrastructure, Container or Abstract.
	Model string
	// Owners maps every layer in control.Layers to AWS, Customer or Shared.
	Owners map[string]string
	// Attestations are the third-party programs whose scope lists the
	// service; they cover the AWS-owned layers.
	Attestations []string
}

// modelOwners is the textbook split per service model; services override
// the layers where they differ.
func modelOwners(model string) map[string]string {
	m := map[string]string{
		"physical":               AWS,
		"hardware":               AWS,
		"network-infrastructure": AWS,
		"virtualization":         AWS,
		"network-config":         Customer,
		"identity-access":        Customer,
		"data-protection":        Customer,
		"secrets":                Customer,
		"logging-monitoring":     Customer,
		// AWS attests its layers, the customer evidences its own.
		"compliance-attestation": Shared,
	}
	switch model {
	case Infrastructure:
		m["guest-os"] = Customer
		m["platform"] = Customer
		m["application"] = Customer
		m["backup-resilience"] = Customer
	case Container:
		// AWS runs and patches the OS; the customer chooses engine
		// versions, parameters and maintenance windows on the platform.
		m["guest-os"] = AWS
		m["platform"] = Shared
		m["application"] = Customer
		m["backup-resilience"] = Shared
	default: // Abstract
		m["guest-os"] = AWS
		m["platform"] = AWS
		m["application"] = AWS
		m["backup-resilience"] = Shared
	}
	return m
}

// allPrograms is the program list of every mainstream service in the scope
// lists on CatalogueDate; services outside some program list fewer.
var allPrograms = []string{SOC1, SOC2, SOC3, ISO27001, ISO27017, ISO27018, PCIDSS, HIPAA, FedRAMP}

type entry struct {
	key, name, model string
	override         map[string]string
	programs         []string
}

// entries is the catalogue data, sorted by key. It is never mutated:
// Catalogue builds fresh values from it.
var entries = []entry{
	{key: "accessanalyzer", name: "IAM Access Analyzer", model: Abstract,
		override: map[string]string{"data-protection": AWS, "backup-resilience": AWS, "secrets": AWS}},
	{key: "account", name: "AWS account", model: Abstract,
		override: map[string]string{"network-config": AWS, "backup-resilience": AWS}},
	{key: "apigateway", name: "Amazon API Gateway", model: Abstract},
	{key: "cloudfront", name: "Amazon CloudFront", model: Abstract},
	{key: "cloudtrail", name: "AWS CloudTrail", model: Abstract,
		override: map[string]string{"network-config": AWS, "secrets": AWS, "backup-resilience": AWS}},
	{key: "cloudwatch", name: "Amazon CloudWatch", model: Abstract,
		override: map[string]string{"network-config": AWS, "secrets": AWS, "backup-resilience": AWS}},
	{key: "config", name: "AWS Config", model: Abstract,
		override: map[string]string{"network-config": AWS, "secrets": AWS, "backup-resilience": AWS}},
	{key: "dynamodb", name: "Amazon DynamoDB", model: Abstract},
	{key: "ebs", name: "Amazon EBS", model: Infrastructure,
		// The volume service itself is run by AWS; what runs on the
		// volume is the instance's guest OS (row ec2).
		override: map[string]string{"guest-os": AWS, "platform": AWS, "application": AWS, "network-config": AWS, "secrets": AWS}},
	{key: "ec2", name: "Amazon EC2", model: Infrastructure},
	{key: "ecr", name: "Amazon ECR", model: Abstract},
	{key: "ecs", name: "Amazon ECS", model: Container,
		// The EC2 launch type leaves the container hosts' OS to the
		// customer; Fargate leaves it to AWS.
		override: map[string]string{"guest-os": Shared}},
	{key: "efs", name: "Amazon EFS", model: Abstract},
	{key: "eks", name: "Amazon EKS", model: Container,
		override: map[string]string{"guest-os": Shared}},
	{key: "elasticache", name: "Amazon ElastiCache", model: Container},
	{key: "elb", name: "Elastic Load Balancing", model: Abstract,
		// TLS private keys live in ACM or as IAM server certificates
		// (row iam), not in the load balancer. Resilience stays shared
		// (the abstract default): AWS runs, scales and replaces the nodes
		// in each zone, but the customer chooses the zones, cross-zone
		// balancing, connection draining and deletion protection.
		override: map[string]string{"secrets": AWS}},
	{key: "emr", name: "Amazon EMR", model: Container,
		override: map[string]string{"guest-os": Shared}},
	{key: "guardduty", name: "Amazon GuardDuty", model: Abstract,
		override: map[string]string{"network-config": AWS, "secrets": AWS, "backup-resilience": AWS}},
	{key: "iam", name: "AWS IAM", model: Abstract,
		override: map[string]string{"network-config": AWS, "data-protection": AWS, "backup-resilience": AWS}},
	{key: "kms", name: "AWS KMS", model: Abstract,
		// Key material never leaves AWS's HSMs; the customer owns key
		// policies, rotation and scheduled deletion (backup-resilience).
		override: map[string]string{"secrets": AWS}},
	{key: "lambda", name: "AWS Lambda", model: Abstract,
		// The customer writes the function code and must move off
		// deprecated runtimes; AWS patches the runtime underneath.
		override: map[string]string{"application": Customer, "platform": Shared}},
	{key: "macie", name: "Amazon Macie", model: Abstract,
		override: map[string]string{"network-config": AWS}},
	{key: "organizations", name: "AWS Organizations", model: Abstract,
		override: map[string]string{"network-config": AWS, "backup-resilience": AWS}},
	{key: "rds", name: "Amazon RDS", model: Container},
	{key: "route53", name: "Amazon Route 53", model: Abstract},
	{key: "s3", name: "Amazon S3", model: Abstract},
	{key: "secretsmanager", name: "AWS Secrets Manager", model: Abstract},
	{key: "securityhub", name: "AWS Security Hub", model: Abstract,
		override: map[string]string{"network-config": AWS, "secrets": AWS, "backup-resilience": AWS}},
	{key: "sns", name: "Amazon SNS", model: Abstract},
	{key: "sqs", name: "Amazon SQS", model: Abstract},
	{key: "ssm", name: "AWS Systems Manager", model: Abstract,
		// Patch Manager is how customers meet the guest-OS patching duty
		// of EC2; SSM itself is run by AWS.
		override: map[string]string{}},
	{key: "vpc", name: "Amazon VPC", model: Infrastructure,
		// Security groups, NACLs, routes and flow logs are customer
		// configuration; the software-defined network under them is AWS's.
		override: map[string]string{"guest-os": AWS, "platform": AWS, "application": AWS, "backup-resilience": AWS, "secrets": AWS}},
	{key: "waf", name: "AWS WAF", model: Abstract},
}

// Catalogue returns a fresh copy of every catalogue entry, sorted by key.
func Catalogue() []Service {
	out := make([]Service, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.service())
	}
	return out
}

// Lookup returns the entry for a service key.
func Lookup(key string) (Service, bool) {
	for _, e := range entries {
		if e.key == key {
			return e.service(), true
		}
	}
	return Service{}, false
}

func (e entry) service() Service {
	o := modelOwners(e.model)
	for l, w := range e.override {
		o[l] = w
	}
	p := e.programs
	if p == nil {
		p = allPrograms
	}
	return Service{Key: e.key, Name: e.name, Model: e.model, Owners: o,
		Attestations: append([]string(nil), p...)}
}

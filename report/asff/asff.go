package asff

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/report"
)

// Options for ASFF output.
type Options struct {
	// AccountID and Region are used for results whose resource has none
	// (code sources): Security Hub requires both on every finding.
	AccountID string
	Region    string
}

// Request is the BatchImportFindings input.
type Request struct {
	Findings []Finding `json:"Findings"`
}

// Finding is one ASFF finding.
type Finding struct {
	SchemaVersion string            `json:"SchemaVersion"`
	ID            string            `json:"Id"`
	ProductArn    string            `json:"ProductArn"`
	ProductName   string            `json:"ProductName"`
	CompanyName   string            `json:"CompanyName"`
	GeneratorID   string            `json:"GeneratorId"`
	AwsAccountID  string            `json:"AwsAccountId"`
	Region        string            `json:"Region"`
	Types         []string          `json:"Types"`
	CreatedAt     string            `json:"CreatedAt"`
	UpdatedAt     string            `json:"UpdatedAt"`
	Severity      Severity          `json:"Severity"`
	Title         string            `json:"Title"`
	Description   string            `json:"Description"`
	Remediation   *Remediation      `json:"Remediation,omitempty"`
	ProductFields map[string]string `json:"ProductFields"`
	Resources     []Resource        `json:"Resources"`
	Compliance    Compliance        `json:"Compliance"`
	Workflow      Workflow          `json:"Workflow"`
	RecordState   string            `json:"RecordState"`
	Note          *Note             `json:"Note,omitempty"`
}

// Severity of a finding.
type Severity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

// Remediation recommendation.
type Remediation struct {
	Recommendation Recommendation `json:"Recommendation"`
}

// Recommendation text.
type Recommendation struct {
	Text string `json:"Text"`
}

// Resource of a finding.
type Resource struct {
	Type      string            `json:"Type"`
	ID        string            `json:"Id"`
	Partition string            `json:"Partition"`
	Region    string            `json:"Region"`
	Tags      map[string]string `json:"Tags,omitempty"`
}

// Compliance status of a control finding.
type Compliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements,omitempty"`
}

// Workflow status.
type Workflow struct {
	Status string `json:"Status"`
}

// Note carries the suppression reason.
type Note struct {
	Text      string `json:"Text"`
	UpdatedBy string `json:"UpdatedBy"`
	UpdatedAt string `json:"UpdatedAt"`
}

// ErrNoAccount: a finding has no account and none was given.
var ErrNoAccount = errors.New("ASFF needs an AWS account id and region for every finding, and code results have none: write ASFF from a live scan or snapshot, or pass --asff-account and --asff-region to onus scan")

// Write renders the request.
func Write(w io.Writer, r *report.Report, opts Options) error {
	req, err := Build(r, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(req)
}

// Build converts the report's results to findings.
func Build(r *report.Report, opts Options) (*Request, error) {
	at := r.Finished
	if at.IsZero() {
		at = r.Started
	}
	if at.IsZero() {
		return nil, errors.New("ASFF needs the scan time (CreatedAt/UpdatedAt); the report has none")
	}
	ts := at.UTC().Format(time.RFC3339)
	req := &Request{Findings: []Finding{}}
	for i, res := range r.Results.All() {
		if res.Control == nil {
			continue
		}
		f, err := finding(r, i, ts, opts)
		if err != nil {
			return nil, err
		}
		req.Findings = append(req.Findings, f)
	}
	return req, nil
}

func label(res *control.Result) string {
	if res.Outcome != control.Fail {
		// Security Hub's own controls report passed and unevaluated checks
		// as INFORMATIONAL; only failures carry the control's severity.
		return "INFORMATIONAL"
	}
	switch res.Control.Severity {
	case control.Critical:
		return "CRITICAL"
	case control.High:
		return "HIGH"
	case control.Medium:
		return "MEDIUM"
	case control.Low:
		return "LOW"
	}
	return "INFORMATIONAL"
}

func status(o control.Outcome) string {
	switch o {
	case control.Pass:
		return "PASSED"
	case control.Fail:
		return "FAILED"
	case control.Unknown:
		return "WARNING"
	}
	return "NOT_AVAILABLE"
}

func finding(r *report.Report, i int, ts string, opts Options) (Finding, error) {
	res := r.Results.At(i)
	c := res.Control
	account, region := res.Resource.Account, res.Resource.Region
	if account == "" {
		account = opts.AccountID
	}
	if region == "" {
		region = opts.Region
	}
	if account == "" || region == "" {
		return Finding{}, fmt.Errorf("%s on %s: %w", c.ID, res.Resource.Address, ErrNoAccount)
	}
	name := r.Tool.Name
	if name == "" {
		name = "onus"
	}
	id := res.Resource.ARN
	if id == "" {
		id = res.Resource.Address
	}
	f := Finding{
		SchemaVersion: "2018-10-08",
		ID:            "onus/" + c.ID + "/" + report.Fingerprint(res),
		ProductArn:    fmt.Sprintf("arn:aws:securityhub:%s:%s:product/%s/default", region, account, account),
		ProductName:   name,
		CompanyName:   "onus",
		GeneratorID:   "onus/" + c.ID,
		AwsAccountID:  account,
		Region:        region,
		Types:         []string{"Software and Configuration Checks/AWS Security Best Practices"},
		CreatedAt:     ts,
		UpdatedAt:     ts,
		Severity:      Severity{Label: label(res), Original: c.Severity.String()},
		Title:         clip(c.ID+" "+c.Title, 256),
		Description:   clip(res.Reason, 1024),
		ProductFields: map[string]string{
			"onus/ControlId": c.ID, "onus/Outcome": res.Outcome.String(), "onus/Service": c.Service,
			"onus/Layer": c.Layer, "onus/Source": string(res.Resource.Source), "onus/Resource": res.Resource.Address,
		},
		Resources: []Resource{{Type: resourceType(res.Resource.Type), ID: id, Partition: partition(region),
			Region: region, Tags: res.Resource.TagMap()}},
		Compliance:  Compliance{Status: status(res.Outcome), RelatedRequirements: requirements(c.Frameworks)},
		Workflow:    Workflow{Status: "NEW"},
		RecordState: "ACTIVE",
	}
	if f.Description == "" {
		f.Description = clip(c.Title, 1024)
	}
	if len(c.Frameworks) > 0 {
		f.Types = append(f.Types, "Software and Configuration Checks/Industry and Regulatory Standards")
	}
	if l := res.Location(); !l.IsZero() {
		f.ProductFields["onus/Location"] = l.String()
	} else if o := res.Origin(); o.APICall != "" {
		f.ProductFields["onus/APICall"] = o.APICall
	}
	if s := c.Remediation.Summary; s != "" {
		f.Remediation = &Remediation{Recommendation{Text: clip(s, 512)}}
	}
	if sup, ok := r.Suppressed[i]; ok {
		f.Workflow.Status = "SUPPRESSED"
		f.Note = &Note{Text: clip("suppressed ("+sup.Source+"): "+sup.Reason, 512), UpdatedBy: name, UpdatedAt: ts}
	}
	return f, nil
}

func partition(region string) string {
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}

// requirements lists "framework requirement" strings (Security Hub allows 32).
func requirements(m map[string][]string) []string {
	fws := make([]string, 0, len(m))
	for k := range m {
		fws = append(fws, k)
	}
	sort.Strings(fws)
	var out []string
	for _, fw := range fws {
		ids := append([]string(nil), m[fw]...)
		sort.Strings(ids)
		for _, id := range ids {
			if len(out) == 32 {
				return out
			}
			out = append(out, fw+" "+id)
		}
	}
	return out
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-3]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "..."
}

// resourceTypes maps CloudFormation and Terraform types to ASFF resource
// types; anything else is "Other", which Security Hub accepts.
var resourceTypes = map[string]string{
	"AWS::S3::Bucket": "AwsS3Bucket", "aws_s3_bucket": "AwsS3Bucket",
	"AWS::EC2::Instance": "AwsEc2Instance", "aws_instance": "AwsEc2Instance",
	"AWS::EC2::Volume": "AwsEc2Volume", "aws_ebs_volume": "AwsEc2Volume",
	"AWS::EC2::SecurityGroup": "AwsEc2SecurityGroup", "aws_security_group": "AwsEc2SecurityGroup",
	"AWS::EC2::NetworkAcl": "AwsEc2NetworkAcl", "aws_network_acl": "AwsEc2NetworkAcl",
	"AWS::EC2::VPC": "AwsEc2Vpc", "aws_vpc": "AwsEc2Vpc",
	"AWS::EC2::Subnet": "AwsEc2Subnet", "aws_subnet": "AwsEc2Subnet",
	"AWS::RDS::DBInstance": "AwsRdsDbInstance", "aws_db_instance": "AwsRdsDbInstance",
	"AWS::RDS::DBCluster": "AwsRdsDbCluster", "aws_rds_cluster": "AwsRdsDbCluster",
	"AWS::Lambda::Function": "AwsLambdaFunction", "aws_lambda_function": "AwsLambdaFunction",
	"AWS::IAM::User": "AwsIamUser", "aws_iam_user": "AwsIamUser",
	"AWS::IAM::Role": "AwsIamRole", "aws_iam_role": "AwsIamRole",
	"AWS::IAM::Group": "AwsIamGroup", "aws_iam_group": "AwsIamGroup",
	"AWS::IAM::ManagedPolicy": "AwsIamPolicy", "aws_iam_policy": "AwsIamPolicy",
	"AWS::KMS::Key": "AwsKmsKey", "aws_kms_key": "AwsKmsKey",
	"AWS::CloudTrail::Trail": "AwsCloudTrailTrail", "aws_cloudtrail": "AwsCloudTrailTrail",
	"AWS::SNS::Topic": "AwsSnsTopic", "aws_sns_topic": "AwsSnsTopic",
	"AWS::SQS::Queue": "AwsSqsQueue", "aws_sqs_queue": "AwsSqsQueue",
	"AWS::DynamoDB::Table": "AwsDynamoDbTable", "aws_dynamodb_table": "AwsDynamoDbTable",
	"AWS::SecretsManager::Secret": "AwsSecretsManagerSecret", "aws_secretsmanager_secret": "AwsSecretsManagerSecret",
	"AWS::ECS::Cluster": "AwsEcsCluster", "aws_ecs_cluster": "AwsEcsCluster",
	"AWS::ECS::TaskDefinition": "AwsEcsTaskDefinition", "aws_ecs_task_definition": "AwsEcsTaskDefinition",
	"AWS::ECS::Service": "AwsEcsService", "aws_ecs_service": "AwsEcsService",
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "AwsElbv2LoadBalancer", "aws_lb": "AwsElbv2LoadBalancer",
	"AWS::ElasticLoadBalancing::LoadBalancer": "AwsElbLoadBalancer", "aws_elb": "AwsElbLoadBalancer",
	"AWS::EFS::FileSystem": "AwsEfsFileSystem", "aws_efs_file_system": "AwsEfsFileSystem",
	"AWS::Logs::LogGroup": "Other", "AWS::Config::ConfigurationRecorder": "Other",
}

func resourceType(t string) string {
	if v, ok := resourceTypes[t]; ok {
		return v
	}
	if t == "AWS::::Account" || t == "aws_account" {
		return "AwsAccount"
	}
	return "Other"
}

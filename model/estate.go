package model

import (
	"slices"
	"strings"
	"time"

	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/account"
	"github.com/onus-sec/onus/model/apigateway"
	"github.com/onus-sec/onus/model/awsconfig"
	"github.com/onus-sec/onus/model/backup"
	"github.com/onus-sec/onus/model/base"
	"github.com/onus-sec/onus/model/cloudtrail"
	"github.com/onus-sec/onus/model/cloudwatch"
	"github.com/onus-sec/onus/model/dynamodb"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/ecs"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/model/elb"
	"github.com/onus-sec/onus/model/iam"
	"github.com/onus-sec/onus/model/kms"
	"github.com/onus-sec/onus/model/lambda"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/model/secretsmanager"
	"github.com/onus-sec/onus/model/sns"
	"github.com/onus-sec/onus/model/sqs"
	"github.com/onus-sec/onus/model/ssm"
	"github.com/onus-sec/onus/source"
)

// SchemaVersion of the Estate JSON (snapshots). Bump on incompatible change.
const SchemaVersion = 1

// Estate is everything one scan found. Slices hold pointers so joins made by
// sources (a bucket policy resource onto its bucket) are visible everywhere.
type Estate struct {
	// AccountWide is true when the estate is a whole account read live (or a
	// snapshot of one): then "no trail anywhere" is a finding. Code estates
	// describe part of an account, so account-wide controls are
	// NOT_APPLICABLE there unless the code declares the resource.
	AccountWide bool `json:"account_wide"`
	// Regions a live scan covered (empty for code).
	ScannedRegions []string `json:"scanned_regions,omitempty"`
	// Settings are user choices from .onus.yaml that controls judge against.
	Settings Settings `json:"settings,omitzero"`
	// ScanTime is when the evidence was read (UTC): the start of a live
	// collection, or the moment a code scan loaded its files. Age-based
	// controls (key age, last use, certificate expiry, rotation age) judge
	// against it, not the wall clock, so rescanning a snapshot later gives
	// the same results. Zero means not recorded (see Now).
	ScanTime time.Time `json:"scan_time,omitzero"`
	// PolicyMemos is what the controls' policy-analysis memos share during
	// one run of the catalogue (never part of a snapshot): the renaming of
	// each resource policy, and the counts of analyses computed and served.
	// control.Run makes one when it is nil. Tests and benchmarks set it to
	// read the counts: a memo that stops matching copies of one policy
	// shape makes the scan many times slower without changing a result,
	// which only counting shows.
	PolicyMemos *iampolicy.MemoGroup `json:"-"`

	Accounts []*account.Account `json:"accounts,omitempty"`
	Regions  []*account.Region  `json:"regions,omitempty"`
	Literals []*account.Literal `json:"-"`

	S3Buckets       []*s3.Bucket                   `json:"s3_buckets,omitempty"`
	S3AccountBlocks []*s3.AccountPublicAccessBlock `json:"s3_account_public_access_blocks,omitempty"`
	S3AccessPoints  []*s3.AccessPoint              `json:"s3_access_points,omitempty"`
	// S3MultiRegionAccessPoints and S3DirectoryBuckets (S3 Express One Zone).
	S3MultiRegionAccessPoints []*s3.MultiRegionAccessPoint `json:"s3_multi_region_access_points,omitempty"`
	S3DirectoryBuckets        []*s3.DirectoryBucket        `json:"s3_directory_buckets,omitempty"`

	EC2Instances   []*ec2.Instance      `json:"ec2_instances,omitempty"`
	EBSVolumes     []*ec2.Volume        `json:"ebs_volumes,omitempty"`
	EBSSnapshots   []*ec2.Snapshot      `json:"ebs_snapshots,omitempty"`
	Images         []*ec2.Image         `json:"ec2_images,omitempty"`
	EBSDefaults    []*ec2.EBSDefaults   `json:"ebs_defaults,omitempty"`
	SecurityGroups []*ec2.SecurityGroup `json:"security_groups,omitempty"`
	NetworkACLs    []*ec2.NetworkACL    `json:"network_acls,omitempty"`
	VPCs           []*ec2.VPC           `json:"vpcs,omitempty"`
	Subnets        []*ec2.Subnet        `json:"subnets,omitempty"`
	RouteTables    []*ec2.RouteTable    `json:"route_tables,omitempty"`

	LaunchTemplates []*ec2.LaunchTemplate `json:"launch_templates,omitempty"`
	TransitGateways []*ec2.TransitGateway `json:"transit_gateways,omitempty"`

	VPNConnections     []*ec2.VPNConnection     `json:"vpn_connections,omitempty"`
	ClientVPNEndpoints []*ec2.ClientVPNEndpoint `json:"client_vpn_endpoints,omitempty"`
	SpotFleetRequests  []*ec2.SpotFleetRequest  `json:"spot_fleet_requests,omitempty"`
	// VPCBlockPublicAccess holds one record per region that has the
	// setting (live: every scanned region; code: where it is declared).
	VPCBlockPublicAccess []*ec2.VPCBlockPublicAccess `json:"vpc_block_public_access,omitempty"`

	RDSInstances []*rds.Instance `json:"rds_instances,omitempty"`
	RDSClusters  []*rds.Cluster  `json:"rds_clusters,omitempty"`
	RDSSnapshots []*rds.Snapshot `json:"rds_snapshots,omitempty"`

	RDSEventSubscriptions []*rds.EventSubscription `json:"rds_event_subscriptions,omitempty"`
	RDSParameterGroups    []*rds.ParameterGroup    `json:"rds_parameter_groups,omitempty"`
	RDSProxies            []*rds.Proxy             `json:"rds_proxies,omitempty"`

	LambdaFunctions []*lambda.Function `json:"lambda_functions,omitempty"`

	IAMUsers       []*iam.User              `json:"iam_users,omitempty"`
	IAMRoles       []*iam.Role              `json:"iam_roles,omitempty"`
	IAMGroups      []*iam.Group             `json:"iam_groups,omitempty"`
	IAMPolicies    []*iam.ManagedPolicy     `json:"iam_policies,omitempty"`
	IAMServerCerts []*iam.ServerCertificate `json:"iam_server_certificates,omitempty"`

	KMSKeys []*kms.Key `json:"kms_keys,omitempty"`

	Trails []*cloudtrail.Trail `json:"cloudtrail_trails,omitempty"`

	ConfigRecorders        []*awsconfig.Recorder        `json:"config_recorders,omitempty"`
	ConfigDeliveryChannels []*awsconfig.DeliveryChannel `json:"config_delivery_channels,omitempty"`
	ConfigRules            []*awsconfig.Rule            `json:"config_rules,omitempty"`
	ConformancePacks       []*awsconfig.ConformancePack `json:"config_conformance_packs,omitempty"`

	Alarms        []*cloudwatch.Alarm        `json:"cloudwatch_alarms,omitempty"`
	MetricFilters []*cloudwatch.MetricFilter `json:"cloudwatch_metric_filters,omitempty"`
	LogGroups     []*cloudwatch.LogGroup     `json:"cloudwatch_log_groups,omitempty"`

	SNSTopics []*sns.Topic `json:"sns_topics,omitempty"`
	SQSQueues []*sqs.Queue `json:"sqs_queues,omitempty"`

	Secrets []*secretsmanager.Secret `json:"secretsmanager_secrets,omitempty"`

	DynamoDBTables []*dynamodb.Table      `json:"dynamodb_tables,omitempty"`
	DAXClusters    []*dynamodb.DAXCluster `json:"dax_clusters,omitempty"`

	ECSTaskDefinitions []*ecs.TaskDefinition `json:"ecs_task_definitions,omitempty"`
	ECSClusters        []*ecs.Cluster        `json:"ecs_clusters,omitempty"`
	ECSServices        []*ecs.Service        `json:"ecs_services,omitempty"`
	ECSTaskSets        []*ecs.TaskSet        `json:"ecs_task_sets,omitempty"`

	LoadBalancers []*elb.LoadBalancer `json:"load_balancers,omitempty"`

	EFSFileSystems  []*efs.FileSystem  `json:"efs_file_systems,omitempty"`
	EFSAccessPoints []*efs.AccessPoint `json:"efs_access_points,omitempty"`

	BackupSelections []*backup.Selection `json:"backup_selections,omitempty"`

	SSMDocuments       []*ssm.Document       `json:"ssm_documents,omitempty"`
	SSMServiceSettings []*ssm.ServiceSetting `json:"ssm_service_settings,omitempty"`
	SSMCompliance      []*ssm.Compliance     `json:"ssm_compliance,omitempty"`

	APIGatewayStages []*apigateway.Stage `json:"apigateway_stages,omitempty"`

	// Gaps are listings a live scan could not complete (denied, throttled,
	// interrupted): resources of that type may exist although none are in
	// the estate, so account-wide "none found" checks must answer UNKNOWN.
	Gaps []Gap `json:"gaps,omitempty"`
	// Listed are the listings a live scan completed: what a "none found"
	// FAIL cites (the call that returned nothing).
	Listed []Listing `json:"listed,omitempty"`
}

// Gap is one listing that failed, or a service the scan did not read.
type Gap struct {
	// Type is the CloudFormation type whose listing failed
	// ("AWS::CloudTrail::Trail"), or a service's prefix ("AWS::Config::")
	// for every type of a service the scan was told to skip.
	Type    string `json:"type"`
	Region  string `json:"region,omitempty"` // "" for global listings, UnscannedRegions
	Account string `json:"account,omitempty"`
	APICall string `json:"api_call"`
	Reason  string `json:"reason"`
}

// Listing is one listing a live scan completed.
type Listing struct {
	Type    string `json:"type"`
	Region  string `json:"region,omitempty"` // "" for global listings
	Account string `json:"account,omitempty"`
	APICall string `json:"api_call"`
}

// ListingOrigin is the call that listed resources of type typ in region
// (a global listing answers for every region); ok is false when the
// estate records none (code, or a snapshot from before onus recorded
// them).
func (e *Estate) ListingOrigin(typ, region string) (o source.Origin, ok bool) {
	for _, l := range e.Listed {
		if l.Type == typ && (l.Region == "" || l.Region == region) {
			return source.Origin{APICall: l.APICall, Region: l.Region, Account: l.Account}, true
		}
	}
	return source.Origin{}, false
}

// ListingGap says why resources of type typ in region may be missing from
// the estate; region "" asks about any region. ok is false when the listing
// was complete.
func (e *Estate) ListingGap(typ, region string) (reason string, ok bool) {
	for _, g := range e.Gaps {
		if g.covers(typ) && (region == "" || g.Region == "" || g.Region == region ||
			g.Region == UnscannedRegions && !slices.Contains(e.ScannedRegions, region)) {
			return g.Reason, true
		}
	}
	return "", false
}

// UnscannedRegions is the Region of a gap over every region the scan did
// not read (a live scan limited with --regions): an account-wide "none
// found" cannot be said, a region the scan did read is not affected.
const UnscannedRegions = "*"

// covers reports whether the gap is about resources of type typ.
func (g Gap) covers(typ string) bool {
	return g.Type == typ || strings.HasSuffix(g.Type, "::") && strings.HasPrefix(typ, g.Type)
}

// Now is the time age-based controls judge against: ScanTime when
// recorded, else the wall clock. The fallback only ever makes evidence look
// older than it was (more FAILs), never fresher, so it cannot create a
// false PASS for an estate that did not record its scan time.
func (e *Estate) Now() time.Time {
	if e != nil && !e.ScanTime.IsZero() {
		return e.ScanTime.UTC()
	}
	return time.Now().UTC()
}

// Merge appends every resource of o to e.
func (e *Estate) Merge(o *Estate) {
	if o == nil {
		return
	}
	// The earliest recorded scan time wins: ages of the oldest evidence are
	// then judged as of when it was read.
	if !o.ScanTime.IsZero() && (e.ScanTime.IsZero() || o.ScanTime.Before(e.ScanTime)) {
		e.ScanTime = o.ScanTime
	}
	e.AccountWide = e.AccountWide || o.AccountWide
	if e.PolicyMemos == nil {
		e.PolicyMemos = o.PolicyMemos
	}
	e.ScannedRegions = append(e.ScannedRegions, o.ScannedRegions...)
	e.Settings.merge(o.Settings)
	e.Accounts = append(e.Accounts, o.Accounts...)
	e.Regions = append(e.Regions, o.Regions...)
	e.Literals = append(e.Literals, o.Literals...)
	e.S3Buckets = append(e.S3Buckets, o.S3Buckets...)
	e.S3AccountBlocks = append(e.S3AccountBlocks, o.S3AccountBlocks...)
	e.S3AccessPoints = append(e.S3AccessPoints, o.S3AccessPoints...)
	e.S3MultiRegionAccessPoints = append(e.S3MultiRegionAccessPoints, o.S3MultiRegionAccessPoints...)
	e.S3DirectoryBuckets = append(e.S3DirectoryBuckets, o.S3DirectoryBuckets...)
	e.EC2Instances = append(e.EC2Instances, o.EC2Instances...)
	e.EBSVolumes = append(e.EBSVolumes, o.EBSVolumes...)
	e.EBSSnapshots = append(e.EBSSnapshots, o.EBSSnapshots...)
	e.Images = append(e.Images, o.Images...)
	e.EBSDefaults = append(e.EBSDefaults, o.EBSDefaults...)
	e.SecurityGroups = append(e.SecurityGroups, o.SecurityGroups...)
	e.NetworkACLs = append(e.NetworkACLs, o.NetworkACLs...)
	e.VPCs = append(e.VPCs, o.VPCs...)
	e.Subnets = append(e.Subnets, o.Subnets...)
	e.RouteTables = append(e.RouteTables, o.RouteTables...)
	e.LaunchTemplates = append(e.LaunchTemplates, o.LaunchTemplates...)
	e.TransitGateways = append(e.TransitGateways, o.TransitGateways...)
	e.VPNConnections = append(e.VPNConnections, o.VPNConnections...)
	e.ClientVPNEndpoints = append(e.ClientVPNEndpoints, o.ClientVPNEndpoints...)
	e.SpotFleetRequests = append(e.SpotFleetRequests, o.SpotFleetRequests...)
	e.VPCBlockPublicAccess = append(e.VPCBlockPublicAccess, o.VPCBlockPublicAccess...)
	e.RDSInstances = append(e.RDSInstances, o.RDSInstances...)
	e.RDSClusters = append(e.RDSClusters, o.RDSClusters...)
	e.RDSSnapshots = append(e.RDSSnapshots, o.RDSSnapshots...)
	e.RDSEventSubscriptions = append(e.RDSEventSubscriptions, o.RDSEventSubscriptions...)
	e.RDSParameterGroups = append(e.RDSParameterGroups, o.RDSParameterGroups...)
	e.RDSProxies = append(e.RDSProxies, o.RDSProxies...)
	e.LambdaFunctions = append(e.LambdaFunctions, o.LambdaFunctions...)
	e.IAMUsers = append(e.IAMUsers, o.IAMUsers...)
	e.IAMRoles = append(e.IAMRoles, o.IAMRoles...)
	e.IAMGroups = append(e.IAMGroups, o.IAMGroups...)
	e.IAMPolicies = append(e.IAMPolicies, o.IAMPolicies...)
	e.IAMServerCerts = append(e.IAMServerCerts, o.IAMServerCerts...)
	e.KMSKeys = append(e.KMSKeys, o.KMSKeys...)
	e.Trails = append(e.Trails, o.Trails...)
	e.ConfigRecorders = append(e.ConfigRecorders, o.ConfigRecorders...)
	e.ConfigDeliveryChannels = append(e.ConfigDeliveryChannels, o.ConfigDeliveryChannels...)
	e.ConfigRules = append(e.ConfigRules, o.ConfigRules...)
	e.ConformancePacks = append(e.ConformancePacks, o.ConformancePacks...)
	e.Alarms = append(e.Alarms, o.Alarms...)
	e.MetricFilters = append(e.MetricFilters, o.MetricFilters...)
	e.LogGroups = append(e.LogGroups, o.LogGroups...)
	e.SNSTopics = append(e.SNSTopics, o.SNSTopics...)
	e.SQSQueues = append(e.SQSQueues, o.SQSQueues...)
	e.Secrets = append(e.Secrets, o.Secrets...)
	e.DynamoDBTables = append(e.DynamoDBTables, o.DynamoDBTables...)
	e.DAXClusters = append(e.DAXClusters, o.DAXClusters...)
	e.ECSTaskDefinitions = append(e.ECSTaskDefinitions, o.ECSTaskDefinitions...)
	e.ECSClusters = append(e.ECSClusters, o.ECSClusters...)
	e.ECSServices = append(e.ECSServices, o.ECSServices...)
	e.ECSTaskSets = append(e.ECSTaskSets, o.ECSTaskSets...)
	e.LoadBalancers = append(e.LoadBalancers, o.LoadBalancers...)
	e.EFSFileSystems = append(e.EFSFileSystems, o.EFSFileSystems...)
	e.EFSAccessPoints = append(e.EFSAccessPoints, o.EFSAccessPoints...)
	e.BackupSelections = append(e.BackupSelections, o.BackupSelections...)
	e.SSMDocuments = append(e.SSMDocuments, o.SSMDocuments...)
	e.SSMServiceSettings = append(e.SSMServiceSettings, o.SSMServiceSettings...)
	e.SSMCompliance = append(e.SSMCompliance, o.SSMCompliance...)
	e.APIGatewayStages = append(e.APIGatewayStages, o.APIGatewayStages...)
	e.Gaps = append(e.Gaps, o.Gaps...)
	e.Listed = append(e.Listed, o.Listed...)
}

// ServiceCounts says how many resources of each service (responsibility
// catalogue keys: "s3", "ec2", "vpc", ...) the estate holds; the matrix
// shows a row for each service in use.
func (e *Estate) ServiceCounts() map[string]int {
	c := map[string]int{}
	add := func(svc string, n int) {
		if n > 0 {
			c[svc] += n
		}
	}
	add("s3", len(e.S3Buckets)+len(e.S3AccountBlocks)+len(e.S3AccessPoints)+len(e.S3MultiRegionAccessPoints)+len(e.S3DirectoryBuckets))
	add("ec2", len(e.EC2Instances)+len(e.Images)+len(e.LaunchTemplates)+len(e.SpotFleetRequests))
	add("ebs", len(e.EBSVolumes)+len(e.EBSSnapshots)+len(e.EBSDefaults))
	add("vpc", len(e.SecurityGroups)+len(e.NetworkACLs)+len(e.VPCs)+len(e.Subnets)+len(e.RouteTables)+len(e.TransitGateways)+
		len(e.VPNConnections)+len(e.ClientVPNEndpoints)+len(e.VPCBlockPublicAccess))
	add("rds", len(e.RDSInstances)+len(e.RDSClusters)+len(e.RDSSnapshots)+len(e.RDSEventSubscriptions)+len(e.RDSParameterGroups)+len(e.RDSProxies))
	add("lambda", len(e.LambdaFunctions))
	add("iam", len(e.IAMUsers)+len(e.IAMRoles)+len(e.IAMGroups)+len(e.IAMPolicies)+len(e.IAMServerCerts)+len(e.Accounts))
	add("kms", len(e.KMSKeys))
	add("cloudtrail", len(e.Trails))
	add("config", len(e.ConfigRecorders)+len(e.ConfigDeliveryChannels)+len(e.ConfigRules)+len(e.ConformancePacks))
	add("cloudwatch", len(e.Alarms)+len(e.MetricFilters)+len(e.LogGroups))
	add("sns", len(e.SNSTopics))
	add("sqs", len(e.SQSQueues))
	add("secretsmanager", len(e.Secrets))
	add("dynamodb", len(e.DynamoDBTables)+len(e.DAXClusters))
	add("ecs", len(e.ECSTaskDefinitions)+len(e.ECSClusters)+len(e.ECSServices)+len(e.ECSTaskSets))
	add("elb", len(e.LoadBalancers))
	add("efs", len(e.EFSFileSystems)+len(e.EFSAccessPoints))
	add("apigateway", len(e.APIGatewayStages))
	ssm := 0
	for _, i := range e.EC2Instances {
		if _, ok := i.SSMManaged.Get(); ok {
			ssm++
		}
	}
	// Service settings exist in every account and region whether used or
	// not; only code that declares one shows SSM in use.
	for _, x := range e.SSMServiceSettings {
		if x.Source == source.Terraform || x.Source == source.CloudFormation {
			ssm++
		}
	}
	add("ssm", ssm+len(e.SSMDocuments)+len(e.SSMCompliance))
	return c
}

// Resource is any modelled resource.
type Resource = base.Resource

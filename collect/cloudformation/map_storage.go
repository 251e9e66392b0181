package cloudformation

import (
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/model/dynamodb"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/efs"
	"github.com/onus-sec/onus/model/s3"
	"github.com/onus-sec/onus/source"
)

// primary maps a resource that stands on its own. It returns false for
// resources that attach to another one (they are joined afterwards).
func (b *builder) primary(c *rctx) bool {
	switch c.r.typ {
	case "AWS::S3::Bucket":
		b.bucket(c)
	case "AWS::EC2::Volume":
		b.volume(c)
	case "AWS::EFS::FileSystem":
		b.efs(c)
	case "AWS::DynamoDB::Table":
		b.dynamo(c)
	case "AWS::Serverless::SimpleTable":
		b.simpleTable(c)
	case "AWS::EC2::Instance":
		b.instance(c)
	case "AWS::EC2::SecurityGroup":
		b.securityGroup(c)
	case "AWS::EC2::NetworkAcl":
		b.nacl(c)
	case "AWS::EC2::VPC":
		b.vpc(c)
	case "AWS::EC2::Subnet":
		b.subnet(c)
	case "AWS::EC2::RouteTable":
		b.routeTable(c)
	case "AWS::RDS::DBInstance":
		b.dbInstance(c)
	case "AWS::RDS::DBCluster":
		b.dbCluster(c)
	case "AWS::Lambda::Function", "AWS::Serverless::Function":
		b.function(c)
	case "AWS::IAM::User":
		b.user(c)
	case "AWS::IAM::Role":
		b.role(c)
	case "AWS::IAM::Group":
		b.group(c)
	case "AWS::IAM::ManagedPolicy":
		b.managedPolicy(c)
	case "AWS::KMS::Key":
		b.kmsKey(c)
	case "AWS::CloudTrail::Trail":
		b.trail(c)
	case "AWS::Config::ConfigurationRecorder":
		b.recorder(c)
	case "AWS::Config::DeliveryChannel":
		b.deliveryChan(c)
	case "AWS::Config::ConfigRule":
		b.configRule(c)
	case "AWS::Config::ConformancePack":
		b.conformancePack(c)
	case "AWS::CloudWatch::Alarm":
		b.alarm(c)
	case "AWS::Logs::MetricFilter":
		b.metricFilter(c)
	case "AWS::Logs::LogGroup":
		b.logGroup(c)
	case "AWS::SNS::Topic":
		b.topic(c)
	case "AWS::SQS::Queue":
		b.queue(c)
	case "AWS::SecretsManager::Secret":
		b.secret(c)
	case "AWS::ECS::TaskDefinition":
		b.taskDef(c)
	case "AWS::ECS::Cluster":
		b.ecsCluster(c)
	case "AWS::ECS::Service":
		b.ecsService(c)
	case "AWS::ECS::TaskSet":
		b.ecsTaskSet(c)
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		b.loadBalancer(c)
	case "AWS::EC2::LaunchTemplate":
		b.launchTemplate(c)
	case "AWS::EC2::TransitGateway":
		b.transitGateway(c)
	case "AWS::DAX::Cluster":
		b.dax(c)
	case "AWS::S3::AccessPoint":
		b.s3AccessPoint(c)
	case "AWS::SSM::Document":
		b.ssmDocument(c)
	case "AWS::EFS::AccessPoint":
		b.efsAccessPoint(c)
	case "AWS::RDS::EventSubscription":
		b.dbEventSubscription(c)
	case "AWS::RDS::DBParameterGroup":
		b.dbParameterGroup(c, false)
	case "AWS::RDS::DBClusterParameterGroup":
		b.dbParameterGroup(c, true)
	case "AWS::RDS::DBProxy":
		b.dbProxy(c)
	case "AWS::Backup::BackupSelection":
		b.backupSelection(c)
	default:
		return b.primaryAccount(c) || b.primaryNet(c) || b.primaryEC2x(c)
	}
	return true
}

func (b *builder) bucket(c *rctx) {
	bk := &s3.Bucket{Meta: c.meta}
	bk.Name = c.strOrUnknown("BucketName not set: CloudFormation generates the name at deploy time", "BucketName")
	if n, ok := bk.Name.Get(); ok && !c.get("BucketName").sym {
		bk.ARN = "arn:aws:s3:::" + n
	}
	// Encryption: absent means no default encryption rule in the template
	// (S3 still applies SSE-S3 since 2023; controls say so).
	switch enc := c.get("BucketEncryption"); {
	case enc == nil:
		bk.Encryption = source.KnownAt[*s3.Encryption](nil, c.site())
	case enc.k == kUnknown:
		bk.Encryption = unknownAt[*s3.Encryption](c, enc.s, enc.loc)
	default:
		rule := walk(enc, "ServerSideEncryptionConfiguration", 0)
		def := walk(rule, "ServerSideEncryptionByDefault")
		switch {
		case def == nil:
			bk.Encryption = known[*s3.Encryption](c, nil, enc.loc)
		case def.firstUnknown() != nil:
			bk.Encryption = unknownAt[*s3.Encryption](c, def.firstUnknown().s, def.loc)
		default:
			e := &s3.Encryption{Prov: c.t.batch.Pack(source.At(def.loc))}
			e.Algorithm = c.text(walk(def, "SSEAlgorithm"))
			e.KMSKeyID = c.text(walk(def, "KMSMasterKeyID"))
			e.BucketKey, _, _ = c.flag(walk(rule, "BucketKeyEnabled"))
			bk.Encryption = known(c, e, enc.loc)
		}
	}
	// Absent means the template does not configure a block (known nil),
	// as the Terraform source reads a bucket without its PAB resource. (S3
	// turns the block on for buckets created since April 2023, but that is
	// the account's behaviour, not the template's declaration.)
	switch pab := c.get("PublicAccessBlockConfiguration"); {
	case pab == nil:
		bk.PublicAccessBlock = source.KnownAt[*s3.PublicAccessBlock](nil, c.site())
	case pab.k == kUnknown:
		bk.PublicAccessBlock = unknownAt[*s3.PublicAccessBlock](c, pab.s, pab.loc)
	default:
		// A switch left out of the configuration is false.
		sw := func(k string) source.Value[bool] {
			v := walk(pab, k)
			if v == nil {
				return known(c, false, pab.loc)
			}
			return c.boolean(v)
		}
		bk.PublicAccessBlock = known(c, &s3.PublicAccessBlock{
			BlockPublicACLs: sw("BlockPublicAcls"), IgnorePublicACLs: sw("IgnorePublicAcls"),
			BlockPublicPolicy: sw("BlockPublicPolicy"), RestrictPublicBuckets: sw("RestrictPublicBuckets"),
			Prov: c.t.batch.Pack(source.At(pab.loc)),
		}, pab.loc)
	}
	// CloudFormation spells canned ACLs in CamelCase; the model uses S3's names.
	bk.ACL = source.Map(c.strOr("private", "AccessControl"), cannedACL)
	bk.Grants = source.KnownAt[[]s3.Grant](nil, c.site())
	bk.Ownership = c.strOr("BucketOwnerEnforced", "OwnershipControls", "Rules", 0, "ObjectOwnership")
	switch lg := c.get("LoggingConfiguration"); {
	case lg == nil:
		bk.Logging = source.KnownAt[*s3.Logging](nil, c.site())
	case lg.k == kUnknown:
		bk.Logging = unknownAt[*s3.Logging](c, lg.s, lg.loc)
	default:
		l := &s3.Logging{Prov: c.t.batch.Pack(source.At(lg.loc))}
		// Without a destination, logs go to the bucket itself.
		l.TargetBucket = c.r.id
		if d := walk(lg, "DestinationBucketName"); d != nil {
			l.TargetBucket = c.text(d)
			if _, why, ok := c.strText(d); !ok {
				// Logging is on; only its destination is unknown (as Terraform says it).
				l.TargetBucket = "(unknown: " + orUnknown(why) + ")"
			}
		}
		l.TargetPrefix = c.text(walk(lg, "LogFilePrefix"))
		bk.Logging = known(c, l, lg.loc)
	}
	switch vv := c.get("VersioningConfiguration"); {
	case vv == nil:
		bk.Versioning = source.KnownAt(&s3.Versioning{Prov: c.site().PackedProv()}, c.site())
	case vv.k == kUnknown:
		bk.Versioning = unknownAt[*s3.Versioning](c, vv.s, vv.loc)
	default:
		sv := walk(vv, "Status")
		if s, why, ok := c.strText(sv); ok {
			bk.Versioning = known(c, &s3.Versioning{Status: s, Prov: c.t.batch.Pack(source.At(vv.loc))}, vv.loc)
		} else {
			bk.Versioning = unknownAt[*s3.Versioning](c, why, c.locOf(sv))
		}
	}
	bk.ObjectLock = c.boolOr(false, "ObjectLockEnabled")
	bk.Lifecycle = lifecycle(c)
	bk.Replication = presence(c, "ReplicationConfiguration")
	bk.EventNotifications = notifications(c)
	bk.Policy = source.KnownAt[*iampolicy.Policy](nil, c.site())
	b.est.S3Buckets = append(b.est.S3Buckets, bk)
	b.byID[c.r.id] = bk
}

// presence: a configuration block that is there (known true), absent
// (known false) or behind an unknown condition.
func presence(c *rctx, path ...any) source.Value[bool] {
	v := c.get(path...)
	switch {
	case v == nil:
		return source.KnownAt(false, c.site())
	case v.k == kUnknown:
		return unknownAt[bool](c, v.s, v.loc)
	}
	return known(c, true, v.loc)
}

// lifecycle: a LifecycleConfiguration counts when one of its rules is
// Enabled; S3 does not apply Disabled rules.
func lifecycle(c *rctx) source.Value[bool] {
	v := c.get("LifecycleConfiguration")
	switch {
	case v == nil:
		return source.KnownAt(false, c.site())
	case v.k == kUnknown:
		return unknownAt[bool](c, v.s, v.loc)
	}
	rules, unk := items(walk(v, "Rules"))
	if unk != nil {
		return unknownAt[bool](c, "LifecycleConfiguration.Rules: "+unk.s, unk.loc)
	}
	var firstWhy string
	var firstAt source.Loc
	unknown := false
	for _, r := range rules {
		sv := walk(r, "Status")
		s, why, ok := c.strText(sv)
		switch {
		case ok && s == "Enabled":
			return known(c, true, sv.loc)
		case !ok && !unknown:
			firstWhy, firstAt, unknown = orUnknown(why), c.locOf(sv), true
		}
	}
	if unknown {
		return unknownAt[bool](c, "a lifecycle rule's Status is unknown: "+firstWhy, firstAt)
	}
	return known(c, false, v.loc)
}

// notifications: a NotificationConfiguration counts when it names a Lambda,
// queue or topic destination or enables EventBridge (EventBridgeEnabled
// defaults to true in the resource schema).
func notifications(c *rctx) source.Value[bool] {
	v := c.get("NotificationConfiguration")
	switch {
	case v == nil:
		return source.KnownAt(false, c.site())
	case v.k == kUnknown:
		return unknownAt[bool](c, v.s, v.loc)
	}
	var unk source.Value[bool]
	unknown := false
	for _, k := range []string{"LambdaConfigurations", "QueueConfigurations", "TopicConfigurations"} {
		d := walk(v, k)
		l, u := items(d)
		if len(l) > 0 {
			return known(c, true, d.loc)
		}
		if u != nil && !unknown {
			unk, unknown = unknownAt[bool](c, "NotificationConfiguration."+k+": "+u.s, u.loc), true
		}
	}
	if eb := walk(v, "EventBridgeConfiguration"); eb != nil {
		en := source.KnownAt(true, source.NewSite(source.At(eb.loc)))
		if x := walk(eb, "EventBridgeEnabled"); x != nil {
			en = c.boolean(x)
		}
		on, ok := en.Get()
		switch {
		case ok && on:
			return source.Known(true, en.Prov())
		case !ok && !unknown:
			unk, unknown = source.Unknown[bool]("EventBridgeEnabled: "+en.Reason(), en.Prov()), true
		}
	}
	if unknown {
		return unk
	}
	return known(c, false, v.loc)
}

// volumeNote: an AWS::EC2::Volume without Encrypted (and without a
// SnapshotId of an encrypted snapshot) follows the account's default.
const volumeNote = "Encrypted is not set: the volume is encrypted only if its snapshot is, or EBS encryption by default is on for the account and region, which the template does not show"

func (b *builder) volume(c *rctx) {
	v := &ec2.Volume{Meta: c.meta}
	v.VolumeID = source.UnknownIn[string](c.t.batch, "volume id is assigned at deploy time", c.prov())
	v.Encrypted = c.boolOr(false, "Encrypted")
	if !c.has("Encrypted") {
		v.Encrypted = source.Defaulted(false, c.prov(), volumeNote)
	}
	v.KMSKeyID = c.strOr("", "KmsKeyId")
	v.AttachedTo = source.KnownAt[[]string](nil, c.site())
	b.est.EBSVolumes = append(b.est.EBSVolumes, v)
	b.byID[c.r.id] = v
}

func (b *builder) efs(c *rctx) {
	f := &efs.FileSystem{Meta: c.meta}
	f.ID = source.UnknownIn[string](c.t.batch, "file system id is assigned at deploy time", c.prov())
	f.Encrypted = c.boolOr(false, "Encrypted")
	f.KMSKeyID = c.strOr("", "KmsKeyId")
	st := c.strOr("DISABLED", "BackupPolicy", "Status")
	f.Backup = source.Map(st, func(s string) bool { return s == "ENABLED" })
	f.MountTargetSubnets = source.KnownAt([]string{}, c.site())
	b.est.EFSFileSystems = append(b.est.EFSFileSystems, f)
	b.byID[c.r.id] = f
}

func (b *builder) dynamo(c *rctx) {
	tb := &dynamodb.Table{Meta: c.meta}
	tb.Name = c.strOrUnknown("TableName not set: CloudFormation generates the name at deploy time", "TableName")
	tb.PITR = c.boolOr(false, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
	sse := c.boolOr(false, "SSESpecification", "SSEEnabled")
	tb.SSEType = source.Map(sse, func(on bool) string {
		if on {
			return "KMS"
		}
		return ""
	})
	tb.KMSKeyID = c.strOr("", "SSESpecification", "KMSMasterKeyId")
	tb.DeletionProtection = c.boolOr(false, "DeletionProtectionEnabled")
	tb.BillingMode = c.strOr("PROVISIONED", "BillingMode")
	tb.AutoScaling = source.KnownAt(false, c.site())
	b.est.DynamoDBTables = append(b.est.DynamoDBTables, tb)
	b.byID[c.r.id] = tb
}

// simpleTable maps the AWS::DynamoDB::Table SAM generates for an
// AWS::Serverless::SimpleTable (samtranslator SamSimpleTable
// _construct_dynamodb_table): TableName, SSESpecification and
// PointInTimeRecoverySpecification pass through as on a table; BillingMode
// is PAY_PER_REQUEST unless ProvisionedThroughput is set (then the table's
// default, PROVISIONED); SAM sets nothing else, so deletion protection is
// off.
func (b *builder) simpleTable(c *rctx) {
	b.dynamo(c)
	tb := b.est.DynamoDBTables[len(b.est.DynamoDBTables)-1]
	switch pt := c.get("ProvisionedThroughput"); {
	case pt == nil:
		tb.BillingMode = source.KnownAt("PAY_PER_REQUEST", c.site())
	case pt.k == kUnknown:
		tb.BillingMode = unknownAt[string](c, "ProvisionedThroughput is unresolved ("+pt.s+"), so SAM's billing mode for the table is unknown", pt.loc)
	default:
		tb.BillingMode = known(c, "PROVISIONED", pt.loc)
	}
	tb.DeletionProtection = source.KnownAt(false, c.site())
}

func cannedACL(s string) string {
	switch s {
	case "Private":
		return "private"
	case "PublicRead":
		return "public-read"
	case "PublicReadWrite":
		return "public-read-write"
	case "AuthenticatedRead":
		return "authenticated-read"
	case "LogDeliveryWrite":
		return "log-delivery-write"
	case "BucketOwnerRead":
		return "bucket-owner-read"
	case "BucketOwnerFullControl":
		return "bucket-owner-full-control"
	case "AwsExecRead":
		return "aws-exec-read"
	}
	return s
}

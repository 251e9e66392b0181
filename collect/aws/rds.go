package awscollect

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/base"
	mrds "github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// rdsAPI is the read-only part of the RDS client onus uses.
type rdsAPI interface {
	rds.DescribeDBInstancesAPIClient
	rds.DescribeDBClustersAPIClient
	rds.DescribeDBSnapshotsAPIClient
	rds.DescribeDBClusterSnapshotsAPIClient
	DescribeDBSnapshotAttributes(context.Context, *rds.DescribeDBSnapshotAttributesInput, ...func(*rds.Options)) (*rds.DescribeDBSnapshotAttributesOutput, error)
	DescribeDBClusterSnapshotAttributes(context.Context, *rds.DescribeDBClusterSnapshotAttributesInput, ...func(*rds.Options)) (*rds.DescribeDBClusterSnapshotAttributesOutput, error)
	rdsExtraAPI
}

func (r *run) meta(typ, region, arn string, o source.Origin) base.Meta {
	return base.Meta{Type: typ, Address: arn, ARN: arn, Account: r.account, Region: region, Source: source.AWS, Origin: base.LiveOrigin(o)}
}

func (r *run) collectRDS(ctx context.Context, region string) *model.Estate {
	return r.rdsEstate(ctx, region, rds.NewFromConfig(r.cfg, func(o *rds.Options) { o.Region = region }))
}

func rdsTags(ts []rdstypes.Tag, o source.Origin) source.Value[map[string]string] {
	return known(tagMap(ts, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value }), o)
}

var defaultPorts = map[string]int32{
	"mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "aurora": 3306, "postgres": 5432, "aurora-postgresql": 5432,
	"oracle-ee": 1521, "oracle-se2": 1521, "oracle-ee-cdb": 1521, "oracle-se2-cdb": 1521,
	"sqlserver-ee": 1433, "sqlserver-se": 1433, "sqlserver-ex": 1433, "sqlserver-web": 1433, "db2-se": 50000, "db2-ae": 50000,
}

func (r *run) rdsEstate(ctx context.Context, region string, cl rdsAPI) *model.Estate {
	e := &model.Estate{}
	or := func(api string) source.Origin { return r.origin(api, region, "") }
	var (
		insts listed[rdstypes.DBInstance]
		clus  listed[rdstypes.DBCluster]
		snaps listed[rdstypes.DBSnapshot]
		csnap listed[rdstypes.DBClusterSnapshot]
	)
	parallel(
		func() {
			p := rds.NewDescribeDBInstancesPaginator(cl, &rds.DescribeDBInstancesInput{})
			insts = paginate(ctx, r, or("rds:DescribeDBInstances"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBInstancesOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBInstancesOutput) []rdstypes.DBInstance { return o.DBInstances })
		},
		func() {
			p := rds.NewDescribeDBClustersPaginator(cl, &rds.DescribeDBClustersInput{})
			clus = paginate(ctx, r, or("rds:DescribeDBClusters"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBClustersOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBClustersOutput) []rdstypes.DBCluster { return o.DBClusters })
		},
		func() {
			p := rds.NewDescribeDBSnapshotsPaginator(cl, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual")})
			snaps = paginate(ctx, r, or("rds:DescribeDBSnapshots"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBSnapshotsOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBSnapshotsOutput) []rdstypes.DBSnapshot { return o.DBSnapshots })
		},
		func() {
			p := rds.NewDescribeDBClusterSnapshotsPaginator(cl, &rds.DescribeDBClusterSnapshotsInput{SnapshotType: aws.String("manual")})
			csnap = paginate(ctx, r, or("rds:DescribeDBClusterSnapshots"), p.HasMorePages, func(ctx context.Context) (*rds.DescribeDBClusterSnapshotsOutput, error) { return p.NextPage(ctx) },
				func(o *rds.DescribeDBClusterSnapshotsOutput) []rdstypes.DBClusterSnapshot {
					return o.DBClusterSnapshots
				})
		},
	)
	r.listErr(e, "AWS::RDS::DBInstance", insts.o, insts.err)
	r.listErr(e, "AWS::RDS::DBCluster", clus.o, clus.err)
	r.listErr(e, "AWS::RDS::DBSnapshot", snaps.o, snaps.err)
	r.listErr(e, "AWS::RDS::DBClusterSnapshot", csnap.o, csnap.err)
	for _, d := range insts.items {
		arn := aws.ToString(d.DBInstanceArn)
		o := r.origin("rds:DescribeDBInstances", region, arn)
		sgs := []string{}
		for _, g := range d.VpcSecurityGroups {
			sgs = append(sgs, aws.ToString(g.VpcSecurityGroupId))
		}
		x := &mrds.Instance{
			Meta:                  r.meta("AWS::RDS::DBInstance", region, arn, o),
			Identifier:            known(aws.ToString(d.DBInstanceIdentifier), o),
			Engine:                known(aws.ToString(d.Engine), o),
			EngineVersion:         known(aws.ToString(d.EngineVersion), o),
			StorageEncrypted:      known(aws.ToBool(d.StorageEncrypted), o),
			KMSKeyID:              known(aws.ToString(d.KmsKeyId), o),
			PubliclyAccessible:    known(aws.ToBool(d.PubliclyAccessible), o),
			BackupRetention:       known(int(aws.ToInt32(d.BackupRetentionPeriod)), o),
			DeletionProtection:    known(aws.ToBool(d.DeletionProtection), o),
			AutoMinorUpgrade:      known(aws.ToBool(d.AutoMinorVersionUpgrade), o),
			IAMAuth:               known(aws.ToBool(d.IAMDatabaseAuthenticationEnabled), o),
			MultiAZ:               known(aws.ToBool(d.MultiAZ), o),
			CopyTagsToSnapshot:    known(aws.ToBool(d.CopyTagsToSnapshot), o),
			MonitoringInterval:    known(int(aws.ToInt32(d.MonitoringInterval)), o),
			LogExports:            known(append([]string{}, d.EnabledCloudwatchLogsExports...), o),
			ClusterID:             known(aws.ToString(d.DBClusterIdentifier), o),
			SecurityGroups:        known(sgs, o),
			ManagedMasterPassword: known(d.MasterUserSecret != nil, o),
			MasterUsername:        known(aws.ToString(d.MasterUsername), o),
		}
		x.Tags = rdsTags(d.TagList, o)
		if d.Endpoint != nil && d.Endpoint.Port != nil {
			def, ok := defaultPorts[aws.ToString(d.Engine)]
			if ok {
				x.DefaultPort = known(aws.ToInt32(d.Endpoint.Port) == def, o)
			}
		}
		e.RDSInstances = append(e.RDSInstances, x)
	}
	for _, c := range clus.items {
		arn := aws.ToString(c.DBClusterArn)
		o := r.origin("rds:DescribeDBClusters", region, arn)
		x := &mrds.Cluster{
			Meta:                  r.meta("AWS::RDS::DBCluster", region, arn, o),
			Identifier:            known(aws.ToString(c.DBClusterIdentifier), o),
			Engine:                known(aws.ToString(c.Engine), o),
			StorageEncrypted:      known(aws.ToBool(c.StorageEncrypted), o),
			KMSKeyID:              known(aws.ToString(c.KmsKeyId), o),
			BackupRetention:       known(int(aws.ToInt32(c.BackupRetentionPeriod)), o),
			DeletionProtection:    known(aws.ToBool(c.DeletionProtection), o),
			IAMAuth:               known(aws.ToBool(c.IAMDatabaseAuthenticationEnabled), o),
			MultiAZ:               known(aws.ToBool(c.MultiAZ), o),
			CopyTagsToSnapshot:    known(aws.ToBool(c.CopyTagsToSnapshot), o),
			LogExports:            known(append([]string{}, c.EnabledCloudwatchLogsExports...), o),
			AutoMinorUpgrade:      known(aws.ToBool(c.AutoMinorVersionUpgrade), o),
			ManagedMasterPassword: known(c.MasterUserSecret != nil, o),
			MasterUsername:        known(aws.ToString(c.MasterUsername), o),
			BacktrackWindow:       known(int(aws.ToInt64(c.BacktrackWindow)), o),
			EngineMode:            known(aws.ToString(c.EngineMode), o),
		}
		x.Tags = rdsTags(c.TagList, o)
		e.RDSClusters = append(e.RDSClusters, x)
	}
	dbSnaps := make([]*mrds.Snapshot, len(snaps.items))
	each(snaps.items, func(i int, s rdstypes.DBSnapshot) {
		arn := aws.ToString(s.DBSnapshotArn)
		o := r.origin("rds:DescribeDBSnapshots", region, arn)
		x := &mrds.Snapshot{Meta: r.meta("AWS::RDS::DBSnapshot", region, arn, o), Identifier: known(aws.ToString(s.DBSnapshotIdentifier), o), Encrypted: known(aws.ToBool(s.Encrypted), o)}
		x.Tags = rdsTags(s.TagList, o)
		ao := r.origin("rds:DescribeDBSnapshotAttributes", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*rds.DescribeDBSnapshotAttributesOutput, error) {
			return cl.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: s.DBSnapshotIdentifier})
		})
		if err != nil {
			x.Public = unknownErr[bool](r, ao, err)
		} else {
			pub := false
			if out.DBSnapshotAttributesResult != nil {
				for _, a := range out.DBSnapshotAttributesResult.DBSnapshotAttributes {
					if aws.ToString(a.AttributeName) == "restore" && slices.Contains(a.AttributeValues, "all") {
						pub = true
					}
				}
			}
			x.Public = known(pub, ao)
		}
		dbSnaps[i] = x
	})
	cSnaps := make([]*mrds.Snapshot, len(csnap.items))
	each(csnap.items, func(i int, s rdstypes.DBClusterSnapshot) {
		arn := aws.ToString(s.DBClusterSnapshotArn)
		o := r.origin("rds:DescribeDBClusterSnapshots", region, arn)
		x := &mrds.Snapshot{Meta: r.meta("AWS::RDS::DBClusterSnapshot", region, arn, o), Identifier: known(aws.ToString(s.DBClusterSnapshotIdentifier), o), Encrypted: known(aws.ToBool(s.StorageEncrypted), o), Cluster: true}
		x.Tags = rdsTags(s.TagList, o)
		ao := r.origin("rds:DescribeDBClusterSnapshotAttributes", region, arn)
		out, err := call(ctx, r, func(ctx context.Context) (*rds.DescribeDBClusterSnapshotAttributesOutput, error) {
			return cl.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier})
		})
		if err != nil {
			x.Public = unknownErr[bool](r, ao, err)
		} else {
			pub := false
			if out.DBClusterSnapshotAttributesResult != nil {
				for _, a := range out.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
					if aws.ToString(a.AttributeName) == "restore" && slices.Contains(a.AttributeValues, "all") {
						pub = true
					}
				}
			}
			x.Public = known(pub, ao)
		}
		cSnaps[i] = x
	})
	e.RDSSnapshots = append(dbSnaps, cSnaps...)
	r.rdsExtra(ctx, region, cl, e, insts.items, clus.items)
	sortByAddress(e.RDSInstances)
	sortByAddress(e.RDSClusters)
	sortByAddress(e.RDSSnapshots)
	return e
}

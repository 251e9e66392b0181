package awscollect

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/catalog"
	"github.com/onus-sec/onus/model"
)

// dataFixture is what provisionData created: RDS event subscriptions,
// parameter groups and proxies.
type dataFixture struct {
	mssqlARN, mariaARN, auroraARN, subARN, proxyTLS, proxyPlain string
	publicDB, publicSubnet, privateSubnet                       string
	fsARN, apARN                                                string
}

// provisionData adds the resources of the data collectors (RDS events,
// parameter groups, proxies) to the emulator, in eu-west-1.
func provisionData(ctx context.Context, cfg aws.Config, u string) dataFixture {
	var f dataFixture
	rc := rds.NewFromConfig(cfg, func(o *rds.Options) { o.Region = "eu-west-1" })
	ec := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.Region = "eu-west-1" })
	vpc := must(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.77.0.0/16")}))
	s1 := must(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.77.1.0/24"), AvailabilityZone: aws.String("eu-west-1a")}))
	s2 := must(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.77.2.0/24"), AvailabilityZone: aws.String("eu-west-1b")}))
	subnets := []string{aws.ToString(s1.Subnet.SubnetId), aws.ToString(s2.Subnet.SubnetId)}
	// s1 routes to an internet gateway; a database's subnet group spans both.
	igw := must(ec.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	must(ec.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: vpc.Vpc.VpcId}))
	rt := must(ec.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc.Vpc.VpcId}))
	must(ec.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGateway.InternetGatewayId}))
	must(ec.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: rt.RouteTable.RouteTableId, SubnetId: s1.Subnet.SubnetId}))
	f.publicSubnet, f.privateSubnet = subnets[0], subnets[1]
	must(rc.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: aws.String("db-" + u), DBSubnetGroupDescription: aws.String("db"), SubnetIds: subnets}))
	pg := must(rc.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("pg-" + u), Engine: aws.String("postgres"), DBInstanceClass: aws.String("db.t3.micro"),
		AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("owner"), MasterUserPassword: aws.String("password123"), DBSubnetGroupName: aws.String("db-" + u)}))
	f.publicDB = aws.ToString(pg.DBInstance.DBInstanceArn)

	// EFS: a file system mounted in the public subnet s1, with an access
	// point that enforces a root directory and a POSIX user.
	must(ec.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: s1.Subnet.SubnetId, MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	ef := efs.NewFromConfig(cfg, func(o *efs.Options) { o.Region = "eu-west-1" })
	fs := must(ef.CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("fs-" + u), Encrypted: aws.Bool(true)}))
	f.fsARN = aws.ToString(fs.FileSystemArn)
	must(ef.CreateMountTarget(ctx, &efs.CreateMountTargetInput{FileSystemId: fs.FileSystemId, SubnetId: s1.Subnet.SubnetId}))
	ap := must(ef.CreateAccessPoint(ctx, &efs.CreateAccessPointInput{ClientToken: aws.String("ap-" + u), FileSystemId: fs.FileSystemId,
		RootDirectory: &efstypes.RootDirectory{Path: aws.String("/app")}, PosixUser: &efstypes.PosixUser{Uid: aws.Int64(1000), Gid: aws.Int64(1000)}}))
	f.apARN = aws.ToString(ap.AccessPointArn)
	must(rc.CreateDBParameterGroup(ctx, &rds.CreateDBParameterGroupInput{DBParameterGroupName: aws.String("mssql-" + u), DBParameterGroupFamily: aws.String("sqlserver-se-15.0"), Description: aws.String("tls")}))
	must(rc.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("mssql-" + u), Parameters: []rdstypes.Parameter{
		{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("1"), ApplyMethod: rdstypes.ApplyMethodPendingReboot}}}))
	ms := must(rc.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("mssql-" + u), Engine: aws.String("sqlserver-se"), DBInstanceClass: aws.String("db.m5.large"),
		AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("owner"), MasterUserPassword: aws.String("password123"), DBParameterGroupName: aws.String("mssql-" + u)}))
	f.mssqlARN = aws.ToString(ms.DBInstance.DBInstanceArn)
	ma := must(rc.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("maria-" + u), Engine: aws.String("mariadb"), EngineVersion: aws.String("10.6.14"), DBInstanceClass: aws.String("db.t3.micro"),
		AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("owner"), MasterUserPassword: aws.String("password123")}))
	f.mariaARN = aws.ToString(ma.DBInstance.DBInstanceArn)
	must(rc.CreateDBClusterParameterGroup(ctx, &rds.CreateDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String("aud-" + u), DBParameterGroupFamily: aws.String("aurora-mysql8.0"), Description: aws.String("audit")}))
	must(rc.ModifyDBClusterParameterGroup(ctx, &rds.ModifyDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String("aud-" + u), Parameters: []rdstypes.Parameter{
		{ParameterName: aws.String("server_audit_logging"), ParameterValue: aws.String("0"), ApplyMethod: rdstypes.ApplyMethodImmediate}}}))
	au := must(rc.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("aurora-" + u), Engine: aws.String("aurora-mysql"),
		MasterUsername: aws.String("owner"), MasterUserPassword: aws.String("password123"), DBClusterParameterGroupName: aws.String("aud-" + u)}))
	f.auroraARN = aws.ToString(au.DBCluster.DBClusterArn)
	sub := must(rc.CreateEventSubscription(ctx, &rds.CreateEventSubscriptionInput{SubscriptionName: aws.String("inst-" + u), SnsTopicArn: aws.String("arn:aws:sns:eu-west-1:123456789012:db"),
		SourceType: aws.String("db-instance"), EventCategories: []string{"maintenance", "configuration change", "failure"}, Enabled: aws.Bool(true)}))
	f.subARN = aws.ToString(sub.EventSubscription.EventSubscriptionArn)
	auth := []rdstypes.UserAuthConfig{{AuthScheme: rdstypes.AuthSchemeSecrets, SecretArn: aws.String("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db")}}
	p1 := must(rc.CreateDBProxy(ctx, &rds.CreateDBProxyInput{DBProxyName: aws.String("tls-" + u), EngineFamily: rdstypes.EngineFamilyMysql, RequireTLS: aws.Bool(true),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/proxy"), Auth: auth, VpcSubnetIds: subnets}))
	f.proxyTLS = aws.ToString(p1.DBProxy.DBProxyArn)
	p2 := must(rc.CreateDBProxy(ctx, &rds.CreateDBProxyInput{DBProxyName: aws.String("plain-" + u), EngineFamily: rdstypes.EngineFamilyMysql,
		RoleArn: aws.String("arn:aws:iam::123456789012:role/proxy"), Auth: auth, VpcSubnetIds: subnets}))
	f.proxyPlain = aws.ToString(p2.DBProxy.DBProxyArn)
	return f
}

func TestDataCollectorsMoto(t *testing.T) {
	w := sharedWorld(t)
	f := w.f.data
	runChecks(t, w.baseline, []check{
		{"mssql group", func(e *model.Estate) any { return val(get(e.RDSInstances, f.mssqlARN).ParameterGroup) }, "mssql-" + w.f.uniq},
		{"maria group", func(e *model.Estate) any { return val(get(e.RDSInstances, f.mariaARN).ParameterGroup) }, "default.mariadb10.6"},
		{"aurora group", func(e *model.Estate) any { return val(get(e.RDSClusters, f.auroraARN).ParameterGroup) }, "aud-" + w.f.uniq},
		{"mssql params", func(e *model.Estate) any {
			return val(get(e.RDSParameterGroups, ":pg:mssql-"+w.f.uniq).Parameters)
		}, map[string]string{"rds.force_ssl": "1"}},
		{"aurora params", func(e *model.Estate) any {
			return val(get(e.RDSParameterGroups, ":cluster-pg:aud-"+w.f.uniq).Parameters)
		}, map[string]string{"server_audit_logging": "0"}},
		{"subscription", func(e *model.Estate) any {
			s := get(e.RDSEventSubscriptions, f.subARN)
			return [5]any{val(s.Enabled), val(s.SourceType), val(s.Categories), val(s.SourceIDs), s.Region}
		}, [5]any{true, "db-instance", []string{"maintenance", "configuration change", "failure"}, []string{}, "eu-west-1"}},
		{"db subnets", func(e *model.Estate) any { return val(get(e.RDSInstances, f.publicDB).SubnetIDs) }, []string{f.publicSubnet, f.privateSubnet}},
		{"efs mount subnets", func(e *model.Estate) any { return val(get(e.EFSFileSystems, f.fsARN).MountTargetSubnets) }, []string{f.publicSubnet}},
		{"efs access point", func(e *model.Estate) any {
			a := get(e.EFSAccessPoints, f.apARN)
			return [2]any{val(a.RootDirectory), val(a.PosixUser)}
		}, [2]any{"/app", true}},
		{"proxies", func(e *model.Estate) any {
			return [2]any{val(get(e.RDSProxies, f.proxyTLS).RequireTLS), val(get(e.RDSProxies, f.proxyPlain).RequireTLS)}
		}, [2]any{true, false}},
	})
	got := map[string]control.Outcome{}
	for _, r := range control.Run(context.Background(), w.baseline, catalog.All()).Slice() {
		got[r.Control.ID+" "+r.Resource.Address] = r.Outcome
	}
	for _, x := range []struct {
		id, addr string
		want     control.Outcome
	}{
		{"ONUS-RDS-020", f.subARN, control.Pass},
		{"ONUS-RDS-019", "region/123456789012/eu-west-1", control.Fail},
		{"ONUS-RDS-019", "region/123456789012/us-east-1", control.NotApplicable},
		{"ONUS-RDS-023", f.mssqlARN, control.Pass},
		{"ONUS-RDS-024", f.mariaARN, control.Fail},
		{"ONUS-RDS-025", f.auroraARN, control.Fail},
		{"ONUS-RDS-026", f.proxyTLS, control.Pass},
		{"ONUS-RDS-026", f.proxyPlain, control.Fail},
		{"ONUS-RDS-027", f.publicDB, control.Fail},
		{"ONUS-EFS-006", f.fsARN, control.Fail},
		{"ONUS-EFS-007", f.fsARN, control.Fail},
		{"ONUS-EFS-004", f.apARN, control.Pass},
		{"ONUS-EFS-005", f.apARN, control.Pass},
	} {
		if o, ok := got[x.id+" "+x.addr]; !ok || o != x.want {
			t.Errorf("%s on %s = %v (found %v), want %s", x.id, x.addr, o, ok, x.want)
		}
	}
}

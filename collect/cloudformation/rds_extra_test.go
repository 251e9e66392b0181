package cloudformation

import (
	"reflect"
	"testing"
)

func TestRDSEventsParamsProxies(t *testing.T) {
	e, diags := loadString(t, "rds.yaml", `
Parameters:
  Cats:
    Type: CommaDelimitedList
Resources:
  All:
    Type: AWS::RDS::EventSubscription
    Properties:
      SnsTopicArn: arn:aws:sns:eu-west-1:111122223333:db
  Cl:
    Type: AWS::RDS::EventSubscription
    Properties:
      SnsTopicArn: arn:aws:sns:eu-west-1:111122223333:db
      SourceType: db-cluster
      EventCategories: [failure, maintenance]
      Enabled: false
      SourceIds: [orders]
  Var:
    Type: AWS::RDS::EventSubscription
    Properties:
      SnsTopicArn: arn:aws:sns:eu-west-1:111122223333:db
      EventCategories: !Ref Cats
  Mssql:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: sqlserver-se-16.0
      Description: tls
      Parameters:
        rds.force_ssl: 1
  Aud:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties:
      DBClusterParameterGroupName: aud
      Family: aurora-mysql8.0
      Description: audit
      Parameters:
        server_audit_logging: "1"
  A:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: sqlserver-se
      DBInstanceClass: db.m5.large
      DBParameterGroupName: !Ref Mssql
  B:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mariadb
      DBInstanceClass: db.m5.large
  C:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      DBClusterParameterGroupName: aud
  P:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: p
      RequireTLS: true
  Q:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: q
`, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(e.RDSEventSubscriptions) != 3 || len(e.RDSParameterGroups) != 2 || len(e.RDSProxies) != 2 {
		t.Fatalf("got %d subscriptions, %d groups, %d proxies", len(e.RDSEventSubscriptions), len(e.RDSParameterGroups), len(e.RDSProxies))
	}
	all, cl, v := e.RDSEventSubscriptions[0], e.RDSEventSubscriptions[1], e.RDSEventSubscriptions[2]
	if s, ok := all.SourceType.Get(); !ok || s != "" {
		t.Errorf("bare subscription source type = %q %v", s, ok)
	}
	if c, ok := all.Categories.Get(); !ok || len(c) != 0 {
		t.Errorf("bare subscription categories = %v %v", c, ok)
	}
	if on, ok := all.Enabled.Get(); !ok || !on {
		t.Errorf("bare subscription not enabled by default")
	}
	if c, _ := cl.Categories.Get(); !reflect.DeepEqual(c, []string{"failure", "maintenance"}) {
		t.Errorf("categories = %v", c)
	}
	if on, ok := cl.Enabled.Get(); !ok || on {
		t.Errorf("Enabled: false not read")
	}
	if ids, ok := all.SourceIDs.Get(); !ok || len(ids) != 0 {
		t.Errorf("bare subscription source ids = %v %v", ids, ok)
	}
	if ids, _ := cl.SourceIDs.Get(); !reflect.DeepEqual(ids, []string{"orders"}) {
		t.Errorf("source ids = %v", ids)
	}
	if _, ok := v.Categories.Get(); ok {
		t.Errorf("categories from a parameter without a value are known")
	}
	mssql, aud := e.RDSParameterGroups[0], e.RDSParameterGroups[1]
	if p, _ := mssql.Parameters.Get(); !reflect.DeepEqual(p, map[string]string{"rds.force_ssl": "1"}) || mssql.Cluster {
		t.Errorf("mssql group = %v", p)
	}
	if _, ok := mssql.Name.Get(); ok {
		t.Errorf("generated group name is known")
	}
	if n, _ := aud.Name.Get(); n != "aud" || !aud.Cluster {
		t.Errorf("cluster group name %q cluster %v", n, aud.Cluster)
	}
	if g, _ := e.RDSInstances[0].ParameterGroup.Get(); g != "Mssql" {
		t.Errorf("instance group = %q, want the logical id Mssql", g)
	}
	if g, ok := e.RDSInstances[1].ParameterGroup.Get(); !ok || g != "" {
		t.Errorf("instance without a group = %q %v, want known default", g, ok)
	}
	if g, _ := e.RDSClusters[0].ParameterGroup.Get(); g != "aud" {
		t.Errorf("cluster group = %q", g)
	}
	if on, _ := e.RDSProxies[0].RequireTLS.Get(); !on {
		t.Errorf("RequireTLS not read")
	}
	if on, ok := e.RDSProxies[1].RequireTLS.Get(); !ok || on {
		t.Errorf("RequireTLS default wrong")
	}
}

func TestRDSSubnetsAndRouteAssociations(t *testing.T) {
	e, diags := loadString(t, "net.yaml", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  B:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  Pub:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Pub, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  AssocA:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref A, RouteTableId: !Ref Pub}
  Group:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: db
      SubnetIds: [!Ref A, !Ref B]
  Grouped:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, DBSubnetGroupName: !Ref Group}
  Bare:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro}
  Elsewhere:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, DBSubnetGroupName: shared}
`, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := map[string]any{}
	for _, i := range e.RDSInstances {
		if l, ok := i.SubnetIDs.Get(); ok {
			got[i.Address] = l
		} else {
			got[i.Address] = "UNKNOWN"
		}
	}
	want := map[string]any{"Grouped": []string{"A", "B"}, "Bare": []string{}, "Elsewhere": "UNKNOWN"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("instance subnets = %v, want %v", got, want)
	}
	rt := e.RouteTables[0]
	if l, _ := rt.Subnets.Get(); !reflect.DeepEqual(l, []string{"A"}) {
		t.Errorf("associations = %v", l)
	}
	if rs, _ := rt.Routes.Get(); len(rs) != 1 || !rs[0].InternetGateway {
		t.Errorf("routes = %+v, want one internet gateway route", rs)
	}
}

func TestBackupSelectionsAndMountTargets(t *testing.T) {
	e, diags := loadString(t, "efs.yaml", `
Resources:
  Fs:
    Type: AWS::EFS::FileSystem
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: vpc-1, CidrBlock: 10.0.1.0/24}
  Mount:
    Type: AWS::EFS::MountTarget
    Properties: {FileSystemId: !Ref Fs, SubnetId: !Ref A, SecurityGroups: [sg-1]}
  Sel:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: plan-1
      BackupSelection:
        SelectionName: efs
        IamRoleArn: arn:aws:iam::111122223333:role/backup
        Resources: [!GetAtt Fs.Arn]
        ListOfTags:
          - {ConditionType: STRINGEQUALS, ConditionKey: backup, ConditionValue: daily}
`, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if l, _ := e.EFSFileSystems[0].MountTargetSubnets.Get(); !reflect.DeepEqual(l, []string{"A"}) {
		t.Errorf("mount target subnets = %v", l)
	}
	s := e.BackupSelections[0]
	if l, _ := s.Resources.Get(); !reflect.DeepEqual(l, []string{"Fs"}) {
		t.Errorf("resources = %v", l)
	}
	if tg, _ := s.Tags.Get(); len(tg) != 1 || tg[0].Key != "backup" {
		t.Errorf("tags = %v", tg)
	}
	if n, _ := s.Name.Get(); n != "efs" {
		t.Errorf("name = %q", n)
	}
}

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

package terraform

import (
	"reflect"
	"testing"
)

func TestRDSEventsParamsProxies(t *testing.T) {
	e, diags := load(t, tf(`
variable "cats" { type = list(string) }
resource "aws_db_event_subscription" "all" {
  sns_topic = "arn:aws:sns:eu-west-1:111122223333:db"
}
resource "aws_db_event_subscription" "cl" {
  name             = "cl"
  sns_topic        = "arn:aws:sns:eu-west-1:111122223333:db"
  source_type      = "db-cluster"
  event_categories = ["failure", "maintenance"]
  enabled          = false
}
resource "aws_db_event_subscription" "v" {
  name             = "v"
  sns_topic        = "arn:aws:sns:eu-west-1:111122223333:db"
  event_categories = var.cats
}
resource "aws_db_parameter_group" "mssql" {
  name   = "mssql"
  family = "sqlserver-se-16.0"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}
resource "aws_db_parameter_group" "gen" {
  family = "mariadb10.11"
}
resource "aws_rds_cluster_parameter_group" "aud" {
  name   = "aud"
  family = "aurora-mysql8.0"
  parameter {
    name  = "server_audit_logging"
    value = var.cats[0]
  }
}
resource "aws_db_instance" "a" {
  engine               = "sqlserver-se"
  parameter_group_name = aws_db_parameter_group.mssql.name
}
resource "aws_db_instance" "b" {
  engine               = "mariadb"
  parameter_group_name = aws_db_parameter_group.gen.name
}
resource "aws_db_instance" "c" {
  engine = "mariadb"
}
resource "aws_rds_cluster" "c" {
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aud.name
}
resource "aws_db_proxy" "p" {
  name        = "p"
  require_tls = true
}
resource "aws_db_proxy" "q" {
  name = "q"
}
`), Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(e.RDSEventSubscriptions) != 3 || len(e.RDSParameterGroups) != 3 || len(e.RDSProxies) != 2 {
		t.Fatalf("got %d subscriptions, %d groups, %d proxies", len(e.RDSEventSubscriptions), len(e.RDSParameterGroups), len(e.RDSProxies))
	}
	all, cl, v := e.RDSEventSubscriptions[0], e.RDSEventSubscriptions[1], e.RDSEventSubscriptions[2]
	if known(t, "all source", all.SourceType) != "" || len(known(t, "all cats", all.Categories)) != 0 || !known(t, "all enabled", all.Enabled) {
		t.Errorf("defaults of a bare subscription wrong")
	}
	unknown(t, "all name", all.Name, "generated")
	if known(t, "cl source", cl.SourceType) != "db-cluster" || known(t, "cl enabled", cl.Enabled) ||
		!reflect.DeepEqual(known(t, "cl cats", cl.Categories), []string{"failure", "maintenance"}) {
		t.Errorf("cl subscription read wrong")
	}
	unknown(t, "v cats", v.Categories, `"cats"`)

	mssql, gen, aud := e.RDSParameterGroups[0], e.RDSParameterGroups[1], e.RDSParameterGroups[2]
	if !reflect.DeepEqual(known(t, "mssql params", mssql.Parameters), map[string]string{"rds.force_ssl": "1"}) || mssql.Cluster {
		t.Errorf("mssql group read wrong")
	}
	if len(known(t, "gen params", gen.Parameters)) != 0 {
		t.Errorf("gen group has parameters")
	}
	unknown(t, "aud params", aud.Parameters, `"cats"`)
	if !aud.Cluster {
		t.Errorf("cluster parameter group not marked")
	}
	byAddr := map[string]string{}
	for _, i := range e.RDSInstances {
		byAddr[i.Address] = known(t, i.Address+" group", i.ParameterGroup)
	}
	want := map[string]string{"aws_db_instance.a": "mssql", "aws_db_instance.b": "aws_db_parameter_group.gen", "aws_db_instance.c": ""}
	if !reflect.DeepEqual(byAddr, want) {
		t.Errorf("instance groups = %v, want %v", byAddr, want)
	}
	if g := known(t, "cluster group", e.RDSClusters[0].ParameterGroup); g != "aud" {
		t.Errorf("cluster group = %q", g)
	}
	if !known(t, "p tls", e.RDSProxies[0].RequireTLS) || known(t, "q tls", e.RDSProxies[1].RequireTLS) {
		t.Errorf("proxy require_tls read wrong")
	}
}

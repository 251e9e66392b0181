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
  source_ids       = ["orders"]
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
	if len(known(t, "all source ids", all.SourceIDs)) != 0 {
		t.Errorf("a subscription without source_ids is limited to sources")
	}
	if ids := known(t, "cl source ids", cl.SourceIDs); !reflect.DeepEqual(ids, []string{"orders"}) {
		t.Errorf("cl source ids = %v", ids)
	}

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

func TestRDSSubnetsAndRouteAssociations(t *testing.T) {
	e, diags := load(t, tf(`
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "gw" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "db" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.${count.index}.0/24"
}
resource "aws_route_table" "pub" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.db[0].id
  route_table_id = aws_route_table.pub.id
}
resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id
}
resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = aws_subnet.db[*].id
}
resource "aws_db_instance" "grouped" {
  engine               = "postgres"
  db_subnet_group_name = aws_db_subnet_group.db.name
}
resource "aws_db_instance" "default" { engine = "postgres" }
resource "aws_db_instance" "elsewhere" {
  engine               = "postgres"
  db_subnet_group_name = "shared"
}
# terraform-aws-rds v2 defaults db_subnet_group_name to "": the provider
# then sends none, as for default above.
resource "aws_db_instance" "empty" {
  engine               = "postgres"
  db_subnet_group_name = ""
}
`), Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	subs := map[string]any{}
	for _, i := range e.RDSInstances {
		if l, ok := i.SubnetIDs.Get(); ok {
			subs[i.Address] = l
		} else {
			subs[i.Address] = "UNKNOWN"
		}
	}
	want := map[string]any{"aws_db_instance.grouped": []string{"aws_subnet.db[0]", "aws_subnet.db[1]"},
		"aws_db_instance.default": []string{}, "aws_db_instance.elsewhere": "UNKNOWN", "aws_db_instance.empty": []string{}}
	if !reflect.DeepEqual(subs, want) {
		t.Errorf("instance subnets = %v, want %v", subs, want)
	}
	var pub, main bool
	for _, rt := range e.RouteTables {
		switch rt.Address {
		case "aws_route_table.pub":
			pub = true
			if l := known(t, "pub subnets", rt.Subnets); !reflect.DeepEqual(l, []string{"aws_subnet.db[0]"}) {
				t.Errorf("pub subnets = %v", l)
			}
			if rs := known(t, "pub routes", rt.Routes); len(rs) != 1 || !rs[0].InternetGateway {
				t.Errorf("pub routes = %+v, want one internet gateway route", rs)
			}
			if known(t, "pub main", rt.Main) {
				t.Errorf("pub is not the main table")
			}
		case "aws_default_route_table.main":
			main = true
			if !known(t, "default main", rt.Main) || known(t, "default vpc", rt.VPCID) != "aws_vpc.main" {
				t.Errorf("default route table not the main table of aws_vpc.main")
			}
		}
	}
	if !pub || !main {
		t.Fatalf("route tables missing: %v %v", pub, main)
	}
}

func TestBackupSelectionsAndMountTargets(t *testing.T) {
	e, diags := load(t, tf(`
resource "aws_efs_file_system" "fs" {}
resource "aws_subnet" "a" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.0.0/24"
}
resource "aws_efs_mount_target" "a" {
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = aws_subnet.a.id
}
resource "aws_backup_selection" "efs" {
  name         = "efs"
  plan_id      = "plan-1"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  resources    = [aws_efs_file_system.fs.arn]
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
}
resource "aws_backup_selection" "cond" {
  name         = "cond"
  plan_id      = "plan-1"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  resources    = ["*"]
  condition {
    string_equals {
      key   = "aws:ResourceTag/team"
      value = "data"
    }
  }
}
`), Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if l := known(t, "mount subnets", e.EFSFileSystems[0].MountTargetSubnets); !reflect.DeepEqual(l, []string{"aws_subnet.a"}) {
		t.Errorf("mount target subnets = %v", l)
	}
	s := e.BackupSelections[0]
	if l := known(t, "resources", s.Resources); !reflect.DeepEqual(l, []string{"aws_efs_file_system.fs"}) {
		t.Errorf("resources = %v", l)
	}
	if tg := known(t, "tags", s.Tags); len(tg) != 1 || tg[0].Key != "backup" || tg[0].Value != "daily" {
		t.Errorf("tags = %v", tg)
	}
	unknown(t, "conditioned resources", e.BackupSelections[1].Resources, "condition")
}

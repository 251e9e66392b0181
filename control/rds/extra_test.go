package rds

import (
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/ec2"
	"github.com/onus-sec/onus/model/rds"
)

// newCases cover the event subscription, parameter group and proxy
// controls (events.go, params.go, proxy.go).
func newCases() []ctest.Case {
	const (
		pass = control.Pass
		fail = control.Fail
		unk  = control.Unknown
		na   = control.NotApplicable
	)
	L := ctest.K[[]string]
	liveSub := func(region string, f func(*rds.EventSubscription)) *rds.EventSubscription {
		s := &rds.EventSubscription{Meta: ctest.Live("AWS::RDS::EventSubscription", "arn:aws:rds:"+region+":111122223333:es:s")}
		s.Region = region
		s.Name, s.Enabled, s.SourceType, s.Categories = S("s"), K(true), S("db-cluster"), L([]string{"failure", "maintenance"})
		s.SourceIDs = L([]string{})
		f(s)
		return s
	}
	liveCluster := func(region string) *rds.Cluster {
		c := &rds.Cluster{Meta: ctest.Live("AWS::RDS::DBCluster", "arn:aws:rds:"+region+":111122223333:cluster:c")}
		c.Region = region
		return c
	}
	live := func(subs []*rds.EventSubscription, cls []*rds.Cluster, gaps ...model.Gap) *model.Estate {
		return &model.Estate{AccountWide: true, ScannedRegions: []string{"eu-west-1"}, RDSEventSubscriptions: subs, RDSClusters: cls, Gaps: gaps}
	}
	codeSub := func(f func(*rds.EventSubscription)) *model.Estate {
		s := &rds.EventSubscription{Meta: ctest.TF("aws_db_event_subscription", "ev")}
		s.Name, s.Enabled, s.SourceType, s.Categories = S("ev"), K(true), S("db-instance"), L([]string{"maintenance", "configuration change", "failure"})
		s.SourceIDs = L([]string{})
		f(s)
		return &model.Estate{RDSEventSubscriptions: []*rds.EventSubscription{s}}
	}
	nop := func(*rds.EventSubscription) {}
	cl := []*rds.Cluster{liveCluster("eu-west-1")}

	group := func(name string, cluster bool, params map[string]string) *rds.ParameterGroup {
		g := &rds.ParameterGroup{Meta: ctest.TF("aws_db_parameter_group", name), Name: S(name), Cluster: cluster}
		if params != nil {
			g.Parameters = ctest.K(params)
		}
		return g
	}
	db := func(engine string, pg any, groups ...*rds.ParameterGroup) *model.Estate {
		e := inst(func(i *rds.Instance) {
			i.Engine = S(engine)
			switch v := pg.(type) {
			case string:
				i.ParameterGroup = S(v)
			case nil:
			}
		})
		e.RDSParameterGroups = groups
		return e
	}
	aur := func(engine, pg string, groups ...*rds.ParameterGroup) *model.Estate {
		e := cluster(func(c *rds.Cluster) { c.Engine, c.ParameterGroup = S(engine), S(pg) })
		e.RDSParameterGroups = groups
		return e
	}
	proxy := func(f func(*rds.Proxy)) *model.Estate {
		p := &rds.Proxy{Meta: ctest.CFN("AWS::RDS::DBProxy", "Proxy")}
		f(p)
		return &model.Estate{RDSProxies: []*rds.Proxy{p}}
	}
	subnet := func(addr, vpc string) *ec2.Subnet {
		return &ec2.Subnet{Meta: ctest.TF("aws_subnet", addr), VPCID: S(vpc)}
	}
	table := func(name, vpc string, main bool, subnets []string, igw bool) *ec2.RouteTable {
		t := &ec2.RouteTable{Meta: ctest.TF("aws_route_table", name), VPCID: S(vpc), Main: K(main), Subnets: L(subnets)}
		routes := []ec2.Route{{Destination: "10.0.0.0/16", GatewayID: "local"}}
		if igw {
			routes = append(routes, ec2.Route{Destination: "0.0.0.0/0", GatewayID: "aws_internet_gateway.gw", InternetGateway: true})
		}
		t.Routes = ctest.K(routes)
		return t
	}
	placed := func(subs any, tables ...*ec2.RouteTable) *model.Estate {
		e := inst(func(i *rds.Instance) {
			if l, ok := subs.([]string); ok {
				i.SubnetIDs = L(l)
			}
		})
		e.Subnets = []*ec2.Subnet{subnet("a", "aws_vpc.main"), subnet("b", "aws_vpc.main")}
		e.RouteTables = tables
		return e
	}
	both := []string{"aws_subnet.a", "aws_subnet.b"}
	return []ctest.Case{
		{Name: "private tables", Control: "ONUS-RDS-027", Estate: placed(both, table("priv", "aws_vpc.main", false, both, false)), Want: pass},
		{Name: "main table private", Control: "ONUS-RDS-027", Estate: placed(both, table("main", "aws_vpc.main", true, nil, false), table("pub", "aws_vpc.main", false, []string{"aws_subnet.c"}, true)), Want: pass},
		{Name: "code without main table", Control: "ONUS-RDS-027", Estate: placed(both), Want: pass},
		{Name: "one public subnet", Control: "ONUS-RDS-027", Estate: placed(both, table("priv", "aws_vpc.main", false, []string{"aws_subnet.a"}, false), table("pub", "aws_vpc.main", false, []string{"aws_subnet.b"}, true)), Want: fail, Reason: "aws_subnet.b"},
		{Name: "public main table", Control: "ONUS-RDS-027", Estate: placed(both, table("main", "aws_vpc.main", true, nil, true)), Want: fail},
		{Name: "default VPC", Control: "ONUS-RDS-027", Estate: placed([]string{}), Want: fail, Reason: "default VPC"},
		{Name: "subnet group unknown", Control: "ONUS-RDS-027", Estate: placed(nil), Want: unk},
		{Name: "subnet outside estate", Control: "ONUS-RDS-027", Estate: placed([]string{"subnet-0abc"}), Want: unk, Reason: "not in the scanned estate"},
		{Name: "associations unknown", Control: "ONUS-RDS-027", Estate: placed(both, func() *ec2.RouteTable {
			t := table("x", "aws_vpc.main", false, nil, true)
			t.Subnets = ctest.U[[]string]("association target unknown")
			return t
		}()), Want: unk},

		{Name: "live covered", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", nop)}, cl), Want: pass},
		{Name: "live all categories", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Categories = L(nil) })}, cl), Want: pass},
		{Name: "live all sources", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceType, s.Categories = S(""), L(nil) })}, cl), Want: pass},
		{Name: "live missing maintenance", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Categories = L([]string{"failure"}) })}, cl), Want: fail, Reason: "maintenance"},
		{Name: "live disabled", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Enabled = K(false) })}, cl), Want: fail, Reason: "disabled"},
		{Name: "live other region only", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("us-east-1", nop)}, cl), Want: fail},
		{Name: "live instance subscription only", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceType = S("db-instance") })}, cl), Want: fail},
		{Name: "live none", Control: "ONUS-RDS-019", Estate: live(nil, cl), Want: fail},
		{Name: "live limited to named clusters", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceIDs = L([]string{"orders"}) })}, cl), Want: fail, Reason: "orders"},
		{Name: "live source ids unknown", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceIDs = ctest.U[[]string]("not read") })}, cl), Want: unk},
		{Name: "code limited to named instances", Control: "ONUS-RDS-020", Estate: codeSub(func(s *rds.EventSubscription) { s.SourceIDs = L([]string{"aws_db_instance.main"}) }), Want: fail, Reason: "aws_db_instance.main"},
		{Name: "live listing denied", Control: "ONUS-RDS-019", Estate: live(nil, cl, model.Gap{Type: "AWS::RDS::EventSubscription", Region: "eu-west-1", Reason: "AccessDenied"}), Want: unk, Reason: "AccessDenied"},
		{Name: "live categories unknown", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Categories = ctest.U[[]string]("throttled") })}, cl), Want: unk},
		{Name: "live no clusters", Control: "ONUS-RDS-019", Estate: live(nil, nil), Want: na},
		{Name: "live clusters unlisted", Control: "ONUS-RDS-019", Estate: live(nil, nil, model.Gap{Type: "AWS::RDS::DBCluster", Region: "eu-west-1", Reason: "AccessDenied"}), Want: unk},

		{Name: "code covered", Control: "ONUS-RDS-020", Estate: codeSub(nop), Want: pass},
		{Name: "code missing failure", Control: "ONUS-RDS-020", Estate: codeSub(func(s *rds.EventSubscription) { s.Categories = L([]string{"maintenance", "configuration change"}) }), Want: fail, Reason: "failure"},
		{Name: "code unknown var", Control: "ONUS-RDS-020", Estate: codeSub(func(s *rds.EventSubscription) { s.Enabled = ctest.U[bool]("var.on has no value") }), Want: unk},
		{Name: "code cluster subscription", Control: "ONUS-RDS-020", Estate: codeSub(func(s *rds.EventSubscription) { s.SourceType = S("db-cluster") }), Want: na},
		{Name: "code none", Control: "ONUS-RDS-020", Estate: &model.Estate{}, Want: na},

		{Name: "code param group", Control: "ONUS-RDS-021", Estate: codeSub(func(s *rds.EventSubscription) {
			s.SourceType, s.Categories = S("db-parameter-group"), L([]string{"configuration change"})
		}), Want: pass},
		{Name: "code param group other category", Control: "ONUS-RDS-021", Estate: codeSub(func(s *rds.EventSubscription) {
			s.SourceType, s.Categories = S("db-parameter-group"), L([]string{"deletion"})
		}), Want: fail},
		{Name: "code source unknown", Control: "ONUS-RDS-021", Estate: codeSub(func(s *rds.EventSubscription) { s.SourceType = ctest.U[string]("var.src") }), Want: unk},

		{Name: "code security group", Control: "ONUS-RDS-022", Estate: codeSub(func(s *rds.EventSubscription) {
			s.SourceType, s.Categories = S("db-security-group"), L([]string{"failure", "configuration change"})
		}), Want: pass},
		{Name: "code security group partial", Control: "ONUS-RDS-022", Estate: codeSub(func(s *rds.EventSubscription) {
			s.SourceType, s.Categories = S("db-security-group"), L([]string{"failure"})
		}), Want: fail},
		{Name: "code categories unknown", Control: "ONUS-RDS-022", Estate: codeSub(func(s *rds.EventSubscription) {
			s.SourceType, s.Categories = S("db-security-group"), ctest.U[[]string]("var.cats")
		}), Want: unk},

		{Name: "force_ssl on", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", "mssql", group("mssql", false, map[string]string{"rds.force_ssl": "1"})), Want: pass},
		{Name: "force_ssl off", Control: "ONUS-RDS-023", Estate: db("sqlserver-ee", "mssql", group("mssql", false, map[string]string{"rds.force_ssl": "0"})), Want: fail},
		{Name: "not set", Control: "ONUS-RDS-023", Estate: db("sqlserver-ex", "mssql", group("mssql", false, map[string]string{})), Want: fail, Reason: "engine default"},
		{Name: "default group", Control: "ONUS-RDS-023", Estate: db("sqlserver-web", ""), Want: fail, Reason: "default"},
		{Name: "named default group", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", "default.sqlserver-se-16.0"), Want: fail},
		{Name: "group not in estate", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", "shared-params"), Want: unk, Reason: "not in the scanned estate"},
		{Name: "group params unknown", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", "mssql", group("mssql", false, nil)), Want: unk},
		{Name: "group ref unknown", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", nil), Want: unk},
		{Name: "postgres", Control: "ONUS-RDS-023", Estate: db("postgres", ""), Want: na},
		{Name: "cluster group does not count", Control: "ONUS-RDS-023", Estate: db("sqlserver-se", "mssql", group("mssql", true, map[string]string{"rds.force_ssl": "1"})), Want: unk},

		{Name: "ON", Control: "ONUS-RDS-024", Estate: db("mariadb", "maria", group("maria", false, map[string]string{"require_secure_transport": "ON"})), Want: pass},
		{Name: "1", Control: "ONUS-RDS-024", Estate: db("mariadb", "maria", group("maria", false, map[string]string{"require_secure_transport": "1"})), Want: pass},
		{Name: "OFF", Control: "ONUS-RDS-024", Estate: db("mariadb", "maria", group("maria", false, map[string]string{"require_secure_transport": "OFF"})), Want: fail},
		{Name: "default", Control: "ONUS-RDS-024", Estate: db("mariadb", ""), Want: fail},
		{Name: "engine unknown", Control: "ONUS-RDS-024", Estate: inst(func(*rds.Instance) {}), Want: unk},
		{Name: "mysql", Control: "ONUS-RDS-024", Estate: db("mysql", ""), Want: na},

		{Name: "audit on", Control: "ONUS-RDS-025", Estate: aur("aurora-mysql", "aud", group("aud", true, map[string]string{"server_audit_logging": "1"})), Want: pass},
		{Name: "audit off", Control: "ONUS-RDS-025", Estate: aur("aurora-mysql", "aud", group("aud", true, map[string]string{"server_audit_logging": "0"})), Want: fail},
		{Name: "default cluster group", Control: "ONUS-RDS-025", Estate: aur("aurora-mysql", "default.aurora-mysql8.0"), Want: fail},
		{Name: "unknown group", Control: "ONUS-RDS-025", Estate: aur("aurora-mysql", "elsewhere"), Want: unk},
		{Name: "postgres", Control: "ONUS-RDS-025", Estate: aur("aurora-postgresql", ""), Want: na},

		{Name: "tls", Control: "ONUS-RDS-026", Estate: proxy(func(p *rds.Proxy) { p.RequireTLS = K(true) }), Want: pass},
		{Name: "plain", Control: "ONUS-RDS-026", Estate: proxy(func(p *rds.Proxy) { p.RequireTLS = K(false) }), Want: fail},
		{Name: "unknown", Control: "ONUS-RDS-026", Estate: proxy(func(*rds.Proxy) {}), Want: unk},
	}
}

// TestEventCategoriesMatchFSBP pins each event-subscription control to the
// source type and categories of AWS's definition (Security Hub RDS.19–22:
// DBCluster [maintenance, failure]; DBInstance [maintenance, configuration
// change, failure]; DBParameterGroup [configuration change];
// DBSecurityGroup [configuration change, failure]): exactly those pass, and
// dropping any one fails.
func TestEventCategoriesMatchFSBP(t *testing.T) {
	aws := []struct {
		id, sourceType string
		categories     []string
	}{
		{"ONUS-RDS-019", "db-cluster", []string{"maintenance", "failure"}},
		{"ONUS-RDS-020", "db-instance", []string{"maintenance", "configuration change", "failure"}},
		{"ONUS-RDS-021", "db-parameter-group", []string{"configuration change"}},
		{"ONUS-RDS-022", "db-security-group", []string{"configuration change", "failure"}},
	}
	byID := map[string]*control.Control{}
	for _, c := range Controls() {
		byID[c.ID] = c
	}
	outcome := func(id, st string, cats []string) control.Outcome {
		s := &rds.EventSubscription{Meta: ctest.TF("aws_db_event_subscription", "ev")}
		s.Name, s.Enabled, s.SourceType, s.Categories, s.SourceIDs = ctest.K("ev"), ctest.K(true), ctest.K(st), ctest.K(cats), ctest.K([]string{})
		rs := byID[id].Check(&model.Estate{RDSEventSubscriptions: []*rds.EventSubscription{s}})
		if len(rs) != 1 {
			t.Fatalf("%s: %d results", id, len(rs))
		}
		return rs[0].Outcome
	}
	for _, a := range aws {
		if byID[a.id] == nil {
			t.Fatalf("no control %s", a.id)
		}
		if o := outcome(a.id, a.sourceType, a.categories); o != control.Pass {
			t.Errorf("%s with AWS's categories %v = %s, want PASS", a.id, a.categories, o)
		}
		for i := range a.categories {
			fewer := append(append([]string{}, a.categories[:i]...), a.categories[i+1:]...)
			if len(fewer) == 0 {
				fewer = []string{"deletion"} // an empty list would mean every category
			}
			if o := outcome(a.id, a.sourceType, fewer); o != control.Fail {
				t.Errorf("%s without %q = %s, want FAIL", a.id, a.categories[i], o)
			}
		}
	}
}

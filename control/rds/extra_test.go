package rds

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ctest"
	"github.com/onus-sec/onus/model"
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
	return []ctest.Case{
		{Name: "live covered", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", nop)}, cl), Want: pass},
		{Name: "live all categories", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Categories = L(nil) })}, cl), Want: pass},
		{Name: "live all sources", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceType, s.Categories = S(""), L(nil) })}, cl), Want: pass},
		{Name: "live missing maintenance", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Categories = L([]string{"failure"}) })}, cl), Want: fail, Reason: "maintenance"},
		{Name: "live disabled", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.Enabled = K(false) })}, cl), Want: fail, Reason: "disabled"},
		{Name: "live other region only", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("us-east-1", nop)}, cl), Want: fail},
		{Name: "live instance subscription only", Control: "ONUS-RDS-019", Estate: live([]*rds.EventSubscription{liveSub("eu-west-1", func(s *rds.EventSubscription) { s.SourceType = S("db-instance") })}, cl), Want: fail},
		{Name: "live none", Control: "ONUS-RDS-019", Estate: live(nil, cl), Want: fail},
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

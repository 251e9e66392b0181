package rds

import (
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/scope"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/rds"
	"github.com/onus-sec/onus/source"
)

// paramSpec is a duty expressed as one engine parameter that must hold a
// value, on the engines it names.
type paramSpec struct {
	param string
	// on lists the values that meet the duty ("1", "on").
	on []string
	// engineDefault is the value when neither a custom group nor the
	// default group sets it (every version of the engines in scope).
	engineDefault string
	cluster       bool
}

func paramControls() []*control.Control {
	return []*control.Control{sqlServerTLS(), mariaDBTLS(), auroraMySQLAudit()}
}

// isDefaultGroup: a default parameter group holds the engine defaults and
// cannot be modified.
func isDefaultGroup(name string) bool {
	return name == "" || strings.HasPrefix(strings.ToLower(name), "default.") || strings.HasPrefix(strings.ToLower(name), "default:")
}

func (s paramSpec) meets(v string) bool {
	for _, x := range s.on {
		if strings.EqualFold(strings.TrimSpace(v), x) {
			return true
		}
	}
	return false
}

// verdict judges the parameter group a database uses. region scopes live
// lookups (group names are unique per region only).
func (s paramSpec) verdict(e *model.Estate, region string, ref source.Value[string]) control.Verdict {
	name, ok := ref.Get()
	if !ok {
		return ck.Unknown(ref, "parameter group")
	}
	kind := "DB parameter group"
	if s.cluster {
		kind = "DB cluster parameter group"
	}
	if isDefaultGroup(name) {
		return s.judgeDefault("the default "+kind+" (engine default "+s.param+" = "+s.engineDefault+")", ref.Prov())
	}
	var g *rds.ParameterGroup
	for _, x := range e.RDSParameterGroups {
		n, _ := x.Name.Get()
		if x.Cluster == s.cluster && (region == "" || x.Region == "" || x.Region == region) && scope.SameRef(name, &x.Meta, n) {
			g = x
			break
		}
	}
	if g == nil {
		return control.Verdict{Outcome: control.Unknown, Evidence: []control.Evidence{ck.Ev(kind, ref)},
			Reason: kind + " " + name + " is not in the scanned estate, so " + s.param + " is unknown"}
	}
	params, ok := g.Parameters.Get()
	if !ok {
		return ck.Unknown(g.Parameters, "parameters of "+kind+" "+name)
	}
	v, set := lookupParam(params, s.param)
	if !set {
		return s.judgeDefault(kind+" "+name+" does not set "+s.param+" (engine default "+s.engineDefault+")", g.Parameters.Prov())
	}
	if s.meets(v) {
		return ck.PassAt(kind+" "+name+" sets "+s.param+" = "+v, g.Parameters.PackedProv())
	}
	return ck.FailAt(kind+" "+name+" sets "+s.param+" = "+v, g.Parameters.PackedProv())
}

func lookupParam(m map[string]string, name string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func (s paramSpec) judgeDefault(what string, p source.Prov) control.Verdict {
	if s.meets(s.engineDefault) {
		return ck.Pass(what, p)
	}
	return ck.Fail(what, p)
}

// engineIn answers NOT_APPLICABLE for other engines and UNKNOWN when the
// engine is unknown; ok=true means the duty applies.
func engineIn(engine source.Value[string], what string, match func(string) bool) (control.Verdict, bool) {
	eng, ok := ck.Str(engine)
	if !ok {
		return ck.Unknown(engine, "engine"), false
	}
	if !match(eng) {
		return ck.NA(what + " does not apply to engine " + eng), false
	}
	return control.Verdict{}, true
}

func sqlServerTLS() *control.Control {
	s := paramSpec{param: "rds.force_ssl", on: []string{"1", "on", "true"}, engineDefault: "0"}
	return &control.Control{
		ID: "ONUS-RDS-023", Title: "RDS for SQL Server requires encrypted connections", Severity: control.Medium,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.41"), fw.InTransit()),
		Rationale: "SQL Server on RDS accepts unencrypted client connections unless the customer's parameter group " +
			"sets rds.force_ssl; credentials and query results then cross the network in clear text.",
		Checked: "The DB parameter group of every SQL Server instance: rds.force_ssl = 1 passes; 0, or a default " +
			"group (engine default 0), fails. A custom group that is not in the scanned estate is unknown; other " +
			"engines are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Use a custom DB parameter group with rds.force_ssl = 1 and reboot the instance.",
			Terraform:      "resource \"aws_db_parameter_group\" \"mssql\" {\n  family = \"sqlserver-se-16.0\"\n  parameter {\n    name         = \"rds.force_ssl\"\n    value        = \"1\"\n    apply_method = \"pending-reboot\"\n  }\n}\nresource \"aws_db_instance\" \"db\" {\n  parameter_group_name = aws_db_parameter_group.mssql.name\n}",
			CloudFormation: "MssqlParams:\n  Type: AWS::RDS::DBParameterGroup\n  Properties:\n    Family: sqlserver-se-16.0\n    Description: force TLS\n    Parameters:\n      rds.force_ssl: \"1\"\nDB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    DBParameterGroupName: !Ref MssqlParams",
			CLI:            "aws rds modify-db-parameter-group --db-parameter-group-name mssql --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.RDSInstances, func(i *rds.Instance, b control.Builder) control.Result {
				if v, ok := engineIn(i.Engine, "rds.force_ssl for SQL Server", func(x string) bool { return strings.HasPrefix(x, "sqlserver") }); !ok {
					return b.Result(v)
				}
				return b.Result(s.verdict(e, i.Region, i.ParameterGroup))
			})
		},
	}
}

func mariaDBTLS() *control.Control {
	s := paramSpec{param: "require_secure_transport", on: []string{"1", "on"}, engineDefault: "OFF"}
	return &control.Control{
		ID: "ONUS-RDS-024", Title: "RDS for MariaDB requires encrypted connections", Severity: control.Medium,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.44"), fw.InTransit()),
		Rationale: "MariaDB on RDS accepts unencrypted client connections unless the customer's parameter group " +
			"sets require_secure_transport; credentials and data then cross the network in clear text.",
		Checked: "The DB parameter group of every MariaDB instance: require_secure_transport ON (or 1) passes; OFF, " +
			"or a default group (engine default OFF), fails. A custom group that is not in the scanned estate is " +
			"unknown; other engines are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Use a custom DB parameter group with require_secure_transport = ON.",
			Terraform:      "resource \"aws_db_parameter_group\" \"maria\" {\n  family = \"mariadb10.11\"\n  parameter {\n    name  = \"require_secure_transport\"\n    value = \"ON\"\n  }\n}\nresource \"aws_db_instance\" \"db\" {\n  parameter_group_name = aws_db_parameter_group.maria.name\n}",
			CloudFormation: "MariaParams:\n  Type: AWS::RDS::DBParameterGroup\n  Properties:\n    Family: mariadb10.11\n    Description: require TLS\n    Parameters:\n      require_secure_transport: \"ON\"\nDB:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    DBParameterGroupName: !Ref MariaParams",
			CLI:            "aws rds modify-db-parameter-group --db-parameter-group-name maria --parameters ParameterName=require_secure_transport,ParameterValue=ON,ApplyMethod=immediate",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.RDSInstances, func(i *rds.Instance, b control.Builder) control.Result {
				if v, ok := engineIn(i.Engine, "require_secure_transport for MariaDB", func(x string) bool { return x == "mariadb" }); !ok {
					return b.Result(v)
				}
				return b.Result(s.verdict(e, i.Region, i.ParameterGroup))
			})
		},
	}
}

func auroraMySQLAudit() *control.Control {
	s := paramSpec{param: "server_audit_logging", on: []string{"1", "on"}, engineDefault: "0", cluster: true}
	return &control.Control{
		ID: "ONUS-RDS-025", Title: "Aurora MySQL clusters have audit logging enabled", Severity: control.Medium,
		Service: "rds", Layer: "logging-monitoring",
		Frameworks: fw.Of(fw.FSBP("RDS.45"), fw.Logging()),
		Rationale: "Aurora MySQL writes connection and query audit records only when server_audit_logging is on in " +
			"the cluster parameter group; without it there is no record of who read or changed the data.",
		Checked: "The DB cluster parameter group of every Aurora MySQL cluster: server_audit_logging = 1 passes; 0, " +
			"or a default group (engine default 0), fails. A custom group not in the scanned estate is unknown; " +
			"other engines are not applicable.",
		Remediation: control.Remediation{
			Summary:        "Set server_audit_logging = 1 (and server_audit_events) in a custom cluster parameter group.",
			Terraform:      "resource \"aws_rds_cluster_parameter_group\" \"aurora\" {\n  family = \"aurora-mysql8.0\"\n  parameter {\n    name  = \"server_audit_logging\"\n    value = \"1\"\n  }\n  parameter {\n    name  = \"server_audit_events\"\n    value = \"CONNECT,QUERY_DCL,QUERY_DDL\"\n  }\n}\nresource \"aws_rds_cluster\" \"aurora\" {\n  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora.name\n}",
			CloudFormation: "AuroraParams:\n  Type: AWS::RDS::DBClusterParameterGroup\n  Properties:\n    Family: aurora-mysql8.0\n    Description: audit\n    Parameters:\n      server_audit_logging: \"1\"\n      server_audit_events: CONNECT,QUERY_DCL,QUERY_DDL\nCluster:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    DBClusterParameterGroupName: !Ref AuroraParams",
			CLI:            "aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name aurora --parameters ParameterName=server_audit_logging,ParameterValue=1,ApplyMethod=immediate",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.RDSClusters, func(c *rds.Cluster, b control.Builder) control.Result {
				if v, ok := engineIn(c.Engine, "Aurora MySQL audit logging", func(x string) bool { return x == "aurora-mysql" || x == "aurora" }); !ok {
					return b.Result(v)
				}
				return b.Result(s.verdict(e, c.Region, c.ParameterGroup))
			})
		},
	}
}

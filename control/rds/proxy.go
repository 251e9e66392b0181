package rds

import (
	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/ck"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/model"
	"github.com/onus-sec/onus/model/rds"
)

func proxyTLS() *control.Control {
	return &control.Control{
		ID: "ONUS-RDS-026", Title: "RDS proxies require TLS for client connections", Severity: control.Medium,
		Service: "rds", Layer: "data-protection",
		Frameworks: fw.Of(fw.FSBP("RDS.43"), fw.InTransit()),
		Rationale: "An RDS Proxy that does not require TLS accepts plain-text client connections, so database " +
			"credentials and data cross the network unencrypted between the application and the proxy.",
		Checked: "RequireTLS of every DB proxy: true passes; false (the default) fails.",
		Remediation: control.Remediation{
			Summary:        "Turn on Require Transport Layer Security on the proxy.",
			Terraform:      "resource \"aws_db_proxy\" \"p\" {\n  require_tls = true\n}",
			CloudFormation: "Proxy:\n  Type: AWS::RDS::DBProxy\n  Properties:\n    RequireTLS: true",
			CLI:            "aws rds modify-db-proxy --db-proxy-name app --require-tls",
		},
		Check: func(e *model.Estate) []control.Result {
			return ck.Each(e.RDSProxies, func(p *rds.Proxy, b control.Builder) control.Result {
				return b.Result(ck.Bool(p.RequireTLS, true, "require TLS"))
			})
		},
	}
}

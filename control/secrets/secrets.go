package secrets

import (
	"fmt"
	"strings"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/control/internal/fw"
	"github.com/onus-sec/onus/control/internal/secretscan"
	"github.com/onus-sec/onus/model"
)

// Controls returns the configuration-literal controls.
func Controls() []*control.Control {
	return []*control.Control{{
		ID: "ONUS-SECRETS-001", Title: "No secrets are written literally in configuration", Severity: control.High,
		Service: "secretsmanager", Layer: "secrets",
		Frameworks: fw.Of(fw.Secrets()),
		Rationale: "Variable defaults, locals, provider blocks, parameter defaults and outputs end up in version " +
			"control, state files, plan output and stack descriptions; a credential there is readable by " +
			"everyone who can read the code or the stack. Marking it sensitive or NoEcho hides it from logs, " +
			"not from the repository.",
		Checked: "Every Terraform variable default, local and provider argument and every CloudFormation " +
			"parameter default and output (multi-line values line by line): a known credential format, a literal under a credential-like name, " +
			"a high-entropy token, a literal default of a sensitive/NoEcho input, or an output that publishes a " +
			"secret attribute or NoEcho parameter fails (key reported, value redacted to its first two " +
			"characters and length). Credential-named entries that hold references pass; other entries are " +
			"not reported.",
		Remediation: control.Remediation{
			Summary:        "Remove the literal; read the secret from Secrets Manager or SSM Parameter Store at deploy or run time.",
			Terraform:      "variable \"db_password\" {\n  type      = string\n  sensitive = true\n  # no default: pass it from a secret store, or better:\n}\ndata \"aws_secretsmanager_secret_version\" \"db\" {\n  secret_id = \"app/db\"\n}",
			CloudFormation: "Parameters:\n  DbPassword:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /app/db/password   # or use {{resolve:secretsmanager:app/db:SecretString:password}}",
			CLI:            "aws secretsmanager create-secret --name app/db --secret-string file://secret.json",
		},
		Check: check,
	}}
}

func check(e *model.Estate) []control.Result {
	var out []control.Result
	for _, l := range e.Literals {
		if l == nil {
			continue
		}
		b := control.On(&l.Meta)
		ev := control.EvAt(l.Context+" "+l.Key, l.Prov)
		where := fmt.Sprintf("%s %s", l.Context, l.Key)
		output := strings.HasSuffix(l.Context, "output")
		switch {
		case output && l.Sensitive:
			out = append(out, b.Fail(where+" publishes a secret value (a secret attribute or a NoEcho input)", ev))
		case l.Sensitive && !output && secretscan.IsLiteral(l.Value):
			out = append(out, b.Fail(fmt.Sprintf("%s is marked sensitive but has a literal value in code: %s", where, secretscan.Redact(l.Value)), ev))
		case strings.Contains(l.Value, "\n"):
			// Scripts and documents (user data templates, heredocs): judge line by line.
			if fs := secretscan.ScanText(l.Value); len(fs) > 0 {
				parts := make([]string, 0, len(fs))
				for _, f := range fs {
					parts = append(parts, f.String())
				}
				out = append(out, b.Fail(where+" holds secret-like values: "+strings.Join(parts, "; "), ev))
			} else if secretscan.SecretKey(l.Key) {
				out = append(out, b.Pass(where+" holds no literal secret", ev))
			}
		default:
			if f, bad := secretscan.Check(l.Key, l.Value); bad {
				out = append(out, b.Fail(where+": "+f.String(), ev))
			} else if secretscan.SecretKey(l.Key) {
				out = append(out, b.Pass(where+" holds no literal secret", ev))
			}
		}
	}
	return out
}

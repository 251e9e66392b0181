package terraform

import (
	"context"
	"strings"
	"testing"
)

// A template with unknown parts stays unknown, but its literal text is
// kept (unknown parts as ${...} placeholders) for the secret scan.
func TestPartialUserData(t *testing.T) {
	cases := []struct {
		name, src   string
		wantPartial string // "" = no partial text expected
	}{
		{"heredoc with an unresolved variable", `variable "x" {}
resource "aws_instance" "i" {
  user_data = <<-EOT
    #!/bin/bash
    export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    ${var.x}
  EOT
}`, "#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n${var.x}\n"},
		{"known variables fill in, computed attributes do not", `variable "pw" { default = "hunter2!x" }
resource "aws_db_instance" "d" {}
resource "aws_instance" "i" {
  user_data = "url=postgres://app:${var.pw}@${aws_db_instance.d.address}/db"
}`, "url=postgres://app:hunter2!x@${aws_db_instance.d.address}/db"},
		{"base64encode of a template", `variable "x" {}
resource "aws_instance" "i" {
  user_data_base64 = base64encode("TOKEN=abc ${upper(var.x)}")
}`, "TOKEN=abc ${...}"},
		{"wholly unknown has no partial text", `variable "x" {}
resource "aws_instance" "i" { user_data = var.x }`, ""},
		{"JSON template", ``, "#!/bin/bash\nexport K=v\n${var.x}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := tf(c.src)
			if c.src == "" {
				files = map[string]string{"main.tf.json": `{"variable": {"x": {}}, "resource": {"aws_instance": {"i": {"user_data": "#!/bin/bash\nexport K=v\n${var.x}"}}}}`}
			}
			e, d := load(t, files, Options{})
			noErrors(t, d)
			in := e.EC2Instances[0]
			unknown(t, "user data", in.UserData, "")
			got, ok := in.UserDataPartial.Get()
			if c.wantPartial == "" {
				if ok {
					t.Fatalf("partial %q, want none", got)
				}
				return
			}
			if got != c.wantPartial {
				t.Fatalf("partial %q, want %q", got, c.wantPartial)
			}
			if l := in.UserDataPartial.Prov().Loc; l.Start.Line == 0 || !strings.Contains(l.File, "main.tf") {
				t.Fatalf("provenance %v", l)
			}
		})
	}
}

// templatefile(path.module/..., vars with computed values) keeps the
// template's literal text, also when the scan path is relative.
func TestPartialTemplateFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"mod/main.tf": `resource "aws_db_instance" "d" {}
resource "aws_instance" "i" {
  user_data = templatefile("${path.module}/init.sh", { host = aws_db_instance.d.address, env = "prod" })
}`,
		"mod/init.sh": "#!/bin/bash\nexport ENV=${env}\nexport H=${host}\n",
	})
	t.Chdir(dir)
	e, d := Load(context.Background(), "mod", Options{})
	noErrors(t, d)
	in := e.EC2Instances[0]
	unknown(t, "user data", in.UserData, "aws_db_instance.d.address")
	if got := known(t, "partial", in.UserDataPartial); got != "#!/bin/bash\nexport ENV=prod\nexport H=${host}\n" {
		t.Fatalf("partial %q", got)
	}
}

package terraform

import "testing"

// An argument set to null is read through a reference as unknown, not
// null: the provider may compute it. terraform-aws-iam's assumable role
// sets name = var.role_name (null) and name_prefix = "custom-"; its policy
// attachments name the role as aws_iam_role.this[0].name, which read as
// null, so no role was found and the attachments were dropped without a
// word: the role had no attached policies (ONUS-IAM-022 PASS with
// AlexaForBusinessFullAccess attached).
func TestNullArgumentReadAsComputed(t *testing.T) {
	e, d := load(t, tf(`
variable "role_name" {
  type    = string
  default = null
}
resource "aws_iam_role" "r" {
  name               = var.role_name
  name_prefix        = "custom-"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AlexaForBusinessFullAccess"
}
`), Options{})
	if d.HasErrors() {
		t.Fatal(d)
	}
	if len(e.IAMRoles) != 1 {
		t.Fatalf("%d roles", len(e.IAMRoles))
	}
	if l := known(t, "attached", e.IAMRoles[0].Attached); len(l) != 1 {
		t.Errorf("%d attached policies, want the one the attachment names", len(l))
	}
}

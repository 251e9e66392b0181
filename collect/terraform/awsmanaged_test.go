package terraform

import (
	"testing"

	"github.com/onus-sec/onus/model/iam"
)

// AWS managed policies attached by ARN get onus's bundled copy as their
// document (with the attachment's provenance) when one is bundled, and stay
// UNKNOWN otherwise.
func TestAWSManagedPolicyDocuments(t *testing.T) {
	e, d := load(t, tf(`
resource "aws_iam_role" "r" {
  name                 = "r"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns  = ["arn:aws:iam::aws:policy/IAMReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]
  permissions_boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
}
resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role_policy_attachment" "gov" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role_policy_attachment" "wrong_path" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"
}`), Options{})
	noErrors(t, d)
	r := e.IAMRoles[0]
	att := known(t, "attached", r.Attached)
	byRef := map[string]iam.NamedPolicy{}
	for _, np := range att {
		byRef[np.Ref] = np
	}
	tests := []struct {
		ref, name, bundled string // bundled "" = document stays unknown
	}{
		{"arn:aws:iam::aws:policy/IAMReadOnlyAccess", "IAMReadOnlyAccess", "bundled copy v4, edited 2018-01-25"},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWSLambdaBasicExecutionRole", "bundled copy v1, edited 2015-04-09"},
		{"arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", ""},
		{"arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "AWSLambdaBasicExecutionRole", ""},
		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", "AWSLambdaBasicExecutionRole", ""},
	}
	for _, tt := range tests {
		np, ok := byRef[tt.ref]
		if !ok {
			t.Fatalf("%s not attached: %+v", tt.ref, att)
		}
		if np.Name != tt.name || np.Bundled != tt.bundled {
			t.Errorf("%s: name %q bundled %q, want %q %q", tt.ref, np.Name, np.Bundled, tt.name, tt.bundled)
		}
		if tt.bundled == "" {
			unknown(t, tt.ref, np.Document, "AWS managed policy")
			continue
		}
		doc := known(t, tt.ref, np.Document)
		if doc == nil || len(doc.Statements) == 0 {
			t.Errorf("%s: empty document", tt.ref)
		}
		if np.Document.Prov() != np.Prov.Prov() {
			t.Errorf("%s: document provenance %v, attachment %v", tt.ref, np.Document.Prov(), np.Prov)
		}
	}
	if b := known(t, "boundary", r.Boundary); b == nil || b.Statements[0].NotAction == nil {
		t.Errorf("boundary is not the bundled PowerUserAccess: %+v", b)
	}
}

package cloudformation

import (
	"testing"
)

// AWS managed policies in ManagedPolicyArns and PermissionsBoundary get
// onus's bundled copy as their document when one is bundled (the partition
// follows AWS::Partition), and stay UNKNOWN otherwise.
func TestAWSManagedPolicyDocuments(t *testing.T) {
	const tmpl = `
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
      PermissionsBoundary: !Sub arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AdministratorAccess
`
	tests := []struct {
		name    string
		params  map[string]string
		bundled string // "" = documents stay unknown
	}{
		{"commercial partition", nil, "bundled copy v1, edited 2015-04-09"},
		{"GovCloud partition", map[string]string{"AWS::Region": "us-gov-west-1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, d := loadString(t, "t.yaml", tmpl, Options{Params: tt.params})
			if d.HasErrors() {
				t.Fatal(d)
			}
			r := e.IAMRoles[0]
			att, ok := r.Attached.Get()
			if !ok || len(att) != 2 {
				t.Fatalf("attached %+v (%s)", att, r.Attached.Reason())
			}
			basic, admin := att[0], att[1]
			if basic.Name != "AWSLambdaBasicExecutionRole" || basic.Bundled != tt.bundled {
				t.Errorf("name %q bundled %q", basic.Name, basic.Bundled)
			}
			doc, ok := basic.Document.Get()
			if ok != (tt.bundled != "") {
				t.Fatalf("document known = %v (%s)", ok, basic.Document.Reason())
			}
			if ok && (doc == nil || basic.Document.Prov() != basic.Prov.Prov()) {
				t.Errorf("document %+v, provenance %v vs %v", doc, basic.Document.Prov(), basic.Prov)
			}
			if _, ok := admin.Document.Get(); ok || admin.Bundled != "" {
				t.Errorf("AdministratorAccess is not bundled, got a document")
			}
			b, ok := r.Boundary.Get()
			if ok != (tt.bundled != "") || ok && (b == nil || b.Statements[0].NotAction == nil) {
				t.Errorf("boundary %+v known=%v (%s)", b, ok, r.Boundary.Reason())
			}
		})
	}
}

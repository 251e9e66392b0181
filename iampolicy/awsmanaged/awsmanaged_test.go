package awsmanaged

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/onus-sec/onus/iampolicy"
)

func TestEveryBundledDocumentParsesAndRoundTrips(t *testing.T) {
	names := Names()
	if len(names) == 0 {
		t.Fatal("no bundled policies")
	}
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			arn := "arn:aws:iam::aws:policy/" + n
			d, ok := Lookup(arn)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", arn)
			}
			if d.ARN != arn {
				t.Errorf("ARN = %q, want %q", d.ARN, arn)
			}
			if d.Name != n[strings.LastIndexByte(n, '/')+1:] {
				t.Errorf("Name = %q for %q", d.Name, n)
			}
			if !strings.HasPrefix(d.VersionID, "v") || len(d.Edited) != len("2006-01-02") {
				t.Errorf("version %q / edited %q not recorded", d.VersionID, d.Edited)
			}
			if d.Document == nil || d.Document.Version != iampolicy.Version2012 || len(d.Document.Statements) == 0 {
				t.Fatalf("document %+v", d.Document)
			}
			// The canonical form parses back to the same document.
			js, err := d.Document.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			again, err := iampolicy.Parse(js)
			if err != nil {
				t.Fatalf("re-parse: %v", err)
			}
			js2, _ := again.MarshalJSON()
			if string(js) != string(js2) {
				t.Errorf("round trip changed the document:\n%s\n%s", js, js2)
			}
		})
	}
}

// Every data file is catalogued and every catalogue entry has a file.
func TestCatalogMatchesDataFiles(t *testing.T) {
	files, err := fs.Glob(files, "data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range files {
		have[strings.TrimSuffix(strings.TrimPrefix(f, "data/"), ".json")] = true
	}
	if len(have) != len(catalog) {
		t.Errorf("%d data files, %d catalogue entries", len(have), len(catalog))
	}
	for _, e := range catalog {
		if !have[e.name] {
			t.Errorf("catalogue entry %s has no data/%s.json", e.name, e.name)
		}
	}
}

func TestLookupMatchesExactly(t *testing.T) {
	tests := []struct {
		arn  string
		want bool
	}{
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true},
		{"arn:aws:iam::aws:policy/PowerUserAccess", true},
		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", false},              // wrong path
		{"arn:aws:iam::aws:policy/service-role/PowerUserAccess", false},             // wrong path
		{"arn:aws:iam::aws:policy/service-role/awslambdabasicexecutionrole", false}, // case matters
		{"arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", false},
		{"arn:aws-cn:iam::aws:policy/PowerUserAccess", false},
		{"arn:aws:iam::123456789012:policy/PowerUserAccess", false}, // customer managed
		{"arn:aws:iam::aws:policy/AdministratorAccess", false},      // not bundled
		{"arn:aws:iam::aws:policy/PowerUserAccess2", false},
		{"", false},
		{"PowerUserAccess", false},
	}
	for _, tt := range tests {
		if _, got := Lookup(tt.arn); got != tt.want {
			t.Errorf("Lookup(%q) found = %v, want %v", tt.arn, got, tt.want)
		}
	}
}

// Each Lookup returns its own document, so a caller changing one cannot
// change what the next caller sees.
func TestLookupReturnsFreshDocuments(t *testing.T) {
	const arn = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
	a, _ := Lookup(arn)
	a.Document.Statements[0].Action[0] = "*"
	b, _ := Lookup(arn)
	if b.Document.Statements[0].Action[0] == "*" {
		t.Fatal("documents are shared between lookups")
	}
}

// The copies mean what the controls rely on them to mean.
func TestBundledDocumentsAnalyse(t *testing.T) {
	doc := func(n string) *iampolicy.Policy {
		d, ok := Lookup("arn:aws:iam::aws:policy/" + n)
		if !ok {
			t.Fatalf("%s not bundled", n)
		}
		return d.Document
	}
	for _, n := range []string{"service-role/AWSLambdaBasicExecutionRole", "service-role/AmazonRDSEnhancedMonitoringRole",
		"IAMReadOnlyAccess", "AmazonS3ReadOnlyAccess", "service-role/AWSLambdaVPCAccessExecutionRole"} {
		if _, admin := iampolicy.FullAdmin(doc(n)); admin {
			t.Errorf("%s: full admin", n)
		}
		if es, complete := iampolicy.PrivilegeEscalations(doc(n)); len(es) > 0 || !complete {
			t.Errorf("%s: escalations %v (complete %v)", n, es, complete)
		}
	}
	if _, admin := iampolicy.FullAdmin(doc("PowerUserAccess")); admin {
		t.Error("PowerUserAccess: full admin, but it excludes iam:*")
	}
	if es, _ := iampolicy.PrivilegeEscalations(doc("IAMFullAccess")); len(es) == 0 {
		t.Error("IAMFullAccess: no escalation path found")
	}
	if got := (Doc{VersionID: "v1", Edited: "2015-04-09"}).Bundled(); got != "bundled copy v1, edited 2015-04-09" {
		t.Errorf("Bundled() = %q", got)
	}
}

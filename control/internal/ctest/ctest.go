package ctest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/model"
)

// Case is one row: the control's check on Estate must give exactly one
// result (or N when N > 0, none when N < 0), all with outcome Want.
type Case struct {
	Name    string
	Control string
	Estate  *model.Estate
	Want    control.Outcome
	N       int
	// Reason, when set, must appear in every result's reason.
	Reason string
	// Secret, when set, must appear in no reason or evidence text.
	Secret string
}

// Exempt declares that a control cannot produce an outcome, and why.
type Exempt struct {
	Control string
	Outcome control.Outcome
	Why     string
}

// Run evaluates every case and then checks that each control in cs was seen
// to PASS, FAIL and be UNKNOWN (minus exemptions).
func Run(t *testing.T, cs []*control.Control, cases []Case, exempt ...Exempt) {
	t.Helper()
	byID := map[string]*control.Control{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	seen := map[string]map[control.Outcome]bool{}
	for _, tc := range cases {
		c, ok := byID[tc.Control]
		if !ok {
			t.Errorf("%s: no control %s", tc.Name, tc.Control)
			continue
		}
		t.Run(tc.Control+"/"+tc.Name, func(t *testing.T) {
			rs := control.Run(t.Context(), tc.Estate, []*control.Control{c}).Slice()
			n := tc.N
			switch {
			case n == 0:
				n = 1
			case n < 0:
				n = 0
			}
			if len(rs) != n {
				t.Fatalf("got %d results, want %d: %s", len(rs), n, dump(rs))
			}
			for _, r := range rs {
				if r.Outcome != tc.Want {
					t.Errorf("got %s (%s), want %s", r.Outcome, r.Reason, tc.Want)
				}
				if r.Reason == "" {
					t.Errorf("%s result without a reason", r.Outcome)
				}
				if tc.Reason != "" && !strings.Contains(r.Reason, tc.Reason) {
					t.Errorf("reason %q lacks %q", r.Reason, tc.Reason)
				}
				if tc.Secret != "" {
					texts := []string{r.Reason}
					for _, e := range r.Evidence {
						texts = append(texts, e.Summary)
					}
					for _, s := range texts {
						if strings.Contains(s, tc.Secret) {
							t.Errorf("secret value leaked into %q", s)
						}
					}
				}
			}
		})
		if tc.N < 0 {
			continue
		}
		if seen[tc.Control] == nil {
			seen[tc.Control] = map[control.Outcome]bool{}
		}
		seen[tc.Control][tc.Want] = true
	}
	ex := map[string]map[control.Outcome]bool{}
	for _, e := range exempt {
		if e.Why == "" {
			t.Errorf("exemption of %s from %s without a reason", e.Control, e.Outcome)
		}
		if ex[e.Control] == nil {
			ex[e.Control] = map[control.Outcome]bool{}
		}
		ex[e.Control][e.Outcome] = true
	}
	for _, c := range cs {
		for _, o := range []control.Outcome{control.Pass, control.Fail, control.Unknown} {
			if !seen[c.ID][o] && !ex[c.ID][o] {
				t.Errorf("%s has no %s test case", c.ID, o)
			}
		}
	}
}

func dump(rs []control.Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\n  %s %s: %s", r.Resource.Address, r.Outcome, r.Reason)
	}
	return b.String()
}

var (
	idRE   = regexp.MustCompile(`^ONUS-[A-Z0-9]+-[0-9]{3}$`)
	layers = control.Layers
	// Services are the responsibility catalogue keys controls may use.
	Services = []string{"s3", "ec2", "ebs", "vpc", "rds", "lambda", "ecs", "elb", "dynamodb", "efs",
		"kms", "secretsmanager", "sqs", "sns", "iam", "cloudtrail", "config", "cloudwatch", "ssm",
		"guardduty", "securityhub", "accessanalyzer", "cloudformation", "apigateway"}
	frameworks = []string{"cis-aws-7.0.0", "fsbp", "pci-dss-4.0", "hipaa", "soc2", "iso27001-2022", "nist-800-53-r5"}
)

// Validate checks every control's metadata: a well-formed unique ID, a
// known service and layer, rationale, what is checked, a remediation for
// each source, and framework ids that exist.
func Validate(t *testing.T, cs []*control.Control) {
	t.Helper()
	ids := map[string]bool{}
	for _, c := range cs {
		if !idRE.MatchString(c.ID) {
			t.Errorf("bad control id %q", c.ID)
		}
		if ids[c.ID] {
			t.Errorf("duplicate control id %s", c.ID)
		}
		ids[c.ID] = true
		if c.Title == "" || c.Rationale == "" || c.Checked == "" {
			t.Errorf("%s: title, rationale and checked are required", c.ID)
		}
		if c.Severity < control.Info || c.Severity > control.Critical {
			t.Errorf("%s: bad severity %d", c.ID, c.Severity)
		}
		if !slices.Contains(Services, c.Service) {
			t.Errorf("%s: unknown service %q", c.ID, c.Service)
		}
		if !slices.Contains(layers, c.Layer) {
			t.Errorf("%s: unknown layer %q", c.ID, c.Layer)
		}
		r := c.Remediation
		if r.Summary == "" || r.Terraform == "" || r.CloudFormation == "" || r.CLI == "" {
			t.Errorf("%s: remediation needs summary, terraform, cloudformation and cli", c.ID)
		}
		if strings.Contains(r.Summary, "\n") {
			t.Errorf("%s: remediation summary must be one line", c.ID)
		}
		if c.Check == nil {
			t.Errorf("%s: no check", c.ID)
		}
		for fw, l := range c.Frameworks {
			if !slices.Contains(frameworks, fw) {
				t.Errorf("%s: unknown framework %q", c.ID, fw)
			}
			if len(l) == 0 {
				t.Errorf("%s: empty mapping for %s", c.ID, fw)
			}
			for _, id := range l {
				switch fw {
				case "cis-aws-7.0.0":
					if !slices.Contains(cisNumbers, id) {
						t.Errorf("%s: no CIS v7.0.0 recommendation %s", c.ID, id)
					}
				case "fsbp":
					if !slices.Contains(fsbpIDs, id) {
						t.Errorf("%s: no FSBP control %s", c.ID, id)
					}
				}
			}
		}
	}
}

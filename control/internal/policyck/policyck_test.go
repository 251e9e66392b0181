package policyck

import (
	"strings"
	"testing"

	"github.com/onus-sec/onus/control"
	"github.com/onus-sec/onus/iampolicy"
	"github.com/onus-sec/onus/source"
)

// TestDeniesNamesPlaceholders: a TLS deny that holds or not depending on a
// value known only at deployment is UNKNOWN naming that value, not blamed
// on the search bound.
func TestDeniesNamesPlaceholders(t *testing.T) {
	p, err := iampolicy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",
		"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
		"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringNotEquals":{"aws:SourceVpce":"${var.vpce}"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	v := Denies(source.Known(p, source.Prov{}), "insecure transport", func(p *iampolicy.Policy) iampolicy.Verdict {
		return iampolicy.DeniesInsecureTransport(p, "arn:aws:s3:::b")
	})
	if v.Outcome != control.Unknown || !strings.Contains(v.Reason, "${var.vpce}") || strings.Contains(v.Reason, "search bound") {
		t.Fatalf("got %s: %s", v.Outcome, v.Reason)
	}
}

package awscollect

import (
	"testing"

	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestAnyEnabledRule: a lifecycle configuration counts only through an
// Enabled rule; one whose rules are all Disabled acts on nothing.
func TestAnyEnabledRule(t *testing.T) {
	rule := func(s s3types.ExpirationStatus) s3types.LifecycleRule { return s3types.LifecycleRule{Status: s} }
	cases := []struct {
		name  string
		rules []s3types.LifecycleRule
		want  bool
	}{
		{"none", nil, false},
		{"all disabled", []s3types.LifecycleRule{rule(s3types.ExpirationStatusDisabled), rule(s3types.ExpirationStatusDisabled)}, false},
		{"one enabled", []s3types.LifecycleRule{rule(s3types.ExpirationStatusDisabled), rule(s3types.ExpirationStatusEnabled)}, true},
	}
	for _, c := range cases {
		if got := anyEnabledRule(c.rules); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

package cmdutil

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// EnumFlag is a string flag limited to a fixed set of values, so a typo is
// a usage error with the allowed values named.
type EnumFlag struct {
	Value   *string
	Allowed []string
}

var _ pflag.Value = (*EnumFlag)(nil)

func (e *EnumFlag) String() string { return *e.Value }
func (e *EnumFlag) Type() string   { return "string" }

// Set checks v against the allowed values.
func (e *EnumFlag) Set(v string) error {
	if !slices.Contains(e.Allowed, v) {
		return fmt.Errorf("%q is not one of %s", v, strings.Join(e.Allowed, ", "))
	}
	*e.Value = v
	return nil
}

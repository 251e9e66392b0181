package cloudformation

import (
	"fmt"

	"github.com/onus-sec/onus/source"
)

// exportType marks the pseudo resource that stands for an output with an
// Export while its value is read, so references from it are told apart
// from references by resources.
const exportType = "Outputs (Export)"

// markExported makes the use of a security group or VPC that no resource
// here uses unknown when the stack exports its id: the stacks that import
// the export (Fn::ImportValue) are not part of this scan, and they are
// what the export is for.
func (b *builder) markExported() {
	t := b.t
	why := func(id string) (string, source.Loc, bool) {
		o := t.exportedBy[id]
		if o == nil {
			return "", source.Loc{}, false
		}
		return fmt.Sprintf("the stack exports it (output %s at %s:%d); the stacks that import it are not in this scan",
			o.id, o.loc.File, o.loc.Start.Line), o.loc, true
	}
	for _, sg := range b.est.SecurityGroups {
		if used, ok := sg.InUse.Get(); ok && !used {
			if r, at, ok := why(sg.Address); ok {
				sg.InUse = source.Unknown[bool](r, source.At(at))
			}
		}
	}
	for _, v := range b.est.VPCs {
		if used, ok := v.InUse.Get(); ok && !used {
			if r, at, ok := why(v.Address); ok {
				v.InUse = source.Unknown[bool](r, source.At(at))
			}
		}
	}
}
